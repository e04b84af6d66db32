package sqlrefs

import (
	"reflect"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

func TestRefs(t *testing.T) {
	cases := []struct {
		sql  string
		want []Name
	}{
		{`CREATE VIEW v AS SELECT * FROM s.film f JOIN actor a ON true`, []Name{{"", "v"}, {"s", "film"}, {"", "actor"}}},
		{`CREATE FUNCTION f(n integer) RETURNS SETOF film LANGUAGE sql AS $$ SELECT * FROM secret $$`, []Name{{"", "film"}}},
		{`CREATE TRIGGER t BEFORE UPDATE ON payment FOR EACH ROW EXECUTE FUNCTION g()`, []Name{{"", "payment"}}},
		{`CREATE FUNCTION g() RETURNS pg_catalog.int4 LANGUAGE sql AS 'select 1'`, nil},
	}
	for _, c := range cases {
		tree, err := pg_query.Parse(c.sql)
		if err != nil {
			t.Fatal(err)
		}
		got := Refs(tree.Stmts[0].Stmt)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %v\nwant %v", c.sql, got, c.want)
		}
	}
}

func TestDrops(t *testing.T) {
	tree, err := pg_query.Parse(`
CREATE FUNCTION s.f(a integer, OUT b text) RETURNS text LANGUAGE sql AS $$ SELECT '' $$;
CREATE VIEW v AS SELECT 1;
COMMENT ON VIEW v IS 'x';
CREATE TRIGGER t AFTER INSERT ON s.tab FOR EACH ROW EXECUTE FUNCTION s.f();
CREATE MATERIALIZED VIEW m AS SELECT 1;
CREATE AGGREGATE agg(text) (SFUNC = textcat, STYPE = text);
CREATE COLLATION c (provider = icu, locale = 'und');`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"DROP COLLATION IF EXISTS c;",
		"DROP AGGREGATE IF EXISTS agg(text);",
		"DROP MATERIALIZED VIEW IF EXISTS m;",
		"DROP TRIGGER IF EXISTS t ON s.tab;",
		"DROP VIEW IF EXISTS v;",
		"DROP FUNCTION IF EXISTS s.f(int);",
	}
	if got := Drops(tree); !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}
