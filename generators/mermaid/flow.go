package mermaid

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
)

// writeFlow writes a flowchart: the steps in order, top to bottom, each
// linked to the entities it creates, updates or reads and the events it records.
func writeFlow(b *strings.Builder, s *schema.Schema) error {
	if len(s.Flow) == 0 {
		return fmt.Errorf("the design has no flow to draw (add a `flow` section)")
	}
	b.WriteString("flowchart LR\n")
	b.WriteString("    classDef step fill:#ebf8ff,stroke:#2b6cb0\n")
	b.WriteString("    classDef entity fill:#2b6cb0,stroke:#2b6cb0,color:#ffffff\n")
	b.WriteString("    classDef event fill:#e6fffa,stroke:#2c7a7b,color:#2c7a7b\n")
	b.WriteString("    subgraph story [\"" + text(s.Name) + ": flow\"]\n")
	b.WriteString("        direction TB\n")
	for i, st := range s.Flow {
		fmt.Fprintf(b, "        step%d[\"%d. %s\"]:::step\n", i+1, i+1, text(st.Step))
	}
	for i := 1; i < len(s.Flow); i++ {
		fmt.Fprintf(b, "        step%d ==> step%d\n", i, i+1)
	}
	b.WriteString("    end\n")
	seen := map[string]bool{}
	node := func(kind, name string) string {
		id := ident(kind + "_" + name)
		if !seen[id] {
			seen[id] = true
			if kind == "event" {
				fmt.Fprintf(b, "    %s>\"%s\"]:::event\n", id, text(name))
			} else {
				fmt.Fprintf(b, "    %s[(\"%s\")]:::entity\n", id, text(name))
			}
		}
		return id
	}
	for i, st := range s.Flow {
		for _, n := range st.Creates {
			fmt.Fprintf(b, "    step%d -->|creates| %s\n", i+1, node("entity", n.Name))
		}
		for _, n := range st.Updates {
			fmt.Fprintf(b, "    step%d -->|updates| %s\n", i+1, node("entity", n.Name))
		}
		for _, n := range st.Reads {
			fmt.Fprintf(b, "    step%d -.->|reads| %s\n", i+1, node("entity", n.Name))
		}
		if e := st.Event.Name; e != "" {
			fmt.Fprintf(b, "    step%d -.->|records| %s\n", i+1, node("event", e))
		}
	}
	return nil
}
