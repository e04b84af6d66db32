package wasmcache

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestImportsOnlyWhatWazeroImports guards the init order the package relies
// on: if this package needed a standard package that wazero does not, wazero
// (and go-graphviz after it) could be initialised first.
func TestImportsOnlyWhatWazeroImports(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command")
	}
	deps := func(pkg string) map[string]bool {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		set := map[string]bool{}
		for _, p := range strings.Fields(string(out)) {
			set[p] = true
		}
		return set
	}
	wazero := deps("github.com/tetratelabs/wazero")
	for p := range deps(".") {
		if p == "github.com/schemagen/schemagen/internal/graphviz/wasmcache" {
			continue
		}
		if strings.Contains(strings.SplitN(p, "/", 2)[0], ".") {
			t.Errorf("imports %s, which is not in the standard library", p)
		} else if !wazero[p] {
			t.Errorf("imports %s, which github.com/tetratelabs/wazero does not", p)
		}
	}
	if "github.com/schemagen/schemagen/internal/graphviz/wasmcache" > "github.com/tetratelabs/wazero" {
		t.Errorf("the import path must sort before wazero's")
	}
}

// TestRestore checks that init pointed TMPDIR at the private directory and
// that Restore gives the caller's value back.
func TestRestore(t *testing.T) {
	if state.dir == "" {
		t.Skipf("no private cache directory here (%v)", state.problem)
	}
	if got := os.Getenv("TMPDIR"); got != state.dir {
		t.Fatalf("during start-up TMPDIR = %q, want %q", got, state.dir)
	}
	if err := Restore(); err != nil {
		t.Fatal(err)
	}
	got, ok := os.LookupEnv("TMPDIR")
	if got != state.tmpdir || ok != state.hadTmpdir {
		t.Errorf("after Restore TMPDIR = %q (set %v), want %q (set %v)", got, ok, state.tmpdir, state.hadTmpdir)
	}
}
