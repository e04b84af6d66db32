package postgres

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

// designFiles are every example of the repository plus the test designs in
// testdata/: each gets a golden file and is applied on a real server.
func designFiles(t testing.TB) []string {
	t.Helper()
	var paths []string
	for _, d := range golden.Examples(t, "testdata/*.yaml") {
		paths = append(paths, d.Path)
	}
	return paths
}

// load checks a design file and fails the test when it has errors.
func load(t testing.TB, path string) *schema.Schema {
	t.Helper()
	s, diags, err := golden.CheckFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diags.HasErrors() {
		t.Fatalf("%s has errors:\n%v", path, diags)
	}
	return s
}

func generate(t testing.TB, path string) []byte {
	t.Helper()
	out, err := Generate(load(t, path), Options{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

func TestGolden(t *testing.T) {
	for _, path := range designFiles(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		t.Run(name, func(t *testing.T) {
			got := generate(t, path)
			golden.Check(t, filepath.Join("testdata", name+".sql"), got)
			if !bytes.Equal(got, generate(t, path)) {
				t.Errorf("two runs on %s gave different bytes", path)
			}
		})
	}
}
