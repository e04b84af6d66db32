package migrate

import (
	"strings"
	"testing"
)

// TestNotValidForeignKey: a relationship that becomes `not_valid` is added
// again NOT VALID, and an online migration never validates it.
func TestNotValidForeignKey(t *testing.T) {
	const base = "schemagen: 1\nname: a\nentities:\n  users:\n    fields:\n      id: uuid pk\n  posts:\n    fields:\n      id: uuid pk\nrelationships:\n"
	old := mustCheck(t, "old.yaml", []byte(base+"  - users 1-n posts\n"))
	new := mustCheck(t, "new.yaml", []byte(base+"  - {one: users, many: posts, not_valid: true}\n"))
	for _, simple := range []bool{false, true} {
		p, err := Diff(old, new, Options{Simple: simple})
		if err != nil {
			t.Fatal(err)
		}
		up := string(p.Up)
		if p.Changes == 0 || !strings.Contains(up, "DROP CONSTRAINT") || !strings.Contains(up, "NOT VALID;") || strings.Contains(up, "NOT VALID NOT VALID") {
			t.Errorf("simple=%v: want the key dropped and added NOT VALID:\n%s", simple, up)
		}
		if strings.Contains(up, "VALIDATE CONSTRAINT") {
			t.Errorf("simple=%v: a not_valid key must not be validated:\n%s", simple, up)
		}
	}
	if p, _ := Diff(new, new, Options{}); p.Changes != 0 {
		t.Errorf("not_valid against itself:\n%s", p.Up)
	}
}
