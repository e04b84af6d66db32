package docsite

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/schemagen/schemagen/internal/graphviz/worker"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

// BenchmarkDocsWorkers documents the 519-table MusicBrainz import with its
// pictures laid out by schemagen-graphviz processes, as `schemagen docs`
// does: one worker (the old one-engine behaviour) against GOMAXPROCS workers,
// alternating in every iteration so that a busy machine slows both alike.
// x-one-worker is the parallel time over the one-worker time; the pools are
// new each iteration, so both include their workers' start-up.
//
//	go test ./generators/docsite -run '^$' -bench DocsWorkers -benchtime 1x
func BenchmarkDocsWorkers(b *testing.B) {
	s := musicbrainz(b)
	bin := filepath.Join(b.TempDir(), worker.Program)
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/"+worker.Program)
	cmd.Dir = golden.ModuleRoot(b)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	docs := func(workers int) time.Duration {
		pool := worker.New(worker.Config{Path: bin, Workers: workers})
		defer pool.Close()
		start := time.Now()
		if _, err := Generate(s, Options{Engine: pool}); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	n := runtime.GOMAXPROCS(0)
	var one, many time.Duration
	for i := 0; i < b.N; i++ {
		one += docs(1)
		many += docs(n)
	}
	b.ReportMetric(one.Seconds()/float64(b.N), "one-worker-s")
	b.ReportMetric(many.Seconds()/float64(b.N), "gomaxprocs-workers-s")
	b.ReportMetric(float64(n), "workers")
	b.ReportMetric(float64(many)/float64(one), "x-one-worker")
}
