package postgres

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// designFiles are every example of the repository plus the test designs in
// testdata/: each gets a golden file and is applied on a real server.
func designFiles(t testing.TB) []string {
	t.Helper()
	examples, err := filepath.Glob("../../examples/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(examples) == 0 {
		t.Fatal("no examples found in ../../examples")
	}
	local, err := filepath.Glob("testdata/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return append(examples, local...)
}

// load checks a design file and fails the test when it has errors.
func load(t testing.TB, path string) *design.Schema {
	t.Helper()
	s, diags, err := design.CheckFile(path)
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
			golden := filepath.Join("testdata", name+".sql")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run `go test ./generators/postgres -update` to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the generated DDL; run `go test ./generators/postgres -update` and review the diff", golden)
			}
			if !bytes.Equal(got, generate(t, path)) {
				t.Errorf("two runs on %s gave different bytes", path)
			}
		})
	}
}
