package migrate

import (
	"strings"
	"testing"
)

// TestUnloggedAndNotValidDiff switches a table to UNLOGGED and back, and
// keeps a `not_valid` foreign key unvalidated when added online.
func TestUnloggedAndNotValidDiff(t *testing.T) {
	const logged = `schemagen: 1
name: p
entities:
  nodes:
    fields:
      name: text pk
  beats:
    fields:
      id: bigint pk
`
	unlogged := strings.Replace(logged, "  beats:\n", "  beats:\n    unlogged: true\n", 1)
	withKey := unlogged + "relationships:\n  - {one: nodes, many: beats, optional: true, not_valid: true}\n"
	a, b, c := mustCheck(t, "a.yaml", []byte(logged)), mustCheck(t, "b.yaml", []byte(unlogged)), mustCheck(t, "c.yaml", []byte(withKey))
	p, err := Diff(a, b, Options{Simple: true})
	if err != nil {
		t.Fatal(err)
	}
	if up, down := string(p.Up), string(p.Down); !strings.Contains(up, "ALTER TABLE beats SET UNLOGGED") || !strings.Contains(down, "ALTER TABLE beats SET LOGGED") {
		t.Errorf("up:\n%s\ndown:\n%s", up, down)
	}
	p, err = Diff(b, c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	up := string(p.Up)
	if !strings.Contains(up, "NOT VALID;") || strings.Contains(up, "NOT VALID NOT VALID") || strings.Contains(up, "VALIDATE CONSTRAINT") {
		t.Errorf("a not_valid key is added NOT VALID once and never validated:\n%s", up)
	}
}
