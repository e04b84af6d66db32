package preview

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/diagram"
	"github.com/schemagen/schemagen/internal/testkit/synth"
)

func realRender(s *schema.Schema, kind string) ([]byte, error) {
	return diagram.Render(s, diagram.Options{Kind: diagram.Kind(kind), Engine: testEngine}, "svg")
}

// bestOf is the fastest of three runs of f: the baseline for a ratio.
func bestOf(b *testing.B, f func()) time.Duration {
	best := time.Duration(1 << 62)
	for range 3 {
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}

// benchServer serves a synthetic design of n entities; alt is a variant of
// it, so that alternating the two always makes a new version.
func benchServer(b *testing.B, n int, render Renderer) (s *Server, data, alt []byte) {
	data = synth.Design(synth.Options{Entities: n})
	alt = append(bytes.Clone(data), "\n# another version\n"...)
	if _, diags := check.Source("synthetic.yaml", data, nil); diags.HasErrors() {
		b.Fatalf("the synthetic design has errors: %v", diags)
	}
	s = &Server{opts: Options{Name: "synthetic.yaml", Render: render}, abs: "/synthetic.yaml",
		broker: newBroker(), closing: make(chan struct{}), hosts: map[string]bool{"localhost": true}}
	s.apply(readResult{data: data, status: statusOK})
	return s, data, alt
}

func getDiagram(b *testing.B, h http.Handler) {
	req := httptest.NewRequest(http.MethodGet, "/api/diagram/er.svg", nil)
	req.Host = "localhost"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("diagram: %d %s", rec.Code, rec.Body)
	}
}

// BenchmarkDiagramRequest measures what a page's request for the ER diagram
// of a 100-entity design costs, against drawing it (the baseline, measured in
// the same run):
//
//	render   diagram.Render to SVG, what every request would cost without the cache
//	cached   GET /api/diagram/er.svg for a version already drawn (every tab after the first)
//	save     a new version (read, check, state) and its first diagram request
//
// cached and save report "x-render", their time as a multiple of render's.
func BenchmarkDiagramRequest(b *testing.B) {
	s, data, alt := benchServer(b, 100, realRender)
	h := s.Handler()
	g := s.current().good
	render := func() {
		if _, err := realRender(g.schema, "er"); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("render", func(b *testing.B) {
		for b.Loop() {
			render()
		}
	})
	b.Run("cached", func(b *testing.B) {
		base := bestOf(b, render)
		getDiagram(b, h)
		b.ResetTimer()
		for b.Loop() {
			getDiagram(b, h)
		}
		b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(base), "x-render")
	})
	b.Run("save", func(b *testing.B) {
		base := bestOf(b, render)
		b.ResetTimer()
		i := 0
		for b.Loop() {
			content := data
			if i%2 == 0 {
				content = alt
			}
			i++
			s.apply(readResult{data: content, status: statusOK})
			getDiagram(b, h)
		}
		b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(base), "x-render")
	})
}

// BenchmarkReload measures publishing a new version of a 1000-entity design
// (check, diagnostics and page state as JSON, SSE signal) against
// check.Source alone (the baseline, measured in the same run): "x-check" is
// the preview's overhead over the check every command runs.
func BenchmarkReload(b *testing.B) {
	s, data, alt := benchServer(b, 1000, nil)
	check := func() { check.Source("synthetic.yaml", data, nil) }
	b.Run("check", func(b *testing.B) {
		for b.Loop() {
			check()
		}
	})
	b.Run("reload", func(b *testing.B) {
		base := bestOf(b, check)
		b.ResetTimer()
		i := 0
		for b.Loop() {
			content := data
			if i%2 == 0 {
				content = alt
			}
			i++
			if !s.apply(readResult{data: content, status: statusOK}) {
				b.Fatal("no new version")
			}
		}
		b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(base), "x-check")
	})
}
