package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/graphviz/worker"
)

// TestSchemagenLinksNoGraphviz: schemagen does not link go-graphviz (whose
// package init loads the WebAssembly Graphviz on every start); only
// schemagen-graphviz does.
func TestSchemagenLinksNoGraphviz(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command")
	}
	deps := func(pkg string) string {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		return string(out)
	}
	for _, p := range strings.Fields(deps(".")) {
		if strings.Contains(p, "go-graphviz") || strings.Contains(p, "wazero") ||
			strings.HasSuffix(p, "/graphviz/embedded") || strings.HasSuffix(p, "/graphviz/wasmcache") {
			t.Errorf("schemagen links %s", p)
		}
	}
	if !strings.Contains(deps("../schemagen-graphviz"), "github.com/goccy/go-graphviz\n") {
		t.Errorf("schemagen-graphviz does not link go-graphviz")
	}
}

// buildPrograms builds the named commands (cmd/NAME) into dir, as make build
// does.
func buildPrograms(tb testing.TB, dir string, names ...string) {
	tb.Helper()
	for _, name := range names {
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, name), "./cmd/"+name)
		cmd.Dir = "../.."
		if out, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("go build ./cmd/%s: %v\n%s", name, err, out)
		}
	}
}

// TestTwoPrograms runs the real binaries: schemagen alone validates but
// refuses to draw, in one line that says how to install the layout program;
// with schemagen-graphviz built beside it (found through a symbolic link to
// schemagen too) it draws and writes documentation, and leaves no worker
// running when it exits.
func TestTwoPrograms(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("looks for left-over workers in /proc")
	}
	dir := t.TempDir()
	buildPrograms(t, dir, "schemagen")
	example, err := filepath.Abs("../../examples/rideshare.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PATH=") && !strings.HasPrefix(kv, worker.EnvVar+"=") {
			env = append(env, kv)
		}
	}
	env = append(env, "PATH="+t.TempDir())
	run := func(bin string, args ...string) (int, string) {
		t.Helper()
		var stderr bytes.Buffer
		cmd := exec.Command(bin, args...)
		cmd.Env, cmd.Dir, cmd.Stderr = env, t.TempDir(), &stderr
		err := cmd.Run()
		if err != nil && cmd.ProcessState == nil {
			t.Fatal(err)
		}
		return cmd.ProcessState.ExitCode(), stderr.String()
	}
	schemagen := filepath.Join(dir, "schemagen")
	out := filepath.Join(t.TempDir(), "er.svg")

	if code, stderr := run(schemagen, "validate", example); code != 0 {
		t.Fatalf("validate without the layout program: %d %s", code, stderr)
	}
	code, stderr := run(schemagen, "diagram", example, "-o", out)
	if code != 1 || strings.Count(stderr, "\n") != 1 ||
		!strings.Contains(stderr, "go install github.com/schemagen/schemagen/cmd/...@latest") ||
		!strings.Contains(stderr, "beside schemagen in "+dir) {
		t.Fatalf("diagram without the layout program: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("diagram wrote a file without the layout program")
	}

	buildPrograms(t, dir, worker.Program)
	link := filepath.Join(t.TempDir(), "schemagen")
	if err := os.Symlink(schemagen, link); err != nil {
		t.Fatal(err)
	}
	if code, stderr := run(link, "diagram", example, "-o", out); code != 0 {
		t.Fatalf("diagram through a symbolic link: exit %d: %s", code, stderr)
	}
	if svg, _ := os.ReadFile(out); !bytes.Contains(svg, []byte("driver_locations")) {
		t.Errorf("the diagram lacks a table:\n%.300s", svg)
	}
	site := filepath.Join(t.TempDir(), "site")
	if code, stderr := run(schemagen, "docs", example, "-o", site); code != 0 {
		t.Fatalf("docs: exit %d: %s", code, stderr)
	}
	if pics, _ := filepath.Glob(filepath.Join(site, "diagrams", "entities", "*.svg")); len(pics) < 5 {
		t.Errorf("docs drew %d entity pictures", len(pics))
	}
	if left := runningWorkers(t, filepath.Join(dir, worker.Program)); len(left) > 0 {
		t.Errorf("workers still running after schemagen exited: %v", left)
	}
}

// runningWorkers lists the processes whose program is path.
func runningWorkers(t *testing.T, path string) []string {
	t.Helper()
	procs, err := filepath.Glob("/proc/[0-9]*/exe")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, exe := range procs {
		if target, err := os.Readlink(exe); err == nil && target == path {
			out = append(out, filepath.Base(filepath.Dir(exe)))
		}
	}
	return out
}
