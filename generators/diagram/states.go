package diagram

import (
	"fmt"
	"math"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
)

// machines returns the machines to draw: one by name, or all of them.
func machines(s *schema.Schema, name string) ([]*schema.Machine, error) {
	if name != "" {
		m := s.Machine(name)
		if m == nil {
			var names []string
			for _, m := range s.Machines {
				names = append(names, m.Name)
			}
			if len(names) == 0 {
				return nil, optionErrorf("unknown state machine %q: the design has none", name)
			}
			return nil, optionErrorf("unknown state machine %q; the machines are: %s", name, strings.Join(names, ", "))
		}
		return []*schema.Machine{m}, nil
	}
	if len(s.Machines) == 0 {
		return nil, fmt.Errorf("the design has no state machines to draw (add a `states` section)")
	}
	return s.Machines, nil
}

// packFrom is the number of machines from which they are packed in rows
// (a typical machine is about 490 by 160 points, hence the column count).
const packFrom = 4

// retryLimit returns the retry limit of the failure modes that land in a state
// of a machine's entity, or 0.
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

// statesDOT draws state machines: a start dot into the initial state,
// terminal states double-bordered, failure states in a warning colour with the
// failure modes' names, and transitions as arrows. Several machines become
// clusters of one graph.
func statesDOT(s *schema.Schema, name string) ([]byte, error) {
	ms, err := machines(s, name)
	if err != nil {
		return nil, err
	}
	w := &dotWriter{}
	w.open("digraph States {")
	title := s.Name + ": state machines"
	if len(ms) == 1 {
		title = fmt.Sprintf("%s: %s (%s.%s)", s.Name, ms[0].Name, ms[0].Table.Name, ms[0].Column)
	}
	pack := ""
	var order []int
	if len(ms) > packFrom {
		// Many machines: lay each out alone and pack them in rows, in design
		// order, instead of one column as tall as all of them.
		perRow := int(math.Ceil(math.Sqrt(float64(len(ms)) * targetAspect * 160 / 490)))
		pack = fmt.Sprintf(`, pack=true, packmode="array_cu%d"`, perRow)
		order = packOrder(len(ms), perRow)
	}
	w.line(`graph [rankdir=LR, nodesep=0.4, ranksep=0.6, pad=0.3, fontname=%q, fontsize=12, bgcolor="white", label=%s, labelloc=t, labeljust=l%s];`, fontName, quoteID(title), pack)
	w.line(`node [shape=box, style="rounded,filled", fillcolor="white", color=%q, fontname=%q, fontsize=11, margin="0.2,0.08"];`, inkColor, fontName)
	w.line(`edge [fontname=%q, fontsize=9, color=%q, fontcolor=%q, penwidth=1.2, arrowsize=0.8];`, fontName, edgeColor, mutedColor)
	// The packer places the machines in the order they are written.
	written := ms
	if order != nil {
		written = make([]*schema.Machine, len(ms))
		for i, m := range ms {
			written[order[i]-1] = m
		}
	}
	for _, m := range written {
		if len(ms) > 1 {
			w.open("subgraph %s {", quoteID("cluster_"+m.Name))
			w.line(`label=%s; style="rounded,filled"; fillcolor=%q; color=%q; fontsize=12;`,
				quoteID(fmt.Sprintf("%s (%s.%s)", m.Name, m.Table.Name, m.Column)), clusterFill, clusterLine)
		}
		writeMachine(w, s, m)
		if len(ms) > 1 {
			w.close()
		}
	}
	w.close()
	return w.bytes(), nil
}

// packOrder gives the position (from 1) at which each of n machines is
// written so that they read in design order, rows top to bottom, perRow to a
// row. Graphviz packs the machines in the order they are written (it ignores
// sortv on clusters), before it turns the picture left to right: its columns
// (filled first to last, perRow each) become the rows of the picture from the
// bottom up. So the last row of machines is written first, and the short row,
// if any, is the top one.
func packOrder(n, perRow int) []int {
	short := n % perRow
	var rows [][]int
	if short > 0 {
		rows = append(rows, nil)
	}
	for i := 0; i < n; i++ {
		if i == short || i > short && (i-short)%perRow == 0 {
			rows = append(rows, nil)
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], i)
	}
	order := make([]int, n)
	next := 1
	for r := len(rows) - 1; r >= 0; r-- {
		for _, i := range rows[r] {
			order[i] = next
			next++
		}
	}
	return order
}

func stateID(m *schema.Machine, state string) string { return quoteID(m.Name + "/" + state) }

func writeMachine(w *dotWriter, s *schema.Schema, m *schema.Machine) {
	start := quoteID(m.Name + "/__start")
	w.line(`%s [shape=point, style=filled, fillcolor=%q, color=%q, width=0.18, height=0.18, tooltip=%s];`,
		start, inkColor, inkColor, quoteID("new "+m.Table.Singular+" rows start in "+m.Initial))
	for _, st := range m.States {
		attrs := []string{}
		label := "<" + html(st)
		failures := m.FailureStates[st]
		switch {
		case len(failures) > 0:
			label += `<BR/><FONT POINT-SIZE="8" COLOR="` + warnLine + `">failure: ` + html(strings.Join(failures, ", ")) + "</FONT>"
			attrs = append(attrs, fmt.Sprintf("fillcolor=%q, color=%q", warnFill, warnLine))
		case m.IsTerminal(st):
			attrs = append(attrs, fmt.Sprintf("fillcolor=%q, color=%q", okFill, okLine))
		}
		if m.IsTerminal(st) {
			attrs = append(attrs, "peripheries=2")
		}
		if st == m.Initial {
			attrs = append(attrs, "penwidth=2")
		}
		label += ">"
		attrs = append([]string{"label=" + label}, attrs...)
		w.line("%s [%s];", stateID(m, st), strings.Join(attrs, ", "))
	}
	w.line("%s -> %s [arrowhead=normal];", start, stateID(m, m.Initial))
	for _, t := range m.Transitions {
		attrs := ""
		if n := retryLimit(s, m, t.From); n > 0 {
			// Out of a failure state that retries: back into the work is the
			// retry; into a terminal state is giving up once the attempts are spent.
			label := fmt.Sprintf("retry (max %d)", n)
			if m.IsTerminal(t.To) {
				label = fmt.Sprintf("after %d attempts", n)
			}
			attrs = fmt.Sprintf(` [label=%q, style=dashed, color=%q, fontcolor=%q]`, label, warnLine, warnLine)
		}
		w.line("%s -> %s%s;", stateID(m, t.From), stateID(m, t.To), attrs)
	}
}
