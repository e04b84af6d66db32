package drift

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestOldServersAreRefused(t *testing.T) {
	err := checkVersion(130011)
	if err == nil || !strings.Contains(err.Error(), "PostgreSQL 13.11, older than 14") {
		t.Errorf("checkVersion(130011) = %v", err)
	}
	if err := checkVersion(140000); err != nil {
		t.Errorf("checkVersion(140000) = %v", err)
	}
}

// TestReadOnlyRole runs drift as a role that may read the catalog and
// nothing else, in read-only transactions: it must see the drift, and settle
// expressions on the server without reading a table.
func TestReadOnlyRole(t *testing.T) {
	s := mustCheck(t, "rideshare.yaml", exampleDesigns(t)["rideshare.yaml"])
	conn, dsn := built(t, s)
	ctx := ctxFor(t)
	role := fmt.Sprintf("drift_reader_%d", os.Getpid())
	for _, q := range []string{
		"CREATE ROLE " + role + " LOGIN",
		"ALTER ROLE " + role + " SET default_transaction_read_only = on",
		"REVOKE CREATE ON SCHEMA public FROM PUBLIC",
		// Drift: an index is gone. Not drift: the same CHECK written another way.
		"DROP INDEX rides_user_id_idx",
		"ALTER TABLE rides DROP CONSTRAINT rides_fare_cents_check, ADD CONSTRAINT rides_fare_cents_check CHECK (fare_cents >= 0 AND true)",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	t.Cleanup(func() { conn.Exec(ctxFor(t), "DROP ROLE IF EXISTS "+role) })

	reader, err := pgx.Connect(ctx, dsn+" user="+role)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close(ctx)
	if _, err := reader.Exec(ctx, "SELECT count(*) FROM rides"); err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Fatalf("the reader can read a table (%v): the test proves nothing", err)
	}
	r, err := Check(ctx, reader, s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Findings {
		got = append(got, f.key())
	}
	if want := "missing index public.rides rides_user_id_idx"; strings.Join(got, "\n") != want {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}
