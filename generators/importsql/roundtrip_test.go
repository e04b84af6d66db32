package importsql

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/generators/postgres"
	goldenfile "github.com/schemagen/schemagen/internal/testkit/golden"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

// corpusDir finds ../shared/corpus next to the module root, or skips the test.
func corpusDir(t testing.TB) string {
	t.Helper()
	corpus := filepath.Join(goldenfile.ModuleRoot(t), "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(corpus, "MANIFEST.md")); err != nil {
		t.Skipf("the PostgreSQL corpus is not at %s: skipping the corpus tests", corpus)
	}
	return corpus
}

func corpusFiles(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join(corpusDir(t), "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files: %v", err)
	}
	sort.Strings(files)
	return files
}

// TestCorpusImportValidates imports every corpus schema and checks the design has no errors.
func TestCorpusImportValidates(t *testing.T) {
	for _, file := range corpusFiles(t) {
		name := strings.TrimSuffix(filepath.Base(file), ".sql")
		t.Run(name, func(t *testing.T) {
			sql, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			out, diags, err := Import(filepath.Base(file), sql, Options{})
			if err != nil {
				t.Fatalf("import: %v\n%v", err, diags)
			}
			_, vd := check.Source(name+".yaml", out, nil)
			for _, d := range vd {
				if d.Severity == design.Error {
					t.Errorf("%s", d)
				}
			}
			again, _, _ := Import(filepath.Base(file), sql, Options{})
			if string(again) != string(out) {
				t.Errorf("two imports of %s differ", name)
			}
		})
	}
}

// catalogQuery lists what the round trip compares, one normalised line per object:
// tables, columns (type, NOT NULL, identity, default or generation
// expression, collation other than the type's), primary, foreign, unique and check
// constraints, indexes (pg_get_indexdef) other than those of constraints
// (a partition's own indexes and foreign keys too, counted under its
// partitioned table; not the clones of its parent's), partition keys and partitions (name and bounds), views and materialized
// views (their definitions), triggers other than
// those of constraints, and functions and procedures (their definitions).
// Partitions and objects of extensions are left out.
const catalogQuery = `
WITH tbl AS (
  SELECT c.oid, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r','p') AND NOT c.relispartition
    AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'))
SELECT 'tables', tbl.nspname || '.' || tbl.relname ||
  CASE WHEN c.relpersistence = 'u' THEN ' unlogged' ELSE '' END ||
  CASE WHEN c.reloptions IS NOT NULL THEN ' with ' || array_to_string(c.reloptions, ',') ELSE '' END ||
  CASE WHEN c.relreplident <> 'd' THEN ' replica identity ' || c.relreplident::text ELSE '' END
FROM tbl JOIN pg_class c ON c.oid = tbl.oid
UNION ALL
SELECT 'columns', tbl.nspname || '.' || tbl.relname || '.' || a.attname || ' ' ||
  CASE WHEN t.typtype = 'e' THEN t.typname
       WHEN t.typcategory = 'A' AND (SELECT typtype FROM pg_type e WHERE e.oid = t.typelem) = 'e' THEN (SELECT typname FROM pg_type e WHERE e.oid = t.typelem) || '[]'
       ELSE format_type(a.atttypid, a.atttypmod) END ||
  CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END ||
  CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END ||
  CASE WHEN a.attgenerated <> '' THEN ' generated ' || pg_get_expr(ad.adbin, ad.adrelid)
       WHEN ad.adbin IS NOT NULL THEN ' default ' || pg_get_expr(ad.adbin, ad.adrelid) ELSE '' END ||
  CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN ' collate ' || (SELECT collname FROM pg_collation WHERE oid = a.attcollation) ELSE '' END
FROM tbl JOIN pg_attribute a ON a.attrelid = tbl.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
UNION ALL
SELECT CASE con.contype WHEN 'p' THEN 'primary keys' WHEN 'f' THEN 'foreign keys' WHEN 'u' THEN 'uniques' ELSE 'checks' END,
  tbl.nspname || '.' || tbl.relname || ' ' || pg_get_constraintdef(con.oid)
FROM tbl JOIN pg_constraint con ON con.conrelid = tbl.oid AND con.contype IN ('p','f','u','c','x')
UNION ALL
SELECT 'foreign keys', tbl.nspname || '.' || p.relname || ' ' || pg_get_constraintdef(con.oid)
FROM tbl JOIN pg_inherits i ON i.inhparent = tbl.oid JOIN pg_class p ON p.oid = i.inhrelid AND p.relispartition
JOIN pg_constraint con ON con.conrelid = p.oid AND con.contype = 'f' AND con.conparentid = 0
UNION ALL
SELECT 'indexes', tbl.nspname || '.' || tbl.relname || ' ' || pg_get_indexdef(i.indexrelid)
FROM tbl JOIN pg_index i ON i.indrelid = tbl.oid
WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p','u','x'))
UNION ALL
SELECT 'indexes', tbl.nspname || '.' || tbl.relname || ' ' || pg_get_indexdef(i.indexrelid)
FROM tbl JOIN pg_inherits inh ON inh.inhparent = tbl.oid JOIN pg_class p ON p.oid = inh.inhrelid AND p.relispartition
JOIN pg_index i ON i.indrelid = p.oid
WHERE NOT EXISTS (SELECT 1 FROM pg_inherits x WHERE x.inhrelid = i.indexrelid)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p','u','x'))
UNION ALL
SELECT 'partitions', tbl.nspname || '.' || tbl.relname || ' PARTITION BY ' || pg_get_partkeydef(tbl.oid)
FROM tbl JOIN pg_class c ON c.oid = tbl.oid AND c.relkind = 'p'
UNION ALL
SELECT 'partitions', tbl.nspname || '.' || tbl.relname || ' ' || p.relname || ' ' || pg_get_expr(p.relpartbound, p.oid)
FROM tbl JOIN pg_inherits i ON i.inhparent = tbl.oid JOIN pg_class p ON p.oid = i.inhrelid AND p.relispartition
UNION ALL
SELECT 'views', n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || regexp_replace(pg_get_viewdef(c.oid), '\s+', ' ', 'g')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v','m') AND n.nspname NOT IN ('pg_catalog','information_schema')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
UNION ALL
SELECT 'triggers', tbl.nspname || '.' || tbl.relname || ' ' || pg_get_triggerdef(tg.oid)
FROM tbl JOIN pg_trigger tg ON tg.tgrelid = tbl.oid AND NOT tg.tgisinternal
UNION ALL
SELECT 'functions', n.nspname || '.' || p.proname || ' ' || md5(pg_get_functiondef(p.oid))
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname NOT IN ('pg_catalog','information_schema') AND p.prokind IN ('f','p')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
`

