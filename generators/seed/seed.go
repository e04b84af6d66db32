// Package seed writes sample data for a design: rows that respect the
// tables' types, NOT NULL, defaults, checks, unique constraints and foreign
// keys, with values that read like what the columns' names say, and state
// machines lived rather than assigned. Every row of a table with a state
// machine is inserted in the initial state and then moved along legal
// transitions by UPDATEs (some to a terminal state, some left in the
// middle, some through failure states with their retry counts), so the
// database's state triggers check every move; the entity's event table gets
// one event per move, in time order.
//
// Generate is pure: it hands statements and COPY data to a Sink, and the
// same schema, options and seed always give the same statements. WriteScript
// renders them as a psql script; cmd/cli loads them into a database.
package seed

import (
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// DefaultRows is the number of rows per table when Options.Rows is zero.
const DefaultRows = 10

// Format says how rows are written.
type Format string

// The formats of rows.
const (
	Insert Format = "insert" // multi-row INSERT statements
	Copy   Format = "copy"   // COPY ... FROM STDIN blocks, for large loads
)

// Options control what Generate writes.
type Options struct {
	// Rows is the number of rows of every table that TableRows does not
	// name; 0 means DefaultRows. Event tables get their rows from the walks
	// of the state machines, not from a count.
	Rows int
	// TableRows sets the rows of single tables, by entity name, SQL name or
	// schema-qualified name.
	TableRows map[string]int
	// Seed makes the data: the same seed always gives the same rows.
	Seed uint64
	// Format is Insert (the default) or Copy.
	Format Format
	// ForeignKeyName names a foreign-key constraint as the DDL does
	// (generators/postgres.ForeignKeyName). It is needed only for designs
	// whose required foreign keys form a cycle: those constraints are made
	// DEFERRABLE for the load and restored after it.
	ForeignKeyName func(*schema.ForeignKey) string
}

// Sink receives what Generate writes, in order.
type Sink interface {
	// Exec runs one SQL statement (ending in a semicolon).
	Exec(stmt string) error
	// Copy runs `COPY ... FROM STDIN` (stmt, without a semicolon) with data
	// in COPY's text format: one row a line, tab-separated, \N for NULL.
	Copy(stmt string, data []byte) error
}

// Report says what Generate wrote and where it had to give way.
type Report struct {
	Tables []TableRows // in load order, event tables after their entity
	Notes  []Note      // checks it could not satisfy, row counts it lowered, cycles it deferred
}

// TableRows is the number of rows written into one table.
type TableRows struct {
	Table string // schema-qualified SQL name
	Rows  int
}

// Note is something the user should know about the data: a check seed could
// not read and how it handled it, a table that got fewer rows than asked.
type Note struct {
	Pos     design.Pos
	Table   string
	Column  string // "" for notes about a whole table
	Message string
}

// String is the note as `file:line:col: table.column: message`.
func (n Note) String() string {
	where := n.Table
	if n.Column != "" {
		where += "." + n.Column
	}
	if n.Pos.Line > 0 {
		return fmt.Sprintf("%s: %s: %s", n.Pos, where, n.Message)
	}
	return where + ": " + n.Message
}

// Error is a design that cannot be seeded, with the reason.
type Error struct {
	Pos     design.Pos
	Message string
}

func (e *Error) Error() string {
	if e.Pos.Line > 0 {
		return fmt.Sprintf("%s: cannot seed: %s", e.Pos, e.Message)
	}
	return "cannot seed: " + e.Message
}

// WriteScript writes the seed data as a psql script that loads it in one
// transaction on a database with the design's DDL applied.
func WriteScript(s *schema.Schema, opts Options, w io.Writer) (*Report, error) {
	sc := &Script{w: w}
	fmt.Fprintf(sc.writer(), "-- Sample data for %s, written by schemagen seed (seed %d, %s format).\n", s.Name, opts.Seed, formatOf(opts))
	fmt.Fprintf(sc.writer(), "-- Load it into a database with the design's DDL applied: psql -v ON_ERROR_STOP=1 -f FILE\n")
	sc.Exec("SET standard_conforming_strings = on;")
	sc.Exec("BEGIN;")
	rep, err := Generate(s, opts, sc)
	if err != nil {
		return nil, err
	}
	sc.Exec("COMMIT;")
	return rep, sc.err
}

func formatOf(opts Options) Format {
	if opts.Format == "" {
		return Insert
	}
	return opts.Format
}

// Script is a Sink that writes a psql script.
type Script struct {
	w   io.Writer
	err error
}

// NewScript returns a Sink that writes statements and COPY blocks to w.
func NewScript(w io.Writer) *Script { return &Script{w: w} }

func (sc *Script) writer() io.Writer { return errWriter{sc} }

type errWriter struct{ sc *Script }

func (e errWriter) Write(p []byte) (int, error) {
	if e.sc.err != nil {
		return 0, e.sc.err
	}
	n, err := e.sc.w.Write(p)
	e.sc.err = err
	return n, err
}

// Exec writes the statement on its own line.
func (sc *Script) Exec(stmt string) error {
	_, err := io.WriteString(sc.writer(), stmt+"\n")
	return err
}

// Copy writes a COPY block: the statement, the data and the `\.` line.
func (sc *Script) Copy(stmt string, data []byte) error {
	io.WriteString(sc.writer(), stmt+";\n")
	sc.writer().Write(data)
	_, err := io.WriteString(sc.writer(), "\\.\n")
	return err
}

// Generate writes the seed data of s into sink: the rows of every table in
// an order where parents come first, then for each table the moves of its
// state machines and its events. It returns an *Error when the design
// cannot be seeded (a required foreign key to a table with no rows, a cycle
// of required keys without ForeignKeyName).
func Generate(s *schema.Schema, opts Options, sink Sink) (*Report, error) {
	g := &generator{s: s, opts: opts, sink: sink, byTable: map[*schema.Table]*table{}, rep: &Report{}}
	if g.opts.Format == "" {
		g.opts.Format = Insert
	}
	if g.opts.Format != Insert && g.opts.Format != Copy {
		return nil, fmt.Errorf("unknown format %q (want insert or copy)", g.opts.Format)
	}
	if err := g.plan(); err != nil {
		return nil, err
	}
	for _, b := range s.Blocks {
		// A SQL block's triggers, rules and policies run PL/pgSQL or SQL that
		// seed cannot read: say so once, where the first one is declared.
		if kind, _, _ := strings.Cut(b.Name, " "); kind == "trigger" || kind == "rule" || kind == "policy" {
			g.rep.Notes = append(g.rep.Notes, Note{Pos: b.Pos, Message: fmt.Sprintf("the design's SQL blocks (%q and others) may create triggers, rules or policies that refuse generated rows: seed does not know what they enforce; drop or disable them in a development database if the load fails", b.Name)})
			break
		}
	}
	if err := g.write(); err != nil {
		return nil, err
	}
	return g.rep, nil
}

type generator struct {
	s       *schema.Schema
	opts    Options
	sink    Sink
	tables  []*table // load order
	byTable map[*schema.Table]*table
	rep     *Report
	// deferred are the required foreign keys that point at a table loaded
	// later (a cycle): DEFERRABLE for the load.
	deferred []*schema.ForeignKey
}

// table is the plan of one table's rows.
type table struct {
	t     *schema.Table
	n     int
	order int
	// written are the columns the INSERT names, in table order.
	written []*schema.Column
	gens    map[string]*column
	// fkOf maps a foreign-key column to its key and position in it.
	fkOf  map[string]fkColumn
	picks map[*schema.ForeignKey][]int32 // parent row per row, -1 for NULL
	// uniqueFK are keys whose columns must be distinct (1-1).
	uniqueFK         map[*schema.ForeignKey]bool
	pairs            [][2]*schema.ForeignKey // junction-like pairs that must be distinct together
	keep             map[string]bool         // columns whose values foreign keys or walks read
	kept             map[string][]string
	busy             map[string]bool // columns being kept right now, to catch cycles
	overrideIdentity bool
	// rowChecks read several columns; rows are drawn again until they hold.
	rowChecks []*rowCheck
	// broken are the row checks some row could not be made to satisfy (noted once).
	broken map[*rowCheck]bool
	repair *rand.Rand
	lived  *lived // the rows' walks, once walked
}

type fkColumn struct {
	fk  *schema.ForeignKey
	pos int
}

// stream returns the random stream of one purpose of one table.
func (g *generator) stream(t *schema.Table, purpose string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(t.QualifiedName() + "\x00" + purpose))
	return rand.New(rand.NewPCG(g.opts.Seed, h.Sum64()))
}

