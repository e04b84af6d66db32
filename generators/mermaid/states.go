package mermaid

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
)

// writeStates writes a stateDiagram-v2. State ids are prefixed with the
// machine's name (Mermaid ids are global, and two machines often share state
// names such as `pending`); labels carry the plain names. Failure states get
// the `failure` class and the names of the failure modes that land in them.
func writeStates(b *strings.Builder, s *schema.Schema, only string) error {
	ms := s.Machines
	if only != "" {
		m := s.Machine(only)
		if m == nil {
			return fmt.Errorf("unknown state machine %q", only)
		}
		ms = []*schema.Machine{m}
	}
	if len(ms) == 0 {
		return fmt.Errorf("the design has no state machines to draw (add a `states` section)")
	}
	b.WriteString("stateDiagram-v2\n")
	b.WriteString("    classDef failure fill:#fed7d7,stroke:#c53030,color:#742a2a\n")
	b.WriteString("    classDef terminal fill:#c6f6d5,stroke:#2f855a\n")
	var failures, terminals []string
	for _, m := range ms {
		indent := "    "
		if len(ms) > 1 {
			fmt.Fprintf(b, "    state \"%s (%s.%s)\" as %s {\n", text(m.Name), text(m.Table.Name), text(m.Column), ident("machine_"+m.Name))
			indent = "        "
		}
		for _, st := range m.States {
			label := st
			if fs := m.FailureStates[st]; len(fs) > 0 {
				label += " (failure: " + strings.Join(fs, ", ") + ")"
				failures = append(failures, stateIdent(m, st))
			} else if m.IsTerminal(st) {
				terminals = append(terminals, stateIdent(m, st))
			}
			fmt.Fprintf(b, "%sstate \"%s\" as %s\n", indent, text(label), stateIdent(m, st))
		}
		fmt.Fprintf(b, "%s[*] --> %s\n", indent, stateIdent(m, m.Initial))
		for _, t := range m.Transitions {
			label := ""
			if n := retryLimit(s, m, t.From); n > 0 {
				// As in the SVG: back into the work is the retry; into a
				// terminal state is giving up once the attempts are spent.
				label = fmt.Sprintf(" : retry (max %d)", n)
				if m.IsTerminal(t.To) {
					label = fmt.Sprintf(" : after %d attempts", n)
				}
			}
			fmt.Fprintf(b, "%s%s --> %s%s\n", indent, stateIdent(m, t.From), stateIdent(m, t.To), label)
		}
		for _, st := range m.Terminal {
			fmt.Fprintf(b, "%s%s --> [*]\n", indent, stateIdent(m, st))
		}
		if len(ms) > 1 {
			b.WriteString("    }\n")
		}
	}
	if len(failures) > 0 {
		fmt.Fprintf(b, "    class %s failure\n", strings.Join(failures, ", "))
	}
	if len(terminals) > 0 {
		fmt.Fprintf(b, "    class %s terminal\n", strings.Join(terminals, ", "))
	}
	return nil
}

// retryLimit returns the retry limit of the failure modes that land in a
// state of a machine, or 0 (the same rule as generators/diagram's).
func retryLimit(s *schema.Schema, m *schema.Machine, state string) int {
	for _, name := range m.FailureStates[state] {
		for _, f := range s.Failures {
			if f.Name == name && f.Retry != nil {
				return f.Retry.MaxAttempts
			}
		}
	}
	return 0
}

func stateIdent(m *schema.Machine, state string) string {
	return ident(m.Name + "__" + state)
}
