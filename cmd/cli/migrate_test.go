package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

// TestMigrateDiffDSN: a CHECK and a UNIQUE that existing rows violate are
// reported by `migrate diff --dsn` before the deploy, with the number of rows
// and a few keys, and nothing is written (exit 1); once the rows are fixed,
// the migration is printed.
func TestMigrateDiffDSN(t *testing.T) {
	dir := t.TempDir()
	oldYAML := `schemagen: 1
name: shop
entities:
  orders:
    fields:
      id: bigint pk identity
      email: text
      currency: text
`
	newYAML := `schemagen: 1
name: shop
entities:
  orders:
    fields:
      id: bigint pk identity
      email: text unique
      currency: text check (currency = 'usd')
`
	oldPath, newPath := filepath.Join(dir, "old.yaml"), filepath.Join(dir, "new.yaml")
	for path, data := range map[string]string{oldPath: oldYAML, newPath: newYAML} {
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old, diags := check.Source("old.yaml", []byte(oldYAML), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	ddl, err := postgres.Generate(old, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	conn, dsn := pgtest.NewDatabaseDSN(t)
	ctx := context.Background()
	if _, err := conn.Exec(ctx, string(ddl)+`
INSERT INTO orders (email, currency) VALUES ('a@example.com', 'usd'), ('b@example.com', 'usd'), ('b@example.com', 'eur'), ('c@example.com', 'eur')`); err != nil {
		t.Fatal(err)
	}

	var stdout, stderr bytes.Buffer
	code := Run([]string{"migrate", "diff", "--dsn", dsn, oldPath, newPath}, strings.NewReader(""), &stdout, &stderr)
	if code != ExitDesignError {
		t.Fatalf("exit %d, want %d\n%s", code, ExitDesignError, stderr.String())
	}
	for _, want := range []string{
		"error: 2 rows violate CHECK orders_currency_check (currency = 'usd') on orders (for example (3), (4)): the migration would fail [existing-rows-violate]",
		"error: 1 value is held by more than one row for UNIQUE orders_email_key (email) on orders (for example (b@example.com)): the migration would fail [existing-rows-violate]",
		"nothing written",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if strings.Contains(stderr.String(), "existing-rows-may-violate") {
		t.Errorf("with --dsn the warnings give way to the counts:\n%s", stderr.String())
	}
	if stdout.Len() > 0 {
		t.Errorf("nothing should be printed on stdout:\n%s", stdout.String())
	}

	if _, err := conn.Exec(ctx, `UPDATE orders SET currency = 'usd'; UPDATE orders SET email = 'd@example.com' WHERE id = 3`); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	if code := Run([]string{"migrate", "diff", "--dsn", dsn, oldPath, newPath}, strings.NewReader(""), &stdout, &stderr); code != ExitOK {
		t.Fatalf("after fixing the rows: exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "VALIDATE CONSTRAINT orders_currency_check") || stderr.Len() > 0 {
		t.Errorf("after fixing the rows: want the migration and no diagnostic, got stderr:\n%s\nstdout:\n%s", stderr.String(), stdout.String())
	}
}
