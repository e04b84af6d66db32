package importsql

// unindexedForeignKeys reports, as one import-changed warning, the foreign
// keys of the SQL that no index serves: PostgreSQL does not index them by
// itself, but the DDL that `schemagen sql` generates does (every foreign key
// gets an index), so the design's database differs from the source by those
// indexes, and the source scans the child table on every delete of a parent.
func (b *builder) unindexedForeignKeys() {
	for _, e := range b.entities {
		for _, fk := range e.t.fks {
			if !indexedFK(e.t, fk.columns) {
				b.changed("foreign keys without an index", fk.loc,
					"the SQL has no index whose leading columns are the foreign key's; the generated DDL adds one for each")
			}
		}
	}
}

// indexedFK reports whether the table's primary key, a unique constraint or a
// plain btree index without WHERE starts with the foreign key's columns (in
// any order), so that looking up the children of a parent is an index scan.
func indexedFK(t *sqlTable, cols []string) bool {
	if len(cols) == 0 {
		return true
	}
	leads := func(key []string) bool { return len(key) >= len(cols) && sameSet(key[:len(cols)], cols) }
	if t.pk != nil && leads(t.pk.columns) {
		return true
	}
	for _, u := range t.uniques {
		if leads(u.columns) {
			return true
		}
	}
	for _, ix := range t.indexes {
		if ix.where != nil || ix.using != "" && ix.using != "btree" {
			continue
		}
		var names []string
		for _, p := range ix.params {
			if p.Name == "" {
				break // an expression ends the plain leading columns
			}
			names = append(names, p.Name)
		}
		if leads(names) {
			return true
		}
	}
	return false
}
