package migrate

import (
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/testkit/synth"
)

// benchPair returns two synthetic 5000-entity designs that differ in about
// 1% of their fields, as YAML and resolved.
func benchPair(b *testing.B) (oldData, newData []byte, old, new *schema.Schema) {
	b.Helper()
	oldData = synth.Design(synth.Options{Entities: 5000})
	newData = synth.Design(synth.Options{Entities: 5000, Mutate: 0.01})
	var diags design.Diagnostics
	if old, diags = check.Source("old.yaml", oldData, nil); diags.HasErrors() {
		b.Fatalf("old design has errors: %v", diags[0])
	}
	if new, diags = check.Source("new.yaml", newData, nil); diags.HasErrors() {
		b.Fatalf("new design has errors: %v", diags[0])
	}
	return oldData, newData, old, new
}

// yamlFloor is the best of three yaml.v3 decodes of both designs into nodes:
// the least any tool that reads the two files must spend, measured in the
// same process as the benchmark that divides by it.
func yamlFloor(b *testing.B, datas ...[]byte) time.Duration {
	b.Helper()
	best := time.Duration(1<<63 - 1)
	for i := 0; i < 3; i++ {
		start := time.Now()
		for _, data := range datas {
			var n yaml.Node
			if err := yaml.Unmarshal(data, &n); err != nil {
				b.Fatal(err)
			}
		}
		if d := time.Since(start); d < best {
			best = d
		}
	}
	return best
}

// BenchmarkDiff is Diff of two resolved 5000-entity designs that differ in
// 1% of their fields; x_yaml_floor is its time over decoding the two files
// with yaml.v3.
func BenchmarkDiff(b *testing.B) {
	oldData, newData, old, new := benchPair(b)
	floor := yamlFloor(b, oldData, newData)
	b.ResetTimer()
	var plan *Plan
	for i := 0; i < b.N; i++ {
		var err error
		if plan, err = Diff(old, new, Options{AllowDestructive: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if plan.Changes == 0 {
		b.Fatal("the designs differ, but the plan is empty")
	}
	b.ReportMetric(float64(plan.Changes), "statements")
	b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(floor), "x_yaml_floor")
}

// BenchmarkDiffFiles is what `schemagen migrate diff` does with two files:
// load, resolve and lint both, then Diff; x_yaml_floor as above.
func BenchmarkDiffFiles(b *testing.B) {
	oldData, newData, _, _ := benchPair(b)
	floor := yamlFloor(b, oldData, newData)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		old, _ := check.Source("old.yaml", oldData, nil)
		new, _ := check.Source("new.yaml", newData, nil)
		if _, err := Diff(old, new, Options{AllowDestructive: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(floor), "x_yaml_floor")
}

// BenchmarkYAMLFloor is the baseline: yaml.v3 decoding both designs into nodes.
func BenchmarkYAMLFloor(b *testing.B) {
	oldData, newData, _, _ := benchPair(b)
	b.SetBytes(int64(len(oldData) + len(newData)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, data := range [][]byte{oldData, newData} {
			var n yaml.Node
			if err := yaml.Unmarshal(data, &n); err != nil {
				b.Fatal(err)
			}
		}
	}
}
