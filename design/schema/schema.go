// Package schema is a design resolved into the database it describes: every
// table, column, key, index, enum type and state machine that any output
// needs, derived once by Resolve from the written model (package design).
// Generators read only this, so the DDL, the Go code, the diagrams and the
// migrations always agree about a column.
package schema

import "github.com/schemagen/schemagen/design"

// Schema is a design resolved into the database it describes: every table,
// column, key, enum type and state machine that any output needs, derived once.
// Generators read only this, so the DDL, the Go code and the diagrams agree.
//
// All slices are in a deterministic order: the design's own order for what the
// design declares, then derived objects in the order their sources appear.
type Schema struct {
	Name        string
	Description string
	File        string

	Extensions []*Extension // declared in `extensions`, in design order (see NeededExtensions)
	Domains    []*Domain    // declared in `domains`, in design order

	Enums    []*Enum            // declared enums, then state machine enums, then event enums
	Tables   []*Table           // entities in design order, then created junctions, then event tables
	Machines []*Machine         // in design order
	Flow     []*design.FlowStep // as written
	Failures []*design.Failure  // as written
	// Relations are the resolved relationships, in design order.
	Relations []*Relation
	// Blocks are the design's SQL blocks, in design order.
	Blocks []*Block

	Design *design.Design // the source, for positions

	// byEntity indexes Tables by entity name; Resolve builds it once. Lookups
	// verify what it returns and fall back to a scan, so a Schema that a caller
	// builds or extends by hand still answers correctly.
	byEntity map[string]*Table
}

// TableKind says where a table comes from.
type TableKind int

// Table kinds.
const (
	EntityTable   TableKind = iota // declared in `entities`
	JunctionTable                  // the `via` table of an n-n relationship (declared or created)
	EventTable                     // `<singular>_events`, from the `events` section
)

// String names the kind.
func (k TableKind) String() string {
	switch k {
	case JunctionTable:
		return "junction"
	case EventTable:
		return "events"
	}
	return "entity"
}

// Table is one SQL table.
type Table struct {
	Entity      string // the design's name for it (entity key, or junction/event table name)
	Name        string // SQL table name
	Schema      string // SQL schema, "public" unless the design says otherwise
	Singular    string // singular of Entity, for naming foreign keys, event tables and Go types
	Kind        TableKind
	Declared    bool // the design declares it in `entities` (always true for EntityTable)
	Description string
	Group       string
	RenamedFrom string // SQL name of the table in the previous design version, if renamed
	Pos         design.Pos

	Columns     []*Column
	PrimaryKey  []string  // column names; empty only for tables that have none
	Uniques     []*Unique // multi-column unique constraints (single-column ones are Column.Unique)
	Indexes     []*TableIndex
	ForeignKeys []*ForeignKey
	Machines    []*Machine // state machines whose column lives here
	// EventsOf is set on an EventTable: the table whose events it records.
	EventsOf *Table
	// EventEnum is set on an EventTable: the enum type of its `type` column.
	EventEnum *Enum
	// Events is set on entity tables that have an event table.
	Events *Table
	// Retry is true when a failure mode with retry adds attempts columns.
	Retry bool
	// Partition is set on a partitioned table.
	Partition *Partitioning
	// Unlogged is set on an UNLOGGED table.
	Unlogged bool

	// colIndex maps column names to Columns while colIndexed == len(Columns):
	// Resolve maintains it as it adds columns, so that Column is O(1) on tables
	// with thousands of columns. When a caller changes Columns' length, Column
	// falls back to a scan.
	colIndex   map[string]*Column
	colIndexed int
}

// addColumn appends columns and keeps the name index current.
func (t *Table) addColumn(cols ...*Column) {
	t.Columns = append(t.Columns, cols...)
	for _, c := range cols {
		t.indexColumn(c)
	}
}