var catalogKinds = []string{"tables", "columns", "primary keys", "foreign keys", "uniques", "checks", "indexes", "partitions", "views", "triggers", "functions"}

// indexName finds the name in a line of the kind "indexes".
var indexName = regexp.MustCompile(`CREATE (?:UNIQUE )?INDEX (\S+) ON`)

// ownExtras keeps, of the copy's indexes that the original lacks, those named
// like one of the original's (its changed version): the others are the
// indexes the SQL generator adds for foreign keys that no index leads with.
func ownExtras(orig, extra []string) []string {
	names := map[string]bool{}
	for _, l := range orig {
		if m := indexName.FindStringSubmatch(l); m != nil {
			names[m[1]] = true
		}
	}
	var out []string
	for _, l := range extra {
		if m := indexName.FindStringSubmatch(l); m != nil && names[m[1]] {
			out = append(out, l)
		}
	}
	return out
}

type catalog map[string][]string

func readCatalog(t *testing.T, conn *pgx.Conn) catalog {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rows, err := conn.Query(ctx, catalogQuery)
	if err != nil {
		t.Fatalf("catalog query: %v", err)
	}
	defer rows.Close()
	cat := catalog{}
	for rows.Next() {
		var kind, line string
		if err := rows.Scan(&kind, &line); err != nil {
			t.Fatal(err)
		}
		cat[kind] = append(cat[kind], line)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return cat
}

// schemaPrefix matches schema qualifiers, which differ where an enum moved to public.
var schemaPrefix = regexp.MustCompile(`\b[a-z_][a-z0-9_]*\.`)

func normalise(cat catalog) catalog {
	out := catalog{}
	for k, lines := range cat {
		for _, l := range lines {
			// Keep the table's own schema (first word), drop qualifiers inside definitions.
			head, rest, _ := strings.Cut(l, " ")
			out[k] = append(out[k], head+" "+schemaPrefix.ReplaceAllString(rest, ""))
		}
		sort.Strings(out[k])
	}
	return out
}

// compare returns, for one kind, how many of the original's objects the copy has, and the differences.
func compare(orig, copy []string) (matched int, missing, extra []string) {
	left := map[string]int{}
	for _, l := range copy {
		left[l]++
	}
	for _, l := range orig {
		if left[l] > 0 {
			left[l]--
			matched++
		} else {
			missing = append(missing, l)
		}
	}
	for _, l := range copy {
		if left[l] > 0 {
			left[l]--
			extra = append(extra, l)
		}
	}
	return matched, missing, extra
}

func psql(t *testing.T, dsn, file string) {
	t.Helper()
	if err := tryPsql(dsn, file); err != nil {
		t.Fatal(err)
	}
}

// tryPsql applies a file with psql, stopping at the first error.
func tryPsql(dsn, file string) error {
	cmd := exec.Command("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn, "-f", file)
	cmd.Env = append(os.Environ(), "PGOPTIONS=-c client_min_messages=warning")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("psql -f %s: %v\n%s", filepath.Base(file), err, out)
	}
	return nil
}

// TestCorpusRoundTrip applies each corpus schema to PostgreSQL, imports it,
// generates DDL from the design, applies that to a second database and
// compares the two catalogs. It logs the share that matches per schema.
func TestCorpusRoundTrip(t *testing.T) {
	fixtures, _ := filepath.Glob("testdata/*.sql")
	files := append(corpusFiles(t), fixtures...)
	pgtest.ServerDSN(t)
	if _, err := exec.LookPath("psql"); err != nil {
		t.Skip("psql is not installed")
	}
	examples := exampleDDL(t)
	var report, differences, exampleRows strings.Builder
	ran, exact := 0, 0
	report.WriteString(roundTripHeader())
	for _, file := range append(files, examples...) {
		name := strings.TrimSuffix(filepath.Base(file), ".sql")
		t.Run(name, func(t *testing.T) {
			ran++
			// Designs of this repository must come back exactly; they are not in the
			// golden file, so that editing an example does not touch it.
			if strings.HasPrefix(name, "example-") {
				r := roundTrip(t, file, true)
				exampleRows.WriteString(r.row)
				if r.applyErr != nil {
					t.Fatal(r.applyErr)
				}
				for _, d := range r.differences {
					t.Errorf("%s", d)
				}
				return
			}
			r := roundTrip(t, file, false)
			report.WriteString(r.row)
			for _, d := range r.differences {
				differences.WriteString(d + "\n")
			}
			if r.exact {
				exact++
			}
		})
	}
	t.Logf("round trip on a fresh database: %d of %d schemas exactly", exact, len(files))
	t.Logf("round trip, share of the original's objects found unchanged in the copy (+N: extra objects in the copy):\n%s%s", report.String(), exampleRows.String())
	if t.Failed() || ran < len(files)+len(examples) {
		return // a failure, or -run picked some schemas only
	}
	// Every difference is known and explained in docs/import.md; a new one fails
	// the test, a fixed one asks for -update.
	golden(t, "roundtrip.golden", []byte(report.String()+"\n"+differences.String()))
}

// TestRoundTripDir is the same round trip for schemas that are not part of the
// repository or its corpus: every *.sql file of the directories named by
// SCHEMAGEN_ROUNDTRIP_DIR (a path list) must come back exactly. It is how a
// held-out set of real schemas, or a team's own schema, is checked:
//
//	SCHEMAGEN_ROUNDTRIP_DIR=$HOME/schemas .ci/with-postgres go test -run TestRoundTripDir -v ./generators/importsql/
func TestRoundTripDir(t *testing.T) {
	files := roundTripDirFiles(t)
	pgtest.ServerDSN(t)
	if _, err := exec.LookPath("psql"); err != nil {
		t.Skip("psql is not installed")
	}
	var report strings.Builder
	report.WriteString(roundTripHeader())
	exact := 0
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".sql"), func(t *testing.T) {
			r := roundTrip(t, file, false)
			report.WriteString(r.row)
			if r.applyErr != nil {
				t.Errorf("the regenerated DDL does not apply: %v", r.applyErr)
			}
			for _, d := range r.differences {
				t.Errorf("%s", d)
			}
			if r.exact {
				exact++
			}
		})
	}
	t.Logf("round trip on a fresh database: %d of %d schemas exactly\n%s", exact, len(files), report.String())
}

