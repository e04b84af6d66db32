package schema

import (
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// checkNames reports names that PostgreSQL would confuse (same after case
// folding and truncation to 63 bytes) and names too long to keep.
func (r *resolver) checkNames() {
	long := func(name string, pos design.Pos, what string) {
		if strings.IndexByte(name, 0) >= 0 {
			// YAML writes one as "\0"; PostgreSQL cannot hold it in a name.
			r.rep.Report(pos, design.RuleInvalidValue, "remove the NUL character (\\0) from the name",
				"%s %q contains a NUL character, which a PostgreSQL name cannot hold", what, name)
		}
		if len(name) > sqlname.MaxIdentifierBytes {
			r.rep.Report(pos, design.RuleIdentifierTooLong, "shorten it; PostgreSQL truncates identifiers to 63 bytes",
				"%s %q is %d bytes long; PostgreSQL keeps only 63", what, name, len(name))
		}
	}
	// Tables and types share a namespace per schema: every table is also a type.
	type owner struct {
		what, name string
		pos        design.Pos
	}
	type relKey struct{ schema, name string }
	relations := make(map[relKey]owner, len(r.s.Tables)+len(r.s.Enums))
	claim := func(schema, name, what string, pos design.Pos) {
		key := relKey{schema, sqlname.FoldName(name)}
		if prev, dup := relations[key]; dup {
			r.rep.Report(pos, design.RuleDuplicateName, "rename one of them",
				"%s %q has the same SQL name as %s %q (at %s)", what, name, prev.what, prev.name, prev.pos)
			return
		}
		relations[key] = owner{what: what, name: name, pos: pos}
	}
	cols := map[string]*Column{}
	for _, t := range r.s.Tables {
		what := "table"
		switch t.Kind {
		case EventTable:
			what = "event table"
		case JunctionTable:
			what = "junction table"
		}
		long(t.Name, t.Pos, what)
		long(t.Schema, t.Pos, "schema")
		claim(t.Schema, t.Name, what, t.Pos)
		clear(cols)
		for _, c := range t.Columns {
			long(c.Name, c.Pos, "column")
			key := sqlname.FoldName(c.Name)
			if prev, dup := cols[key]; dup && prev != c {
				r.rep.Report(c.Pos, design.RuleDuplicateName, "rename one of them",
					"column %s.%s has the same SQL name as column %q (at %s)", t.Entity, c.Name, prev.Name, prev.Pos)
				continue
			}
			cols[key] = c
		}
	}
	for _, e := range r.s.Enums {
		what := "enum type"
		switch e.Kind {
		case StateEnum:
			what = "state machine"
		case EventEnum:
			what = "event type enum"
		}
		long(e.Name, e.Pos, what)
		claim(e.Schema, e.Name, what, e.Pos)
		for _, v := range e.Values {
			long(v, e.Pos, "enum value")
		}
	}
}
