package postgres

import (
	"slices"

	"github.com/schemagen/schemagen/design/schema"
)

// referencedUniqueIndexes are the unique indexes that a foreign key
// references: a key may reference columns that only a unique index (not a
// UNIQUE constraint) makes unique, as Rails' `add_index ..., unique: true`
// leaves them, and PostgreSQL refuses the key until the index exists. Those
// indexes are created before the foreign keys.
func referencedUniqueIndexes(s *schema.Schema) map[*schema.TableIndex]bool {
	out := map[*schema.TableIndex]bool{}
	for _, t := range s.Tables {
		for _, fk := range t.ForeignKeys {
			if fk.RefTable == nil {
				continue
			}
			for _, ix := range fk.RefTable.Indexes {
				if ix.Unique && ix.Where == "" && sameColumnSet(ix.Columns, fk.RefColumns) {
					out[ix] = true
				}
			}
		}
	}
	return out
}

// sameColumnSet reports whether two column lists hold the same names in any order.
func sameColumnSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, c := range a {
		if !slices.Contains(b, c) {
			return false
		}
	}
	return true
}
