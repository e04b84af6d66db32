package postgres

import (
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/internal/sqlname"
)

const longNames = `schemagen: 1
name: long
entities:
  a_table_name_that_is_long_enough_to_need_hashing_soon_ok:
    fields:
      id: uuid pk
      a_column_name_that_is_quite_long_as_well_number_one: text unique
      a_column_name_that_is_quite_long_as_well_number_two: text unique
      note: text
      total: integer check (total > 0)
    indexes:
      - [note]
      - columns: [note]
        where: note <> ''
      - columns: [note]
        name: custom_note_index
  children:
    fields:
      id: uuid pk
      body: text
    indexes:
      - [body]
      - columns: [body]
        using: hash
relationships:
  - a_table_name_that_is_long_enough_to_need_hashing_soon_ok 1-n children
`

// TestNamesAreShortStableAndDistinct covers the names that need hashing and
// numbering, and checks that the exported name functions give the names the
// file uses.
func TestNamesAreShortStableAndDistinct(t *testing.T) {
	s, diags := check.Source("long.yaml", []byte(longNames), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	out, err := Generate(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sql := string(out)
	tb := s.Table("a_table_name_that_is_long_enough_to_need_hashing_soon_ok")
	one := UniqueName(tb, []string{"a_column_name_that_is_quite_long_as_well_number_one"})
	two := UniqueName(tb, []string{"a_column_name_that_is_quite_long_as_well_number_two"})
	if one == two || len(one) > 63 || len(two) > 63 || one == "" {
		t.Errorf("unique names %q and %q", one, two)
	}
	var idx []string
	for _, ix := range tb.Indexes {
		name := IndexName(tb, ix)
		idx = append(idx, name)
		if !strings.Contains(sql, "INDEX "+sqlname.QuoteIdent(name)+" ON ") {
			t.Errorf("index name %q is not the one in the file", name)
		}
	}
	if len(idx) != 3 || idx[0] == idx[1] || idx[2] != "custom_note_index" {
		t.Errorf("index names %v", idx)
	}
	children := s.Table("children")
	if a, b := IndexName(children, children.Indexes[0]), IndexName(children, children.Indexes[1]); a != "children_body_idx" || b != "children_body_idx1" {
		t.Errorf("two indexes on children.body are %q and %q", a, b)
	}
	for _, want := range []string{
		PrimaryKeyName(tb), one, two, CheckName(tb, tb.Column("total")),
		ForeignKeyName(s.Table("children").ForeignKeys[0]),
	} {
		if len(want) > 63 || !strings.Contains(sql, "CONSTRAINT "+sqlname.QuoteIdent(want)+" ") {
			t.Errorf("constraint name %q (%d bytes) is not in the file", want, len(want))
		}
	}
	if CheckName(tb, tb.Column("note")) != "" || UniqueName(tb, []string{"note"}) != "" {
		t.Error("names for constraints that do not exist")
	}
	// Stable: the same schema gives the same names.
	s2, _ := check.Source("long.yaml", []byte(longNames), nil)
	if got := IndexName(s2.Table(tb.Entity), s2.Table(tb.Entity).Indexes[1]); got != idx[1] {
		t.Errorf("index name changed between runs: %q, %q", idx[1], got)
	}
}

func TestQualifiedNames(t *testing.T) {
	s, diags := check.Source("q.yaml", []byte("schemagen: 1\nname: q\nentities:\n  order:\n    schema: Billing\n    fields:\n      id: uuid pk\n  users:\n    fields:\n      id: uuid pk\n"), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if got := QualifiedTable(s.Table("order")); got != `"Billing"."order"` {
		t.Errorf("got %s", got)
	}
	if got := QualifiedTable(s.Table("users")); got != "users" {
		t.Errorf("got %s", got)
	}
	if got := CreateSchema("Billing"); got != `CREATE SCHEMA IF NOT EXISTS "Billing";` {
		t.Errorf("got %s", got)
	}
}

// TestNameClashAcrossTables: index names live in one namespace per schema,
// so `a_b (c)` and `a (b_c)` would both want `a_b_c_idx`. That is reported at
// the design, not left for PostgreSQL to refuse.
func TestNameClashAcrossTables(t *testing.T) {
	s, diags := check.Source("clash.yaml", []byte(`schemagen: 1
name: clash
entities:
  a_b:
    fields:
      c: text
    indexes:
      - [c]
  a:
    fields:
      b_c: text
    indexes:
      - [b_c]
`), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	found := sqlDiagnostics(s)
	if len(found) == 0 || len(found) != 1 {
		t.Fatalf("want one design error, got %v", found)
	}
	if d := found[0]; d.Rule != "duplicate-name" || d.Pos.Line != 13 || !strings.Contains(d.Message, `"a_b_c_idx"`) {
		t.Errorf("got %v", d)
	}
}
