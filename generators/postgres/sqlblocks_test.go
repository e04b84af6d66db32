package postgres

import (
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
)

// blocksDesign has a check and an index that call a block's function, a view
// and a trigger after the tables, and a partitioned table.
const blocksDesign = `schemagen: 1
name: blocks
enums:
  pay_kind: [card, cash]
entities:
  users:
    fields:
      id: uuid pk
      name: text check (is_trimmed(name))
    indexes:
      - columns: [(squash(name))]
  payments:
    partition:
      by: range
      key: [paid_at]
      partitions:
        - {name: payments_2024, bounds: "FROM ('2024-01-01') TO ('2025-01-01')"}
        - {name: payments_rest, bounds: DEFAULT}
    fields:
      id: bigint pk
      paid_at: timestamptz pk
      kind: pay_kind
      amount: integer
sql:
  - name: text helpers
    body: |
      CREATE FUNCTION is_trimmed(s text) RETURNS boolean
      LANGUAGE sql IMMUTABLE AS $$ SELECT s = btrim(s) $$;
      CREATE FUNCTION squash(s text) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$ SELECT lower(btrim(s)) $$;
  - name: card totals
    after: [payments]
    body: |
      CREATE VIEW card_totals AS
      SELECT sum(amount) AS total FROM payments WHERE kind = 'card';
      COMMENT ON VIEW card_totals IS 'Paid by card.';
  - name: name guard
    after: [users, text helpers]
    body: |
      CREATE FUNCTION trim_name() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.name := btrim(NEW.name); RETURN NEW; END $$;
      CREATE TRIGGER users_trim BEFORE INSERT ON users
      FOR EACH ROW EXECUTE FUNCTION trim_name();
`

func checkedBlocks(t *testing.T, src string) (*schema.Schema, design.Diagnostics) {
	t.Helper()
	return check.Source("blocks.yaml", []byte(src), Checker)
}

func TestBlocksOrder(t *testing.T) {
	s, diags := checkedBlocks(t, blocksDesign)
	if diags.HasErrors() {
		t.Fatalf("%v", diags)
	}
	out, err := Generate(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ddl := string(out)
	order := []string{"CREATE TYPE pay_kind", "CREATE FUNCTION is_trimmed", "CREATE TABLE users", "PARTITION BY RANGE (paid_at);",
		"CREATE TABLE payments_2024 PARTITION OF payments FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
		"CREATE TABLE payments_rest PARTITION OF payments DEFAULT;", "CREATE INDEX", "CREATE VIEW card_totals", "CREATE TRIGGER users_trim"}
	at := -1
	for _, want := range order {
		i := strings.Index(ddl, want)
		if i < 0 || i < at {
			t.Fatalf("%q is missing or out of order in:\n%s", want, ddl)
		}
		at = i
	}
}

func TestBlockDiagnostics(t *testing.T) {
	cases := []struct{ name, body, after, rule string }{
		{"bad", "CREATE VIEW v AS SELEC 1;", "", RuleInvalidSQLBlock.Name},
		{"tx", "BEGIN; CREATE VIEW v AS SELECT 1; COMMIT;", "", RuleInvalidSQLBlock.Name},
		{"early", "CREATE VIEW v AS SELECT * FROM users;", "", RuleSQLBlockNeedsAfter.Name},
		{"late", "CREATE VIEW v AS SELECT * FROM users;", "after: [users]", ""},
	}
	for _, c := range cases {
		src := "schemagen: 1\nname: x\nentities:\n  users: {fields: {id: uuid pk}}\nsql:\n  - name: b\n    " +
			c.after + "\n    body: " + "'" + c.body + "'\n"
		_, diags := checkedBlocks(t, src)
		var got []string
		for _, d := range diags {
			if d.Severity == design.Error {
				got = append(got, d.Rule)
			}
		}
		if c.rule == "" && len(got) > 0 || c.rule != "" && (len(got) != 1 || got[0] != c.rule) {
			t.Errorf("%s: errors %v, want %q\n%v", c.name, got, c.rule, diags)
		}
	}
}

// TestBlocksAndPartitionsOnServer applies the design to a fresh database: the
// check and the index call the block's functions, the view and the trigger
// work, and rows go to their partitions.
func TestBlocksAndPartitionsOnServer(t *testing.T) {
	s, diags := checkedBlocks(t, blocksDesign)
	if diags.HasErrors() {
		t.Fatalf("%v", diags)
	}
	out, err := Generate(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	conn := apply(t, out)
	exec(t, conn, `INSERT INTO users (id, name) VALUES (gen_random_uuid(), '  ann ')`)
	if got := queryOne[string](t, conn, `SELECT name FROM users`); got != "ann" {
		t.Errorf("the trigger of a block: name %q, want ann", got)
	}
	exec(t, conn, `INSERT INTO payments VALUES (1, '2024-06-01', 'card', 5), (2, '2030-01-01', 'card', 7)`)
	if got := queryOne[int64](t, conn, `SELECT total FROM card_totals`); got != 12 {
		t.Errorf("view: total %d, want 12", got)
	}
	if got := queryOne[int64](t, conn, `SELECT count(*) FROM payments_rest`); got != 1 {
		t.Errorf("default partition holds %d rows, want 1", got)
	}
}
