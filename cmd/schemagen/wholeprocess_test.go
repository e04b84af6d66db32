package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/schemagen/schemagen/internal/testkit/synth"
)

// floorProgram reads a file and decodes it with yaml.v3, as every command must:
// the floor that whole-process timings are compared with.
const floorProgram = `package main

import (
	"os"

	"gopkg.in/yaml.v3"
)

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		os.Exit(2)
	}
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		os.Exit(1)
	}
}
`

// BenchmarkWholeProcess runs `schemagen validate` and `schemagen sql` as
// processes on a synthetic design of 5,000 entities, and the floor (a program
// that only reads the file and decodes it with yaml.v3) in the same run,
// alternating them in every iteration so that a busy machine slows all alike.
// It reports each command's time as a multiple of the floor (x-floor), and
// the same ratio in CPU time (x-floor-cpu, user and system), steadier on a
// busy machine; the aim is validate within 2x and sql within 3x.
//
//	go test ./cmd/schemagen -run '^$' -bench WholeProcess -benchtime 5x
func BenchmarkWholeProcess(b *testing.B) {
	root, err := filepath.Abs("../..")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	full := filepath.Join(dir, "schemagen")
	build(b, root, full, "./cmd/schemagen")
	build(b, root, filepath.Join(dir, "schemagen-graphviz"), "./cmd/schemagen-graphviz")
	src := filepath.Join(root, "cmd", "schemagen", "testdata", "yamlfloor")
	if err := os.MkdirAll(src, 0o755); err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(src)
	if err := os.WriteFile(filepath.Join(src, "main.go"), []byte(floorProgram), 0o644); err != nil {
		b.Fatal(err)
	}
	floor := filepath.Join(dir, "yamlfloor")
	build(b, root, floor, "./cmd/schemagen/testdata/yamlfloor")

	for _, entities := range []int{1000, 5000} {
		design := filepath.Join(dir, "synth.yaml")
		if err := os.WriteFile(design, synth.Design(synth.Options{Entities: entities}), 0o644); err != nil {
			b.Fatal(err)
		}
		// run returns the wall time of a process and the CPU time it used
		// (user and system), which a busy machine disturbs far less.
		run := func(bin string, args ...string) (wall, cpu time.Duration) {
			start := time.Now()
			cmd := exec.Command(bin, args...)
			if msg, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("%s %v: %v: %.300s", filepath.Base(bin), args, err, msg)
			}
			return time.Since(start), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		}
		for _, c := range []struct {
			name string
			args []string
		}{
			{"validate", []string{"validate", design}},
			{"sql", []string{"sql", design, "-o", filepath.Join(dir, "out.sql")}},
		} {
			b.Run(c.name+"-"+itoa(entities), func(b *testing.B) {
				var cmdTime, floorTime, cmdCPU, floorCPU time.Duration
				for i := 0; i < b.N; i++ {
					wall, cpu := run(floor, design)
					floorTime, floorCPU = floorTime+wall, floorCPU+cpu
					wall, cpu = run(full, c.args...)
					cmdTime, cmdCPU = cmdTime+wall, cmdCPU+cpu
				}
				b.ReportMetric(float64(floorTime.Milliseconds())/float64(b.N), "floor-ms/op")
				b.ReportMetric(float64(cmdTime.Milliseconds())/float64(b.N), "cmd-ms/op")
				b.ReportMetric(float64(cmdTime)/float64(floorTime), "x-floor")
				if floorCPU > 0 {
					b.ReportMetric(float64(cmdCPU)/float64(floorCPU), "x-floor-cpu")
				}
			})
		}
	}
}

func itoa(n int) string {
	if n%1000 == 0 {
		return string(rune('0'+n/1000)) + "k"
	}
	return "n"
}
