package postgres

import (
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

// hostileLiterals is a design whose enum values, default and comments are
// string literals that a backslash would end early when the server runs with
// standard_conforming_strings = off.
const hostileLiterals = `schemagen: 1
name: literals
enums:
  tricky: ["\\", "); DROP TABLE pwned; --", "it's \\' x"]
entities:
  things:
    description: "a backslash \\' then text"
    fields:
      id: bigint pk
      kind: tricky
      note:
        type: text
        description: "ends in a backslash \\"
`

// TestLiteralsUnderNonStandardStrings applies the DDL on a session with
// standard_conforming_strings off and on: the enum values and comments arrive
// exactly, and the table the values name survives.
func TestLiteralsUnderNonStandardStrings(t *testing.T) {
	s, diags := check.Source("literals.yaml", []byte(hostileLiterals), nil)
	if diags.HasErrors() {
		t.Fatalf("the design has errors: %v", diags)
	}
	ddl, err := Generate(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, setting := range []string{"off", "on"} {
		t.Run("standard_conforming_strings="+setting, func(t *testing.T) {
			conn := pgtest.NewDatabase(t)
			exec(t, conn, "CREATE TABLE pwned (x int)")
			exec(t, conn, "SET standard_conforming_strings = "+setting)
			if _, err := conn.Exec(ctx(t), string(ddl)); err != nil {
				t.Fatalf("the generated DDL does not apply: %v", describe(err))
			}
			exec(t, conn, "SET standard_conforming_strings = on")
			labels := queryOne[[]string](t, conn, "SELECT array_agg(enumlabel::text ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = 'tricky'::regtype")
			want := []string{`\`, "); DROP TABLE pwned; --", `it's \' x`}
			if len(labels) != len(want) {
				t.Fatalf("enum labels = %q, want %q", labels, want)
			}
			for i := range want {
				if labels[i] != want[i] {
					t.Errorf("enum label %d = %q, want %q", i, labels[i], want[i])
				}
			}
			if got := queryOne[string](t, conn, "SELECT obj_description('things'::regclass, 'pg_class')"); got != `a backslash \' then text` {
				t.Errorf("table comment = %q", got)
			}
			if got := queryOne[string](t, conn, "SELECT col_description('things'::regclass, 3)"); got != `ends in a backslash \` {
				t.Errorf("column comment = %q", got)
			}
			if n := queryOne[int](t, conn, "SELECT count(*)::int FROM pg_class WHERE relname = 'pwned'"); n != 1 {
				t.Errorf("table pwned was dropped")
			}
		})
	}
}

// TestNamesWithSpacesApply: an entity whose name has a space gives a
// foreign-key column "my role_id"; its index must quote it whole.
func TestNamesWithSpacesApply(t *testing.T) {
	src := `schemagen: 1
name: spaces
entities:
  "my role":
    fields:
      id: bigint pk
  people:
    fields:
      id: bigint pk
relationships:
  - {one: "my role", many: people}
`
	s, diags := check.Source("spaces.yaml", []byte(src), nil)
	if diags.HasErrors() {
		t.Fatalf("the design has errors: %v", diags)
	}
	if more := sqlDiagnostics(s); len(more) > 0 {
		t.Fatalf("SQL checks: %v", more)
	}
	ddl, err := Generate(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ddl), `("my role_id")`) {
		t.Fatalf("the index does not quote the column:\n%s", ddl)
	}
	conn := apply(t, ddl)
	if n := queryOne[int](t, conn, `SELECT count(*)::int FROM pg_indexes WHERE tablename = 'people' AND indexdef LIKE '%"my role_id"%'`); n < 1 {
		t.Errorf("no index on \"my role_id\"")
	}
}
