package importsql

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

// indexOptionsSQL has index entries with an order, an operator class (with
// parameters) or a collation after a column or a parenthesized expression.
const indexOptionsSQL = `CREATE COLLATION local_coll FROM "C";
CREATE TABLE person (
  id int PRIMARY KEY,
  name text NOT NULL,
  born date,
  doc tsvector
);
CREATE INDEX person_lower_desc ON person ((lower(name)) DESC);
CREATE INDEX person_lower_ops ON person ((lower(name)) text_pattern_ops);
CREATE INDEX person_lower_collate ON person ((lower(name)) COLLATE "C");
CREATE INDEX person_lower_all ON person ((lower(name)) COLLATE "POSIX" text_pattern_ops DESC NULLS LAST, (born + 1) ASC NULLS FIRST);
CREATE INDEX person_name_ucs ON person (name COLLATE ucs_basic DESC);
CREATE INDEX person_name_ops ON person (name text_pattern_ops, born NULLS FIRST);
CREATE INDEX person_doc ON person USING gist (doc tsvector_ops (siglen = 100));
CREATE INDEX person_local_coll ON person ((lower(name)) COLLATE local_coll DESC);
`

// wantIndexColumns are the design's entries for indexOptionsSQL.
var wantIndexColumns = map[string]string{
	"person_lower_desc":    `(lower(name)) DESC`,
	"person_lower_ops":     `(lower(name)) text_pattern_ops`,
	"person_lower_collate": `(lower(name)) COLLATE "C"`,
	"person_lower_all":     `(lower(name)) COLLATE "POSIX" text_pattern_ops DESC NULLS LAST | (born + 1) ASC NULLS FIRST`,
	"person_name_ucs":      `name COLLATE ucs_basic DESC`,
	"person_name_ops":      `name text_pattern_ops | born NULLS FIRST`,
	"person_doc":           `doc tsvector_ops(siglen = 100)`,
	// The collation is created by a SQL block of the design.
	"person_local_coll": `(lower(name)) COLLATE local_coll DESC`,
}

// TestIndexEntryOptions checks that DESC/ASC, NULLS FIRST/LAST, operator
// classes and collations are kept on expression entries as on columns, and
// that only the index whose collation the file creates is reported, as skipped.
func TestIndexEntryOptions(t *testing.T) {
	out, diags, err := Import("person.sql", []byte(indexOptionsSQL), Options{})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	s, vd := check.Source("person.yaml", out, nil)
	if vd.HasErrors() {
		t.Fatalf("the imported design has errors:\n%s\n%s", diagText(vd), out)
	}
	got := map[string]string{}
	for _, tb := range s.Tables {
		for _, ix := range tb.Indexes {
			if ix.Name != "" {
				got[ix.Name] = strings.Join(ix.Columns, " | ")
			}
		}
	}
	for name, want := range wantIndexColumns {
		if got[name] != want {
			t.Errorf("index %s: columns %q, want %q", name, got[name], want)
		}
	}
	if len(got) != len(wantIndexColumns) {
		t.Errorf("got %d named indexes, want %d:\n%s", len(got), len(wantIndexColumns), out)
	}
	var changed []string
	for _, d := range diags {
		if d.Rule == "import-changed" || (d.Rule == "import-skipped" && strings.Contains(d.Message, "index")) {
			changed = append(changed, d.Message)
		}
	}
	// The collation the file creates is a SQL block that runs before the
	// tables, so the index on it is kept.
	if len(changed) != 0 {
		t.Errorf("index warnings %q, want none", changed)
	}
	if _, err := postgres.Generate(s, postgres.Options{}); err != nil {
		t.Fatalf("generate: %v", err)
	}
}

// TestIndexEntryOptionsOnPostgres applies indexOptionsSQL and the DDL
// generated from its import to PostgreSQL, and compares every index's
// definition (pg_get_indexdef): all match, the one on a collation the file
// creates included (the collation is a SQL block that runs before the tables).
func TestIndexEntryOptionsOnPostgres(t *testing.T) {
	origConn, origDSN := pgtest.NewDatabaseDSN(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "person.sql")
	if err := os.WriteFile(src, []byte(indexOptionsSQL), 0o644); err != nil {
		t.Fatal(err)
	}
	psql(t, origDSN, src)
	out, _, err := Import("person.sql", []byte(indexOptionsSQL), Options{})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	s, vd := check.Source("person.yaml", out, nil)
	if vd.HasErrors() {
		t.Fatalf("the imported design has errors:\n%s", diagText(vd))
	}
	ddl, err := postgres.Generate(s, postgres.Options{})
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	gen := filepath.Join(dir, "generated.sql")
	if err := os.WriteFile(gen, ddl, 0o644); err != nil {
		t.Fatal(err)
	}
	copyConn, copyDSN := pgtest.NewDatabaseDSN(t)
	psql(t, copyDSN, gen)
	orig, cp := indexDefs(t, origConn), indexDefs(t, copyConn)
	// + the primary key's index.
	if len(orig) != len(wantIndexColumns)+1 {
		t.Fatalf("the original has %d indexes, want %d: %v", len(orig), len(wantIndexColumns)+1, orig)
	}
	for name, def := range orig {
		want := def
		if name == "person_pkey" {
			continue // schemagen names its own constraints
		}
		if cp[name] != want {
			t.Errorf("index %s:\n original %s\n copy     %s\n want     %s", name, def, cp[name], want)
		}
	}
}

// indexDefs maps the name of every index in the public schema to its definition.
func indexDefs(t *testing.T, conn *pgx.Conn) map[string]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rows, err := conn.Query(ctx, `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'`)
	if err != nil {
		t.Fatalf("index query: %v", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			t.Fatal(err)
		}
		out[name] = def
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal(fmt.Errorf("no indexes"))
	}
	return out
}
