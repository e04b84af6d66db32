package schema

import (
	"github.com/schemagen/schemagen/design"
)

// declaredPrimaryKey applies an entity's `primary_key`: its columns, in that
// order, make the key (fields marked `pk` must be among them).
func (r *resolver) declaredPrimaryKey(e *design.Entity, t *Table) {
	if len(e.PrimaryKey) == 0 {
		return
	}
	listed := map[string]bool{}
	var key []string
	for _, n := range e.PrimaryKey {
		c := t.Column(n.Name)
		if c == nil {
			r.rep.Report(n.Pos, design.RuleUnknownColumn, "declare it under `fields`", "`primary_key` names column %q, which %s does not declare", n.Name, e.Name)
			continue
		}
		if listed[n.Name] {
			r.rep.Report(n.Pos, design.RuleDuplicateName, "remove the second one", "`primary_key` lists %q twice", n.Name)
			continue
		}
		listed[n.Name] = true
		if c.Nullable {
			r.rep.Report(n.Pos, design.RuleInvalidField, "drop the `?` of the field", "field %q is in the primary key and cannot be nullable", n.Name)
			c.Nullable = false
		}
		c.PK = true
		key = append(key, n.Name)
	}
	for _, name := range t.PrimaryKey {
		if !listed[name] {
			r.rep.Report(e.PrimaryKey[0].Pos, design.RuleInvalidField, "add it to `primary_key`, or drop its `pk`",
				"field %q is marked `pk` but `primary_key` does not list it", name)
		}
	}
	t.PrimaryKey = key
}

// uniqueOptions returns the options of an entity's i-th `unique` entry, or nil.
func uniqueOptions(e *design.Entity, i int) *design.KeyOptions {
	if i < len(e.UniqueOptions) {
		return e.UniqueOptions[i]
	}
	return nil
}

// integerWidths reports whether a foreign-key column and the key it
// references are integers of different widths (smallint to integer, ...):
// PostgreSQL accepts such a key, and real schemas have them, so the column
// keeps its own declared type.
func integerWidths(col, key design.Type) bool {
	return col.Array == 0 && key.Array == 0 && isIntegerBase(col.Base) && isIntegerBase(key.Base)
}
