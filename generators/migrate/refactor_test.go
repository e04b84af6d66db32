package migrate

import (
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
