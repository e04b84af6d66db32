package migrate

import (
	"strings"
	"testing"
)

// TestIndexInclude: an index whose INCLUDE columns change is created again
// with them.
func TestIndexInclude(t *testing.T) {
	const base = "schemagen: 1\nname: a\nentities:\n  users:\n    fields:\n      id: uuid pk\n      org: text\n      handle: text\n    indexes:\n"
	old := mustCheck(t, "old.yaml", []byte(base+"      - {columns: [org], name: users_org}\n"))
	new := mustCheck(t, "new.yaml", []byte(base+"      - {columns: [org], name: users_org, include: [handle]}\n"))
	p, err := Diff(old, new, Options{Simple: true})
	if err != nil {
		t.Fatal(err)
	}
	up := string(p.Up)
	if !strings.Contains(up, "DROP INDEX") || !strings.Contains(up, `("org") INCLUDE ("handle")`) && !strings.Contains(up, `(org) INCLUDE (handle)`) {
		t.Errorf("want the index created again with INCLUDE:\n%s", up)
	}
	if p, _ := Diff(new, new, Options{}); p.Changes != 0 {
		t.Errorf("include against itself:\n%s", p.Up)
	}
}