func (g *generator) note(pos design.Pos, t *schema.Table, col, format string, args ...any) {
	g.rep.Notes = append(g.rep.Notes, Note{Pos: pos, Table: t.QualifiedName(), Column: col, Message: fmt.Sprintf(format, args...)})
}

// requested is the number of rows asked for a table.
func (g *generator) requested(t *schema.Table) int {
	for _, k := range []string{t.Entity, t.Name, t.QualifiedName()} {
		if n, ok := g.opts.TableRows[k]; ok {
			return n
		}
	}
	if g.opts.Rows > 0 {
		return g.opts.Rows
	}
	return DefaultRows
}

// plan decides the load order, which columns are written and how, the row
// counts, and the parent row of every foreign key.
func (g *generator) plan() error {
	if err := g.checkTableRows(); err != nil {
		return err
	}
	for i, t := range loadOrder(g.s) {
		tp := &table{t: t, order: i, n: g.requested(t), gens: map[string]*column{}, fkOf: map[string]fkColumn{},
			picks: map[*schema.ForeignKey][]int32{}, uniqueFK: map[*schema.ForeignKey]bool{},
			keep: map[string]bool{}, kept: map[string][]string{}, busy: map[string]bool{}}
		g.tables = append(g.tables, tp)
		g.byTable[t] = tp
	}
	for _, tp := range g.tables {
		g.planColumns(tp)
	}
	for _, tp := range g.tables {
		g.planUniques(tp)
	}
	if err := g.planCounts(); err != nil {
		return err
	}
	for _, tp := range g.tables {
		if err := g.planPicks(tp); err != nil {
			return err
		}
	}
	return nil
}

