package check_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/golden"
)

// checkClean validates a file and fails on any error or warning (info is allowed).
func checkClean(t *testing.T, path string) *schema.Schema {
	t.Helper()
	s, diags, err := golden.CheckFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		if d.Severity >= design.Warning {
			t.Errorf("%s", d)
		}
	}
	if s == nil {
		t.Fatalf("%s: no schema", path)
	}
	return s
}

// TestExamplesValidate requires every design in examples/ to validate with no
// errors and no warnings: generators' golden files and the diagrams come from them.
func TestExamplesValidate(t *testing.T) {
	files, err := filepath.Glob("../../examples/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 4 {
		t.Fatalf("expected at least 4 examples, found %v", files)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { checkClean(t, f) })
	}
}

// TestFormatExamplesValidate requires the examples of DESIGN-FORMAT.md to validate
// with no errors, as the contract says.
func TestFormatExamplesValidate(t *testing.T) {
	tool := filepath.Join("..", "..", "shared", "tools", "format-examples")
	if _, err := os.Stat(tool); err != nil {
		t.Skipf("format-examples tool not found at %s", tool)
	}
	dir := t.TempDir()
	out, err := exec.Command("bash", tool, dir).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if len(files) == 0 {
		t.Fatalf("no examples extracted into %s", strings.TrimSpace(string(out)))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			_, diags, err := golden.CheckFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range diags {
				if d.Severity == design.Error {
					t.Errorf("%s", d)
				}
			}
		})
	}
}
