package importdbml

import (
	"context"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/testkit/npmtool"

	"github.com/jackc/pgx/v5"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/generators/dbml"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/testkit/golden"
	"github.com/schemagen/schemagen/internal/testkit/pgcatalog"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

// apply runs DDL on a fresh database and returns the connection.
func apply(t *testing.T, ddl []byte) (*pgx.Conn, error) {
	t.Helper()
	conn := pgtest.NewDatabase(t)
	_, err := conn.Exec(context.Background(), string(ddl))
	return conn, err
}

// TestCorpusAppliesOnPostgres applies the DDL of every imported corpus file
// (`schemagen sql` of the imported design) on PostgreSQL. It applies, except
// where the DBML's own expressions call functions PostgreSQL does not have
// or cannot index, which the table of TestCorpus names.
func TestCorpusAppliesOnPostgres(t *testing.T) {
	pgtest.ServerDSN(t)
	for _, r := range importCorpus(t) {
		if r.schema == nil {
			continue
		}
		t.Run(r.file, func(t *testing.T) {
			ddl, err := postgres.Generate(r.schema, postgres.Options{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = apply(t, ddl)
			switch {
			case r.applyError == "" && err != nil:
				t.Fatalf("the DDL does not apply: %v\n%s", err, ddl)
			case r.applyError != "" && (err == nil || !strings.Contains(err.Error(), r.applyError)):
				t.Fatalf("applying the DDL: %v, want an error with %q", err, r.applyError)
			}
		})
	}
}

// comparedWithDBML2SQL are the corpus files whose import is compared with
// dbml2sql's DDL on the catalog: every imported file whose dbml2sql output
// applies on PostgreSQL as it is (MANIFEST.md's "applies" column).
var comparedWithDBML2SQL = []string{
	"array_types.dbml", "multiline_string_escapes.dbml", "one_to_one_inline_ref.dbml",
	"tablegroup_notes.dbml", "tablegroup_settings.dbml",
}

// TestCorpusMatchesDBML2SQL compares, on the PostgreSQL catalog, a database
// built by DBML's own tool (`dbml2sql --postgres` of the corpus file) with one
// built by `schemagen sql` of our import of the same file: the same tables,
// columns (type and nullability), primary keys, uniqueness and foreign keys.
// Every imported file is tried; those whose dbml2sql DDL does not apply on
// PostgreSQL are listed by MANIFEST.md and left out, and the test checks that
// the files compared are exactly comparedWithDBML2SQL.
func TestCorpusMatchesDBML2SQL(t *testing.T) {
	tool := npmtool.DBML2SQL(t)
	pgtest.ServerDSN(t)
	dir := corpusDir(t)
	var compared []string
	for _, r := range importCorpus(t) {
		if r.schema == nil || r.applyError != "" {
			continue
		}
		t.Run(r.file, func(t *testing.T) {
			theirDDL := npmtool.RunDBML2SQL(t, tool, filepath.Join(dir, r.file))
			theirs, err := apply(t, theirDDL)
			if err != nil {
				t.Logf("dbml2sql's DDL does not apply on PostgreSQL: %v", err)
				return
			}
			compared = append(compared, r.file)
			ourDDL, err := postgres.Generate(r.schema, postgres.Options{})
			if err != nil {
				t.Fatal(err)
			}
			ours, err := apply(t, ourDDL)
			if err != nil {
				t.Fatal(err)
			}
			if diff := pgcatalog.Diff(keyShape(t, theirs), keyShape(t, ours)); len(diff) > 0 {
				t.Errorf("schemagen's database differs from dbml2sql's (- dbml2sql, + ours):\n%s\n\ndbml2sql:\n%s\nours:\n%s",
					strings.Join(diff, "\n"), theirDDL, ourDDL)
			}
		})
	}
	sort.Strings(compared)
	if strings.Join(compared, " ") != strings.Join(comparedWithDBML2SQL, " ") {
		t.Errorf("compared %v, want %v", compared, comparedWithDBML2SQL)
	}
}

// TestRoundTrip exports every example as DBML, imports it back and compares
// the two databases on the catalog: tables, columns (type, nullability,
// default, identity), keys, uniqueness, checks, foreign keys with their
// actions, enums with their values and indexes. Left out, because DBML has no
// words for them and the export writes them as notes: state machines' and
// event tables' triggers and functions, generated columns, partial indexes,
// identity's ALWAYS (DBML's increment is BY DEFAULT) and comments.
func TestRoundTrip(t *testing.T) {
	pgtest.ServerDSN(t)
	for _, d := range golden.Examples(t) {
		t.Run(d.Name, func(t *testing.T) {
			exported, err := dbml.Generate(d.Schema)
			if err != nil {
				t.Fatal(err)
			}
			back, diags, err := Import(d.Name+".dbml", exported, Options{SQL: postgres.Checker})
			if err != nil {
				t.Fatalf("import: %v\n%v", err, diags)
			}
			for _, dg := range diags {
				if dg.Rule != "import-status-enum" {
					t.Errorf("unexpected diagnostic: %s", dg)
				}
			}
			s, diags := check.Source(d.Name+".yaml", back, postgres.Checker)
			if diags.HasErrors() {
				t.Fatalf("the imported design does not validate:\n%v", diags)
			}
			origDDL, err := postgres.Generate(d.Schema, postgres.Options{})
			if err != nil {
				t.Fatal(err)
			}
			backDDL, err := postgres.Generate(s, postgres.Options{})
			if err != nil {
				t.Fatal(err)
			}
			orig, err := apply(t, origDDL)
			if err != nil {
				t.Fatal(err)
			}
			again, err := apply(t, backDDL)
			if err != nil {
				t.Fatalf("the DDL of the imported design does not apply: %v\n%s", err, backDDL)
			}
			if diff := pgcatalog.Diff(roundShape(t, orig), roundShape(t, again)); len(diff) > 0 {
				t.Errorf("the round trip changed the database (- original, + exported and imported):\n%s\n\ndesign:\n%s",
					strings.Join(diff, "\n"), back)
			}
		})
	}
}

var (
	// constraintFact is "constraint SCHEMA.TABLE NAME TYPE DEFINITION".
	constraintFact = regexp.MustCompile(`^constraint (\S+) \S+ ([a-z]) (.*)$`)
	// indexFact is "index SCHEMA.NAME CREATE [UNIQUE] INDEX NAME ON ...".
	indexFact = regexp.MustCompile(`^index \S+ (CREATE (?:UNIQUE )?INDEX) \S+ (ON .*)$`)
	// uniqueIndexFact is a unique index without WHERE.
	uniqueIndexFact = regexp.MustCompile(`^index \S+ CREATE UNIQUE INDEX \S+ ON (\S+) USING (\w+ \(.*\))$`)
)

// keyShape keeps what dbml2sql's DDL and ours both say: tables, columns with
// their type and nullability, primary and foreign keys without names or
// deferrability (dbml2sql makes every foreign key DEFERRABLE), and uniqueness
// as a unique index (dbml2sql writes some as indexes, we as constraints).
func keyShape(t *testing.T, conn *pgx.Conn) *pgcatalog.Catalog {
	t.Helper()
	var facts []string
	for _, f := range readFacts(t, conn) {
		switch {
		case strings.HasSuffix(f, " kind=S"):
		case strings.HasPrefix(f, "table "), strings.HasPrefix(f, "schema "):
			facts = append(facts, f)
		case strings.HasPrefix(f, "column "):
			facts = append(facts, cutColumn(f, " default ", " identity ", " generated "))
		case uniqueIndexFact.MatchString(f):
			m := uniqueIndexFact.FindStringSubmatch(f)
			facts = append(facts, "unique "+m[1]+" "+m[2])
		case constraintFact.MatchString(f):
			m := constraintFact.FindStringSubmatch(f)
			if m[2] == "p" || m[2] == "f" {
				facts = append(facts, "constraint "+m[1]+" "+m[2]+" "+strings.TrimSuffix(m[3], " DEFERRABLE"))
			}
		}
	}
	sort.Strings(facts)
	return &pgcatalog.Catalog{Facts: facts}
}

// roundShape keeps every fact of the catalog that DBML carries (see TestRoundTrip).
func roundShape(t *testing.T, conn *pgx.Conn) *pgcatalog.Catalog {
	t.Helper()
	var facts []string
	for _, f := range readFacts(t, conn) {
		switch {
		case strings.HasPrefix(f, "trigger "), strings.HasPrefix(f, "function "), strings.HasPrefix(f, "comment "):
		case strings.HasPrefix(f, "column "):
			f = strings.Replace(strings.Replace(f, " identity always", " identity", 1), " identity by default", " identity", 1)
			facts = append(facts, cutColumn(f, " generated "))
		case indexFact.MatchString(f):
			if strings.Contains(f, " WHERE ") {
				continue
			}
			m := indexFact.FindStringSubmatch(f)
			facts = append(facts, "index "+m[1]+" "+m[2])
		case constraintFact.MatchString(f):
			m := constraintFact.FindStringSubmatch(f)
			facts = append(facts, "constraint "+m[1]+" "+m[2]+" "+m[3])
		default:
			facts = append(facts, f)
		}
	}
	sort.Strings(facts)
	return &pgcatalog.Catalog{Facts: facts}
}

func readFacts(t *testing.T, conn *pgx.Conn) []string {
	t.Helper()
	c, err := pgcatalog.Read(context.Background(), conn)
	if err != nil {
		t.Fatal(err)
	}
	return c.Facts
}

// cutColumn removes what follows the first of cuts in a column fact.
func cutColumn(f string, cuts ...string) string {
	for _, cut := range cuts {
		if i := strings.Index(f, cut); i >= 0 {
			f = f[:i]
		}
	}
	return f
}
