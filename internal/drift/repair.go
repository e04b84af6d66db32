package drift

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/migrate"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// Repair is the migration that takes a drifted database to its design.
type Repair struct {
	// SQL is the whole migration: statements for what a design cannot hold
	// (an extra index, a disabled trigger), then the migrate differ's plan.
	SQL string
	// Plan is the migrate differ's part, with its diagnostics: a destructive
	// change (dropping a column the database has and the design does not) is
	// refused unless migrate.Options.AllowDestructive.
	Plan *migrate.Plan
	// Manual lists what the migration leaves to a person (objects outside the
	// design, such as an extra extension or schema, are never dropped).
	Manual []string
}

// Destructive reports whether the repair holds a destructive change that was not allowed.
func (r *Repair) Destructive() bool { return r.Plan.Destructive() }

// PlanRepair writes the migration that repairs the drift of report. It
// rebuilds the database's schema as a design (the design of source, changed
// wherever the report found drift) and diffs it with the design through the
// migrate differ, so that repairs get migrate's safe forms and its refusals
// of destructive changes. source is the design file s was checked from.
func PlanRepair(report *Report, s *schema.Schema, source []byte, opts migrate.Options) (*Repair, error) {
	live, diags := check.Source(s.File, source, nil)
	if live == nil || diags.HasErrors() {
		return nil, fmt.Errorf("%s: the design has errors", s.File)
	}
	o := newOverlay(live)
	var pre, post, manual []string
	for _, f := range report.Findings {
		p, q, m := o.apply(f, report.Want, report.Live)
		pre, post, manual = append(pre, p...), append(post, q...), append(manual, m...)
	}
	if opts.From == "" {
		opts.From = "the database"
	}
	// The repair is one script that runs in one transaction with the
	// statements drift adds around the differ's: the differ's simple form.
	// (Online-safe steps, with CONCURRENTLY outside any transaction, are
	// what `schemagen migrate diff` writes; docs/drift.md says when to use it.)
	opts.Simple = true
	plan, err := migrate.Diff(live, s, opts)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("-- schemagen drift: the migration that takes the database to " + s.File + "\n")
	for _, m := range manual {
		b.WriteString("-- schemagen: not repaired, do it by hand if it should go: " + m + "\n")
	}
	block := func(stmts []string) {
		if len(stmts) == 0 {
			return
		}
		b.WriteString("\nBEGIN;\n")
		for _, s := range stmts {
			b.WriteString("\n" + s + ";\n")
		}
		b.WriteString("\nCOMMIT;\n")
	}
	block(pre)
	if plan.Changes > 0 {
		b.WriteString("\n")
		b.Write(plan.Up)
	}
	block(post)
	return &Repair{SQL: b.String(), Plan: plan, Manual: manual}, nil
}

// overlay is a copy of the design being changed into the database's schema.
type overlay struct {
	s           *schema.Schema
	tables      map[string]*schema.Table
	constraints map[string]func() // "table.constraint": removes it from the copy
	fks         map[string]*schema.ForeignKey
	checks      map[string]*schema.Column
	indexes     map[string]*schema.TableIndex
	machines    map[string]*schema.Machine // by trigger and by function name
	guards      map[string]*schema.Table   // event tables, by trigger and by function name
	replaced    map[*schema.Table]bool     // tables columnsChanged made
}

