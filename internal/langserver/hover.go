package langserver

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/rulebook"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

func (s *Server) hover(_ *glsp.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	var h *protocol.Hover
	s.withDoc(p.TextDocument.URI, func(d *document) any {
		h = d.hoverAt(p.Position)
		return nil
	})
	return h, nil
}

func (d *document) hoverAt(p protocol.Position) *protocol.Hover {
	markdown := func(text string, r *protocol.Range) *protocol.Hover {
		return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: text}, Range: r}
	}
	// A rule name (in a comment, or anywhere): what `schemagen explain` says.
	if word, _, _ := d.wordUnder(p); strings.Contains(word, "-") {
		if r, ok := rulebook.All().Lookup(word); ok {
			return markdown(fmt.Sprintf("**%s** (%s)\n\n%s", r.Name, r.Severity, strings.TrimRight(r.Doc, "\n")), nil)
		}
	}
	sch := d.checked.schema
	if o, ok := d.symbolAt(p); ok && sch != nil {
		r := d.spanAt(o.pos, len(o.sym.name))
		switch o.sym.kind {
		case entitySymbol:
			if t := tableOf(sch, o.sym.name); t != nil {
				return markdown(describeTable(t, ""), &r)
			}
		case fieldSymbol:
			if t := tableOf(sch, o.sym.scope); t != nil {
				return markdown(describeTable(t, o.sym.name), &r)
			}
		case stateSymbol:
			if m := machineOf(sch, o.sym.scope); m != nil {
				return markdown(describeState(m, o.sym.name), &r)
			}
		case machineSymbol:
			if m := machineOf(sch, o.sym.name); m != nil {
				return markdown(describeMachine(m), &r)
			}
		case enumSymbol:
			for _, e := range sch.Enums {
				if e.Name == o.sym.name {
					return markdown(fmt.Sprintf("enum **%s**: %s", e.Name, strings.Join(e.Values, ", ")), &r)
				}
			}
		case eventSymbol:
			if t := tableOf(sch, o.sym.scope); t != nil && t.Events != nil {
				return markdown(fmt.Sprintf("event **%s.%s**, recorded in `%s`\n\n%s", o.sym.scope, o.sym.name, t.Events.Name, describeTable(t.Events, "")), &r)
			}
		}
	}
	// Anywhere else on a relationship's line: the foreign keys it derives.
	if sch != nil {
		for _, rel := range sch.Relations {
			if rel.Source != nil && rel.Source.Pos.Line == int(p.Line)+1 {
				return markdown(describeRelation(rel), nil)
			}
		}
	}
	return nil
}

func tableOf(s *schema.Schema, entity string) *schema.Table {
	for _, t := range s.Tables {
		if t.Entity == entity {
			return t
		}
	}
	return nil
}

func machineOf(s *schema.Schema, name string) *schema.Machine {
	for _, m := range s.Machines {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// describeTable renders a resolved table as Markdown: every column with its
// type and where it comes from (declared, a foreign key, a state, ...); the
// column named mark is in bold.
func describeTable(t *schema.Table, mark string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "table **%s**", t.QualifiedName())
	if t.Description != "" {
		fmt.Fprintf(&b, ": %s", t.Description)
	}
	b.WriteString("\n\n| column | type | |\n|---|---|---|\n")
	for _, c := range t.Columns {
		name := c.Name
		if c.Name == mark {
			name = "**" + name + "**"
		}
		var notes []string
		if c.PK {
			notes = append(notes, "pk")
		}
		if c.Unique {
			notes = append(notes, "unique")
		}
		if c.ForeignKey != nil {
			notes = append(notes, "→ "+c.ForeignKey.RefTable.Name)
		}
		if c.Default != "" {
			notes = append(notes, "default "+c.Default)
		}
		if c.Origin != schema.DeclaredColumn {
			notes = append(notes, c.Origin.String())
		}
		typ := c.Type
		if c.Nullable {
			typ += " null"
		}
		fmt.Fprintf(&b, "| %s | `%s` | %s |\n", name, typ, strings.Join(notes, ", "))
	}
	return b.String()
}

func describeState(m *schema.Machine, state string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "state **%s** of %s (`%s.%s`)", state, m.Name, m.Table.Name, m.Column)
	var marks []string
	if m.Initial == state {
		marks = append(marks, "initial")
	}
	if slices.Contains(m.Terminal, state) {
		marks = append(marks, "terminal")
	}
	if len(marks) > 0 {
		fmt.Fprintf(&b, ", %s", strings.Join(marks, ", "))
	}
	var from []string
	for _, t := range m.Transitions {
		if t.To == state {
			from = append(from, t.From)
		}
	}
	b.WriteString("\n\n")
	if to := m.Next(state); len(to) > 0 {
		fmt.Fprintf(&b, "- moves to: %s\n", strings.Join(to, ", "))
	} else {
		b.WriteString("- moves nowhere\n")
	}
	if len(from) > 0 {
		fmt.Fprintf(&b, "- entered from: %s\n", strings.Join(from, ", "))
	}
	if failures := m.FailureStates[state]; len(failures) > 0 {
		fmt.Fprintf(&b, "- failures landing here: %s\n", strings.Join(failures, ", "))
	}
	return b.String()
}

func describeMachine(m *schema.Machine) string {
	var b strings.Builder
	fmt.Fprintf(&b, "state machine **%s** on `%s.%s`, initial %s\n\n", m.Name, m.Table.Name, m.Column, m.Initial)
	for _, st := range m.States {
		if to := m.Next(st); len(to) > 0 {
			fmt.Fprintf(&b, "- %s → %s\n", st, strings.Join(to, ", "))
		}
	}
	return b.String()
}

func describeRelation(rel *schema.Relation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "relationship %s %s %s\n\n", rel.Parent.Name, rel.Kind, rel.Child.Name)
	for _, fk := range rel.ForeignKeys {
		null := "NOT NULL"
		if fk.Optional {
			null = "NULL"
		}
		fmt.Fprintf(&b, "- `%s(%s)` → `%s(%s)`, %s, on delete %s\n", fk.Table.Name, strings.Join(fk.Columns, ", "),
			fk.RefTable.Name, strings.Join(fk.RefColumns, ", "), null, fk.OnDelete)
	}
	return b.String()
}