// roundTripDirFiles lists the *.sql files of the directories in
// SCHEMAGEN_ROUNDTRIP_DIR, or skips the test when it is not set.
func roundTripDirFiles(t *testing.T) []string {
	t.Helper()
	dirs := os.Getenv("SCHEMAGEN_ROUNDTRIP_DIR")
	if dirs == "" {
		t.Skip("SCHEMAGEN_ROUNDTRIP_DIR is not set: no schemas of your own to check")
	}
	var files []string
	for _, dir := range filepath.SplitList(dirs) {
		found, err := filepath.Glob(filepath.Join(dir, "*.sql"))
		if err != nil || len(found) == 0 {
			t.Fatalf("SCHEMAGEN_ROUNDTRIP_DIR: no *.sql files in %s", dir)
		}
		files = append(files, found...)
	}
	sort.Strings(files)
	return files
}

// roundTripHeader is the head of the table of roundTrip rows.
func roundTripHeader() string {
	return fmt.Sprintf("| schema | %s | all |\n|---|%s---|\n", strings.Join(catalogKinds, " | "), strings.Repeat("---|", len(catalogKinds)))
}

// roundTripResult is what one schema's round trip found: a row of the report
// table, every difference on a line of its own, and whether the copy is exact.
type roundTripResult struct {
	row         string
	differences []string
	exact       bool
	applyErr    error // the regenerated DDL did not apply
}

