package dbml

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/testkit/npmtool"

	"github.com/jackc/pgx/v5"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/testkit/golden"
	"github.com/schemagen/schemagen/internal/testkit/pgcatalog"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

// TestGolden compares the DBML of every example with testdata/NAME.dbml.
func TestGolden(t *testing.T) {
	for _, d := range golden.Examples(t) {
		got, err := Generate(d.Schema)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := Generate(d.Schema)
		if string(got) != string(again) {
			t.Errorf("%s: output differs between two runs", d.Name)
		}
		golden.Check(t, filepath.Join("testdata", d.Name+".dbml"), got)
	}
}

// TestDBMLToPostgres proves the export with DBML's own tool: @dbml/cli turns
// the DBML of every example into PostgreSQL DDL, and a database built from it
// has the same tables, columns (type and nullability), primary keys, unique
// constraints and foreign keys (actions included) as one built by `schemagen
// sql`, compared on the catalog. What DBML cannot carry (checks, triggers,
// defaults' identity form, comments, index names) is left out of the comparison.
func TestDBMLToPostgres(t *testing.T) {
	tool := npmtool.DBML2SQL(t)
	pgtest.ServerDSN(t)
	ctx := context.Background()
	for _, d := range golden.Examples(t) {
		t.Run(d.Name, func(t *testing.T) {
			out, err := Generate(d.Schema)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), d.Name+".dbml")
			if err := os.WriteFile(file, out, 0o644); err != nil {
				t.Fatal(err)
			}
			ddl := npmtool.RunDBML2SQL(t, tool, file)
			sql, err := postgres.Generate(d.Schema, postgres.Options{})
			if err != nil {
				t.Fatal(err)
			}
			theirs := pgtest.NewDatabase(t)
			// DBML has no extensions: create the ones the design's types need.
			for _, line := range strings.Split(string(sql), "\n") {
				if strings.HasPrefix(line, "CREATE EXTENSION") {
					if _, err := theirs.Exec(ctx, line); err != nil {
						t.Fatal(err)
					}
				}
			}
			if _, err := theirs.Exec(ctx, string(ddl)); err != nil {
				t.Fatalf("applying the DDL of dbml2sql: %v\n%s", err, ddl)
			}
			ours := pgtest.NewDatabase(t)
			if _, err := ours.Exec(ctx, string(sql)); err != nil {
				t.Fatal(err)
			}
			want, got := shape(t, ours), shape(t, theirs)
			if diff := pgcatalog.Diff(want, got); len(diff) > 0 {
				t.Errorf("the database dbml2sql builds differs from schemagen sql's (- ours, + dbml2sql):\n%s\n\nDDL of dbml2sql:\n%s",
					strings.Join(diff, "\n"), ddl)
			}
		})
	}
}

// constraintFact is "constraint SCHEMA.TABLE NAME TYPE DEFINITION".
var constraintFact = regexp.MustCompile(`^constraint (\S+) \S+ ([pf]) (.*)$`)

// uniqueIndexFact is a unique index without WHERE: DBML writes a
// multi-column unique constraint as one, and every unique constraint has one.
var uniqueIndexFact = regexp.MustCompile(`^index \S+ CREATE UNIQUE INDEX \S+ ON (\S+) USING (\w+ \(.*\))$`)

// shape keeps the facts of the catalog that DBML carries: tables, columns
// with their type and nullability, primary and foreign keys without their
// names, and uniqueness (a unique constraint or a unique index: DBML writes
// both as a unique index).
func shape(t *testing.T, conn *pgx.Conn) *pgcatalog.Catalog {
	t.Helper()
	c, err := pgcatalog.Read(context.Background(), conn)
	if err != nil {
		t.Fatal(err)
	}
	var facts []string
	for _, f := range c.Facts {
		switch {
		case strings.HasSuffix(f, " kind=S"): // sequences: identity or serial, named alike
		case strings.HasPrefix(f, "table "), strings.HasPrefix(f, "schema "):
			facts = append(facts, f)
		case strings.HasPrefix(f, "column "):
			for _, cut := range []string{" default ", " identity ", " generated "} {
				if i := strings.Index(f, cut); i >= 0 {
					f = f[:i]
				}
			}
			facts = append(facts, f)
		case uniqueIndexFact.MatchString(f):
			m := uniqueIndexFact.FindStringSubmatch(f)
			facts = append(facts, "unique "+m[1]+" "+m[2])
		case strings.HasPrefix(f, "constraint "):
			if m := constraintFact.FindStringSubmatch(f); m != nil {
				// dbml2sql makes every foreign key DEFERRABLE (initially immediate).
				facts = append(facts, "constraint "+m[1]+" "+m[2]+" "+strings.TrimSuffix(m[3], " DEFERRABLE"))
			}
		}
	}
	sort.Strings(facts)
	return &pgcatalog.Catalog{Facts: facts}
}
