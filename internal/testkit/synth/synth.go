// Package synth writes large, valid, deterministic designs for benchmarks and
// scale tests: N entities in G groups, with relationships inside and across
// groups, a state machine, events and a failure mode every few entities.
package synth

import (
	"fmt"
	"strings"
)

// Options shapes a synthetic design.
type Options struct {
	Entities int // number of declared entities (at least 2)
	Groups   int // number of groups; 0 means one group per 50 entities
	// FieldsPerEntity is the number of plain fields besides the key (default 6).
	FieldsPerEntity int
	// Mutate, when not zero, changes about that share of fields (0.01 = 1%)
	// in ways a migration must handle: a type widened, a field added, a default set.
	Mutate float64
}

// Design returns the YAML of a synthetic design. The same options give the same bytes.
func Design(o Options) []byte {
	if o.Entities < 2 {
		o.Entities = 2
	}
	if o.Groups <= 0 {
		o.Groups = (o.Entities + 49) / 50
	}
	if o.FieldsPerEntity <= 0 {
		o.FieldsPerEntity = 6
	}
	var b strings.Builder
	fmt.Fprintf(&b, "schemagen: 1\nname: synthetic_%d\ndescription: A synthetic design of %d entities in %d groups.\n\n", o.Entities, o.Entities, o.Groups)
	name := func(i int) string { return fmt.Sprintf("g%d_items_%d", i%o.Groups, i) }
	mutated := 0
	total := 0
	mutate := func() bool {
		total++
		if o.Mutate <= 0 {
			return false
		}
		if float64(mutated) < o.Mutate*float64(total) {
			mutated++
			return true
		}
		return false
	}
	b.WriteString("flow:\n")
	for i := 0; i < o.Entities; i++ {
		fmt.Fprintf(&b, "  - step: Step %d creates %s\n    creates: %s\n", i, name(i), name(i))
		if i%5 == 0 {
			fmt.Fprintf(&b, "    event: %s.created\n", name(i))
		}
	}
	b.WriteString("\nentities:\n")
	kinds := []string{"text", "integer", "timestamptz default now()", "boolean default false", "numeric(12,2)", "text?", "jsonb?", "bigint check (%s >= 0)"}
	for i := 0; i < o.Entities; i++ {
		fmt.Fprintf(&b, "  %s:\n    description: Synthetic entity number %d.\n    group: group_%d\n    fields:\n", name(i), i, i%o.Groups)
		fmt.Fprintf(&b, "      id: uuid pk default gen_random_uuid()\n")
		for f := 0; f < o.FieldsPerEntity; f++ {
			field := fmt.Sprintf("field_%d", f)
			kind := kinds[(i+f)%len(kinds)]
			if strings.Contains(kind, "%s") {
				kind = fmt.Sprintf(kind, field)
			}
			if mutate() {
				switch (i + f) % 3 {
				case 0:
					kind = "text?" // a type changed to a wider one
				case 1:
					fmt.Fprintf(&b, "      extra_%d: text?\n", f) // a field added
				case 2:
					if !strings.Contains(kind, "default") && !strings.Contains(kind, "check") {
						kind += " default " + defaultFor(kind)
					}
				}
			}
			fmt.Fprintf(&b, "      %s: %s\n", field, kind)
		}
	}
	b.WriteString("\nrelationships:\n")
	for i := 1; i < o.Entities; i++ {
		// Each entity hangs off an earlier one of its own group, and every tenth off another group's.
		parent := i - o.Groups
		if parent < 0 {
			continue
		}
		fmt.Fprintf(&b, "  - %s 1-n %s\n", name(parent), name(i))
		if i%10 == 0 && i-1 >= 0 {
			fmt.Fprintf(&b, "  - %s 1-n %s as linked optional\n", name(i-1), name(i))
		}
		if i%25 == 0 && parent-1 >= 0 {
			fmt.Fprintf(&b, "  - %s n-n %s via links_%d\n", name(i), name(parent-1), i)
		}
	}
	b.WriteString("\nstates:\n")
	for i := 0; i < o.Entities; i += 5 {
		fmt.Fprintf(&b, "  %s_status:\n    entity: %s\n    initial: draft\n    transitions:\n      draft: [active, cancelled]\n      active: [done, failed]\n      failed: [active]\n    terminal: [done, cancelled]\n", name(i), name(i))
	}
	b.WriteString("\nevents:\n")
	for i := 0; i < o.Entities; i += 5 {
		fmt.Fprintf(&b, "  %s: [created, activated, failed, done]\n", name(i))
	}
	b.WriteString("\nfailures:\n")
	for i := 0; i < o.Entities; i += 5 {
		fmt.Fprintf(&b, "  - name: %s_fails\n    when: Processing of %s fails.\n    entity: %s\n    state: failed\n    retry: { max_attempts: 3 }\n    event: failed\n", name(i), name(i), name(i))
		fmt.Fprintf(&b, "  - name: %s_cancelled\n    when: Someone cancels %s.\n    entity: %s\n    state: cancelled\n", name(i), name(i), name(i))
	}
	return []byte(b.String())
}

func defaultFor(kind string) string {
	switch {
	case strings.HasPrefix(kind, "integer"), strings.HasPrefix(kind, "bigint"), strings.HasPrefix(kind, "numeric"):
		return "0"
	case strings.HasPrefix(kind, "jsonb"):
		return "'{}'"
	}
	return "''"
}
