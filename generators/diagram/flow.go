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
		w.line(`%s [shape=plain, label=%s];`, stepID(i), stepLabel(i, st))
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
	// Each edge leaves from the row of its step that names it ("creates
	// orders"), so the words stay on their edge however the layout bends it.
	for i, st := range s.Flow {
		for k, a := range stepActions(st) {
			target := quoteID("entity:" + a.target)
			if a.verb == "records" {
				target = quoteID("event:" + a.target)
			}
			w.line(`%s:%s:e -> %s [%s];`, stepID(i), actionPort(k), target, a.edgeStyle())
		}
	}
	w.close()
	return w.bytes(), nil
}

func stepID(i int) string { return quoteID(fmt.Sprintf("step:%d", i+1)) }

func actionPort(k int) string { return fmt.Sprintf("a%d", k) }

// flowAction is one thing a flow step does: a verb and what it acts on.
type flowAction struct {
	verb   string // creates, updates, reads or records
	target string // an entity, or the event an action records
}

// stepActions lists what a step does, in the order its edges are drawn.
func stepActions(st *design.FlowStep) []flowAction {
	var out []flowAction
	for _, g := range []struct {
		verb  string
		names []design.Name
	}{{"creates", st.Creates}, {"updates", st.Updates}, {"reads", st.Reads}} {
		for _, n := range g.names {
			out = append(out, flowAction{g.verb, n.Name})
		}
	}
	if e := st.Event.Name; e != "" {
		out = append(out, flowAction{"records", e})
	}
	return out
}

// color is the colour of an action's words and edge.
func (a flowAction) color() string {
	switch a.verb {
	case "creates":
		return flowCreate
	case "updates":
		return stateColor
	case "records":
		return eventHeader
	}
	return edgeColor
}

func (a flowAction) edgeStyle() string {
	switch a.verb {
	case "creates":
		return fmt.Sprintf(`color=%q, penwidth=1.4`, a.color())
	case "updates":
		return fmt.Sprintf(`color=%q`, a.color())
	case "records":
		return fmt.Sprintf(`style=dotted, color=%q`, a.color())
	}
	return `style=dashed`
}

// stepLabel is a step's box: its number and text on the left and, on the
// right, one row per action ("creates orders") that its edge leaves from.
func stepLabel(i int, st *design.FlowStep) string {
	text := fmt.Sprintf("<B>%d.</B>&#160;%s", i+1, strings.Join(mapStrings(wrapText(st.Step, 28), html), `<BR ALIGN="LEFT"/>`))
	actions := stepActions(st)
	var b strings.Builder
	fmt.Fprintf(&b, `<<TABLE BORDER="1" STYLE="ROUNDED" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" BGCOLOR=%q COLOR=%q>`, stepFill, entityHeader)
	b.WriteString("<TR>")
	fmt.Fprintf(&b, `<TD ROWSPAN="%d" WIDTH="160" ALIGN="LEFT" BALIGN="LEFT">%s</TD>`, max(1, len(actions)), text)
	if len(actions) == 0 {
		b.WriteString("</TR>")
	}
	for k, a := range actions {
		if k > 0 {
			b.WriteString("<TR>")
		}
		fmt.Fprintf(&b, `<TD PORT=%q ALIGN="RIGHT" CELLPADDING="2"><FONT POINT-SIZE="8" COLOR=%q>%s&#160;%s</FONT></TD></TR>`,
			actionPort(k), a.color(), a.verb, html(a.target))
	}
	b.WriteString("</TABLE>>")
	return b.String()
}

func mapStrings(in []string, f func(string) string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = f(s)
	}
	return out
}
