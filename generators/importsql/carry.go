package importsql

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// carryAlter keeps ALTER TABLE commands that say what the design cannot
// (storage options, an interval column's fields, a CHECK's NO INHERIT, a
// foreign key's MATCH FULL, REPLICA IDENTITY, ...) as a SQL block that runs
// them on table schema.name once the tables exist. The statement is printed
// back by pg_query, whether the file wrote the clause in CREATE TABLE or in
// an ALTER TABLE of its own. The block is named "kind label".
func (c *collector) carryAlter(kind, label, schema, name string, cmds []*pg_query.AlterTableCmd, loc int) {
	if c.stmtText == "" {
		c.skip(kind+"s inside CREATE SCHEMA", loc)
		return
	}
	nodes := make([]*pg_query.Node, len(cmds))
	for i, cmd := range cmds {
		nodes[i] = &pg_query.Node{Node: &pg_query.Node_AlterTableCmd{AlterTableCmd: cmd}}
	}
	stmt := &pg_query.Node{Node: &pg_query.Node_AlterTableStmt{AlterTableStmt: &pg_query.AlterTableStmt{
		Relation: &pg_query.RangeVar{Schemaname: schema, Relname: name, Inh: true, Relpersistence: "p"},
		Cmds:     nodes,
		Objtype:  pg_query.ObjectType_OBJECT_TABLE,
	}}}
	text, err := pg_query.Deparse(&pg_query.ParseResult{Stmts: []*pg_query.RawStmt{{Stmt: stmt}}})
	if err != nil {
		c.skip(kind+"s", loc)
		return
	}
	saved := c.stmtText
	c.stmtText = text + ";"
	c.keepBlock(kind, "", label, stmt, loc)
	c.stmtText = saved
}

// carryConstraint keeps a constraint that the design cannot say as written
// (a CHECK with NO INHERIT, a foreign key with MATCH FULL) as a block that
// adds it to its table.
func (c *collector) carryConstraint(kind string, t *sqlTable, k *pg_query.Constraint, loc int) {
	label := "on " + t.name
	if k.Conname != "" {
		label = k.Conname + " " + label
	}
	c.carryAlter(kind, label, t.schema, t.name, []*pg_query.AlterTableCmd{{
		Subtype:  pg_query.AlterTableType_AT_AddConstraint,
		Def:      &pg_query.Node{Node: &pg_query.Node_Constraint{Constraint: k}},
		Behavior: pg_query.DropBehavior_DROP_RESTRICT,
	}}, loc)
}

// carriedConstraint reports whether a constraint says what the design
// cannot, and so is kept as a block: a CHECK's NO INHERIT, a foreign key's
// MATCH FULL.
func carriedConstraint(k *pg_query.Constraint) (kind string, ok bool) {
	switch {
	case k.Contype == pg_query.ConstrType_CONSTR_CHECK && k.IsNoInherit:
		return "check", true
	case k.Contype == pg_query.ConstrType_CONSTR_FOREIGN && k.FkMatchtype == "f":
		return "foreign key", true
	}
	return "", false
}

// carryTableOptions keeps the storage options of CREATE TABLE ... WITH
// (fillfactor=70) as a block ALTER TABLE ... SET (...).
func (c *collector) carryTableOptions(t *sqlTable, options []*pg_query.Node, loc int) {
	var kept []*pg_query.Node
	for _, o := range options {
		if d := o.GetDefElem(); d != nil && d.Defname == "oids" {
			continue // WITH (oids=false) of old dumps: PostgreSQL 12 dropped OIDs
		}
		kept = append(kept, o)
	}
	if len(kept) == 0 {
		return
	}
	c.carryAlter("storage", "on "+t.name, t.schema, t.name, []*pg_query.AlterTableCmd{{
		Subtype:  pg_query.AlterTableType_AT_SetRelOptions,
		Def:      &pg_query.Node{Node: &pg_query.Node_List{List: &pg_query.List{Items: kept}}},
		Behavior: pg_query.DropBehavior_DROP_RESTRICT,
	}}, loc)
}

