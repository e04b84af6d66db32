package drift

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// Report is the result of comparing a database with a design.
type Report struct {
	Findings []Finding // sorted by table, then object
	Live     *Catalog
	Want     *Catalog
}

// Check compares the database conn is connected to with the design s. It
// only reads: the catalog, and EXPLAIN of expressions it has to compare.
func Check(ctx context.Context, conn *pgx.Conn, s *schema.Schema, opts Options) (*Report, error) {
	// The expected catalog is work for this process, the live one for the
	// server: do both at once.
	var want *Catalog
	wantErr := make(chan error, 1)
	go func() {
		var err error
		want, err = Expected(s)
		wantErr <- err
	}()
	live, err := ReadLive(ctx, conn)
	if werr := <-wantErr; werr != nil {
		return nil, werr
	}
	if err != nil {
		return nil, err
	}
	found := compare(want, live)
	if found, err = settle(ctx, conn, live, found); err != nil {
		return nil, err
	}
	var kept []Finding
	for _, f := range found {
		if (f.Owned || opts.Strict) && !(opts.NoComments && f.Detail == "comment") && !f.ignored(opts.Ignore) {
			kept = append(kept, f)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool {
		if kept[i].Table != kept[j].Table {
			return kept[i].Table < kept[j].Table
		}
		return false
	})
	return &Report{Findings: kept, Live: live, Want: want}, nil
}

// settle asks the server whether the expressions whose texts differ mean the
// same: each one is planned with EXPLAIN VERBOSE over a row of its table's
// column types, and PostgreSQL prints both in one canonical form (x IN (1, 2)
// and x = ANY ('{1,2}'::integer[]) alike). Nothing is executed, and no
// table is read: the row is made of NULLs, and OFFSET 0 keeps the planner
// from folding them into the expression.
func settle(ctx context.Context, conn *pgx.Conn, live *Catalog, found []Finding) ([]Finding, error) {
	type job struct {
		finding int
		queries [2]string
	}
	var jobs []job
	for i, f := range found {
		if f.exprs == nil {
			continue
		}
		row := f.exprs.from
		if row == "" {
			t := live.Tables[f.Table]
			if t == nil {
				continue
			}
			row = rowOf(t)
		}
		q := func(expr string) string {
			e := "(" + expr + ")"
			if f.exprs.cast != "" {
				e = "(" + e + ")::" + f.exprs.cast
			}
			return "EXPLAIN (VERBOSE, COSTS OFF) SELECT " + e + " FROM " + row
		}
		jobs = append(jobs, job{i, [2]string{q(f.exprs.want), q(f.exprs.live)}})
	}
	if len(jobs) == 0 {
		return found, nil
	}
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "SET LOCAL search_path = public"); err != nil {
		return nil, err
	}
	same := map[int]bool{}
	for _, j := range jobs {
		var outs [2]string
		ok := true
		for k, q := range j.queries {
			// A savepoint per query: an expression that no longer plans (a
			// column or function it needs is gone) is a difference, not a failure.
			if _, err := tx.Exec(ctx, "SAVEPOINT expr"); err != nil {
				return nil, err
			}
			out, err := explainOutput(ctx, tx, q)
			if err != nil {
				ok = false
				if _, err := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT expr"); err != nil {
					return nil, err
				}
				break
			}
			outs[k] = out
		}
		if ok && outs[0] == outs[1] {
			same[j.finding] = true
		}
	}
	var kept []Finding
	for i, f := range found {
		if !same[i] {
			f.exprs = nil
			kept = append(kept, f)
		}
	}
	return kept, nil
}

// rowOf is a subquery that yields one row of NULLs typed like t's columns, named like t.
func rowOf(t *Table) string {
	var cols []string
	for _, c := range t.Columns {
		cols = append(cols, "NULL::"+c.SQLType+" AS "+sqlname.QuoteIdent(c.Name))
	}
	_, name, _ := strings.Cut(t.Name, ".")
	return "(SELECT " + strings.Join(cols, ", ") + " OFFSET 0) AS " + sqlname.QuoteIdent(name)
}

func explainOutput(ctx context.Context, tx pgx.Tx, query string) (string, error) {
	rows, err := tx.Query(ctx, query)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var out string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", err
		}
		if _, rest, ok := strings.Cut(line, "Output: "); ok && out == "" {
			out = rest
		}
	}
	return out, rows.Err()
}

