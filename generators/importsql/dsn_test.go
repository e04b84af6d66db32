package importsql

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

// TestCorpusImportFromDatabase checks that importing a database (what
// `schemagen import --dsn` does: pg_dump --schema-only, then the import) and
// importing the file it was built from give the same design: the DDL of each
// design, applied to a fresh database, yields the same catalog (tables,
// columns, keys, checks, indexes). The two YAML texts differ in order
// (pg_dump sorts by kind and name) and in how expressions are spelled
// (pg_dump prints them from the catalog), not in what they describe.
func TestCorpusImportFromDatabase(t *testing.T) {
	importFromDatabaseAll(t, corpusFiles(t))
}

// TestImportFromDatabaseDir runs the check of TestCorpusImportFromDatabase
// on every *.sql file of the directories in SCHEMAGEN_ROUNDTRIP_DIR (a
// held-out set, a team's own schema), as TestRoundTripDir does the round trip.
func TestImportFromDatabaseDir(t *testing.T) {
	importFromDatabaseAll(t, roundTripDirFiles(t))
}

// importFromDatabaseAll runs importFromDatabase on each file as a subtest.
func importFromDatabaseAll(t *testing.T, files []string) {
	pgtest.ServerDSN(t)
	for _, tool := range []string{"psql", "pg_dump"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".sql")
		t.Run(name, func(t *testing.T) { importFromDatabase(t, name, file) })
	}
}

// importFromDatabase applies file to a fresh database, imports both the file
// and the database's pg_dump, and reports where the two designs' DDL differ.
func importFromDatabase(t *testing.T, name, file string) {
	_, origDSN := pgtest.NewDatabaseDSN(t)
	psql(t, origDSN, file)
	dump, err := exec.Command("pg_dump", "--schema-only", "--no-owner", "--no-privileges", "--dbname", origDSN).Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	sql, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fromFile := applyImport(t, name, filepath.Base(file), sql)
	fromDB := applyImport(t, name, "pg_dump", dump)
	for _, kind := range catalogKinds {
		a, b := fromFile[kind], fromDB[kind]
		switch kind {
		case "checks":
			a, b = withoutCasts(a), withoutCasts(b)
		case "views":
			a, b = withoutConstantAliases(a), withoutConstantAliases(b)
		}
		_, missing, extra := compare(a, b)
		for _, m := range missing {
			t.Errorf("%s: the import of the file has, the import of the database lacks: %s", kind, m)
		}
		for _, x := range extra {
			t.Errorf("%s: the import of the database has, the import of the file lacks: %s", kind, x)
		}
	}
}

// applyImport imports sql, generates the design's DDL, applies it to a fresh
// database and returns that database's normalised catalog.
func applyImport(t *testing.T, name, file string, sql []byte) catalog {
	t.Helper()
	out, diags, err := Import(file, sql, Options{Name: name})
	if err != nil {
		t.Fatalf("import of %s: %v %v", file, err, diags)
	}
	s, vd := check.Source(name+".yaml", out, nil)
	if vd.HasErrors() {
		t.Fatalf("the import of %s has errors: %v", file, vd)
	}
	ddl, err := postgres.Generate(s, postgres.Options{})
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	path := filepath.Join(t.TempDir(), name+".sql")
	if err := os.WriteFile(path, ddl, 0o644); err != nil {
		t.Fatal(err)
	}
	conn, dsn := pgtest.NewDatabaseDSN(t)
	psql(t, dsn, path)
	return normalise(readCatalog(t, conn))
}

// castsAndParens are what PostgreSQL adds when it stores a CHECK again from
// pg_dump's text: `x IN ('a', 'b')` on a varchar column is stored as
// `(x)::text = ANY ((ARRAY['a'::varchar, 'b'::varchar])::text[])` from the
// file, and with the casts moved inside the array once pg_dump's spelling of
// it is applied. The same comparison, the same values: only casts and
// parentheses differ, so checks are compared without them.
var castsAndParens = regexp.MustCompile(`::[a-z][a-z ]*(\[\])?|[()]`)

func withoutCasts(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = castsAndParens.ReplaceAllString(l, "")
	}
	sort.Strings(out)
	return out
}

// constantAlias is the column name pg_dump gives a typed NULL in a view's
// query (`NULL::integer AS int4`), which the file left unnamed: the view's
// columns are the same, named by the query's first branch.
var constantAlias = regexp.MustCompile(`(NULL::\w+) AS \w+`)

// withoutConstantAliases drops those names from view definitions, sorted.
func withoutConstantAliases(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = constantAlias.ReplaceAllString(l, "$1")
	}
	sort.Strings(out)
	return out
}
