package randdesign

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// TestGenerateIsValid proves that every design the generator writes passes
// check.Source without errors, and uses the awkward names it promises.
func TestGenerateIsValid(t *testing.T) {
	features := map[string]int{}
	for seed := int64(0); seed < 200; seed++ {
		data := Generate(seed)
		s, diags := check.Source(fmt.Sprintf("seed%d.yaml", seed), data, nil)
		if diags.HasErrors() || s == nil {
			for _, d := range diags {
				if d.Severity == design.Error {
					t.Errorf("seed %d: %s", seed, d)
				}
			}
			t.Fatalf("seed %d gave an invalid design:\n%s", seed, data)
		}
		for _, tb := range s.Tables {
			if len(tb.Name)+len(tb.Schema) > 0 && sqlname.NeedsQuotes(tb.Name) {
				features["quoted table"]++
			}
			if sqlname.IsReserved(tb.Name) {
				features["reserved table"]++
			}
			switch tb.Kind {
			case schema.JunctionTable:
				features["junction"]++
			case schema.EventTable:
				features["events"]++
			}
			if tb.Retry {
				features["retry"]++
			}
			if tb.Schema != "public" {
				features["schema"]++
			}
			for _, c := range tb.Columns {
				if c.TypeInfo.Array > 0 {
					features["array"]++
				}
				if c.Enum != nil && c.Origin == schema.DeclaredColumn {
					features["enum column"]++
				}
				if bytes.ContainsAny([]byte(c.Name), "äöüß名") {
					features["unicode column"]++
				}
			}
		}
		for _, r := range s.Relations {
			features["rel "+r.Kind.String()]++
		}
		features["machines"] += len(s.Machines)
	}
	for _, f := range []string{"quoted table", "reserved table", "junction", "events", "retry", "schema", "array",
		"enum column", "unicode column", "rel 1-1", "rel 1-n", "rel n-n", "machines"} {
		if features[f] == 0 {
			t.Errorf("200 seeds never produced a %s", f)
		}
	}
	t.Logf("features over 200 seeds: %v", features)
}

func TestGenerateIsDeterministic(t *testing.T) {
	for seed := int64(-3); seed < 20; seed++ {
		if !bytes.Equal(Generate(seed), Generate(seed)) {
			t.Fatalf("seed %d gave two different designs", seed)
		}
	}
	if bytes.Equal(Generate(1), Generate(2)) {
		t.Fatal("seeds 1 and 2 gave the same design")
	}
}
