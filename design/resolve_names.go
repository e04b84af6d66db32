package design

import (
	"slices"
	"strings"
)

// checkNames reports names that PostgreSQL would confuse (same after case
// folding and truncation to 63 bytes) and names too long to keep.
func (r *resolver) checkNames() {
	long := func(name string, pos Pos, what string) {
		if strings.IndexByte(name, 0) >= 0 {
			// YAML writes one as "\0"; PostgreSQL cannot hold it in a name.
			r.rep.report(pos, RuleInvalidValue, "remove the NUL character (\\0) from the name",
				"%s %q contains a NUL character, which a PostgreSQL name cannot hold", what, name)
		}
		if len(name) > MaxIdentifierBytes {
			r.rep.report(pos, RuleIdentifierTooLong, "shorten it; PostgreSQL truncates identifiers to 63 bytes",
				"%s %q is %d bytes long; PostgreSQL keeps only 63", what, name, len(name))
		}
	}
	// Tables and types share a namespace per schema: every table is also a type.
	type owner struct {
		what, name string
		pos        Pos
	}
	type relKey struct{ schema, name string }
	relations := make(map[relKey]owner, len(r.s.Tables)+len(r.s.Enums))
	claim := func(schema, name, what string, pos Pos) {
		key := relKey{schema, FoldName(name)}
		if prev, dup := relations[key]; dup {
			r.rep.report(pos, RuleDuplicateName, "rename one of them",
				"%s %q has the same SQL name as %s %q (at %s)", what, name, prev.what, prev.name, prev.pos)
			return
		}
		relations[key] = owner{what: what, name: name, pos: pos}
	}
	cols := map[string]*Column{}
	var folded []string // folded column names of a small table
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
		if len(t.Columns) <= smallSet {
			// Few columns: scan the folded names instead of filling a map. The
			// first column of a folded name is the one a map would keep.
			folded = folded[:0]
			for i, c := range t.Columns {
				long(c.Name, c.Pos, "column")
				key := FoldName(c.Name)
				folded = append(folded, key)
				if j := slices.Index(folded[:i], key); j >= 0 && t.Columns[j] != c {
					prev := t.Columns[j]
					r.rep.report(c.Pos, RuleDuplicateName, "rename one of them",
						"column %s.%s has the same SQL name as column %q (at %s)", t.Entity, c.Name, prev.Name, prev.Pos)
				}
			}
			continue
		}
		clear(cols)
		for _, c := range t.Columns {
			long(c.Name, c.Pos, "column")
			key := FoldName(c.Name)
			if prev, dup := cols[key]; dup && prev != c {
				r.rep.report(c.Pos, RuleDuplicateName, "rename one of them",
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
