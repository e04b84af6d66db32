package importsql

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// exclusion keeps an exclusion constraint (EXCLUDE USING gist (room WITH =,
// during WITH &&)), which the design does not model, as a SQL block that
// adds it to its table once the tables exist: ALTER TABLE ... ADD CONSTRAINT,
// printed back by pg_query whether the file declared it in CREATE TABLE or in
// an ALTER TABLE of its own.
func (c *collector) exclusion(t *sqlTable, k *pg_query.Constraint, loc int) {
	if c.stmtText == "" {
		c.skip("exclusion constraints inside CREATE SCHEMA", loc)
		return
	}
	stmt := &pg_query.Node{Node: &pg_query.Node_AlterTableStmt{AlterTableStmt: &pg_query.AlterTableStmt{
		Relation: &pg_query.RangeVar{Schemaname: t.schema, Relname: t.name, Inh: true, Relpersistence: "p"},
		Cmds: []*pg_query.Node{{Node: &pg_query.Node_AlterTableCmd{AlterTableCmd: &pg_query.AlterTableCmd{
			Subtype:  pg_query.AlterTableType_AT_AddConstraint,
			Def:      &pg_query.Node{Node: &pg_query.Node_Constraint{Constraint: k}},
			Behavior: pg_query.DropBehavior_DROP_RESTRICT,
		}}}},
		Objtype: pg_query.ObjectType_OBJECT_TABLE,
	}}}
	text, err := pg_query.Deparse(&pg_query.ParseResult{Stmts: []*pg_query.RawStmt{{Stmt: stmt}}})
	if err != nil {
		c.skip("exclusion constraints", loc)
		return
	}
	name := k.Conname
	if name == "" {
		name = t.name + "_excl"
	}
	saved := c.stmtText
	c.stmtText = text + ";"
	c.keepBlock("exclusion", name, " on "+t.name, stmt, loc)
	c.stmtText = saved
}
