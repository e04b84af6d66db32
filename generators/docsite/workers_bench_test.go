package docsite

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/schemagen/schemagen/generators/diagram"
	"github.com/schemagen/schemagen/internal/graphviz/embedded"
	"github.com/schemagen/schemagen/internal/graphviz/worker"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

// BenchmarkDocsWorkers documents the 519-table MusicBrainz import with its
// pictures laid out by schemagen-graphviz processes, as `schemagen docs`
// does: one worker against GOMAXPROCS workers, and the in-process engine
// (what schemagen did before the worker program: one go-graphviz behind a
// mutex) as the baseline, alternating in every iteration so that a busy
// machine slows all alike. x-one-worker is the parallel time over the
// one-worker time, x-in-process over the in-process time; the pools are new
// each iteration, so they include their workers' start-up.
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
	timed := func(eng diagram.Engine) time.Duration {
		start := time.Now()
		if _, err := Generate(s, Options{Engine: eng}); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	docs := func(workers int) time.Duration {
		pool := worker.New(worker.Config{Path: bin, Workers: workers})
		defer pool.Close()
		return timed(pool)
	}
	n := runtime.GOMAXPROCS(0)
	var inProcess, one, many time.Duration
	for i := 0; i < b.N; i++ {
		inProcess += timed(embedded.New())
		one += docs(1)
		many += docs(n)
	}
	b.ReportMetric(inProcess.Seconds()/float64(b.N), "in-process-s")
	b.ReportMetric(one.Seconds()/float64(b.N), "one-worker-s")
	b.ReportMetric(many.Seconds()/float64(b.N), "gomaxprocs-workers-s")
	b.ReportMetric(float64(n), "workers")
	b.ReportMetric(float64(many)/float64(one), "x-one-worker")
	b.ReportMetric(float64(many)/float64(inProcess), "x-in-process")
}
