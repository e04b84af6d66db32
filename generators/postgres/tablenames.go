package postgres

import "github.com/schemagen/schemagen/design/schema"

// TableNames are the generated names of one table's constraints and indexes,
// computed once: the same names as PrimaryKeyName, UniqueName, CheckName,
// ForeignKeyName and IndexName, for callers that need many of them (migrations
// compare every constraint of every table).
type TableNames struct{ n *tableNames }

// NamesOf computes the names of t's constraints and indexes.
func NamesOf(t *schema.Table) TableNames { return TableNames{namesOf(t)} }

// PrimaryKey is the name of the primary key constraint, or "" when there is none.
func (tn TableNames) PrimaryKey() string { return tn.n.pk }

// Unique is the name of the unique constraint on exactly cols, or "".
func (tn TableNames) Unique(cols []string) string { return tn.n.unique[columnsKey(cols)] }

// Check is the name of the CHECK constraint of column c, or "".
func (tn TableNames) Check(c *schema.Column) string { return tn.n.check[c] }

// ForeignKey is the name of a foreign-key constraint of the table.
func (tn TableNames) ForeignKey(fk *schema.ForeignKey) string { return tn.n.fk[fk] }

// Index is the name of an index of the table.
func (tn TableNames) Index(ix *schema.TableIndex) string { return tn.n.index[ix] }
