package check_test

import (
	"path/filepath"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/testkit/golden"
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
