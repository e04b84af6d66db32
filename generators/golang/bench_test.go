package golang

import (
	"fmt"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/testkit/synth"
	"gopkg.in/yaml.v3"
)

var benchSizes = []int{1000, 5000}

func benchSchema(b *testing.B, entities int) ([]byte, *schema.Schema) {
	b.Helper()
	data := synth.Design(synth.Options{Entities: entities})
	s, diags := check.Source("synthetic.yaml", data, nil)
	if diags.HasErrors() || s == nil {
		b.Fatalf("synthetic design has errors: %v", diags)
	}
	return data, s
}

// BenchmarkGenerate is the whole Go output of a large design, gofmt included.
// Compare it with BenchmarkYAMLDecodeFloor (reading the same bytes into
// yaml.Node, the least any run of schemagen does) and with
// BenchmarkGenerateUnformatted (the same without go/format).
func BenchmarkGenerate(b *testing.B) {
	for _, n := range benchSizes {
		data, s := benchSchema(b, n)
		b.Run(fmt.Sprintf("entities=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				if _, err := Generate(s, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGenerateUnformatted leaves out go/format: the difference with
// BenchmarkGenerate is what formatting costs.
func BenchmarkGenerateUnformatted(b *testing.B) {
	for _, n := range benchSizes {
		data, s := benchSchema(b, n)
		b.Run(fmt.Sprintf("entities=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				if _, err := generate(s, Options{}, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkYAMLDecodeFloor decodes the same design bytes into a yaml.Node: the baseline.
func BenchmarkYAMLDecodeFloor(b *testing.B) {
	for _, n := range benchSizes {
		data := synth.Design(synth.Options{Entities: n})
		b.Run(fmt.Sprintf("entities=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				var node yaml.Node
				if err := yaml.Unmarshal(data, &node); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
