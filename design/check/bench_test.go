package check_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/internal/testkit/synth"
	"gopkg.in/yaml.v3"
)

var benchSizes = []int{100, 1000, 5000}

// BenchmarkCheck measures validation (load, resolve, every rule) of synthetic
// designs, next to the floor: decoding the same bytes into a yaml.Node and
// nothing else. Compare the two in the same run:
//
//	go test ./design -run '^$' -bench 'Check|DecodeFloor' -benchtime 10x
func BenchmarkCheck(b *testing.B) {
	for _, n := range benchSizes {
		data := synth.Design(synth.Options{Entities: n})
		b.Run(fmt.Sprintf("entities=%d", n), func(b *testing.B) {
			if _, diags := check.Source("synth.yaml", data, nil); diags.HasErrors() {
				b.Fatalf("synthetic design has errors: %v", diags[:1])
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				check.Source("synth.yaml", data, nil)
			}
		})
	}
}

// BenchmarkDecodeFloor is the floor BenchmarkCheck is compared with: yaml.v3
// decoding the same file into a node tree.
func BenchmarkDecodeFloor(b *testing.B) {
	for _, n := range benchSizes {
		data := synth.Design(synth.Options{Entities: n})
		b.Run(fmt.Sprintf("entities=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var node yaml.Node
				if err := yaml.Unmarshal(data, &node); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCheckVsFloor alternates validation and the decode floor in every
// iteration, so that both see the same machine load, and reports their ratio
// as x-floor (validation time / decode time): the number to watch. x-floor-cpu
// is the same ratio in CPU time (garbage collection included), steadier on a
// busy machine.
func BenchmarkCheckVsFloor(b *testing.B) {
	for _, n := range benchSizes {
		data := synth.Design(synth.Options{Entities: n})
		b.Run(fmt.Sprintf("entities=%d", n), func(b *testing.B) {
			var checkDur, floor, checkCPU, floorCPU time.Duration
			for i := 0; i < b.N; i++ {
				start, startCPU := time.Now(), cpuTime()
				var node yaml.Node
				if err := yaml.Unmarshal(data, &node); err != nil {
					b.Fatal(err)
				}
				floor += time.Since(start)
				floorCPU += cpuTime() - startCPU
				start, startCPU = time.Now(), cpuTime()
				check.Source("synth.yaml", data, nil)
				checkDur += time.Since(start)
				checkCPU += cpuTime() - startCPU
			}
			b.ReportMetric(float64(checkDur.Microseconds())/float64(b.N)/1000, "check-ms/op")
			b.ReportMetric(float64(floor.Microseconds())/float64(b.N)/1000, "floor-ms/op")
			b.ReportMetric(float64(checkDur)/float64(floor), "x-floor")
			if floorCPU > 0 {
				b.ReportMetric(float64(checkCPU)/float64(floorCPU), "x-floor-cpu")
			}
		})
	}
}
