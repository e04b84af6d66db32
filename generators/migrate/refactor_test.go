package migrate

import (
	"context"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
)

// findDiag returns the first diagnostic of a rule whose message contains text.
func findDiag(p *Plan, rule, text string) *design.Diagnostic {
	for i, d := range p.Diagnostics {
		if d.Rule == rule && strings.Contains(d.Message, text) {
			return &p.Diagnostics[i]
		}
	}
	return nil
}

// A removed state is in the old design: the diagnostic points there.
func TestDropStatePointsAtOldDesign(t *testing.T) {
	old := mustCheck(t, "old.yaml", []byte(`schemagen: 1
name: a
entities:
  orders:
    fields:
      id: uuid pk
states:
  order_status:
    entity: orders
    initial: pending
    transitions:
      pending: [paid, cancelled]
    terminal: [paid, cancelled]
`))
	new := mustCheck(t, "new.yaml", []byte(`schemagen: 1
name: a
entities:
  orders:
    fields:
      id: uuid pk

states:
  order_status:
    entity: orders
    initial: pending
    transitions:
      pending: [paid]
    terminal: [paid]
`))
	p, err := Diff(old, new, Options{Simple: true})
	if err != nil {
		t.Fatal(err)
	}
	d := findDiag(p, RuleDropState, "'cancelled'")
	if d == nil || d.Pos.File != "old.yaml" || d.Pos.Line != 8 {
		t.Fatalf("want %s at old.yaml:8, got %v", RuleDropState, p.Diagnostics)
	}
}

// A down migration that converts values back to the text they came from
// says that their spelling is not restored.
func TestDownSaysSpellingIsLost(t *testing.T) {
	design := func(typ string) []byte {
		return []byte("schemagen: 1\nname: a\nentities:\n  things:\n    fields:\n      id: uuid pk\n      code: " + typ + "\n      doc: json?\n")
	}
	old := mustCheck(t, "old.yaml", design("text"))
	new := mustCheck(t, "new.yaml", []byte(strings.Replace(string(design("integer")), "json?", "jsonb?", 1)))
	p, err := Diff(old, new, Options{Simple: true, AllowDestructive: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, col := range []string{"things.code", "things.doc"} {
		d := findDiag(p, RuleIrreversible, "column "+col+" changes back")
		if d == nil || !strings.Contains(d.Message, "not as they were written") {
			t.Errorf("%s: want an %s warning about the spelling, got %v", col, RuleIrreversible, p.Diagnostics)
		}
	}
	if !strings.Contains(string(p.Down), "-- schemagen: irreversible-down: column things.code changes back") {
		t.Errorf("the down SQL does not say so:\n%s", p.Down)
	}
	// Widening to text keeps the spelling both ways: nothing to say.
	p, _ = Diff(new, old, Options{Simple: true, AllowDestructive: true})
	if d := findDiag(p, RuleIrreversible, "changes back"); d != nil {
		t.Errorf("integer -> text: unexpected %v", d)
	}
}

// A rename whose old name the old design lacks is an error at its line, not
// a value silently added.
func TestUnknownValueRename(t *testing.T) {
	old := mustCheck(t, "old.yaml", []byte("schemagen: 1\nname: a\nentities:\n  things:\n    fields:\n      id: uuid pk\n      plan: plan\nenums:\n  plan: [free, pro]\n"))
	new := mustCheck(t, "new.yaml", []byte("schemagen: 1\nname: a\nentities:\n  things:\n    fields:\n      id: uuid pk\n      plan: plan\nenums:\n  plan:\n    values: [starter, pro, free]\n    values_renamed_from: { starter: fre }\n"))
	p, err := Diff(old, new, Options{Simple: true, AllowDestructive: true})
	if err != nil {
		t.Fatal(err)
	}
	d := findDiag(p, RuleUnknownRename, `"fre"`)
	if d == nil || d.Severity != design.Error || d.Pos.File != "new.yaml" || d.Pos.Line != 11 {
		t.Fatalf("want an %s error at new.yaml:11, got %v", RuleUnknownRename, p.Diagnostics)
	}
}

// n-n -> 1-n: the data checks count, read-only on the old database, the
// rows with more than one link and (the relationship being required) those
// without one: what `migrate diff --dsn` reports before the deploy.
func TestLinkChecksCountRows(t *testing.T) {
	nn := []byte("schemagen: 1\nname: a\nentities:\n  drivers:\n    fields:\n      id: bigint pk\n  cars:\n    fields:\n      id: bigint pk\nrelationships:\n  - drivers n-n cars via driver_cars\n")
	old := mustCheck(t, "old.yaml", nn)
	new := mustCheck(t, "new.yaml", []byte(strings.Replace(string(nn), "n-n cars via driver_cars", "1-n cars", 1)))
	p, err := Diff(old, new, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := findDiag(p, RuleDropLinks, "more than one link"); d == nil || d.Severity != design.Error || d.Pos.File != "new.yaml" {
		t.Fatalf("want a %s error at new.yaml, got %v", RuleDropLinks, p.Diagnostics)
	}
	if len(p.Checks) != 2 {
		t.Fatalf("want 2 data checks, got %+v", p.Checks)
	}
	db := build(t, old)
	ctx := context.Background()
	if _, err := db.Exec(ctx, `INSERT INTO drivers VALUES (1), (2); INSERT INTO cars VALUES (10), (11), (12), (13);
		INSERT INTO driver_cars VALUES (1, 10), (2, 10), (1, 11), (1, 12), (2, 12)`); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"2", "1"} { // cars 10 and 12 have two links; car 13 none
		if got := queryLines(t, db, p.Checks[i].Violations); got != want {
			t.Errorf("%s: %s rows, want %s", p.Checks[i].Constraint, got, want)
		}
	}
	if got := queryLines(t, db, p.Checks[0].Examples); got != "(10)\n(12)" {
		t.Errorf("examples of %s: %q", p.Checks[0].Constraint, got)
	}
}
