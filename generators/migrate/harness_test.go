package migrate

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/testkit/pgcatalog"
	"github.com/schemagen/schemagen/internal/testkit/pgrows"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

// mustCheck loads a design and fails the test on any error.
func mustCheck(t testing.TB, name string, data []byte) *schema.Schema {
	t.Helper()
	s, diags := check.Source(name, data, nil)
	if s == nil || diags.HasErrors() {
		var lines []string
		for _, d := range diags {
			if d.Severity == design.Error {
				lines = append(lines, d.String())
			}
		}
		t.Fatalf("%s has errors:\n%s", name, strings.Join(lines, "\n"))
	}
	return s
}

// build creates a database from a design with `schemagen sql`'s DDL.
func build(t *testing.T, s *schema.Schema) *pgx.Conn {
	t.Helper()
	ddl, err := postgres.Generate(s, postgres.Options{})
	if err != nil {
		t.Fatalf("generating DDL of %s: %v", s.File, err)
	}
	conn := pgtest.NewDatabase(t)
	if _, err := conn.Exec(context.Background(), string(ddl)); err != nil {
		t.Fatalf("building %s: %v", s.File, err)
	}
	return conn
}

func catalog(t *testing.T, conn *pgx.Conn) *pgcatalog.Catalog {
	t.Helper()
	c, err := pgcatalog.Read(context.Background(), conn)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// proveOnPostgres builds a database from old, fills it with a row per table,
// applies the up migration and proves that the database then has the schema
// of a database built from new and still holds the rows (renamed columns
// included); then applies the down migration and proves the schema is old's
// again. With emptyDown, the down migration is proved on a database without
// rows (it re-adds NOT NULL columns whose data the up migration dropped).
func proveOnPostgres(t *testing.T, old, new *schema.Schema, plan *Plan, emptyDown bool) {
	t.Helper()
	proveData(t, old, new, plan, proof{emptyDown: emptyDown})
}

// proof says what proveData does besides the catalog and row comparisons.
type proof struct {
	emptyDown bool
	// seed is SQL run on the old database after its first rows: more rows,
	// in every state and enum value.
	seed string
	// query is run after the up migration and must print want (one row per
	// line, columns separated by |); queryDown likewise after the down migration.
	query, want, queryDown, wantDown string
}

// query runs a query and returns its rows as lines, columns separated by |.
func queryLines(t *testing.T, db *pgx.Conn, sql string) string {
	t.Helper()
	rows, err := db.Query(context.Background(), sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		cols := make([]string, len(vals))
		for i, v := range vals {
			cols[i] = fmt.Sprint(v)
		}
		lines = append(lines, strings.Join(cols, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return strings.Join(lines, "\n")
}

// proveData is proveOnPostgres with more rows and queries of their values.
func proveData(t *testing.T, old, new *schema.Schema, plan *Plan, pr proof) {
	t.Helper()
	emptyDown := pr.emptyDown
	ctx := context.Background()
	db := build(t, old)
	wantOld := catalog(t, db)
	wantNew := catalog(t, build(t, new))
	before, err := pgrows.Insert(ctx, db, old)
	if err != nil {
		t.Fatalf("inserting rows: %v", err)
	}
	if pr.seed != "" {
		if _, err := db.Exec(ctx, pr.seed); err != nil {
			t.Fatalf("seeding the old database: %v", err)
		}
		if before, err = pgrows.Read(ctx, db, old); err != nil {
			t.Fatal(err)
		}
	}
	runChecks(t, db, plan.Checks)
	applySteps(t, db, "up", plan.UpSteps)
	if d := pgcatalog.Diff(wantNew, catalog(t, db)); len(d) > 0 {
		t.Fatalf("after the up migration the schema differs from a database built from %s (- built, + migrated):\n%s\n\nup migration:\n%s",
			new.File, strings.Join(d, "\n"), string(plan.Up))
	}
	after, err := pgrows.Read(ctx, db, new)
	if err != nil {
		t.Fatal(err)
	}
	m := match(old, new)
	compareRows(t, "up", old, before, after, func(st *schema.Table) *schema.Table { return m.tableBack[st] },
		func(sc *schema.Column) *schema.Column { return m.colBack[sc] }, m.renamedValue)
	if pr.query != "" {
		if got := queryLines(t, db, pr.query); got != strings.TrimSpace(pr.want) {
			t.Errorf("after the up migration, %s\ngave:\n%s\nwant:\n%s", pr.query, got, strings.TrimSpace(pr.want))
		}
	}

	if emptyDown {
		db = build(t, new)
	}
	applySteps(t, db, "down", plan.DownSteps)
	if d := pgcatalog.Diff(wantOld, catalog(t, db)); len(d) > 0 {
		t.Fatalf("after the down migration the schema differs from a database built from %s (- built, + migrated):\n%s\n\ndown migration:\n%s",
			old.File, strings.Join(d, "\n"), string(plan.Down))
	}
	if emptyDown {
		return
	}
	if pr.queryDown != "" {
		if got := queryLines(t, db, pr.queryDown); got != strings.TrimSpace(pr.wantDown) {
			t.Errorf("after the down migration, %s\ngave:\n%s\nwant:\n%s", pr.queryDown, got, strings.TrimSpace(pr.wantDown))
		}
	}
	back, err := pgrows.Read(ctx, db, old)
	if err != nil {
		t.Fatal(err)
	}
	// Rows of tables and columns that exist on both sides survive the round trip.
	compareRows(t, "up and down", old, before, back, func(st *schema.Table) *schema.Table {
		if m.tableBack[st] == nil {
			return nil
		}
		return st
	}, func(sc *schema.Column) *schema.Column {
		if m.colBack[sc] == nil {
			return nil
		}
		return sc
	}, nil)
}

// runChecks runs the data checks of a plan on a database of the old design:
// every query must run (old names, renamed columns included).
func runChecks(t *testing.T, db *pgx.Conn, checks []DataCheck) {
	t.Helper()
	ctx := context.Background()
	for _, c := range checks {
		var n int64
		if err := db.QueryRow(ctx, c.Violations).Scan(&n); err != nil {
			t.Fatalf("data check of %s: %v\n%s", c.Constraint, err, c.Violations)
		}
		rows, err := db.Query(ctx, c.Examples)
		if err == nil {
			_, err = pgx.CollectRows(rows, pgx.RowTo[string])
		}
		if err != nil {
			t.Fatalf("examples of %s: %v\n%s", c.Constraint, err, c.Examples)
		}
	}
}

// applySteps applies the steps of a migration one by one, each as one
// statement string, the way golang-migrate applies a file.
func applySteps(t *testing.T, db *pgx.Conn, what string, steps []Step) {
	t.Helper()
	for i, s := range steps {
		sql := s.SQL(fmt.Sprintf("%s step %d of %d", what, i+1, len(steps)))
		if _, err := db.Exec(context.Background(), sql); err != nil {
			t.Fatalf("applying step %d of the %s migration: %v\n%s", i+1, what, err, sql)
		}
	}
}

// compareRows checks that every value of before (rows of old's tables) is in
// after under the table and column that mapTable and mapCol give.
func compareRows(t *testing.T, what string, old *schema.Schema, before, after pgrows.Rows,
	mapTable func(*schema.Table) *schema.Table, mapCol func(*schema.Column) *schema.Column,
	mapValue func(dst *schema.Enum, v any) any) {
	t.Helper()
	for _, st := range old.Tables {
		dt := mapTable(st)
		if dt == nil {
			continue
		}
		rows := before[st.QualifiedName()]
		got := after[dt.QualifiedName()]
		if len(got) != len(rows) {
			t.Errorf("%s: table %s has %d rows, want %d (from %s)", what, dt.QualifiedName(), len(got), len(rows), st.QualifiedName())
			continue
		}
		got = byKey(st, rows, got, mapCol)
		for i, row := range rows {
			for _, sc := range st.Columns {
				dc := mapCol(sc)
				if dc == nil || sc.TypeInfo.String() != dc.TypeInfo.String() && (sc.Enum == nil || dc.Enum == nil) {
					continue // dropped, or converted to another type
				}
				if sc.Generated != dc.Generated {
					continue // recomputed from a new expression
				}
				v := row[sc.Name]
				if mapValue != nil && dc.Enum != nil {
					v = mapValue(dc.Enum, v)
				}
				a, _ := json.Marshal(v)
				b, _ := json.Marshal(got[i][dc.Name])
				if string(a) != string(b) {
					t.Errorf("%s: %s.%s was %s, now %s.%s is %s", what, st.QualifiedName(), sc.Name, a, dt.QualifiedName(), dc.Name, b)
				}
			}
		}
	}
}

// byKey orders the rows of after like those of before, matching their
// primary keys (rows are read ordered by their JSON text, which renamed
// values and columns change); without a key, or when a key is not found, the
// order stays.
func byKey(st *schema.Table, before, after []map[string]any, mapCol func(*schema.Column) *schema.Column) []map[string]any {
	if len(st.PrimaryKey) == 0 {
		return after
	}
	key := func(row map[string]any, names []string) string {
		b, _ := json.Marshal(func() []any {
			var vals []any
			for _, n := range names {
				vals = append(vals, row[n])
			}
			return vals
		}())
		return string(b)
	}
	var dstNames []string
	for _, name := range st.PrimaryKey {
		dc := mapCol(st.Column(name))
		if dc == nil {
			return after
		}
		dstNames = append(dstNames, dc.Name)
	}
	index := map[string]map[string]any{}
	for _, row := range after {
		index[key(row, dstNames)] = row
	}
	out := make([]map[string]any, len(before))
	for i, row := range before {
		if out[i] = index[key(row, st.PrimaryKey)]; out[i] == nil {
			return after
		}
	}
	return out
}

// renamedValue is an enum value (or array of them) of a source row under
// the target design's names: what the rows hold after the value renames.
func (m *mapping) renamedValue(dst *schema.Enum, v any) any {
	renames := m.values[dst]
	if len(renames) == 0 {
		return v
	}
	rename := func(s string) string {
		for _, r := range renames {
			if r.from == s {
				return r.to
			}
		}
		return s
	}
	switch x := v.(type) {
	case string:
		return rename(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			if s, ok := e.(string); ok {
				out[i] = rename(s)
			} else {
				out[i] = e
			}
		}
		return out
	}
	return v
}

// diagnosticRules lists the rules of a plan's diagnostics, one per line.
func diagnosticRules(p *Plan) string {
	var b strings.Builder
	for _, d := range p.Diagnostics {
		fmt.Fprintf(&b, "%s\n", d.Rule)
	}
	return b.String()
}
