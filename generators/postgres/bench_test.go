package postgres

import (
	"fmt"
	"strings"
	"testing"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"gopkg.in/yaml.v3"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/testkit/synth"
)

var benchSizes = []int{1000, 5000}

// benchDesign returns a synthetic design's YAML and its resolved schema.
func benchDesign(b *testing.B, entities int) ([]byte, *schema.Schema) {
	b.Helper()
	data := synth.Design(synth.Options{Entities: entities})
	s, diags := check.Source("synth.yaml", data, nil)
	if diags.HasErrors() {
		b.Fatalf("synthetic design has errors: %v", diags)
	}
	return data, s
}

// yamlFloor is the time yaml.v3 needs to decode the same bytes into a
// yaml.Node: the least any tool that reads the design must spend. The best of
// a few runs, measured in the same process as the benchmark that divides by it.
func yamlFloor(b *testing.B, data []byte) time.Duration {
	b.Helper()
	best := time.Duration(1<<63 - 1)
	for i := 0; i < 3; i++ {
		start := time.Now()
		var n yaml.Node
		if err := yaml.Unmarshal(data, &n); err != nil {
			b.Fatal(err)
		}
		if d := time.Since(start); d < best {
			best = d
		}
	}
	return best
}

// BenchmarkYAMLFloor is the baseline: yaml.v3 decoding the design into nodes.
func BenchmarkYAMLFloor(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("entities=%d", n), func(b *testing.B) {
			data := synth.Design(synth.Options{Entities: n})
			b.SetBytes(int64(len(data)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var node yaml.Node
				if err := yaml.Unmarshal(data, &node); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGenerate is the whole of Generate on a resolved schema, checks
// included; x_yaml_floor is its time over the YAML decode floor of the same design.
func BenchmarkGenerate(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("entities=%d", n), func(b *testing.B) {
			data, s := benchDesign(b, n)
			floor := yamlFloor(b, data)
			b.ResetTimer()
			var out []byte
			for i := 0; i < b.N; i++ {
				var err error
				if out, err = Generate(s, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.SetBytes(int64(len(out)))
			b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(floor), "x_yaml_floor")
		})
	}
}

// BenchmarkGenerateParts splits Generate's time: naming objects, writing the
// SQL, parsing the design's expressions, checking the output with pg_query
// (checkOutput as Generate uses it, without the trigger functions, which the
// PL/pgSQL check parses whole; with them; SplitWithParser on the whole file in
// one call; the full Parse), and parsing the PL/pgSQL functions.
func BenchmarkGenerateParts(b *testing.B) {
	for _, n := range benchSizes {
		_, s := benchDesign(b, n)
		names := map[*schema.Table]*tableNames{}
		for _, t := range s.Tables {
			names[t] = namesOf(t)
		}
		triggers := triggerStatements(s)
		f := build(s, names, Options{}, triggers)
		functions := triggers.functions()
		sql := string(f.out)
		parts := []struct {
			name string
			fn   func() error
		}{
			{"build", func() error { build(s, names, Options{}, triggerStatements(s)); return nil }},
			{"names", func() error {
				for _, t := range s.Tables {
					namesOf(t)
				}
				return nil
			}},
			{"expressions", func() error {
				if d := checkExpressions(s); len(d) > 0 {
					return fmt.Errorf("%v", d)
				}
				return nil
			}},
			{"check-output", func() error { return checkOutput(f.out, f.ends, f.functions) }},
			{"check-output-with-functions", func() error { return checkOutput(f.out, f.ends, nil) }},
			{"split-whole-file", func() error { _, err := pg_query.SplitWithParser(sql, false); return err }},
			{"full-parse", func() error { _, err := pg_query.Parse(sql); return err }},
			{"plpgsql", func() error { return checkFunctions(functions) }},
			{"plpgsql-batched", func() error { return ParsePLpgSQL(strings.Join(functions, "\n")) }},
		}
		for _, p := range parts {
			if p.name == "plpgsql-batched" && n > 1000 {
				continue // quadratic: 1000 entities make the point
			}
			b.Run(fmt.Sprintf("entities=%d/%s", n, p.name), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if err := p.fn(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