// carryIntervalType keeps an interval column's fields and precision
// (interval day to second, interval(3)), which a design's type cannot say:
// the column is an interval in the design and a block sets its type as
// written.
func (c *collector) carryIntervalType(t *sqlTable, column string, tn *pg_query.TypeName, loc int) {
	if !intervalFields(tn) {
		return
	}
	c.carryAlter("type of", t.name+"."+column, t.schema, t.name, []*pg_query.AlterTableCmd{{
		Subtype:  pg_query.AlterTableType_AT_AlterColumnType,
		Name:     column,
		Def:      &pg_query.Node{Node: &pg_query.Node_ColumnDef{ColumnDef: &pg_query.ColumnDef{TypeName: tn}}},
		Behavior: pg_query.DropBehavior_DROP_RESTRICT,
	}}, loc)
}

// intervalFields reports whether a type is an interval with fields or a
// precision, which a design's type cannot say.
func intervalFields(tn *pg_query.TypeName) bool {
	if tn == nil || len(tn.Typmods) == 0 {
		return false
	}
	names := strs(tn.Names)
	return len(names) > 0 && names[len(names)-1] == "interval"
}

// carryStorage keeps one ALTER TABLE command of storage settings (CLUSTER
// ON, SET STATISTICS, SET STORAGE, SET (...), REPLICA IDENTITY) as a block.
//
// CLUSTER ON and REPLICA IDENTITY USING INDEX name an index: they are kept
// only when the design keeps that index's name (an index entry or block), not
// a key's index, whose name the generated DDL chooses; else they are skipped.
func (c *collector) carryStorage(t *sqlTable, cmd *pg_query.AlterTableCmd, loc int) {
	index := ""
	if cmd.Subtype == pg_query.AlterTableType_AT_ClusterOn {
		index = cmd.Name
	} else if ri := cmd.Def.GetReplicaIdentityStmt(); ri != nil && ri.IdentityType == "i" {
		index = ri.Name
	}
	if index != "" && !c.keptIndex(t, index) {
		c.skip("storage settings naming the index of a key (CLUSTER ON, REPLICA IDENTITY USING INDEX)", loc)
		return
	}
	kind := "storage"
	switch cmd.Subtype {
	case pg_query.AlterTableType_AT_ReplicaIdentity:
		kind = "replica identity"
	case pg_query.AlterTableType_AT_ClusterOn:
		kind = "cluster"
	case pg_query.AlterTableType_AT_SetStatistics:
		kind = "statistics target"
	}
	label := "on " + t.name
	if cmd.Name != "" && cmd.Subtype != pg_query.AlterTableType_AT_ClusterOn {
		label += "." + cmd.Name
	}
	c.carryAlter(kind, label, t.schema, t.name, []*pg_query.AlterTableCmd{cmd}, loc)
}

// carryPartitionAlter keeps an ALTER TABLE on a partition that only adds
// constraints (a foreign key declared on one partition) as a block, and
// reports whether it did.
func (c *collector) carryPartitionAlter(at *pg_query.AlterTableStmt, n *pg_query.Node, loc int) bool {
	name := ""
	for _, cn := range at.Cmds {
		cmd := cn.GetAlterTableCmd()
		if cmd == nil || cmd.Subtype != pg_query.AlterTableType_AT_AddConstraint || cmd.Def.GetConstraint() == nil {
			return false
		}
		if name == "" {
			name = cmd.Def.GetConstraint().Conname
		}
	}
	if len(at.Cmds) == 0 || c.stmtText == "" {
		return false
	}
	c.keepBlock("constraint", name, " on "+at.Relation.Relname, n, loc)
	return true
}

// createStatistics keeps CREATE STATISTICS as a block after its table.
func (c *collector) createStatistics(cs *pg_query.CreateStatsStmt, n *pg_query.Node, loc int) {
	names := strs(cs.Defnames)
	table := ""
	if len(cs.Relations) > 0 {
		if rv := cs.Relations[0].GetRangeVar(); rv != nil {
			table = rv.Relname
		}
	}
	if len(names) == 0 || table == "" {
		c.skip(statementKind(n), loc)
		return
	}
	c.keepBlock("statistics", names[len(names)-1], " on "+table, n, loc)
}

// keptIndex reports whether the design keeps an index of table t named name:
// an index entry of t or an index block.
func (c *collector) keptIndex(t *sqlTable, name string) bool {
	for _, ix := range t.indexes {
		if ix.name == name {
			return true
		}
	}
	b := c.blockObjects[strings.ToLower(name)]
	return b != nil && strings.HasPrefix(b.name, "index ")
}
