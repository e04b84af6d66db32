package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkStartup runs `schemagen validate` as a process, built two ways in the
// same run: with go.mod as committed (go-graphviz patched to start its
// WebAssembly Graphviz on first use) and with upstream go-graphviz, which starts
// it in package init(). The ratio is what every command that draws nothing
// would pay without the patch. `diagram` is measured too: it pays for Graphviz
// either way.
//
//	go test ./cmd/schemagen -run '^$' -bench Startup -benchtime 20x
func BenchmarkStartup(b *testing.B) {
	root, err := filepath.Abs("../..")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	lazy := filepath.Join(dir, "schemagen-lazy")
	build(b, root, lazy, "")
	// The upstream build: go.mod without the replace, in a copy passed with -modfile.
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		b.Fatal(err)
	}
	var kept []string
	for _, line := range strings.Split(string(mod), "\n") {
		if !strings.HasPrefix(line, "replace github.com/goccy/go-graphviz") {
			kept = append(kept, line)
		}
	}
	modfile := filepath.Join(dir, "upstream.mod")
	if err := os.WriteFile(modfile, []byte(strings.Join(kept, "\n")), 0o644); err != nil {
		b.Fatal(err)
	}
	sum, _ := os.ReadFile(filepath.Join(root, "go.sum"))
	if err := os.WriteFile(filepath.Join(dir, "upstream.sum"), sum, 0o644); err != nil {
		b.Fatal(err)
	}
	eager := filepath.Join(dir, "schemagen-eager")
	build(b, root, eager, modfile)

	example := filepath.Join(root, "examples", "rideshare.yaml")
	out := filepath.Join(dir, "out.svg")
	for _, c := range []struct {
		name string
		bin  string
		args []string
	}{
		{"validate/lazy-graphviz", lazy, []string{"validate", example}},
		{"validate/upstream-graphviz", eager, []string{"validate", example}},
		{"diagram/lazy-graphviz", lazy, []string{"diagram", example, "-o", out}},
		{"diagram/upstream-graphviz", eager, []string{"diagram", example, "-o", out}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				cmd := exec.Command(c.bin, c.args...)
				if msg, err := cmd.CombinedOutput(); err != nil && cmd.ProcessState.ExitCode() > 1 {
					b.Fatalf("%v: %s", err, msg)
				}
			}
		})
	}
}

func build(b *testing.B, root, out, modfile string) {
	b.Helper()
	args := []string{"build", "-o", out}
	if modfile != "" {
		args = append(args, "-modfile", modfile)
	}
	cmd := exec.Command("go", append(args, "./cmd/schemagen")...)
	cmd.Dir = root
	if msg, err := cmd.CombinedOutput(); err != nil {
		b.Skipf("cannot build schemagen (%v): %s", err, msg)
	}
}
