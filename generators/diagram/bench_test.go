package diagram

import (
	"bytes"
	"fmt"
	"os/exec"
	"testing"
	"time"
)

// BenchmarkSVG draws the ER diagram of synthetic designs of 10 to 500 entities
// as SVG: "schemagen" is the whole SVG function (DOT, measuring, folding when
// needed, embedded Graphviz, font fix); "embedded" lays out the final DOT once
// with the embedded (WebAssembly) Graphviz; "native" runs Debian's `dot -Tsvg`
// on the same DOT (skipped when /usr/bin/dot is missing), process start included.
//
//	go test ./generators/diagram -run '^$' -bench SVG -benchtime 3x
func BenchmarkSVG(b *testing.B) {
	for _, n := range []int{10, 50, 200, 500} {
		s := synthSchema(b, n, max(1, n/50))
		src, err := DOT(s, Options{Engine: testEngine})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("entities=%d/schemagen", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := SVG(s, Options{Engine: testEngine}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("entities=%d/embedded", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := layoutDOT(testEngine, src, "svg"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("entities=%d/native", n), func(b *testing.B) {
			dot, err := exec.LookPath("dot")
			if err != nil {
				b.Skip("no native Graphviz dot")
			}
			for i := 0; i < b.N; i++ {
				cmd := exec.Command(dot, "-Tsvg")
				cmd.Stdin = bytes.NewReader(src)
				var out bytes.Buffer
				cmd.Stdout = &out
				if err := cmd.Run(); err != nil || out.Len() == 0 {
					b.Fatalf("dot -Tsvg: %v", err)
				}
			}
		})
	}
}

// BenchmarkSplit draws the 500-entity, 10-group design as eleven pictures.
func BenchmarkSplit(b *testing.B) {
	s := synthSchema(b, 500, 10)
	for i := 0; i < b.N; i++ {
		if _, err := Split(s, Options{Engine: testEngine}, "svg"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSVGVersusNative reports, for the ER diagram of synthetic designs,
// how many times longer the whole SVG function takes (measuring, arranging,
// the embedded WebAssembly Graphviz) than native `dot -Tsvg` on the final DOT,
// both timed in the same iteration: the x-native metric. Skipped with a message
// where `dot` is absent (`apt-get install graphviz`).
//
//	go test ./generators/diagram -run '^$' -bench VersusNative -benchtime 2x
func BenchmarkSVGVersusNative(b *testing.B) {
	dot, err := exec.LookPath("dot")
	if err != nil {
		b.Skip("no native Graphviz dot on PATH: install graphviz to compare")
	}
	for _, n := range []int{50, 200, 500} {
		s := synthSchema(b, n, max(1, n/50))
		src, err := DOT(s, Options{Engine: testEngine})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("entities=%d", n), func(b *testing.B) {
			var ours, native time.Duration
			for i := 0; i < b.N; i++ {
				start := time.Now()
				if _, err := SVG(s, Options{Engine: testEngine}); err != nil {
					b.Fatal(err)
				}
				ours += time.Since(start)
				start = time.Now()
				cmd := exec.Command(dot, "-Tsvg")
				cmd.Stdin = bytes.NewReader(src)
				var out bytes.Buffer
				cmd.Stdout = &out
				if err := cmd.Run(); err != nil || out.Len() == 0 {
					b.Fatalf("dot -Tsvg: %v", err)
				}
				native += time.Since(start)
			}
			b.ReportMetric(float64(ours)/float64(native), "x-native")
		})
	}
}