// roundTrip applies a schema file to a fresh database, imports the file,
// generates DDL from the design, applies that to a second fresh, empty
// database and compares the two catalogs. own marks DDL that schemagen
// generated itself (an example): every index of the copy then counts, the
// ones added for foreign keys included.
func roundTrip(t *testing.T, file string, own bool) roundTripResult {
	t.Helper()
	name := strings.TrimSuffix(filepath.Base(file), ".sql")
	origConn, origDSN := pgtest.NewDatabaseDSN(t)
	psql(t, origDSN, file)
	sql, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	out, diags, err := Import(filepath.Base(file), sql, Options{})
	if err != nil {
		t.Fatalf("import: %v %v", err, diags)
	}
	s, vd := check.Source(name+".yaml", out, nil)
	if vd.HasErrors() {
		t.Fatalf("imported design has errors: %v", vd)
	}
	ddl, err := postgres.Generate(s, postgres.Options{})
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	// The generated DDL goes to a fresh, empty database with no help:
	// what it needs (extensions, schemas, types) it must create itself.
	genFile := filepath.Join(t.TempDir(), name+".sql")
	if err := os.WriteFile(genFile, ddl, 0o644); err != nil {
		t.Fatal(err)
	}
	copyConn, copyDSN := pgtest.NewDatabaseDSN(t)
	if err := tryPsql(copyDSN, genFile); err != nil {
		return roundTripResult{
			row:         fmt.Sprintf("| %s | does not apply |%s\n", name, strings.Repeat(" |", len(catalogKinds))),
			differences: []string{fmt.Sprintf("%s: does not apply: %s", name, firstError(err))},
			applyErr:    err,
		}
	}
	orig, cp := normalise(readCatalog(t, origConn)), normalise(readCatalog(t, copyConn))
	var r roundTripResult
	row := fmt.Sprintf("| %s |", name)
	var all, allMatched, extras int
	for _, kind := range catalogKinds {
		matched, missing, extra := compare(orig[kind], cp[kind])
		if kind == "indexes" && !own {
			extra = ownExtras(orig[kind], extra)
		}
		all += len(orig[kind])
		allMatched += matched
		extras += len(extra)
		row += fmt.Sprintf(" %s |", share(matched, len(orig[kind]), len(extra)))
		for _, m := range missing {
			r.differences = append(r.differences, fmt.Sprintf("%s: %s: missing %s", name, kind, m))
		}
		for _, x := range extra {
			r.differences = append(r.differences, fmt.Sprintf("%s: %s: extra   %s", name, kind, x))
		}
	}
	r.row = row + fmt.Sprintf(" %.1f%% |\n", 100*float64(allMatched)/float64(max(all, 1)))
	r.exact = allMatched == all && extras == 0
	return r
}

// exampleDDL writes the DDL of the repository's example designs to files, so
// that the round trip also covers what schemagen itself generates.
func exampleDDL(t *testing.T) []string {
	t.Helper()
	examples, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*.yaml"))
	dir := t.TempDir()
	var out []string
	for _, ex := range examples {
		s, _, err := goldenfile.CheckFile(ex)
		if err != nil || s == nil {
			t.Fatalf("%s: %v", ex, err)
		}
		ddl, err := postgres.Generate(s, postgres.Options{})
		if err != nil {
			continue // an example with errors is its owner's test to fail
		}
		path := filepath.Join(dir, "example-"+strings.TrimSuffix(filepath.Base(ex), ".yaml")+".sql")
		if err := os.WriteFile(path, ddl, 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, path)
	}
	return out
}

// firstError is the first line of psql's output that names an error.
func firstError(err error) string {
	for _, l := range strings.Split(err.Error(), "\n") {
		if strings.Contains(l, "ERROR:") {
			_, msg, _ := strings.Cut(l, "ERROR:")
			return strings.TrimSpace(msg)
		}
	}
	return err.Error()
}

func share(matched, total, extra int) string {
	s := fmt.Sprintf("%d/%d", matched, total)
	if extra > 0 {
		s += fmt.Sprintf(" +%d", extra)
	}
	return s
}
