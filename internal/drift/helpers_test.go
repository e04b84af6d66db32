package drift

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/importsql"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/sqlname"
	goldenfile "github.com/schemagen/schemagen/internal/testkit/golden"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

func ctxFor(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// mustCheck checks a design that must be free of errors.
func mustCheck(t testing.TB, name string, src []byte) *schema.Schema {
	t.Helper()
	s, diags := check.Source(name, src, nil)
	if s == nil || diags.HasErrors() {
		t.Fatalf("%s has errors:\n%v", name, diags)
	}
	return s
}

// built is a fresh database built with `schemagen sql` from a design, after
// creating the extensions the design's expressions call.
func built(t testing.TB, s *schema.Schema, extensions ...string) (*pgx.Conn, string) {
	t.Helper()
	conn, dsn := pgtest.NewDatabaseDSN(t)
	ddl, err := postgres.Generate(s, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range extensions {
		if _, err := conn.Exec(ctxFor(t), "CREATE EXTENSION IF NOT EXISTS "+sqlname.QuoteIdent(e)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := conn.Exec(ctxFor(t), string(ddl)); err != nil {
		t.Fatalf("applying the DDL of %s: %v", s.File, err)
	}
	return conn, dsn
}

func exampleDesigns(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(goldenfile.ModuleRoot(t), "examples", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = data
	}
	return out
}

var createExtension = regexp.MustCompile(`(?i)create\s+extension\s+(?:if\s+not\s+exists\s+)?"?([a-z_0-9-]+)"?`)

// corpusDesigns imports every schema of ../shared/corpus to a design, or
// skips; extensions lists the extensions each source file creates.
func corpusDesigns(t testing.TB) (designs map[string][]byte, extensions map[string][]string) {
	t.Helper()
	corpus := filepath.Join(goldenfile.ModuleRoot(t), "..", "shared", "corpus")
	files, _ := filepath.Glob(filepath.Join(corpus, "*.sql"))
	if len(files) == 0 {
		t.Skipf("the PostgreSQL corpus is not at %s", corpus)
	}
	out, exts := map[string][]byte{}, map[string][]string{}
	for _, f := range files {
		sql, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		yaml, _, err := importsql.Import(filepath.Base(f), sql, importsql.Options{})
		if err != nil {
			t.Fatalf("importing %s: %v", f, err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".sql") + ".yaml"
		out[name] = yaml
		for _, m := range createExtension.FindAllStringSubmatch(string(sql), -1) {
			exts[name] = append(exts[name], strings.ToLower(m[1]))
		}
	}
	return out, exts
}

func sortedNames(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
