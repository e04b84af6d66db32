package migrate

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

const blocksOld = `schemagen: 1
name: b
entities:
  users:
    fields:
      id: uuid pk
      name: text check (trimmed(name))
  payments:
    partition:
      by: range
      key: [paid_at]
      partitions:
        - {name: payments_2024, bounds: "FROM ('2024-01-01') TO ('2025-01-01')"}
    fields:
      id: bigint pk
      paid_at: timestamptz pk
sql:
  - name: trimmed
    body: |
      CREATE OR REPLACE FUNCTION trimmed(s text) RETURNS boolean
      LANGUAGE sql IMMUTABLE AS $$ SELECT s = btrim(s) $$;
  - name: named
    after: [users]
    body: CREATE VIEW named AS SELECT * FROM users WHERE name <> '';
  - name: gone
    after: [users]
    body: CREATE VIEW gone AS SELECT 1 AS one;
`

// blocksNew changes the function in place, the view's columns (drop and
// create), removes a block, adds one, and swaps a partition.
var blocksNew = strings.NewReplacer(
	"SELECT s = btrim(s)", "SELECT s = trim(s)",
	"SELECT * FROM users WHERE", "SELECT id FROM users WHERE",
	"  - name: gone\n    after: [users]\n    body: CREATE VIEW gone AS SELECT 1 AS one;\n",
	"  - name: added\n    after: [named]\n    body: CREATE VIEW added AS SELECT count(*) AS n FROM named;\n",
	"payments_2024, bounds: \"FROM ('2024-01-01') TO ('2025-01-01')\"",
	"payments_2025, bounds: \"FROM ('2025-01-01') TO ('2026-01-01')\"",
).Replace(blocksOld)

func TestBlocksAndPartitionsDiff(t *testing.T) {
	old, new := mustCheck(t, "old.yaml", []byte(blocksOld)), mustCheck(t, "new.yaml", []byte(blocksNew))
	p, err := Diff(old, new, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Destructive() || p.Diagnostics[0].Rule != RuleDetachPartition {
		t.Fatalf("detaching a partition needs consent: %v", p.Diagnostics)
	}
	p, err = Diff(old, new, Options{AllowDestructive: true})
	if err != nil {
		t.Fatal(err)
	}
	up := string(p.Up)
	order := []string{"DROP VIEW IF EXISTS gone;", "DROP VIEW IF EXISTS named;", "SELECT s = trim(s)",
		"CREATE TABLE payments_2025 PARTITION OF payments", "ALTER TABLE payments DETACH PARTITION payments_2024",
		"CREATE VIEW named AS SELECT id", "CREATE VIEW added"}
	at := -1
	for _, want := range order {
		i := strings.Index(up, want)
		if i < at || i < 0 {
			t.Fatalf("%q is missing or out of order in:\n%s", want, up)
		}
		at = i
	}
	if strings.Contains(up, "DROP FUNCTION") {
		t.Errorf("a CREATE OR REPLACE function is replaced in place, not dropped:\n%s", up)
	}

	// On a server: build the old design, migrate up, then down.
	pgtest.ServerDSN(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn := pgtest.NewDatabase(t)
	ddl, err := postgres.Generate(old, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct{ what, sql string }{{"old DDL", string(ddl)}, {"up", up}, {"down", string(p.Down)}, {"up again", up}} {
		if _, err := conn.Exec(ctx, step.sql); err != nil {
			t.Fatalf("%s: %v\n%s", step.what, err, step.sql)
		}
	}
	var n int
	if err := conn.QueryRow(ctx, `SELECT n FROM added`).Scan(&n); err != nil {
		t.Fatal(err)
	}
}