func newOverlay(s *schema.Schema) *overlay {
	o := &overlay{s: s, tables: map[string]*schema.Table{}, constraints: map[string]func(){}, fks: map[string]*schema.ForeignKey{},
		checks: map[string]*schema.Column{}, indexes: map[string]*schema.TableIndex{}, machines: map[string]*schema.Machine{}, guards: map[string]*schema.Table{},
		replaced: map[*schema.Table]bool{}}
	for _, t := range s.Tables {
		tq := qualified(schemaOf(t.Schema), t.Name)
		o.tables[tq] = t
		// The closures look the table up when they run: columnsChanged may
		// have replaced it by then.
		table := func() *schema.Table { return o.tables[tq] }
		names := postgres.NamesOf(t)
		if len(t.PrimaryKey) > 0 {
			o.constraints[tq+"."+names.PrimaryKey()] = func() {
				t := table()
				for _, name := range t.PrimaryKey {
					if c := t.Column(name); c != nil {
						c.PK = false
					}
				}
				t.PrimaryKey = nil
			}
		}
		for _, c := range t.Columns {
			c := c
			if c.Unique {
				o.constraints[tq+"."+names.Unique([]string{c.Name})] = func() { c.Unique = false }
			}
			if n := names.Check(c); n != "" {
				o.constraints[tq+"."+n] = func() { c.Check = "" }
				o.checks[tq+"."+n] = c
			}
		}
		for _, u := range t.Uniques {
			u := u
			o.constraints[tq+"."+names.Unique(u.Columns)] = func() {
				t := table()
				for i, x := range t.Uniques {
					if x == u {
						t.Uniques = append(t.Uniques[:i:i], t.Uniques[i+1:]...)
						return
					}
				}
			}
		}
		for _, fk := range t.ForeignKeys {
			fk := fk
			name := tq + "." + names.ForeignKey(fk)
			o.fks[name] = fk
			o.constraints[name] = func() {
				t := table()
				for i, x := range t.ForeignKeys {
					if x == fk {
						t.ForeignKeys = append(t.ForeignKeys[:i:i], t.ForeignKeys[i+1:]...)
						return
					}
				}
			}
		}
		for _, ix := range t.Indexes {
			o.indexes[tq+"."+names.Index(ix)] = ix
		}
		if t.Kind == schema.EventTable {
			o.guards[tq+"."+postgres.EventGuardTriggerName(t)] = t
			o.guards[tq+"."+postgres.EventTruncateTriggerName(t)] = t
			o.guards[qualified(schemaOf(t.Schema), postgres.EventGuardFunctionName(t))] = t
			o.guards[tq+"."+postgres.EventIDTriggerName(t)] = t
			o.guards[qualified(schemaOf(t.Schema), postgres.EventIDFunctionName(t))] = t
		}
	}
	for _, m := range s.Machines {
		if m.Table == nil {
			continue
		}
		tq := qualified(schemaOf(m.Table.Schema), m.Table.Name)
		o.machines[tq+"."+postgres.StateTriggerName(m)] = m
		o.machines[tq+"."+postgres.StateInsertTriggerName(m)] = m
		o.machines[qualified(schemaOf(m.Table.Schema), postgres.StateFunctionName(m))] = m
	}
	return o
}

// sqlName quotes a qualified catalog name the way the generated DDL writes it.
func sqlName(q string) string {
	schema, name, _ := strings.Cut(q, ".")
	if schema == "public" {
		return sqlname.QuoteIdent(name)
	}
	return sqlname.QuoteIdent(schema) + "." + sqlname.QuoteIdent(name)
}

