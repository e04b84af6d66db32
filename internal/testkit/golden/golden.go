// Package golden holds what the generators' golden-file tests share: the
// -update flag, the comparison with a golden file, and the example designs
// every generator is tested on.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files instead of comparing with them")

// Updating reports whether the test run was asked to rewrite golden files (-update).
func Updating() bool { return *update }

// Check compares got with the golden file at path, or rewrites the file with -update.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run go test with -update and review the diff)", path)
	}
}

// Design is a design file of the tests, checked and resolved.
type Design struct {
	Name   string // file name without .yaml
	Path   string
	Schema *schema.Schema
}

// ModuleRoot is the directory of go.mod, found from the working directory up.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// Examples returns every design of examples/ followed by the files matching
// the extra globs (relative to the test's package), in that order, each
// sorted by file name. A design with errors fails the test.
func Examples(t testing.TB, extra ...string) []Design {
	t.Helper()
	examples := glob(t, filepath.Join(ModuleRoot(t), "examples", "*.yaml"))
	if len(examples) == 0 {
		t.Fatal("no designs found in examples/")
	}
	files := examples
	for _, g := range extra {
		files = append(files, glob(t, g)...)
	}
	out := make([]Design, 0, len(files))
	for _, f := range files {
		s, diags, err := CheckFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if diags.HasErrors() || s == nil {
			t.Fatalf("%s has errors:\n%v", f, diags)
		}
		out = append(out, Design{Name: strings.TrimSuffix(filepath.Base(f), ".yaml"), Path: f, Schema: s})
	}
	return out
}

func glob(t testing.TB, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

// CheckFile reads a design file and checks it with check.Source (without the
// SQL checks, which need generators/postgres: its own tests use this package).
func CheckFile(path string) (*schema.Schema, design.Diagnostics, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	s, diags := check.Source(path, data, nil)
	return s, diags, nil
}
