package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

// TestImportDSN imports a live database through pg_dump --schema-only.
func TestImportDSN(t *testing.T) {
	if _, err := exec.LookPath("pg_dump"); err != nil {
		t.Skip("pg_dump is not installed")
	}
	conn, dsn := pgtest.NewDatabaseDSN(t)
	_, err := conn.Exec(context.Background(), `
CREATE TYPE order_status AS ENUM ('pending', 'paid');
CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
    status order_status NOT NULL DEFAULT 'pending'
);`)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "shop.yaml")
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"import", "--dsn", dsn, "--name", "shop", "-o", out}, strings.NewReader(""), &stdout, &stderr); code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"name: shop\n", "  - customers 1-n orders on delete cascade\n", "      id: bigserial pk\n"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the design lacks %q:\n%s", want, data)
		}
	}
	if _, diags := check.Source("shop.yaml", data, nil); diags.HasErrors() {
		t.Errorf("the design has errors: %v", diags)
	}
	if code := Run([]string{"import", "x.sql", "--dsn", dsn}, strings.NewReader(""), &stdout, &stderr); code != ExitUsage {
		t.Errorf("SQLFILE with --dsn: exit %d, want %d", code, ExitUsage)
	}
}
