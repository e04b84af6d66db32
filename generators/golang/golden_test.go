package golang

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

// testDesign is a design file the tests generate code for.
type testDesign struct {
	name   string // file name without .yaml, unique across the list
	schema *schema.Schema
}

// testDesigns loads every example and every design in testdata/designs; each
// must check without errors.
func testDesigns(t testing.TB) []testDesign {
	t.Helper()
	var out []testDesign
	for _, d := range golden.Examples(t, "testdata/designs/*.yaml") {
		out = append(out, testDesign{name: d.Name, schema: d.Schema})
	}
	return out
}

// TestGolden compares the generated files of every design with
// testdata/golden/DESIGN/FILE.golden (refresh with go test -update).
func TestGolden(t *testing.T) {
	type variant struct {
		name string
		d    testDesign
		opts Options
	}
	var variants []variant
	for _, d := range testDesigns(t) {
		variants = append(variants, variant{d.name, d, Options{}})
		if d.name == "tricky" { // every type family: the pgx mapping too
			variants = append(variants, variant{d.name + "-pgx", d, Options{Pgx: true}})
		}
	}
	for _, v := range variants {
		d := v.d
		t.Run(v.name, func(t *testing.T) {
			files, err := Generate(d.schema, v.opts)
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join("testdata", "golden", v.name)
			if golden.Updating() {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				for name, src := range files {
					if err := os.WriteFile(filepath.Join(dir, name+".golden"), src, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatalf("%v (run go test ./generators/golang -update)", err)
			}
			var want []string
			for _, e := range entries {
				want = append(want, strings.TrimSuffix(e.Name(), ".golden"))
			}
			var got []string
			for name := range files {
				got = append(got, name)
			}
			sort.Strings(got)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Fatalf("generated files %v, golden files %v", got, want)
			}
			for _, name := range got {
				golden, err := os.ReadFile(filepath.Join(dir, name+".golden"))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(files[name], golden) {
					t.Errorf("%s differs from %s/%s.golden (run go test ./generators/golang -update and review the diff)", name, dir, name)
				}
			}
		})
	}
}

// TestDeterministic generates every design twice, from two separate loads.
func TestDeterministic(t *testing.T) {
	first, second := testDesigns(t), testDesigns(t)
	for i := range first {
		a, err := Generate(first[i].schema, Options{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := Generate(second[i].schema, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for name := range a {
			if !bytes.Equal(a[name], b[name]) {
				t.Errorf("%s: %s differs between two runs", first[i].name, name)
			}
		}
	}
}

func TestHeaderAndPackage(t *testing.T) {
	for _, d := range testDesigns(t) {
		files, err := Generate(d.schema, Options{Package: "store"})
		if err != nil {
			t.Fatal(err)
		}
		for name, src := range files {
			if !bytes.HasPrefix(src, []byte(Header)) {
				t.Errorf("%s/%s does not start with the generated-code header", d.name, name)
			}
			if !bytes.Contains(src, []byte("\npackage store\n")) {
				t.Errorf("%s/%s is not in package store", d.name, name)
			}
		}
	}
}

func TestBadPackageName(t *testing.T) {
	s := testDesigns(t)[0].schema
	for _, pkg := range []string{"main", "func", "1db", "my-db", "_"} {
		if _, err := Generate(s, Options{Package: pkg}); err == nil {
			t.Errorf("package %q: no error", pkg)
		}
	}
}
