package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// checkOnly is a program that does what `schemagen validate` does for one file
// and links nothing else: no Graphviz, no PostgreSQL parser.
const checkOnly = `package main

import (
	"fmt"
	"os"

	"github.com/schemagen/schemagen/design/check"
)

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	_, diags := check.Source(os.Args[1], data, nil)
	if diags.HasErrors() {
		os.Exit(1)
	}
}
`

// BenchmarkStartup runs `schemagen validate` and `schemagen explain` as
// processes next to a program that only validates (the baseline), built in
// the same run. The difference is what a command that draws nothing pays for
// what schemagen links: pg_query_go, and no longer go-graphviz, whose package
// init() loads its WebAssembly Graphviz (about 100 ms): only
// schemagen-graphviz, which the drawing commands start, links it. `diagram`
// is measured too (schemagen and one worker).
//
// SCHEMAGEN_STARTUP_OLD, when set, is the path of another schemagen binary
// (one built before the split) measured in the same run as "old-validate".
//
//	go test ./cmd/schemagen -run '^$' -bench Startup -benchtime 20x
func BenchmarkStartup(b *testing.B) {
	root, err := filepath.Abs("../..")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	full := filepath.Join(dir, "schemagen")
	build(b, root, full, "./cmd/schemagen")
	build(b, root, filepath.Join(dir, "schemagen-graphviz"), "./cmd/schemagen-graphviz")
	src := filepath.Join(root, "cmd", "schemagen", "testdata", "checkonly")
	if err := os.MkdirAll(src, 0o755); err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(src)
	if err := os.WriteFile(filepath.Join(src, "main.go"), []byte(checkOnly), 0o644); err != nil {
		b.Fatal(err)
	}
	baseline := filepath.Join(dir, "checkonly")
	build(b, root, baseline, "./cmd/schemagen/testdata/checkonly")

	example := filepath.Join(root, "examples", "rideshare.yaml")
	out := filepath.Join(dir, "out.svg")
	cases := []struct {
		name string
		bin  string
		args []string
	}{
		{"baseline-check-only", baseline, []string{example}},
		{"validate", full, []string{"validate", example}},
		{"explain", full, []string{"explain", "state-without-exit"}},
		{"diagram-svg", full, []string{"diagram", example, "-o", out}},
	}
	if old := os.Getenv("SCHEMAGEN_STARTUP_OLD"); old != "" {
		cases = append(cases, struct {
			name string
			bin  string
			args []string
		}{"old-validate", old, []string{"validate", example}})
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			// CPU time (user and system) of the process: far steadier than
			// wall time on a busy machine.
			var cpu time.Duration
			for i := 0; i < b.N; i++ {
				cmd := exec.Command(c.bin, c.args...)
				if msg, err := cmd.CombinedOutput(); err != nil && cmd.ProcessState.ExitCode() > 1 {
					b.Fatalf("%v: %s", err, msg)
				}
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			}
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

func build(b *testing.B, root, out, pkg string) {
	b.Helper()
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = root
	if msg, err := cmd.CombinedOutput(); err != nil {
		b.Skipf("cannot build %s (%v): %s", pkg, err, msg)
	}
}
