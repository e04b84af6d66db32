package migrate

import "github.com/schemagen/schemagen/design/schema"

// collationLockRisk reports a collation change of column dc: the table is
// not rewritten, but the indexes on the column are rebuilt under ACCESS
// EXCLUSIVE, and PostgreSQL has no online form of it.
func (p *planner) collationLockRisk(dt *schema.Table, dc *schema.Column) {
	p.lockRisk(dc.Pos, RuleTableScan, "change it at a quiet time (--allow-locks)",
		"column %s.%s changes collation: PostgreSQL rebuilds the indexes on it under ACCESS EXCLUSIVE, blocking reads and writes", dt.QualifiedName(), dc.Name)
}

// collateClause is the COLLATE clause of ALTER COLUMN ... TYPE for column
// dc. Without one PostgreSQL gives the column its type's default collation,
// which is how a collation is dropped.
func collateClause(dc *schema.Column) string {
	if dc.Collation == "" {
		return ""
	}
	return " COLLATE " + dc.Collation
}
