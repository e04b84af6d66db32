package raster

import (
	"testing"
	"time"
)

// BenchmarkERDiagram measures painting the reference ER diagram against the
// Graphviz layout it paints (the baseline, measured in the same run):
//
//	layout      go-graphviz lays the DOT out and writes json
//	paint       the painter draws the json into an image (Image)
//	png         paint plus PNG encoding (PNG, what `schemagen diagram` runs)
//
// paint and png also report "x-layout", their time as a multiple of the
// layout's.
func BenchmarkERDiagram(b *testing.B) {
	dot := referenceDOT(b)
	layout := render(b, dot, "json")
	layoutTime := func() time.Duration {
		// Best of three: the baseline for the ratio.
		best := time.Duration(1 << 62)
		for i := 0; i < 3; i++ {
			start := time.Now()
			layoutOnce(b, dot)
			best = min(best, time.Since(start))
		}
		return best
	}
	b.Run("layout", func(b *testing.B) {
		for b.Loop() {
			layoutOnce(b, dot)
		}
	})
	b.Run("paint", func(b *testing.B) {
		base := layoutTime()
		b.ResetTimer()
		for b.Loop() {
			if _, err := Image(layout, Options{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(base), "x-layout")
	})
	b.Run("png", func(b *testing.B) {
		base := layoutTime()
		b.ResetTimer()
		for b.Loop() {
			if _, err := PNG(layout, Options{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(base), "x-layout")
	})
}

// layoutOnce lays DOT out to json with the embedded Graphviz, uncached.
func layoutOnce(b *testing.B, dot []byte) {
	if _, err := renderDOT(dot, "json"); err != nil {
		b.Fatal(err)
	}
}
