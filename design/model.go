// Package design is the written model of a design: the YAML file as the
// user wrote it (entities, fields, relationships, enums, state machines,
// events, failures and the flow), every element with its file, line and
// column. Load reads it strictly; the format's own rules (unknown keys,
// missing keys, bad values, ...) are reported here. Package schema resolves it
// into the database it describes, package lint judges it, and package check
// runs the whole pipeline.
package design

// Design is a design file as written, with the position of every element.
// It is the input of Resolve; generators read the resolved Schema instead.
type Design struct {
	File        string
	Version     int
	Name        string
	NamePos     Pos
	Description string

	Extensions    []*Extension // the `extensions` section, in file order
	Flow          []*FlowStep
	Entities      []*Entity // in file order
	Enums         []*Enum
	Domains       []*Domain // the `domains` section, in file order
	Relationships []*Relationship
	Machines      []*Machine // the `states` section, in file order
	Events        []*EventSet
	Failures      []*Failure
	SQL           []*SQLBlock // the `sql` section, in file order
}

// Name is a name together with where it was written.
type Name struct {
	Name string
	Pos  Pos
}

// Names returns the plain strings of a list of names.
func Names(ns []Name) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Name
	}
	return out
}

// Entity is one entry of the `entities` section.
type Entity struct {
	Name        string
	Pos         Pos
	Description string
	Group       string
	Schema      string // "" means public
	Table       string // SQL table name when it differs from Name
	RenamedFrom string
	Fields      []*Field
	Indexes     []*Index
	Unique      [][]Name // column lists that are unique together
	// PrimaryKey lists the primary key's columns in key order, when it differs
	// from field order (`primary_key: [a, b]`); empty otherwise.
	PrimaryKey []Name
	// UniqueOptions holds the options of Unique entries written in the map
	// form, by index into Unique; nil for the list form.
	UniqueOptions []*KeyOptions
	// Keyless is set for a table that has no primary key on purpose (imports of
	// tables that have none): it gets no implicit id.
	Keyless bool
	// Unlogged makes the table UNLOGGED: faster writes, no crash safety, no
	// replication (caches, job queues' heartbeats).
	Unlogged bool
	// Partition is set for a partitioned table.
	Partition *Partitioning
}

// Field is one column declared in an entity's `fields`.
type Field struct {
	Name        string
	Pos         Pos
	SpecPos     Pos    // where the spec (string or map) starts
	Type        string // as written, without the trailing '?'
	TypePos     Pos
	Nullable    bool
	PK          bool
	Unique      bool
	Identity    bool
	Default     string // SQL expression; "" when none
	Generated   string // SQL expression of a stored generated column
	Check       string // SQL boolean expression, without the outer parentheses
	Description string
	RenamedFrom string
}

// Index is an entry of an entity's `indexes`.
type Index struct {
	Pos     Pos
	Name    string // optional explicit name
	Columns []Name // column names, or parenthesised expressions
	Unique  bool
	Where   string
	Using   string // access method, e.g. gin; "" means btree
	// Include are the non-key columns the index carries (INCLUDE), so that
	// a query reading only them needs no visit to the table.
	Include []Name
}

// Enum is a plain enumeration from the `enums` section.
type Enum struct {
	Name        string
	Pos         Pos
	Schema      string // "" means public
	Values      []Name
	RenamedFrom string
	// ValuesRenamedFrom lists the values renamed since the previous version
	// of the design (`values_renamed_from: {NEW: OLD}`), in file order.
	ValuesRenamedFrom []Rename
	Description       string
}

// Rename is one entry of `states_renamed_from` or `values_renamed_from`: a
// state or enum value that had another name in the previous version.
type Rename struct {
	New, Old Name
}

// RelKind is the cardinality of a relationship.
type RelKind int

// Relationship kinds.
const (
	OneToMany RelKind = iota
	OneToOne
	ManyToMany
)

// String returns the short-form spelling of the kind.
func (k RelKind) String() string {
	switch k {
	case OneToOne:
		return "1-1"
	case ManyToMany:
		return "n-n"
	}
	return "1-n"
}

// Relationship is one entry of the `relationships` section. For 1-n and 1-1 the
// foreign key lives on To; for n-n it lives on the junction table Via.
type Relationship struct {
	Pos      Pos
	Kind     RelKind
	From     Name // A: the parent ("one") side
	To       Name // B: the child side
	Via      Name // junction entity for n-n
	As       string
	Optional bool
	OnDelete string // restrict (default), cascade, set null, no action
	OnUpdate string
	// Columns optionally names the foreign-key columns on the child (an extension
	// that imports use for composite or oddly named keys).
	Columns []Name
	// References optionally names the referenced columns on the parent (its primary
	// key by default; otherwise a unique set of columns).
	References []Name
	// Name optionally names the foreign-key constraint.
	Name string
	// Deferrable is "", "immediate" (DEFERRABLE) or "deferred" (INITIALLY DEFERRED).
	Deferrable string
	// NotValid adds the key NOT VALID: PostgreSQL enforces it on new rows but
	// has not checked the rows already there.
	NotValid bool
}

// Machine is one entry of the `states` section: a state machine on one column.
type Machine struct {
	Name        string
	Pos         Pos
	Entity      Name
	Column      string // default "status"
	ColumnPos   Pos
	Initial     Name
	Transitions []*Transition
	Terminal    []Name
	States      []Name // the optional full list
	RenamedFrom string
	// StatesRenamedFrom lists the states renamed since the previous version
	// of the design (`states_renamed_from: {NEW: OLD}`), in file order.
	StatesRenamedFrom []Rename
	Description       string
}

// Transition lists the states one state may move to.
type Transition struct {
	From Name
	To   []Name
}

// EventSet is one entry of the `events` section.
type EventSet struct {
	Entity Name
	Types  []Name
}

// Failure is one entry of the `failures` section.
type Failure struct {
	Name        string
	Pos         Pos
	When        string
	Entity      Name
	State       Name
	Handling    string
	Retry       *Retry
	Event       Name
	Description string
}

// Retry is a failure's retry policy.
type Retry struct {
	Pos         Pos
	MaxAttempts int
}

// FlowStep is one step of the `flow` section.
type FlowStep struct {
	Step    string
	Pos     Pos
	Creates []Name
	Reads   []Name
	Updates []Name
	Event   Name // entity.event_type
}
