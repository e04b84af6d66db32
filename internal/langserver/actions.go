package langserver

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

var (
	didYouMeanRE = regexp.MustCompile("^did you mean `([^`]+)`\\?$")
	addViaRE     = regexp.MustCompile("^add `via ([^`]+)`$")
	renameToRE   = regexp.MustCompile("^rename it, for example `([^`]+)`$")
)

func (s *Server) codeAction(_ *glsp.Context, p *protocol.CodeActionParams) (any, error) {
	var actions []protocol.CodeAction
	s.withDoc(p.TextDocument.URI, func(d *document) any {
		for _, diag := range d.checked.diags {
			line := protocol.UInteger(diag.Pos.Line - 1)
			if diag.Pos.Line < 1 || line < p.Range.Start.Line || line > p.Range.End.Line {
				continue
			}
			if a, ok := d.fix(diag); ok {
				actions = append(actions, a)
			}
		}
		return nil
	})
	return actions, nil
}

// fix turns a diagnostic's hint into an edit, for the hints that say exactly
// what to write: a did-you-mean, a junction table, a new name, citext, a
// failure mode.
func (d *document) fix(diag design.Diagnostic) (protocol.CodeAction, bool) {
	action := func(title string, edits ...protocol.TextEdit) (protocol.CodeAction, bool) {
		return protocol.CodeAction{
			Title:       title,
			Kind:        ptr(protocol.CodeActionKindQuickFix),
			Diagnostics: []protocol.Diagnostic{d.lspDiagnostic(diag)},
			Edit:        &protocol.WorkspaceEdit{Changes: map[protocol.DocumentUri][]protocol.TextEdit{d.uri: edits}},
		}, true
	}
	if m := didYouMeanRE.FindStringSubmatch(diag.Hint); m != nil {
		return action(fmt.Sprintf("Replace with `%s`", m[1]), protocol.TextEdit{Range: d.wordAt(diag.Pos), NewText: m[1]})
	}
	switch diag.Rule {
	case "many-to-many-needs-junction":
		m := addViaRE.FindStringSubmatch(diag.Hint)
		line := d.line(diag.Pos.Line - 1)
		if m == nil || strings.ContainsAny(line, "{") {
			return protocol.CodeAction{}, false
		}
		end := len(line)
		if i := strings.Index(line, " #"); i >= 0 {
			end = i
		}
		end = len(strings.TrimRight(line[:end], " "))
		at := protocol.Position{Line: protocol.UInteger(diag.Pos.Line - 1), Character: protocol.UInteger(col16(line, end))}
		return action(fmt.Sprintf("Add `via %s`", m[1]), protocol.TextEdit{Range: protocol.Range{Start: at, End: at}, NewText: " via " + m[1]})
	case "reserved-word":
		m := renameToRE.FindStringSubmatch(diag.Hint)
		if m == nil || d.navIndex() == nil {
			return protocol.CodeAction{}, false
		}
		o, ok := d.navIndex().at(diag.Pos.Line, diag.Pos.Col)
		if !ok || o.sym.kind != fieldSymbol && o.sym.kind != entitySymbol {
			return protocol.CodeAction{}, false
		}
		var edits []protocol.TextEdit
		for _, occ := range d.navIndex().of(o.sym) {
			edits = append(edits, protocol.TextEdit{Range: d.spanAt(occ.pos, len(occ.sym.name)), NewText: m[1]})
		}
		return action(fmt.Sprintf("Rename `%s` to `%s`", o.sym.name, m[1]), edits...)
	case "email-case-sensitive":
		f := d.fieldAt(diag.Pos)
		if f == nil || !f.TypePos.IsValid() {
			return protocol.CodeAction{}, false
		}
		return action("Type it `citext`", protocol.TextEdit{Range: d.spanAt(f.TypePos, len(f.Type)), NewText: "citext"})
	case "machine-without-failure":
		return d.addFailureMode(diag, action)
	}
	return protocol.CodeAction{}, false
}

// fieldAt is the field declared at a position of the last design that loaded.
func (d *document) fieldAt(p design.Pos) *design.Field {
	if d.navIndex() == nil {
		return nil
	}
	for _, e := range d.navIndex().design.Entities {
		for _, f := range e.Fields {
			if f.Pos.Line == p.Line && f.Pos.Col == p.Col {
				return f
			}
		}
	}
	return nil
}

// addFailureMode inserts a failure mode that lands in one of the machine's
// terminal states (its last one, or any state when it declares none), first
// in `failures`, or in a new `failures` section at the end of the file.
func (d *document) addFailureMode(diag design.Diagnostic, action func(string, ...protocol.TextEdit) (protocol.CodeAction, bool)) (protocol.CodeAction, bool) {
	if d.navIndex() == nil {
		return protocol.CodeAction{}, false
	}
	var m *design.Machine
	for _, mm := range d.navIndex().design.Machines {
		if mm.Pos.Line == diag.Pos.Line {
			m = mm
		}
	}
	if m == nil {
		return protocol.CodeAction{}, false
	}
	state := m.Initial.Name
	if len(m.Terminal) > 0 {
		state = m.Terminal[len(m.Terminal)-1].Name
	}
	name := design.Singular(m.Entity.Name) + "_fails"
	item := []string{
		"- name: " + name,
		"  when: What goes wrong with a " + design.Singular(m.Entity.Name) + ", in the real world.",
		"  entity: " + m.Entity.Name,
		"  state: " + state,
	}
	var at protocol.Position
	var text string
	if fs := d.navIndex().design.Failures; len(fs) > 0 {
		first := fs[0].Pos
		line := d.line(first.Line - 1)
		indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
		at = protocol.Position{Line: protocol.UInteger(first.Line - 1)}
		text = indent + strings.Join(item, "\n"+indent) + "\n"
	} else {
		// At the end of the text; the last line is "" when the text ends in a newline.
		last := len(d.lines) - 1
		at = protocol.Position{Line: protocol.UInteger(last), Character: protocol.UInteger(col16(d.lines[last], len(d.lines[last])))}
		if d.lines[last] != "" {
			text = "\n"
		}
		text += "failures:\n  " + strings.Join(item, "\n  ") + "\n"
	}
	return action(fmt.Sprintf("Add a failure mode landing in `%s`", state), protocol.TextEdit{Range: protocol.Range{Start: at, End: at}, NewText: text})
}
