package migrate

import (
	"strings"
	"testing"
)

// golang-migrate applies up files from the lowest version and down files
// from the highest: the down steps fill the highest versions, in order.
func TestStepFilesLayout(t *testing.T) {
	step := func(name, stmt string) Step {
		return Step{Name: name, Transaction: true, Lock: "test", Statements: []string{stmt + ";"}}
	}
	p := &Plan{
		UpSteps:   []Step{step("main", "UP1"), step("index", "UP2"), step("validate", "UP3")},
		DownSteps: []Step{step("main", "DOWN1")},
	}
	files := p.StepFiles(Migration{Version: 7, Name: "add_refunds"}, "a.yaml", "b.yaml")
	var names []string
	for _, f := range files {
		names = append(names, f.Migration.Base())
	}
	if got := strings.Join(names, " "); got != "0007_add_refunds 0008_add_refunds_index 0009_add_refunds_validate" {
		t.Fatalf("versions: %s", got)
	}
	for i, want := range []string{"UP1;", "UP2;", "UP3;"} {
		if !strings.Contains(string(files[i].Up), want) {
			t.Errorf("%s.up.sql lacks %s:\n%s", names[i], want, string(files[i].Up))
		}
	}
	if !strings.Contains(string(files[2].Down), "DOWN1;") || strings.Contains(string(files[0].Down)+string(files[1].Down), "DOWN1") ||
		!strings.Contains(string(files[0].Down), "undone as a whole") {
		t.Errorf("the down migration belongs in the highest version only:\n%s\n%s\n%s", string(files[0].Down), string(files[1].Down), string(files[2].Down))
	}

	// More down steps than up steps (the down migration adds enum values back
	// first): an extra version with an up file without statements.
	p = &Plan{UpSteps: []Step{step("main", "UP1")}, DownSteps: []Step{step("enum_values", "DOWN1"), step("main", "DOWN2")}}
	files = p.StepFiles(Migration{Version: 2, Name: "x"}, "a.yaml", "b.yaml")
	if len(files) != 2 || !strings.Contains(string(files[1].Up), "No statements") || !strings.Contains(string(files[1].Down), "DOWN1;") || !strings.Contains(string(files[0].Down), "DOWN2;") {
		t.Errorf("down steps in reverse version order: %+v", files)
	}
}
