package importsql

import (
	"regexp"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"gopkg.in/yaml.v3"

	"github.com/schemagen/schemagen/internal/sqlname"
)

// sqlPartitioning is a table's PARTITION BY, with its partitions in the
// order the file creates or attaches them.
type sqlPartitioning struct {
	strategy string // range, list or hash
	elems    []*pg_query.PartitionElem
	parts    []*sqlPartition
}

// sqlPartition is one partition: its name and what follows FOR VALUES (or DEFAULT).
type sqlPartition struct {
	name, bounds string
	loc          int
}

// forValues finds a partition's bounds in the text of CREATE TABLE ...
// PARTITION OF or ALTER TABLE ... ATTACH PARTITION.
var forValues = regexp.MustCompile(`(?is)\bFOR\s+VALUES\s+(.*?)\s*;?\s*$|\bDEFAULT\s*;?\s*$`)

// partitionBounds is the bounds of the statement being collected, as written.
func (c *collector) partitionBounds() string {
	m := forValues.FindStringSubmatch(strings.TrimSpace(c.stmtText))
	switch {
	case m == nil:
		return ""
	case m[1] != "":
		return m[1]
	}
	return "DEFAULT"
}

func strategyName(s pg_query.PartitionStrategy) string {
	switch s {
	case pg_query.PartitionStrategy_PARTITION_STRATEGY_LIST:
		return "list"
	case pg_query.PartitionStrategy_PARTITION_STRATEGY_HASH:
		return "hash"
	}
	return "range"
}

// partitionOf records CREATE TABLE ... PARTITION OF parent: a partition of
// the design's parent entity, not a table of its own. It reports false when
// the parent is not a partitioned table of the file.
func (c *collector) partitionOf(cs *pg_query.CreateStmt) bool {
	if len(cs.InhRelations) == 0 {
		return false
	}
	prv := cs.InhRelations[0].GetRangeVar()
	if prv == nil {
		return false
	}
	parent := c.lookupRV(prv)
	bounds := c.partitionBounds()
	if parent == nil || parent.partition == nil || bounds == "" {
		return false
	}
	rv := cs.Relation
	c.partitionParents[c.schemaFor(rv)+"."+rv.Relname] = parent
	parent.partition.parts = append(parent.partition.parts, &sqlPartition{name: rv.Relname, bounds: bounds, loc: int(rv.Location)})
	c.others[c.schemaFor(rv)+"."+rv.Relname] = "partitions"
	return true
}

// attachPartition records ALTER TABLE parent ATTACH PARTITION part FOR
// VALUES ...: part, created as a table, becomes a partition of parent.
func (c *collector) attachPartition(parent *sqlTable, part *sqlTable) bool {
	bounds := c.partitionBounds()
	if parent.partition == nil || bounds == "" {
		return false
	}
	c.partitionParents[part.key()] = parent
	parent.partition.parts = append(parent.partition.parts, &sqlPartition{name: part.name, bounds: bounds, loc: part.loc})
	return true
}

// partitionParent is the partitioned table of the partition schema.name
// (an unqualified name is looked up on the search path), or nil.
func (c *collector) partitionParent(schema, name string) *sqlTable {
	if schema != "" {
		return c.partitionParents[schema+"."+name]
	}
	for _, s := range append(append([]string{}, c.searchPath...), "public") {
		if t := c.partitionParents[s+"."+name]; t != nil {
			return t
		}
	}
	return nil
}

// attachIndex reads ALTER INDEX parent ATTACH PARTITION child: the
// partition's index is then a clone of its parent's, which the design's
// index on the partitioned table creates, so its block is dropped. It
// reports false for any other ALTER INDEX.
func (c *collector) attachIndex(at *pg_query.AlterTableStmt) bool {
	if len(at.Cmds) != 1 {
		return false
	}
	cmd := at.Cmds[0].GetAlterTableCmd()
	if cmd == nil || cmd.Subtype != pg_query.AlterTableType_AT_AttachPartition {
		return false
	}
	pc := cmd.Def.GetPartitionCmd()
	if pc == nil || pc.Name == nil {
		return false
	}
	c.dropBlock(&pg_query.Node{Node: &pg_query.Node_String_{String_: &pg_query.String{Sval: pc.Name.Relname}}})
	return true
}

// partition writes the entity's `partition`, or nil.
func (e *entity) partition() *yaml.Node {
	p := e.t.partition
	if p == nil || e.partitionKey == nil {
		return nil
	}
	m := mapping(yaml.FlowStyle)
	add(m, "by", p.strategy)
	add(m, "key", flowList(e.partitionKey))
	m.Style = 0
	if len(p.parts) > 0 {
		l := &yaml.Node{Kind: yaml.SequenceNode}
		for _, part := range p.parts {
			one := mapping(yaml.FlowStyle)
			add(one, "name", part.name)
			add(one, "bounds", part.bounds)
			l.Content = append(l.Content, one)
		}
		add(m, "partitions", l)
	}
	return m
}

// partitionKey prints the partition key of a table: column names, and
// expressions in parentheses.
func (b *builder) partitionKey(e *entity) {
	p := e.t.partition
	if p == nil {
		return
	}
	var key []string
	for _, el := range p.elems {
		if el.Expr != nil {
			s, ok := b.expr(el.Expr, e.t.loc)
			if !ok {
				return
			}
			key = append(key, "("+s+")")
			continue
		}
		name := el.Name
		if sqlname.NeedsQuotes(name) {
			name = sqlname.QuoteIdent(name)
		}
		key = append(key, name)
	}
	e.partitionKey = key
}
