package postgres

import (
	"bytes"
	"fmt"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/sqlname"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

// requireSQLC makes a missing sqlc fail the test instead of skipping it (CI).
const requireSQLC = "SCHEMAGEN_REQUIRE_SQLC"

// sqlcTool finds sqlc on PATH or where .ci/install-deps puts it (.cache/bin).
func sqlcTool(t *testing.T) string {
	t.Helper()
	if path, err := osexec.LookPath("sqlc"); err == nil {
		return path
	}
	path := filepath.Join(golden.ModuleRoot(t), ".cache", "bin", "sqlc")
	if _, err := os.Stat(path); err == nil {
		return path
	}
	msg := "sqlc not found on PATH or in .cache/bin (run .ci/install-deps)"
	if os.Getenv(requireSQLC) != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// TestSQLCGenerates proves that sqlc, the most common way Go teams query
// PostgreSQL, accepts the DDL of every example and test design as it is: sqlc
// reads it with a query per table, generates pgx/v5 code (one package per
// design), and that code compiles. sqlc names a table's row type after the
// singular of the table and an enum type after the enum, so two names that
// meet there stop it: schemagen's derived names (an event table and its
// enum) must never do that.
//
// The queries name their columns: sqlc's own expansion of `SELECT *` breaks
// on column names such as `a,b`. The tricky design declares an enum `ride`
// next to the table `rides` on purpose (the Go generator must cope); sqlc
// refuses that, and the test checks it refuses nothing else.
func TestSQLCGenerates(t *testing.T) {
	sqlc := sqlcTool(t)
	designs := golden.Examples(t, "testdata/*.yaml", "../golang/testdata/designs/*.yaml")
	dir := t.TempDir()
	write := func(path string, data []byte) {
		t.Helper()
		full := filepath.Join(dir, path)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// What sqlc may refuse, by design: the user's own names that meet.
	userClash := map[string]string{"tricky": "struct name conflicts with enum name: Ride\n"}
	generated := 0
	for i, d := range designs {
		ddl, err := Generate(d.Schema, Options{})
		if err != nil {
			t.Fatal(err)
		}
		pkg := fmt.Sprintf("d%d", i)
		write(filepath.Join(pkg, "schema.sql"), ddl)
		var queries strings.Builder
		for j, tb := range d.Schema.Tables {
			var cols []string
			for _, c := range tb.Columns {
				cols = append(cols, sqlname.QuoteIdent(c.Name))
			}
			fmt.Fprintf(&queries, "-- name: List%d :many\nSELECT %s FROM %s;\n\n", j, strings.Join(cols, ", "), QualifiedTable(tb))
		}
		write(filepath.Join(pkg, "query.sql"), []byte(queries.String()))
		write(filepath.Join(pkg, "sqlc.yaml"), []byte(fmt.Sprintf("version: \"2\"\nsql:\n  - engine: postgresql\n"+
			"    schema: schema.sql\n    queries: query.sql\n    gen:\n      go:\n        package: %s\n        out: db\n        sql_package: pgx/v5\n", pkg)))
		cmd := osexec.Command(sqlc, "generate")
		cmd.Dir = filepath.Join(dir, pkg)
		out, err := cmd.CombinedOutput()
		want, clashes := userClash[d.Name]
		switch {
		case clashes && err == nil:
			t.Errorf("%s: sqlc accepted a design whose enum and table names meet", d.Name)
		case clashes && !strings.HasSuffix(string(out), want):
			t.Errorf("%s: sqlc generate: %v, want only %q:\n%s", d.Name, err, want, out)
		case clashes:
			os.RemoveAll(cmd.Dir)
		case err != nil:
			t.Errorf("%s: sqlc generate: %v\n%s", d.Name, err, out)
		default:
			generated++
			if _, err := os.Stat(filepath.Join(cmd.Dir, "db", "models.go")); err != nil {
				t.Errorf("%s: sqlc wrote no models.go: %v", d.Name, err)
			}
		}
	}
	if t.Failed() {
		return
	}
	if generated < 5 {
		t.Fatalf("sqlc generated code for %d designs only", generated)
	}
	write("go.mod", pgxModule(t))
	gosum, err := os.ReadFile(filepath.Join(golden.ModuleRoot(t), "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", gosum)
	gocmd := osexec.Command("go", "vet", "-mod=mod", "./...")
	gocmd.Dir = dir
	gocmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GOTOOLCHAIN=local", "GO111MODULE=on")
	var stderr bytes.Buffer
	gocmd.Stderr = &stderr
	if err := gocmd.Run(); err != nil {
		t.Fatalf("the code sqlc generated does not compile: %v\n%s", err, stderr.String())
	}
}

// pgxModule is the go.mod of a module that needs pgx v5 (the generated code's
// only dependency), with this repository's go line and versions.
func pgxModule(t *testing.T) []byte {
	t.Helper()
	gomod, err := os.ReadFile(filepath.Join(golden.ModuleRoot(t), "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	mod := "module example.com/sqlc\n\n"
	var requires []string
	for _, line := range strings.Split(string(gomod), "\n") {
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "require "))
		switch {
		case strings.HasPrefix(line, "go "):
			mod += line + "\n"
		case len(f) >= 2 && (strings.HasPrefix(f[0], "github.com/jackc/") || strings.HasPrefix(f[0], "golang.org/x/")):
			requires = append(requires, "\t"+f[0]+" "+f[1])
		}
	}
	return []byte(mod + "\nrequire (\n" + strings.Join(requires, "\n") + "\n)\n")
}
