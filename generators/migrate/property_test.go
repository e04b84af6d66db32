package migrate

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/testkit/randdesign"
)

var seeds = flag.Int("seeds", 12, "number of random designs the property test mutates and migrates")

// TestRandomEvolutions is the property test: for random designs (package
// randdesign) changed by random mutations, the up migration turns a
// database built from the old design, with a row in every table, into one
// with the new design's schema and the same data, and the down migration
// turns it back; both the simple and the online plan.
func TestRandomEvolutions(t *testing.T) {
	mutated := 0
	for seed := int64(1); seed <= int64(*seeds); seed++ {
		oldYAML := randdesign.Generate(seed)
		file := fmt.Sprintf("random_%d.yaml", seed)
		m := &mutator{r: rand.New(rand.NewPCG(uint64(seed), 42)), file: file, data: oldYAML}
		if seed%2 == 0 {
			// Something that reads an enum column, for rebuilds to carry.
			oldYAML = m.prepare(m.addDependants)
		}
		newYAML := m.mutate(1 + int(seed%3))
		if len(m.applied) == 0 {
			continue
		}
		mutated++
		t.Run(fmt.Sprintf("seed_%d", seed), func(t *testing.T) {
			t.Parallel()
			old := mustCheck(t, "old_"+file, oldYAML)
			new := mustCheck(t, "new_"+file, newYAML)
			// `migrate check` after `migrate new`: the new design against its own copy.
			again, err := Diff(new, mustCheck(t, "new_"+file, newYAML), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if again.Changes != 0 {
				t.Fatalf("the new design compared with itself (mutations %v) gives %d statements:\n%s", m.applied, again.Changes, again.Up)
			}
			for _, simple := range []bool{true, false} {
				plan, err := Diff(old, new, Options{AllowDestructive: true, AllowLocks: true, Simple: simple})
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("mutations: %s; %d statements, %d steps (simple: %v)", strings.Join(m.applied, ", "), plan.Changes, len(plan.UpSteps), simple)
				if plan.Changes == 0 {
					t.Fatalf("mutations %v gave no migration", m.applied)
				}
				emptyDown := false
				for _, d := range plan.Diagnostics {
					if d.Rule == RuleIrreversible && strings.Contains(d.Message, "NOT NULL") {
						emptyDown = true
					}
				}
				proveOnPostgres(t, old, new, plan, emptyDown)
				if t.Failed() {
					t.Logf("old design:\n%s\nnew design:\n%s", oldYAML, newYAML)
					return
				}
			}
		})
	}
	if mutated < *seeds/2 {
		t.Fatalf("only %d of %d random designs could be mutated", mutated, *seeds)
	}
}