// indexColumn records a column already in Columns; the first column of a name
// wins, as in a scan.
func (t *Table) indexColumn(c *Column) {
	if t.colIndex == nil {
		t.colIndex = make(map[string]*Column, len(t.Columns))
		for _, existing := range t.Columns {
			if _, dup := t.colIndex[existing.Name]; !dup {
				t.colIndex[existing.Name] = existing
			}
		}
	} else if _, dup := t.colIndex[c.Name]; !dup {
		t.colIndex[c.Name] = c
	}
	t.colIndexed = len(t.Columns)
}

// QualifiedName is schema.name, or just name in the public schema.
func (t *Table) QualifiedName() string {
	if t.Schema == "" || t.Schema == "public" {
		return t.Name
	}
	return t.Schema + "." + t.Name
}

// Column returns the column with the given name, or nil.
func (t *Table) Column(name string) *Column {
	if t.colIndex != nil && t.colIndexed == len(t.Columns) {
		if c := t.colIndex[name]; c != nil && c.Name == name {
			return c
		} else if c == nil {
			return nil
		}
	}
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// ColumnOrigin says why a column exists.
type ColumnOrigin int

// Column origins.
const (
	DeclaredColumn   ColumnOrigin = iota // written in `fields`
	ImplicitID                           // the implicit `id` key of an entity without a pk
	ForeignKeyColumn                     // added by a relationship
	StateColumn                          // added by a state machine
	RetryColumn                          // attempts, last_error, next_attempt_at
	EventColumn                          // a column of an event table
)

// String names the origin.
func (o ColumnOrigin) String() string {
	return [...]string{"declared", "implicit-id", "foreign-key", "state", "retry", "event"}[o]
}

// Identity kinds of a column.
const (
	IdentityAlways    = "always"     // generated always as identity
	IdentityByDefault = "by default" // generated by default as identity
)

// Column is one column of a table.
type Column struct {
	Name     string
	Type     string // canonical PostgreSQL type, e.g. "integer", "numeric(12,2)", "text[]", or an enum's name
	TypeInfo design.Type
	Enum     *Enum // set when the type is an enum (declared, state or event)
	// Domain is set when the type is a domain of the `domains` section; then
	// TypeInfo is the domain's base type and Type the domain's name.
	Domain      *Domain
	Nullable    bool
	Default     string // SQL expression, "" when none
	Identity    string // "", IdentityAlways or IdentityByDefault
	Generated   string // expression of a stored generated column
	Check       string // SQL boolean expression, without outer parentheses
	Unique      bool   // a single-column UNIQUE constraint
	PK          bool   // part of the primary key
	Description string
	RenamedFrom string
	Origin      ColumnOrigin
	// ForeignKey is set when the column is part of a foreign key.
	ForeignKey *ForeignKey
	// Machine is set on a state column.
	Machine *Machine
	Pos     design.Pos
	// Collation is the column's COLLATE clause's name as SQL, its parts
	// quoted where needed (`"C"`, `musicbrainz.musicbrainz`); "" for the
	// type's default collation.
	Collation string
}

// Unique is a multi-column unique constraint.
type Unique struct {
	Columns []string
	// Deferrable is "", "immediate" (DEFERRABLE) or "deferred" (INITIALLY DEFERRED).
	Deferrable       string
	NullsNotDistinct bool
	Pos              design.Pos
}

// TableIndex is a secondary index.
type TableIndex struct {
	Name    string   // explicit name, or "" for a generated one
	Columns []string // column names or parenthesised expressions
	Unique  bool
	Where   string
	Using   string   // "" means btree
	Include []string // non-key columns (INCLUDE)
	// ForForeignKey is true for indexes schemagen adds so that every foreign key is indexed.
	ForForeignKey bool
	Pos           design.Pos
}

// ForeignKey is a resolved foreign key: Columns of Table reference RefColumns of RefTable.
type ForeignKey struct {
	Name       string // explicit constraint name, or ""
	Table      *Table
	Columns    []string
	RefTable   *Table
	RefColumns []string
	OnDelete   string // "restrict", "cascade", "set null", "set default" or "no action"
	OnUpdate   string // "" means no action
	Optional   bool   // the columns are nullable
	Unique     bool   // one-to-one: the columns are unique together
	Role       string // `as ROLE`, or ""
	// Deferrable is "", "immediate" (DEFERRABLE) or "deferred" (INITIALLY DEFERRED).
	Deferrable string
	// NotValid is true for a key added NOT VALID (existing rows unchecked).
	NotValid bool
	Relation *Relation
}

// Relation is a resolved relationship.
type Relation struct {
	Kind     design.RelKind
	Parent   *Table // A
	Child    *Table // B
	Junction *Table // for n-n
	// ForeignKeys: one for 1-1 and 1-n (on Child), two for n-n (on Junction: to Parent, then to Child).
	ForeignKeys []*ForeignKey
	Optional    bool
	Source      *design.Relationship
}

// EnumKind says where an enum type comes from.
type EnumKind int

// Enum kinds.
const (
	DeclaredEnum EnumKind = iota // from `enums`
	StateEnum                    // from a state machine
	EventEnum                    // the event types of an entity
)

// Enum is one PostgreSQL enum type.
type Enum struct {
	Name        string
	Schema      string // "public" unless the owning table lives elsewhere
	Values      []string
	Kind        EnumKind
	RenamedFrom string
	// ValueRenames are the values (states) renamed since the previous
	// version of the design, in file order.
	ValueRenames []ValueRename
	Description  string
	Machine      *Machine // for StateEnum
	Table        *Table   // for EventEnum: the event table; for StateEnum: the machine's table
	Pos          design.Pos
}

// QualifiedName is schema.name, or just name in the public schema.
func (e *Enum) QualifiedName() string {
	if e.Schema == "" || e.Schema == "public" {
		return e.Name
	}
	return e.Schema + "." + e.Name
}

// Machine is a resolved state machine.
type Machine struct {
	Name        string
	Table       *Table
	Column      string
	Enum        *Enum
	Initial     string
	States      []string // every state, in a stable order (declared list, or first mention)
	Transitions []Transition
	Terminal    []string
	// FailureStates maps a state to the failure modes that land in it.
	FailureStates map[string][]string
	RenamedFrom   string
	Description   string
	Pos           design.Pos
}

// Transition is one allowed move.
type Transition struct {
	From, To string
}

// CanTransition reports whether the machine allows moving from one state to another.
func (m *Machine) CanTransition(from, to string) bool {
	for _, t := range m.Transitions {
		if t.From == from && t.To == to {
			return true
		}
	}
	return false
}

// Next returns the states reachable in one move from a state, in declared order.
func (m *Machine) Next(from string) []string {
	var out []string
	for _, t := range m.Transitions {
		if t.From == from {
			out = append(out, t.To)
		}
	}
	return out
}

// IsTerminal reports whether a state is declared terminal.
func (m *Machine) IsTerminal(state string) bool {
	for _, s := range m.Terminal {
		if s == state {
			return true
		}
	}
	return false
}

// Table returns the table with the given design name (entity key), or nil.
func (s *Schema) Table(entity string) *Table {
	if t := s.byEntity[entity]; t != nil && t.Entity == entity {
		return t
	}
	for _, t := range s.Tables {
		if t.Entity == entity {
			return t
		}
	}
	return nil
}

// indexTables builds the entity index of Table; the first table of a name wins, as in a scan.
func (s *Schema) indexTables() {
	s.byEntity = make(map[string]*Table, len(s.Tables))
	for _, t := range s.Tables {
		if _, dup := s.byEntity[t.Entity]; !dup {
			s.byEntity[t.Entity] = t
		}
	}
}

// Enum returns the enum type with the given name, or nil.
func (s *Schema) Enum(name string) *Enum {
	for _, e := range s.Enums {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// Machine returns the state machine with the given name, or nil.
func (s *Schema) Machine(name string) *Machine {
	for _, m := range s.Machines {
		if m.Name == name {
			return m
		}
	}
	return nil
}
