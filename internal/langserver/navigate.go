package langserver

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// symbolAt is the occurrence under an LSP position.
func (d *document) symbolAt(p protocol.Position) (occurrence, bool) {
	if d.navIndex() == nil {
		return occurrence{}, false
	}
	line := d.line(int(p.Line))
	col := len([]rune(line[:byteCol(line, int(p.Character))])) + 1
	return d.navIndex().at(int(p.Line)+1, col)
}

func (d *document) location(o occurrence) protocol.Location {
	return protocol.Location{URI: d.uri, Range: d.spanAt(o.pos, len(o.sym.name))}
}

func (s *Server) definition(_ *glsp.Context, p *protocol.DefinitionParams) (any, error) {
	return s.withDoc(p.TextDocument.URI, func(d *document) any {
		o, ok := d.symbolAt(p.Position)
		if !ok {
			return nil
		}
		occs := d.navIndex().of(o.sym)
		if len(occs) == 0 || !occs[0].def {
			return nil
		}
		return d.location(occs[0])
	}), nil
}

func (s *Server) references(_ *glsp.Context, p *protocol.ReferenceParams) ([]protocol.Location, error) {
	var locs []protocol.Location
	s.withDoc(p.TextDocument.URI, func(d *document) any {
		o, ok := d.symbolAt(p.Position)
		if !ok {
			return nil
		}
		for _, occ := range d.navIndex().of(o.sym) {
			if occ.def && !p.Context.IncludeDeclaration {
				continue
			}
			locs = append(locs, d.location(occ))
		}
		return nil
	})
	sortLocations(locs)
	return locs, nil
}