// apply changes the copy so that it describes the database as f found it.
// What a design cannot describe comes back as statements to run before the
// differ's plan (pre) or after it (post), or as a note for a person (manual).
func (o *overlay) apply(f Finding, want, live *Catalog) (pre, post, manual []string) {
	t := o.tables[f.Table]
	key := f.Table + "." + f.Name
	switch f.Thing {
	case "schema":
		if f.Kind == Missing {
			pre = append(pre, postgres.CreateSchema(f.Name))
		} else {
			manual = append(manual, "schema "+f.Name)
		}
	case "extension":
		if f.Kind == Missing {
			pre = append(pre, "CREATE EXTENSION IF NOT EXISTS "+sqlname.QuoteIdent(f.Name))
		} else {
			manual = append(manual, "extension "+f.Name)
		}
	case "enum":
		o.enum(f, live)
	case "domain":
		o.domain(f, live)
	case "table":
		switch {
		case f.Kind == Missing:
			o.dropTable(t)
		case f.Kind == Extra:
			o.addTable(live.Tables[f.Table])
		case f.Detail == "comment":
			t.Description = live.Tables[f.Table].Comment
		}
	case "column":
		lt := live.Tables[f.Table]
		switch f.Kind {
		case Missing:
			t = o.columnsChanged(f.Table)
			for i, c := range t.Columns {
				if c.Name == f.Name {
					t.Columns = append(t.Columns[:i:i], t.Columns[i+1:]...)
					break
				}
			}
		case Extra:
			t = o.columnsChanged(f.Table)
			t.Columns = append(t.Columns, designColumn(lt.Column(f.Name)))
		case Changed:
			c, lc := t.Column(f.Name), lt.Column(f.Name)
			switch f.Detail {
			case "type":
				c.Type, c.Enum = lc.SQLType, nil
				c.TypeInfo, _ = design.ParseType(lc.SQLType)
				for _, e := range o.s.Enums {
					if qualified(schemaOf(e.Schema), e.Name) == qualified("public", lc.Type) || qualified(schemaOf(e.Schema), e.Name) == lc.Type {
						c.Enum = e
					}
				}
			case "not null":
				c.Nullable = !lc.NotNull
			case "default":
				c.Default = lc.Default
			case "identity":
				c.Identity = map[string]string{"always": schema.IdentityAlways, "by default": schema.IdentityByDefault}[lc.Identity]
			case "generated":
				c.Generated = lc.Generated
			case "collation":
				c.Collation = lc.CollationSQL
			case "comment":
				c.Description = lc.Comment
			}
		}
	case "constraint":
		lk := live.Tables[f.Table].Constraints[f.Name]
		switch {
		case f.Kind == Missing:
			if remove := o.constraints[key]; remove != nil {
				remove()
			}
		case f.Kind == Extra:
			pre = append(pre, fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", sqlName(f.Table), sqlname.QuoteIdent(f.Name)))
		case lk.Kind == 'f' && o.fks[key] != nil && onlyActionsDiffer(want.Tables[f.Table].Constraints[f.Name], lk):
			fk := o.fks[key]
			fk.OnDelete, fk.OnUpdate = deleteAction(lk.OnDelete), updateAction(lk.OnUpdate)
		case lk.Kind == 'c' && o.checks[key] != nil:
			o.checks[key].Check = lk.Check
		default:
			// The database's version cannot be told in the design: drop it, and
			// the differ adds the design's.
			pre = append(pre, fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", sqlName(f.Table), sqlname.QuoteIdent(f.Name)))
			if remove := o.constraints[key]; remove != nil {
				remove()
			}
		}
	case "index":
		if f.Kind == Extra || f.Kind == Changed {
			schema, _, _ := strings.Cut(f.Table, ".")
			pre = append(pre, "DROP INDEX IF EXISTS "+sqlName(qualified(schema, f.Name)))
		}
		if f.Kind == Missing || f.Kind == Changed {
			if ix := o.indexes[key]; ix != nil {
				for i, x := range t.Indexes {
					if x == ix {
						t.Indexes = append(t.Indexes[:i:i], t.Indexes[i+1:]...)
						break
					}
				}
			}
		}
	case "trigger", "function":
		if f.Kind == Extra {
			if f.Thing == "trigger" {
				pre = append(pre, fmt.Sprintf("DROP TRIGGER IF EXISTS %s ON %s", sqlname.QuoteIdent(f.Name), sqlName(f.Table)))
			} else {
				manual = append(manual, "function "+display(f.Name)+"()")
			}
			return
		}
		if f.Kind == Disabled {
			post = append(post, fmt.Sprintf("ALTER TABLE %s ENABLE TRIGGER %s", sqlName(f.Table), sqlname.QuoteIdent(f.Name)))
		}
		// The differ replaces a machine's or an event table's triggers and
		// function when their generated SQL differs: make the copy's differ.
		if m := o.machines[key]; m != nil {
			m.Transitions = nil
		} else if m := o.machines[f.Name]; m != nil {
			m.Transitions = nil
		} else if g := o.guards[key]; g != nil {
			g.Kind = schema.EntityTable
		} else if g := o.guards[f.Name]; g != nil {
			g.Kind = schema.EntityTable
		}
	default:
		manual = append(manual, f.Thing+" "+display(f.Name))
	}
	return pre, post, manual
}

// onlyActionsDiffer reports whether two foreign keys differ in their ON
// DELETE and ON UPDATE actions only, which a design can say.
func onlyActionsDiffer(want, live *Constraint) bool {
	if want == nil {
		return false
	}
	w := *want
	w.OnDelete, w.OnUpdate = live.OnDelete, live.OnUpdate
	return constraintDiff(&w, live) == ""
}

func deleteAction(a byte) string {
	return map[byte]string{'a': "no action", 'r': "restrict", 'c': "cascade", 'n': "set null", 'd': "set default"}[a]
}

func updateAction(a byte) string {
	if a == 'a' {
		return ""
	}
	return deleteAction(a)
}

func (o *overlay) enum(f Finding, live *Catalog) {
	var e *schema.Enum
	for _, x := range o.s.Enums {
		if qualified(schemaOf(x.Schema), x.Name) == f.Name {
			e = x
		}
	}
	switch {
	case f.Kind == Extra:
		le := live.Enums[f.Name]
		schemaName, name, _ := strings.Cut(f.Name, ".")
		o.s.Enums = append(o.s.Enums, &schema.Enum{Name: name, Schema: schemaName, Values: le.Values, Kind: schema.DeclaredEnum})
	case e == nil:
	case f.Kind == Missing && e.Kind == schema.DeclaredEnum:
		for i, x := range o.s.Enums {
			if x == e {
				o.s.Enums = append(o.s.Enums[:i:i], o.s.Enums[i+1:]...)
				break
			}
		}
	case f.Detail == "values":
		e.Values = live.Enums[f.Name].Values
		if e.Machine != nil {
			e.Machine.States = e.Values
		}
	case f.Detail == "comment":
		e.Description = live.Enums[f.Name].Comment
	}
}

// columnsChanged replaces the table about to lose or gain a column by a copy
// made of its exported fields, everywhere the copy of the design points at it:
// schema.Table keeps a name index of its columns for lookups, which a column
// list changed from outside the package would leave stale.
func (o *overlay) columnsChanged(name string) *schema.Table {
	old := o.tables[name]
	if o.replaced[old] {
		return old
	}
	t := &schema.Table{
		Entity: old.Entity, Name: old.Name, Schema: old.Schema, Singular: old.Singular, Kind: old.Kind, Declared: old.Declared,
		Description: old.Description, Group: old.Group, RenamedFrom: old.RenamedFrom, Pos: old.Pos,
		Columns: append([]*schema.Column(nil), old.Columns...), PrimaryKey: old.PrimaryKey, Uniques: old.Uniques,
		Indexes: old.Indexes, ForeignKeys: old.ForeignKeys, Machines: old.Machines,
		EventsOf: old.EventsOf, EventEnum: old.EventEnum, Events: old.Events, Retry: old.Retry,
	}
	o.replaced[t] = true
	swap := func(p **schema.Table) {
		if *p == old {
			*p = t
		}
	}
	for i := range o.s.Tables {
		swap(&o.s.Tables[i])
		for _, fk := range o.s.Tables[i].ForeignKeys {
			swap(&fk.Table)
			swap(&fk.RefTable)
		}
		swap(&o.s.Tables[i].EventsOf)
		swap(&o.s.Tables[i].Events)
	}
	for _, r := range o.s.Relations {
		swap(&r.Parent)
		swap(&r.Child)
		swap(&r.Junction)
		for _, fk := range r.ForeignKeys {
			swap(&fk.Table)
			swap(&fk.RefTable)
		}
	}
	for _, m := range o.s.Machines {
		swap(&m.Table)
	}
	for _, e := range o.s.Enums {
		swap(&e.Table)
	}
	for k, g := range o.guards {
		if g == old {
			o.guards[k] = t
		}
	}
	o.tables[name] = t
	return t
}

func (o *overlay) dropTable(t *schema.Table) {
	for i, x := range o.s.Tables {
		if x == t {
			o.s.Tables = append(o.s.Tables[:i:i], o.s.Tables[i+1:]...)
			return
		}
	}
}

// addTable adds a table the design does not have, so that the differ drops it.
func (o *overlay) addTable(lt *Table) {
	schemaName, name, _ := strings.Cut(lt.Name, ".")
	t := &schema.Table{Entity: name, Name: name, Schema: schemaName, Singular: design.Singular(name), Kind: schema.EntityTable, Declared: true}
	for _, lc := range lt.Columns {
		t.Columns = append(t.Columns, designColumn(lc))
	}
	o.s.Tables = append(o.s.Tables, t)
}

func designColumn(lc *Column) *schema.Column {
	ti, _ := design.ParseType(lc.SQLType)
	return &schema.Column{Name: lc.Name, Type: lc.SQLType, TypeInfo: ti, Nullable: !lc.NotNull, Default: lc.Default,
		Identity:  map[string]string{"always": schema.IdentityAlways, "by default": schema.IdentityByDefault}[lc.Identity],
		Generated: lc.Generated, Description: lc.Comment, Collation: lc.CollationSQL}
}
