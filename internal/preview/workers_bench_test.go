package preview

import (
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/diagram"
	"github.com/schemagen/schemagen/internal/graphviz/worker"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

// BenchmarkWorkerDiagramRequest serves the ER diagram of a 100-entity design
// with its layouts done by a schemagen-graphviz worker, as `schemagen serve`
// does. Each iteration starts a new pool and makes two requests for new
// versions: the first starts the worker, the second finds it running.
// first-ms and later-ms are their times; x-later is later over first (well
// below 1: a request after the first does not pay the worker's start-up).
//
//	go test ./internal/preview -run '^$' -bench WorkerDiagramRequest -benchtime 5x
func BenchmarkWorkerDiagramRequest(b *testing.B) {
	bin := filepath.Join(b.TempDir(), worker.Program)
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/"+worker.Program)
	cmd.Dir = golden.ModuleRoot(b)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	var pool *worker.Pool
	render := func(s *schema.Schema, kind string) ([]byte, error) {
		return diagram.Render(s, diagram.Options{Kind: diagram.Kind(kind), Engine: pool}, "svg")
	}
	s, data, alt := benchServer(b, 100, render)
	h := s.Handler()
	var first, later time.Duration
	for i := 0; i < b.N; i++ {
		pool = worker.New(worker.Config{Path: bin})
		s.apply(readResult{data: alt, status: statusOK})
		start := time.Now()
		getDiagram(b, h)
		first += time.Since(start)
		s.apply(readResult{data: data, status: statusOK})
		start = time.Now()
		getDiagram(b, h)
		later += time.Since(start)
		pool.Close()
	}
	b.ReportMetric(float64(first.Milliseconds())/float64(b.N), "first-ms")
	b.ReportMetric(float64(later.Milliseconds())/float64(b.N), "later-ms")
	b.ReportMetric(float64(later)/float64(first), "x-later")
}