// Diagnostics turns the findings into diagnostics at the design lines they
// concern, for the printers of `validate` (json, github, sarif).
func (r *Report) Diagnostics(s *schema.Schema) design.Diagnostics {
	pos := positionsOf(s)
	var out design.Diagnostics
	for _, f := range r.Findings {
		msg := f.Message
		switch {
		case f.Thing == "table" && f.Kind != Changed: // "table is missing": "table rides is missing"
			msg = "table " + display(f.Table) + strings.TrimPrefix(msg, "table")
		case f.Table != "":
			msg = "table " + display(f.Table) + ": " + msg
		}
		out = append(out, design.Diagnostic{Pos: pos.of(f, s.File), Severity: design.Error, Rule: "drift-" + string(f.Kind), Message: msg, Hint: hint(f)})
	}
	return out
}

func hint(f Finding) string {
	if !f.Owned {
		return "drop it, add it to the design, or leave it out with --ignore"
	}
	return "run `schemagen drift --sql` for the migration that repairs it"
}

// positions maps catalog objects to the design lines that make them.
type positions struct {
	at map[string]design.Pos // "table", "table.column", "table.constraint", "table.index", "table.trigger", "function", "enum"
}

func positionsOf(s *schema.Schema) *positions {
	p := &positions{at: map[string]design.Pos{}}
	set := func(key string, pos design.Pos) {
		if _, ok := p.at[key]; !ok && pos.IsValid() {
			p.at[key] = pos
		}
	}
	for _, t := range s.Tables {
		tq := qualified(schemaOf(t.Schema), t.Name)
		set(tq, t.Pos)
		names := postgres.NamesOf(t)
		for _, c := range t.Columns {
			set(tq+"."+c.Name, c.Pos)
			if n := names.Check(c); n != "" {
				set(tq+"."+n, c.Pos)
			}
			if c.Unique {
				set(tq+"."+names.Unique([]string{c.Name}), c.Pos)
			}
		}
		if len(t.PrimaryKey) > 0 {
			if c := t.Column(t.PrimaryKey[0]); c != nil {
				set(tq+"."+names.PrimaryKey(), c.Pos)
			}
		}
		for _, u := range t.Uniques {
			set(tq+"."+names.Unique(u.Columns), u.Pos)
		}
		for _, fk := range t.ForeignKeys {
			if len(fk.Columns) > 0 {
				if c := t.Column(fk.Columns[0]); c != nil {
					set(tq+"."+names.ForeignKey(fk), c.Pos)
				}
			}
		}
		for _, ix := range t.Indexes {
			set(tq+"."+names.Index(ix), ix.Pos)
		}
		if t.Kind == schema.EventTable {
			set(tq+"."+postgres.EventGuardTriggerName(t), t.Pos)
			set(tq+"."+postgres.EventTruncateTriggerName(t), t.Pos)
			set(qualified(schemaOf(t.Schema), postgres.EventGuardFunctionName(t)), t.Pos)
		}
	}
	for _, m := range s.Machines {
		if m.Table == nil {
			continue
		}
		tq := qualified(schemaOf(m.Table.Schema), m.Table.Name)
		set(tq+"."+postgres.StateTriggerName(m), m.Pos)
		set(tq+"."+postgres.StateInsertTriggerName(m), m.Pos)
		set(qualified(schemaOf(m.Table.Schema), postgres.StateFunctionName(m)), m.Pos)
	}
	for _, e := range s.Enums {
		set(qualified(schemaOf(e.Schema), e.Name), e.Pos)
	}
	for _, d := range s.Domains {
		set(qualified(schemaOf(d.Schema), d.Name), d.Pos)
	}
	return p
}

func (p *positions) of(f Finding, file string) design.Pos {
	var tries []string
	if f.Table != "" {
		if f.Column != "" {
			tries = append(tries, f.Table+"."+f.Column)
		}
		tries = append(tries, f.Table+"."+f.Name, f.Table)
	} else {
		tries = append(tries, f.Name)
	}
	for _, k := range tries {
		if pos, ok := p.at[k]; ok {
			return pos
		}
	}
	return design.Pos{File: file}
}

func schemaOf(s string) string {
	if s == "" {
		return "public"
	}
	return s
}

// String writes a finding the way the text report lists it.
func (f Finding) String() string {
	sign := map[Kind]string{Missing: "-", Extra: "+", Changed: "~", Disabled: "!"}[f.Kind]
	return fmt.Sprintf("%s %s", sign, f.Message)
}
