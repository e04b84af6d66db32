// Package drift compares a live PostgreSQL database with what a design
// generates: schemas, extensions, enum types, domains, tables, columns, constraints,
// indexes, comments, and the triggers and functions that enforce state
// machines and append-only event tables. The live side is read from the
// catalog, read-only; the expected side is the DDL of `schemagen sql`, parsed
// with PostgreSQL's own parser, so that the two can never disagree about what
// the design means. Repair plans go through the migrate differ.
package drift

// Catalog is a database schema as drift compares it: the live one read from
// pg_catalog, or the expected one parsed from the generated DDL. Names are
// qualified ("public.rides"), and every text is in a form both sides share.
type Catalog struct {
	Schemas    map[string]bool
	Extensions map[string]bool
	Enums      map[string]*Enum
	Domains    map[string]*Domain
	Tables     map[string]*Table
	Functions  map[string]*Function // trigger functions, by qualified name
	// Others are objects of the database that are neither tables, enums nor
	// functions (views, sequences that no column owns, ...), for --strict.
	Others map[string]string // qualified name -> kind
	// Carried are the objects the design's SQL blocks create (see carry), on
	// the design's side only.
	Carried map[string]bool
}

// Enum is an enum type with its values in order.
type Enum struct {
	Name    string // qualified
	Values  []string
	Comment string
}

// Table is a table with what belongs to it.
type Table struct {
	Name        string // qualified
	Comment     string
	Columns     []*Column
	Constraints map[string]*Constraint // by name
	Indexes     map[string]*Index      // by name; indexes behind constraints are left out
	Triggers    map[string]*Trigger    // by name
}

// Column is a column of a table.
type Column struct {
	Name      string
	Type      string // canonical type text (see canonicalType)
	SQLType   string // the type as the server prints it (format_type), live side only
	NotNull   bool
	Default   string // SQL expression, "" when none
	Identity  string // "", "always" or "by default"
	Generated string // expression of a stored generated column
	Comment   string
	// Collation is the name of the column's collation, without its schema,
	// when it is not its type's default ("C", "musicbrainz"); "" otherwise.
	Collation string
	// CollationSQL is the collation as SQL, schema-qualified (live side only).
	CollationSQL string
}

// Constraint is a primary key, unique, check, foreign-key or exclusion constraint.
type Constraint struct {
	Name       string
	Kind       byte // 'p', 'u', 'c', 'f', 'x'
	Columns    []string
	Check      string // the CHECK expression, without CHECK
	RefTable   string // qualified, for 'f'
	RefColumns []string
	OnDelete   byte // pg_constraint.confdeltype codes: 'a' no action, 'r' restrict, 'c' cascade, 'n' set null, 'd' set default
	OnUpdate   byte
	Deferrable bool
	Deferred   bool
	Def        string // canonical definition for other kinds (exclusion), and for messages
	Comment    string
}

// Index is an index that no constraint owns.
type Index struct {
	Name string
	Def  string // the CREATE INDEX statement, canonical and without the index name

	shape string   // Def with its expressions and WHERE clause taken out
	exprs []string // those expressions, in order
}

// Trigger is a trigger of a table.
type Trigger struct {
	Name     string
	Def      string // the CREATE TRIGGER statement, canonical
	Disabled bool
}

// Function is a function that triggers call.
type Function struct {
	Name     string // qualified
	Language string
	Returns  string
	Body     string
	// SecurityDefiner and Config (the SET options, such as the pinned
	// search_path) are part of what keeps a trigger function safe from the
	// session that calls it: a function that lost either is drift.
	SecurityDefiner bool
	Config          string
}

func newCatalog() *Catalog {
	return &Catalog{
		Schemas:    map[string]bool{},
		Extensions: map[string]bool{},
		Enums:      map[string]*Enum{},
		Domains:    map[string]*Domain{},
		Tables:     map[string]*Table{},
		Functions:  map[string]*Function{},
		Others:     map[string]string{},
		Carried:    map[string]bool{},
	}
}

func newTable(name string) *Table {
	return &Table{Name: name, Constraints: map[string]*Constraint{}, Indexes: map[string]*Index{}, Triggers: map[string]*Trigger{}}
}

// Column returns the column called name, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}
