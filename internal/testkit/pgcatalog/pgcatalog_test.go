package pgcatalog

import (
	"context"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

const base = `CREATE SCHEMA billing;
CREATE TYPE status AS ENUM ('new', 'done');
CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE, s status NOT NULL DEFAULT 'new');
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE, total integer CHECK (total >= 0));
CREATE INDEX invoices_user_id_idx ON billing.invoices (user_id);
COMMENT ON TABLE users IS 'People.';
COMMENT ON COLUMN users.email IS 'Where we write.';
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION f();
`

func read(t *testing.T, sql string) *Catalog {
	t.Helper()
	ctx := context.Background()
	conn := pgtest.NewDatabase(t)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("building: %v", err)
	}
	c, err := Read(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSameSchemaSameCatalog(t *testing.T) {
	a := read(t, base)
	b := read(t, base)
	if d := Diff(a, b); len(d) != 0 {
		t.Fatalf("same DDL, different catalogs:\n%s", strings.Join(d, "\n"))
	}
	for _, kind := range []string{"schema billing", "table public.users", "column public.users.email text not null",
		"constraint billing.invoices", "index billing.invoices_user_id_idx", "enum public.status ('new', 'done')",
		"trigger public.users t", "function public.f()", "comment column public.users.email 'Where we write.'"} {
		found := false
		for _, f := range a.Facts {
			if strings.HasPrefix(f, kind) {
				found = true
			}
		}
		if !found {
			t.Errorf("no fact starting with %q in:\n%s", kind, a)
		}
	}
}

func TestDifferencesAreFound(t *testing.T) {
	a := read(t, base)
	for _, change := range []struct{ name, sql, want string }{
		{"enum order", "ALTER TYPE status ADD VALUE 'old' BEFORE 'new'", "enum public.status"},
		{"nullability", "ALTER TABLE billing.invoices ALTER COLUMN total SET NOT NULL", "column billing.invoices.total"},
		{"default", "ALTER TABLE users ALTER COLUMN s DROP DEFAULT", "column public.users.s"},
		{"fk action", "ALTER TABLE billing.invoices DROP CONSTRAINT invoices_user_id_fkey, ADD CONSTRAINT invoices_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)", "constraint billing.invoices"},
		{"comment", "COMMENT ON COLUMN users.email IS NULL", "comment column"},
		{"function body", "CREATE OR REPLACE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$", "function public.f()"},
		{"index", "DROP INDEX billing.invoices_user_id_idx", "index billing."},
	} {
		t.Run(change.name, func(t *testing.T) {
			b := read(t, base+change.sql+";")
			d := Diff(a, b)
			if len(d) == 0 {
				t.Fatalf("%s: no difference found", change.name)
			}
			if !strings.Contains(strings.Join(d, "\n"), change.want) {
				t.Fatalf("%s: difference does not mention %q:\n%s", change.name, change.want, strings.Join(d, "\n"))
			}
		})
	}
}
