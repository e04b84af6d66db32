package importsql

import pg_query "github.com/pganalyze/pg_query_go/v5"

// sqlTable is a table as the DDL builds it, after every ALTER TABLE is folded in.
type sqlTable struct {
	schema, name string
	loc          int
	columns      []*sqlColumn
	pk           *sqlKey
	uniques      []*sqlKey
	checks       []*sqlCheck
	fks          []*sqlFK
	indexes      []*sqlIndex
	comment      string
	partitioned  bool
	unlogged     bool // CREATE UNLOGGED TABLE
	partition    *sqlPartitioning
	inherits     []*sqlTable
}

func (t *sqlTable) column(name string) *sqlColumn {
	for _, c := range t.columns {
		if c.name == name {
			return c
		}
	}
	return nil
}

func (t *sqlTable) key() string { return t.schema + "." + t.name }

// sqlColumn is one column definition.
type sqlColumn struct {
	name      string
	loc       int
	typ       *pg_query.TypeName
	notNull   bool
	def       *pg_query.Node
	identity  string // "a" always, "d" by default
	generated *pg_query.Node
	collate   []string // the COLLATE clause's name, nil when none
	inherited bool     // copied from a parent table (INHERITS)
	comment   string
}

// sqlKey is a primary key or unique constraint.
type sqlKey struct {
	name             string
	columns          []string
	loc              int
	nullsNotDistinct bool
	deferrable       string // "", "immediate" or "deferred"
}

// sqlCheck is a CHECK constraint.
type sqlCheck struct {
	name string
	expr *pg_query.Node
	loc  int
	// column is the column a column constraint was written on, "" for a table constraint.
	column string
}

// sqlFK is a foreign key.
type sqlFK struct {
	name       string
	columns    []string
	refSchema  string
	refTable   string
	refColumns []string
	onDelete   string
	onUpdate   string
	deferrable string // "", "immediate" or "deferred"
	notValid   bool   // added NOT VALID: the rows already there are unchecked
	loc        int
}

// sqlIndex is a CREATE INDEX.
type sqlIndex struct {
	name   string
	unique bool
	using  string
	params []*pg_query.IndexElem
	where  *pg_query.Node
	// include are the INCLUDE columns.
	include []string
	loc     int
}

// sqlEnum is a CREATE TYPE ... AS ENUM.
type sqlEnum struct {
	schema, name string
	values       []string
	loc          int
	comment      string
}

// sqlDomain is a CREATE DOMAIN.
type sqlDomain struct {
	schema, name string
	typ          *pg_query.TypeName
	notNull      bool
	def          *pg_query.Node
	checks       []*pg_query.Node
	loc          int
}

// sqlSequence is a CREATE SEQUENCE, with the column that owns it.
type sqlSequence struct {
	schema, name string
	ownedBy      string // schema.table.column, or ""
	// stmt is the CREATE SEQUENCE as written, kept as a SQL block when
	// the sequence is not a serial's; block is that block once made.
	stmt  string
	loc   int
	block *sqlBlock
}
