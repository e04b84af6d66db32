package diagram

import (
	"fmt"
	"math"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
)

// stepsPerColumn is how many flow steps stand in one column before the story
// continues in the next: at least 12, and about sqrt(4n) for a long flow, so
// that it stays near a square instead of becoming a strip (a column of steps
// with its entities beside it is about four steps wide).
func stepsPerColumn(n int) int {
	return max(12, int(math.Ceil(math.Sqrt(4*float64(n)))))
}

// flowDOT draws the story: the flow steps in order, down a column (then the
// next), each linked to the entities it creates, reads or updates and to the
// events it records.
func flowDOT(s *schema.Schema) ([]byte, error) {
	if len(s.Flow) == 0 {
		return nil, fmt.Errorf("the design has no flow to draw (add a `flow` section)")
	}
	w := &dotWriter{}
	w.open("digraph Flow {")
	w.line(`graph [rankdir=LR, nodesep=0.25, ranksep=1.0, pad=0.3, newrank=true, fontname=%q, fontsize=12, bgcolor="white", label=%s, labelloc=t, labeljust=l];`,
		fontName, quoteID(s.Name+": flow"))
	w.line(`node [fontname=%q, fontsize=10, color=%q];`, fontName, inkColor)
	w.line(`edge [fontname=%q, fontsize=8, color=%q, fontcolor=%q, arrowsize=0.7];`, fontName, edgeColor, mutedColor)

	// Steps, column by column; each column is one rank, two ranks apart so
	// that the entities a column touches fit in between.
	per := stepsPerColumn(len(s.Flow))
	cols := (len(s.Flow) + per - 1) / per
	for c := 0; c < cols; c++ {
		var ids []string
		for i := c * per; i < min(len(s.Flow), (c+1)*per); i++ {
			ids = append(ids, stepID(i))
		}
		w.line("{ rank=same; %s; }", strings.Join(ids, "; "))
	}
	for i, st := range s.Flow {
		label := fmt.Sprintf("<<B>%d.</B>&#160;%s>", i+1, strings.Join(mapStrings(wrapText(st.Step, 28), html), "<BR ALIGN=\"LEFT\"/>"))
		w.line(`%s [shape=box, style="rounded,filled", fillcolor=%q, color=%q, margin="0.15,0.08", width=2.4, label=%s];`, stepID(i), stepFill, entityHeader, label)
	}
	for i := 1; i < len(s.Flow); i++ {
		attrs := fmt.Sprintf(`penwidth=2, color=%q, weight=10`, entityHeader)
		if i%per == 0 {
			// The story goes on at the top of the next column: the tops of the
			// columns are tied by an invisible edge, so that the columns stand
			// side by side instead of as a staircase.
			attrs += ", constraint=false"
			w.line("%s -> %s [style=invis, minlen=3, weight=10];", stepID(i-per), stepID(i))
		}
		w.line("%s -> %s [%s];", stepID(i-1), stepID(i), attrs)
	}

	// Entities and events, in the order the flow first mentions them.
	seen := map[string]bool{}
	var entities, events []string
	for _, st := range s.Flow {
		for _, group := range [][]design.Name{st.Creates, st.Reads, st.Updates} {
			for _, n := range group {
				if !seen[n.Name] {
					seen[n.Name] = true
					entities = append(entities, n.Name)
				}
			}
		}
		if e := st.Event.Name; e != "" && !seen["event:"+e] {
			seen["event:"+e] = true
			events = append(events, e)
		}
	}
	for _, e := range entities {
		color, sub := entityHeader, ""
		if t := s.Table(e); t != nil {
			color, sub = headerColor(t)
		}
		label := "<<B>" + html(e) + "</B>"
		if sub != "" {
			label += `<BR/><FONT POINT-SIZE="8">` + sub + "</FONT>"
		}
		label += ">"
		w.line(`%s [shape=box, style="filled", fillcolor=%q, color=%q, fontcolor="white", margin="0.15,0.06", label=%s];`, quoteID("entity:"+e), color, color, label)
	}
	for _, e := range events {
		w.line(`%s [shape=note, style="filled", fillcolor="#e6fffa", color=%q, fontcolor=%q, label=%s];`, quoteID("event:"+e), eventHeader, eventHeader, quoteID(e))
	}
	for i, st := range s.Flow {
		for _, n := range st.Creates {
			w.line(`%s -> %s [label="creates", color=%q, fontcolor=%q, penwidth=1.4];`, stepID(i), quoteID("entity:"+n.Name), okLine, okLine)
		}
		for _, n := range st.Updates {
			w.line(`%s -> %s [label="updates", color=%q, fontcolor=%q];`, stepID(i), quoteID("entity:"+n.Name), stateColor, stateColor)
		}
		for _, n := range st.Reads {
			w.line(`%s -> %s [label="reads", style=dashed];`, stepID(i), quoteID("entity:"+n.Name))
		}
		if e := st.Event.Name; e != "" {
			w.line(`%s -> %s [label="records", style=dotted, color=%q, fontcolor=%q];`, stepID(i), quoteID("event:"+e), eventHeader, eventHeader)
		}
	}
	w.close()
	return w.bytes(), nil
}

func stepID(i int) string { return quoteID(fmt.Sprintf("step:%d", i+1)) }

func mapStrings(in []string, f func(string) string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = f(s)
	}
	return out
}
