package migrate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
)

// A design compared with itself, or with a version whose changes do not
// touch the database (flow, failure text), needs no migration.
func TestNoChanges(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.yaml")
	if len(files) == 0 {
		t.Fatal("no examples")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := mustCheck(t, f, data)
		p, err := Diff(s, mustCheck(t, f, data), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Changes != 0 || len(p.Diagnostics) != 0 {
			t.Errorf("%s against itself: %d changes, %v\n%s", f, p.Changes, p.Diagnostics, string(p.Up))
		}
		if !strings.Contains(string(p.Up), "-- No changes.") || !strings.Contains(string(p.Down), "-- No changes.") {
			t.Errorf("%s: an empty migration should say so:\n%s", f, string(p.Up))
		}
	}
	old := mustCheck(t, "old.yaml", []byte("schemagen: 1\nname: a\nflow:\n  - step: One\n    creates: things\nentities:\n  things:\n    fields:\n      id: uuid pk\n"))
	new := mustCheck(t, "new.yaml", []byte("schemagen: 1\nname: a\ndescription: Now described.\nflow:\n  - step: One, said differently\n    creates: things\n  - Another step\nentities:\n  things:\n    fields:\n      id: uuid pk\nfailures:\n  - name: x\n    when: Something.\n    handling: Retry by hand.\n"))
	if p, _ := Diff(old, new, Options{}); p.Changes != 0 {
		t.Errorf("flow and failure text changed the schema:\n%s", string(p.Up))
	}
}

func TestDestructiveIsRefusedWithoutSQL(t *testing.T) {
	old := mustCheck(t, "old.yaml", []byte("schemagen: 1\nname: a\nentities:\n  things:\n    fields:\n      id: uuid pk\n      name: text\n"))
	new := mustCheck(t, "new.yaml", []byte("schemagen: 1\nname: a\nentities:\n  things:\n    fields:\n      id: uuid pk\n"))
	p, err := Diff(old, new, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Destructive() || p.Diagnostics.Count(design.Error) != 1 {
		t.Fatalf("dropping a column: want one error, got %v", p.Diagnostics)
	}
	d := p.Diagnostics[0]
	if d.Rule != RuleDropColumn || d.Severity != design.Error || d.Pos.File != "old.yaml" || d.Pos.Line != 7 {
		t.Errorf("diagnostic %v: want %s error at old.yaml:7", d, RuleDropColumn)
	}
	p, _ = Diff(old, new, Options{AllowDestructive: true})
	if p.Destructive() || !strings.Contains(string(p.Up), `ALTER TABLE things DROP COLUMN name;`) {
		t.Errorf("allowed: want a warning and the DROP COLUMN, got %v\n%s", p.Diagnostics, string(p.Up))
	}
	if !strings.Contains(string(p.Down), "restores the structure, not the data") {
		t.Errorf("the down migration should say it cannot bring the data back:\n%s", string(p.Down))
	}
	documented := map[string]bool{}
	for _, r := range Rules() {
		documented[r.Name] = true
	}
	for _, rule := range []string{RuleDropTable, RuleDropColumn, RuleDropEnumValue, RuleDropState, RuleDropEventType, RuleNarrowType, RuleNotNull, RuleGenerated, RuleIrreversible} {
		if !documented[rule] {
			t.Errorf("rule %s has no documentation", rule)
		}
	}
}

func col(typ string) *schema.Column {
	ti, _ := design.ParseType(typ)
	return &schema.Column{Type: ti.String(), TypeInfo: ti}
}

func TestWidens(t *testing.T) {
	for _, c := range []struct {
		from, to string
		want     bool
	}{
		{"integer", "bigint", true}, {"bigint", "integer", false}, {"smallint", "integer", true},
		{"varchar(10)", "varchar(20)", true}, {"varchar(20)", "varchar(10)", false}, {"varchar(10)", "text", true},
		{"text", "varchar(10)", false}, {"numeric(10,2)", "numeric(12,2)", true}, {"numeric(10,2)", "numeric(10,3)", false},
		{"numeric(10,2)", "numeric", true}, {"numeric", "numeric(10,2)", false}, {"integer", "numeric(12,0)", true},
		{"integer", "numeric(5,0)", false}, {"real", "double precision", true}, {"double precision", "real", false},
		{"timestamp", "timestamptz", true}, {"json", "jsonb", true}, {"jsonb", "json", false}, {"uuid", "text", true},
		{"text", "uuid", false}, {"integer[]", "bigint[]", true}, {"integer[]", "bigint", false}, {"char(2)", "char(3)", true},
		{"text", "integer", false},
	} {
		if got := widens(col(c.from), col(c.to)); got != c.want {
			t.Errorf("widens(%s -> %s) = %v, want %v", c.from, c.to, got, c.want)
		}
	}
}

func TestKeepsOrder(t *testing.T) {
	for _, c := range []struct {
		src, dst string
		want     bool
	}{
		{"a b", "a x b", true}, {"a b", "x a b y", true}, {"a b", "b a", false}, {"a b", "a", false}, {"", "a", true},
	} {
		if got := keepsOrder(strings.Fields(c.src), strings.Fields(c.dst)); got != c.want {
			t.Errorf("keepsOrder(%q, %q) = %v", c.src, c.dst, got)
		}
	}
}

func TestMigrationsDirectory(t *testing.T) {
	ms, err := Migrations([]string{"0002_b.up.sql", "0001_a.up.sql", "0001_a.down.sql", "README.md", "0002_b.down.sql"})
	if err != nil || len(ms) != 2 || ms[0].Base() != "0001_a" || ms[1].DesignFile() != ".schemagen/0002.yaml" {
		t.Fatalf("Migrations: %v, %v", ms, err)
	}
	if _, err := Migrations([]string{"0001_a.up.sql"}); err == nil || !strings.Contains(err.Error(), "no .down.sql") {
		t.Errorf("a missing down file: %v", err)
	}
	if _, err := Migrations([]string{"0001_a.up.sql", "0001_a.down.sql", "0001_b.up.sql"}); err == nil {
		t.Error("two migrations with one version: no error")
	}
	next, err := Next(ms, "add_refunds")
	if err != nil || next.Base() != "0003_add_refunds" {
		t.Errorf("Next: %v, %v", next, err)
	}
	if _, err := Next(ms, "Add Refunds"); err == nil {
		t.Error("Next accepted a name with spaces")
	}
	files := map[string][]byte{"0001_a.up.sql": []byte("CREATE TABLE a ();"), ".schemagen/0001.yaml": []byte("x")}
	sums := Checksums(files)
	if p := VerifyChecksums(sums, files); len(p) != 0 {
		t.Errorf("fresh checksums: %v", p)
	}
	files["0001_a.up.sql"] = []byte("CREATE TABLE b ();")
	files["0002_x.up.sql"] = []byte("")
	delete(files, ".schemagen/0001.yaml")
	got := strings.Join(VerifyChecksums(sums, files), "\n")
	for _, want := range []string{"0001_a.up.sql was edited", ".schemagen/0001.yaml was removed", "0002_x.up.sql is not recorded"} {
		if !strings.Contains(got, want) {
			t.Errorf("VerifyChecksums: %q missing from:\n%s", want, got)
		}
	}
}
