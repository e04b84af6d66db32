package docexamples

import (
	"strings"
	"testing"
)

func TestYAMLBlocks(t *testing.T) {
	page := "# Title\n\n```yaml\na: 1\n```\n\n```sh\nnot: yaml\n```\n\n```yaml\n# fragment: flow\n- b\n```\n"
	got := YAMLBlocks(page)
	if len(got) != 2 || got[0].Line != 4 || got[0].Text != "a: 1\n" || got[1].Line != 12 || got[1].Text != "# fragment: flow\n- b\n" {
		t.Errorf("YAMLBlocks = %+v", got)
	}
}

func TestWrap(t *testing.T) {
	text, first, err := Wrap("# fragment: entities.users.fields\nemail: text\n")
	if err != nil {
		t.Fatal(err)
	}
	head := "schemagen: 1\nname: example\nentities:\n  users:\n    fields:\n      # fragment: entities.users.fields\n      email: text\n  drivers: {"
	if first != 6 || !strings.HasPrefix(text, head) || strings.Contains(text, "  users: {") {
		t.Errorf("Wrap: first %d, text:\n%s", first, text)
	}
	text, first, err = Wrap("# fragment: design\nentities:\n  a: {}\n")
	if err != nil || first != 3 || text != "schemagen: 1\nname: example\n# fragment: design\nentities:\n  a: {}\n" {
		t.Errorf("Wrap of a design fragment with entities: %d %v\n%s", first, err, text)
	}
	if text, first, _ := Wrap("schemagen: 1\nname: x\n"); first != 1 || text != "schemagen: 1\nname: x\n" {
		t.Errorf("Wrap changed a complete design: %d\n%s", first, text)
	}
	for _, bad := range []string{"# fragment:\n", "# fragment: entities..x\n", "# fragment: design\n- a\n", "# fragment: entities\n- a\n"} {
		if _, _, err := Wrap(bad); err == nil {
			t.Errorf("Wrap(%q) gave no error", bad)
		}
	}
}
