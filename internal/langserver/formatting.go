package langserver

import (
	"github.com/schemagen/schemagen/design/format"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// formatting is `schemagen fmt` on the open text: one edit that replaces the
// whole document, none when it is already formatted or is not YAML.
func (s *Server) formatting(_ *glsp.Context, p *protocol.DocumentFormattingParams) ([]protocol.TextEdit, error) {
	edits := []protocol.TextEdit{}
	s.withDoc(p.TextDocument.URI, func(d *document) any {
		out, err := format.Format([]byte(d.text))
		if err != nil || string(out) == d.text {
			return nil
		}
		last := len(d.lines) - 1
		end := protocol.Position{Line: protocol.UInteger(last), Character: protocol.UInteger(col16(d.lines[last], len(d.lines[last])))}
		edits = append(edits, protocol.TextEdit{Range: protocol.Range{End: end}, NewText: string(out)})
		return nil
	})
	return edits, nil
}