// checkTableRows refuses row counts for tables the design does not have.
func (g *generator) checkTableRows() error {
	var unknown []string
	for name, n := range g.opts.TableRows {
		found := false
		for _, t := range g.s.Tables {
			if name == t.Entity || name == t.Name || name == t.QualifiedName() {
				found = t.Kind != schema.EventTable
			}
		}
		if !found {
			unknown = append(unknown, name)
		}
		if n < 0 {
			return fmt.Errorf("rows of %s: %d is negative", name, n)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return fmt.Errorf("--rows names tables the design does not have (or event tables, whose rows come from the state machines): %s", strings.Join(unknown, ", "))
	}
	return nil
}

// loadOrder puts every table after the tables its foreign keys reference,
// keeping the design's order where it may; a cycle is broken at the first
// table in design order, preferring one whose unmet keys are all optional.
// Event tables are left out: their rows come with their entity's.
func loadOrder(s *schema.Schema) []*schema.Table {
	var rest []*schema.Table
	for _, t := range s.Tables {
		if t.Kind != schema.EventTable {
			rest = append(rest, t)
		}
	}
	placed := map[*schema.Table]bool{}
	unmet := func(t *schema.Table, requiredOnly bool) int {
		n := 0
		for _, fk := range t.ForeignKeys {
			if fk.RefTable != nil && fk.RefTable != t && !placed[fk.RefTable] && (!requiredOnly || !fk.Optional) {
				n++
			}
		}
		return n
	}
	var out []*schema.Table
	for len(rest) > 0 {
		pick := -1
		for i, t := range rest {
			if unmet(t, false) == 0 {
				pick = i
				break
			}
		}
		if pick < 0 {
			for i, t := range rest {
				if unmet(t, true) == 0 {
					pick = i
					break
				}
			}
		}
		if pick < 0 {
			pick = 0
		}
		placed[rest[pick]] = true
		out = append(out, rest[pick])
		rest = slices.Delete(rest, pick, pick+1)
	}
	return out
}

// stateColumn returns the machine whose state column c is, or nil.
func stateColumn(t *schema.Table, c *schema.Column) *schema.Machine {
	for _, m := range t.Machines {
		if m.Column == c.Name {
			return m
		}
	}
	return nil
}

// timeTyped reports whether a column holds a date or time.
func timeTyped(c *schema.Column) bool {
	switch c.TypeInfo.Base {
	case "timestamptz", "timestamp", "date":
		return c.TypeInfo.Array == 0
	}
	return false
}

func (g *generator) planColumns(tp *table) {
	t := tp.t
	for _, fk := range t.ForeignKeys {
		if fk.RefTable == nil {
			continue
		}
		for i, col := range fk.Columns {
			if _, dup := tp.fkOf[col]; !dup {
				tp.fkOf[col] = fkColumn{fk: fk, pos: i}
			}
		}
	}
	keys := map[string]bool{}
	for _, k := range t.PrimaryKey {
		keys[k] = true
	}
	for _, u := range t.Uniques {
		for _, k := range u.Columns {
			keys[k] = true
		}
	}
	for _, ix := range t.Indexes {
		if ix.Unique {
			for _, k := range ix.Columns {
				keys[k] = true
			}
		}
	}
	for _, other := range g.s.Tables {
		for _, fk := range other.ForeignKeys {
			if fk.RefTable == t {
				for _, k := range fk.RefColumns {
					keys[k] = true
					tp.keep[k] = true
				}
			}
		}
	}
	if len(t.Machines) > 0 || t.Events != nil {
		for _, k := range t.PrimaryKey {
			tp.keep[k] = true
		}
	}
	// Checks that read other columns are evaluated on each row; the columns
	// they read are written even when they have a default.
	rowChecked := map[string]bool{}
	readable := func(name string) bool {
		c := t.Column(name)
		return c != nil && c.Generated == "" && c.Origin != schema.RetryColumn
	}
	for _, c := range t.Columns {
		// A foreign key's values come from its parent, so its own check is
		// evaluated on the row too.
		if c.Check == "" || c.Generated != "" || (parseCheck(c.Check, c.Name, c.Nullable).understood && tp.fkOf[c.Name].fk == nil) {
			continue
		}
		if rc := parseRowCheck(c.Check, c.Name, readable); rc != nil {
			tp.rowChecks = append(tp.rowChecks, rc)
			rowChecked[c.Name] = true
			for _, name := range rc.columns {
				keys[name] = true
			}
		}
	}
	tp.broken = map[*rowCheck]bool{}
	tp.repair = g.stream(t, "repair")
	for _, c := range t.Columns {
		switch {
		case c.Generated != "":
			continue
		case c.Origin == schema.RetryColumn:
			continue // attempts start at their default; the walks set them
		case stateColumn(t, c) != nil:
		case c.Identity != "" || c.TypeInfo.IsSerial():
			if c.Identity == schema.IdentityAlways {
				tp.overrideIdentity = true
			}
		case c.Default != "" && !keys[c.Name] && !c.Unique && !c.PK && tp.fkOf[c.Name].fk == nil && !timeTyped(c):
			continue // the database fills it
		}
		tp.written = append(tp.written, c)
		if stateColumn(t, c) != nil || tp.fkOf[c.Name].fk != nil {
			continue
		}
		gen := &column{c: c, table: tp, r: g.stream(t, "column:"+c.Name), nullRate: 0.15}
		gen.f = gofakeit.NewFaker(g.stream(t, "fake:"+c.Name), false)
		if gen.nameHas("deleted", "archived", "revoked", "cancelled", "canceled", "ended", "closed") {
			gen.nullRate = 0.8
		}
		if c.Identity != "" || c.TypeInfo.IsSerial() || c.Unique || (c.PK && len(t.PrimaryKey) == 1) {
			gen.unique = true
		}
		if c.Check != "" && !rowChecked[c.Name] {
			gen.rule = parseCheck(c.Check, c.Name, c.Nullable)
			if !gen.rule.understood {
				how := "its values are written as if it were not there, and the database may reject them"
				if c.Nullable && !gen.unique {
					gen.rule.alwaysNull = true
					how = "the column is left NULL, which every CHECK accepts"
				}
				g.note(c.Pos, t, c.Name, "check (%s) is not satisfied on purpose: %s; %s", c.Check, gen.rule.unhandledWhy, how)
			}
		} else {
			gen.rule = newRule()
		}
		tp.gens[c.Name] = gen
	}
}

// planUniques makes every unique set of columns distinct: a plain column of
// the set gets distinct values; a set made of foreign keys picks distinct
// parents (1-1) or distinct pairs of parents (junctions).
func (g *generator) planUniques(tp *table) {
	t := tp.t
	var sets [][]string
	if len(t.PrimaryKey) > 0 {
		sets = append(sets, t.PrimaryKey)
	}
	for _, u := range t.Uniques {
		sets = append(sets, u.Columns)
	}
	for _, c := range t.Columns {
		if c.Unique {
			sets = append(sets, []string{c.Name})
		}
	}
	for _, ix := range t.Indexes {
		if !ix.Unique {
			continue
		}
		var cols []string
		for _, expr := range ix.Columns {
			if t.Column(expr) != nil {
				cols = append(cols, expr)
				continue
			}
			// An expression (lower("Name")): make the columns it reads distinct.
			for _, c := range t.Columns {
				if strings.Contains(expr, c.Name) {
					cols = append(cols, c.Name)
				}
			}
		}
		if len(cols) > 0 {
			sets = append(sets, cols)
		}
	}
	for _, set := range sets {
		var plain []*column
		var fks []*schema.ForeignKey
		done := false
		for _, name := range set {
			if gen := tp.gens[name]; gen != nil {
				if gen.unique {
					done = true
				}
				plain = append(plain, gen)
			} else if fc := tp.fkOf[name]; fc.fk != nil && !slices.Contains(fks, fc.fk) {
				fks = append(fks, fc.fk)
			}
		}
		switch {
		case done:
		case len(plain) > 0:
			best := plain[0]
			for _, p := range plain[1:] {
				if p.capacity() > best.capacity() {
					best = p
				}
			}
			best.unique = true
		case len(fks) == 1:
			tp.uniqueFK[fks[0]] = true
		case len(fks) >= 2:
			tp.pairs = append(tp.pairs, [2]*schema.ForeignKey{fks[0], fks[1]})
		}
	}
}

// planCounts lowers row counts to what the unique constraints allow, until
// nothing changes, and refuses tables whose required parents have no rows.
func (g *generator) planCounts() error {
	for changed, round := true, 0; changed && round <= len(g.tables)+1; round++ {
		changed = false
		lower := func(tp *table, n int, why string) {
			if n < tp.n {
				g.note(tp.t.Pos, tp.t, "", "%d rows instead of %d: %s", n, tp.n, why)
				tp.n, changed = n, true
			}
		}
		for _, tp := range g.tables {
			for _, c := range tp.written {
				if gen := tp.gens[c.Name]; gen != nil && gen.unique {
					lower(tp, gen.capacity(), fmt.Sprintf("%s must be distinct and has only that many values", c.Name))
				}
			}
			for fk := range tp.uniqueFK {
				if !fk.Optional && fk.RefTable != tp.t {
					lower(tp, g.byTable[fk.RefTable].n, fmt.Sprintf("each row needs its own row of %s (a one-to-one key)", fk.RefTable.QualifiedName()))
				}
			}
			for _, p := range tp.pairs {
				a, b := g.byTable[p[0].RefTable].n, g.byTable[p[1].RefTable].n
				capacity := a * b
				if p[0].RefTable == p[1].RefTable {
					capacity = a * (a - 1) / 2
				}
				lower(tp, capacity, fmt.Sprintf("each row needs its own pair of %s and %s", p[0].RefTable.QualifiedName(), p[1].RefTable.QualifiedName()))
			}
		}
	}
	for _, tp := range g.tables {
		if tp.n > 0 {
			for _, fk := range tp.t.ForeignKeys {
				if fk.RefTable != nil && !fk.Optional && g.byTable[fk.RefTable] != nil && g.byTable[fk.RefTable].n == 0 {
					return &Error{Pos: tp.t.Pos, Message: fmt.Sprintf("%s needs rows of %s (a required foreign key), which gets none", tp.t.QualifiedName(), fk.RefTable.QualifiedName())}
				}
			}
		}
	}
	return nil
}

// planPicks chooses the parent row of every foreign key of every row.
func (g *generator) planPicks(tp *table) error {
	paired := map[*schema.ForeignKey]bool{}
	for _, p := range tp.pairs {
		paired[p[0]], paired[p[1]] = true, true
		ma, mb := g.byTable[p[0].RefTable].n, g.byTable[p[1].RefTable].n
		r := g.stream(tp.t, "pair:"+strings.Join(p[0].Columns, ",")+":"+strings.Join(p[1].Columns, ","))
		pa, pb := r.Perm(ma), r.Perm(mb)
		a, b := make([]int32, tp.n), make([]int32, tp.n)
		for j := 0; j < tp.n; j++ {
			if p[0].RefTable == p[1].RefTable {
				// Two keys into one table (tag1, tag2): distinct rows, the
				// earlier one first, so that checks like tag1 < tag2 and
				// entity0 <> entity1 hold for keys that grow with the row.
				x, y := nthPair(j)
				a[j], b[j] = int32(x), int32(y)
				continue
			}
			x, k := j%ma, j/ma
			a[j], b[j] = int32(pa[x]), int32(pb[(k+x)%mb])
		}
		tp.picks[p[0]], tp.picks[p[1]] = a, b
	}
	for _, fk := range tp.t.ForeignKeys {
		parent := g.byTable[fk.RefTable]
		if parent == nil {
			continue
		}
		forward := parent.order > tp.order
		if !paired[fk] {
			tp.picks[fk] = g.pick(tp, fk, parent, forward)
		}
		if forward && tp.n > 0 && slices.ContainsFunc(tp.picks[fk], func(p int32) bool { return p >= 0 }) {
			if g.opts.ForeignKeyName == nil {
				return &Error{Pos: tp.t.Pos, Message: fmt.Sprintf("required foreign keys form a cycle through %s and %s; deferring them needs the constraint names (Options.ForeignKeyName)", tp.t.QualifiedName(), parent.t.QualifiedName())}
			}
			g.deferred = append(g.deferred, fk)
			g.note(tp.t.Pos, tp.t, strings.Join(fk.Columns, ","), "required foreign keys form a cycle with %s: the constraint %s is DEFERRABLE during the load and restored after it", parent.t.QualifiedName(), g.opts.ForeignKeyName(fk))
		}
	}
	return nil
}

func (g *generator) pick(tp *table, fk *schema.ForeignKey, parent *table, forward bool) []int32 {
	r := g.stream(tp.t, "fk:"+strings.Join(fk.Columns, ","))
	out := make([]int32, tp.n)
	m := parent.n
	self := parent == tp
	var perm []int
	if tp.uniqueFK[fk] && !self {
		perm = r.Perm(m)
	}
	next := 0
	for i := range out {
		switch {
		case m == 0 || (forward && fk.Optional):
			out[i] = -1
		case fk.Optional && r.Float64() < 0.2:
			out[i] = -1
		case self && fk.Optional && i == 0:
			out[i] = -1 // a reply to nothing: the first row has no earlier one
		case self && tp.uniqueFK[fk] && fk.Optional:
			out[i] = int32(i - 1)
		case self && tp.uniqueFK[fk]:
			out[i] = int32(i)
		case self && fk.Optional:
			// An earlier row: a reply comes after what it answers.
			out[i] = int32(r.IntN(i))
		case self:
			// Only rows already written, or this one for the first row (a
			// required key has nothing else): a batch never points ahead.
			out[i] = int32(r.IntN(i + 1))
		case perm != nil:
			if next < len(perm) {
				out[i] = int32(perm[next])
				next++
			} else {
				out[i] = -1
			}
		default:
			out[i] = int32(r.IntN(m))
		}
	}
	return out
}

// keptValues returns every value of a column that foreign keys or walks
// read, producing them on first use.
func (g *generator) keptValues(tp *table, col string) ([]string, error) {
	if v, ok := tp.kept[col]; ok {
		return v, nil
	}
	if tp.busy[col] {
		return nil, &Error{Pos: tp.t.Pos, Message: fmt.Sprintf("%s.%s is a foreign key that, through other keys, references itself", tp.t.QualifiedName(), col)}
	}
	tp.busy[col] = true
	defer delete(tp.busy, col)
	vals := make([]string, tp.n)
	if fc := tp.fkOf[col]; fc.fk != nil {
		parent := g.byTable[fc.fk.RefTable]
		pv, err := g.keptValues(parent, fc.fk.RefColumns[fc.pos])
		if err != nil {
			return nil, err
		}
		for i, p := range tp.picks[fc.fk] {
			vals[i] = null
			if p >= 0 {
				vals[i] = pv[p]
			}
		}
	} else if gen := tp.gens[col]; gen != nil {
		for i := range vals {
			vals[i] = gen.value(i)
		}
	} else if c := tp.t.Column(col); c != nil {
		if m := stateColumn(tp.t, c); m != nil {
			for i := range vals {
				vals[i] = m.Initial
			}
		} else {
			return nil, &Error{Pos: c.Pos, Message: fmt.Sprintf("%s.%s is referenced by a foreign key but its values come from the database (a default or a generated column)", tp.t.QualifiedName(), col)}
		}
	}
	tp.kept[col] = vals
	return vals, nil
}

func qualified(t *schema.Table) string {
	if t.Schema == "" || t.Schema == "public" {
		return sqlname.QuoteIdent(t.Name)
	}
	return sqlname.QuoteIdent(t.Schema) + "." + sqlname.QuoteIdent(t.Name)
}

// sqlType is a column's type as a cast names it.
func sqlType(c *schema.Column) string {
	if c.Enum != nil {
		name := sqlname.QuoteIdent(c.Enum.Name)
		if c.Enum.Schema != "" && c.Enum.Schema != "public" {
			name = sqlname.QuoteIdent(c.Enum.Schema) + "." + name
		}
		return name + strings.Repeat("[]", c.TypeInfo.Array)
	}
	return design.KeyTypeFor(c.TypeInfo).String()
}

// nthPair is the j-th pair (a, b) with a < b, in the order (0,1), (0,2),
// (1,2), (0,3), ...: the first n pairs use the fewest rows.
func nthPair(j int) (a, b int) {
	b = int((1 + math.Sqrt(1+8*float64(j))) / 2)
	for b*(b-1)/2 > j {
		b--
	}
	for (b+1)*b/2 <= j {
		b++
	}
	return j - b*(b-1)/2, b
}
