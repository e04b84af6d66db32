package diagram

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
)

// erDOT writes the ER diagram of a view. ranks, when not nil, pins every drawn
// table to a rank (a column, since the graph runs left to right): that is how
// long chains are folded and crowded ranks staggered (see arrange.go).
func erDOT(v *view, ranks map[*schema.Table]int) []byte {
	w := &dotWriter{}
	w.open("digraph ER {")
	w.line(`graph [rankdir=LR, splines=spline, nodesep=0.5, ranksep=1.1, pad=0.3, fontname=%q, fontsize=12, bgcolor="white", label=%s, labelloc=t, labeljust=l%s];`,
		fontName, quoteID(v.title), map[bool]string{true: ", newrank=true", false: ""}[ranks != nil])
	w.line(`node [shape=plain, fontname=%q, fontsize=10];`, fontName)
	w.line(`edge [fontname=%q, fontsize=9, color=%q, penwidth=1.2, arrowsize=0.9, dir=both];`, fontName, edgeColor)
	edges, ports := erEdges(v)

	if v.clusters {
		var order []string
		members := map[string][]*schema.Table{}
		for _, t := range v.tables {
			g := v.group(t)
			if _, ok := members[g]; !ok {
				order = append(order, g)
			}
			members[g] = append(members[g], t)
		}
		for _, g := range order {
			if g == "" {
				for _, t := range members[g] {
					writeTable(w, t, ports, v.comments)
				}
				continue
			}
			w.open("subgraph %s {", quoteID("cluster_"+g))
			w.line(`label=%s; style="rounded,filled"; fillcolor=%q; color=%q; fontsize=14;`, quoteID(g), clusterFill, clusterLine)
			for _, t := range members[g] {
				writeTable(w, t, ports, v.comments)
			}
			w.close()
		}
	} else {
		for _, t := range v.tables {
			writeTable(w, t, ports, v.comments)
		}
	}
	for _, t := range v.ghosts {
		writeGhost(w, t, v.group(t))
	}

	for i, m := range v.more {
		writeMore(w, i, m)
	}
	w.line("")
	for _, e := range edges {
		w.line(`%s -> %s [%s];`, e.from.ref(), e.to.ref(), e.attrs(ranks != nil))
	}
	for i, m := range v.more {
		if m.anchor != nil {
			w.line(`%s -> %s [style=dashed, dir=none, color=%q];`, quoteID(m.anchor.Entity), quoteID(fmt.Sprintf("more:%d", i)), ghostColor)
		}
	}
	if ranks != nil {
		writeRanks(w, v, ranks)
	}
	w.close()
	return w.bytes()
}

// writeRanks pins tables to ranks: an invisible spine of points, one per rank,
// chained left to right, each sharing its rank with its tables.
func writeRanks(w *dotWriter, v *view, ranks map[*schema.Table]int) {
	maxRank := 0
	for _, r := range ranks {
		maxRank = max(maxRank, r)
	}
	byRank := make([][]*schema.Table, maxRank+1)
	for _, t := range append(append([]*schema.Table{}, v.tables...), v.ghosts...) {
		if r, ok := ranks[t]; ok {
			byRank[r] = append(byRank[r], t)
		}
	}
	w.line("")
	for r, ts := range byRank {
		names := []string{quoteID(fmt.Sprintf("__rank_%d", r))}
		for _, t := range ts {
			names = append(names, quoteID(t.Entity))
		}
		w.line(`{ rank=same; %s; }`, strings.Join(names, "; "))
	}
	for r := 0; r <= maxRank; r++ {
		w.line(`%s [shape=point, style=invis, width=0, height=0, label=""];`, quoteID(fmt.Sprintf("__rank_%d", r)))
	}
	for r := 0; r < maxRank; r++ {
		w.line(`%s -> %s [style=invis, dir=none];`, quoteID(fmt.Sprintf("__rank_%d", r)), quoteID(fmt.Sprintf("__rank_%d", r+1)))
	}
}

// headerColor tells entity, junction and event tables apart at a glance.
func headerColor(t *schema.Table) (color, subtitle string) {
	switch t.Kind {
	case schema.JunctionTable:
		return junctionHead, "junction"
	case schema.EventTable:
		return eventHeader, "events"
	}
	return entityHeader, ""
}

// writeTable writes one table as a three-column HTML label: key markers, the
// column name and its type (with `?` when nullable). Ports sit on the outer
// cells so that edges attach to the column they concern.
func writeTable(w *dotWriter, t *schema.Table, ports portCounts, comments bool) {
	color, sub := headerColor(t)
	var b strings.Builder
	b.WriteString("<\n")
	fmt.Fprintf(&b, `<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" COLOR=%q BGCOLOR="white">`+"\n", inkColor)
	title := "<B>" + html(t.QualifiedName()) + "</B>"
	if sub != "" {
		title += ` <FONT POINT-SIZE="8">` + sub + "</FONT>"
	}
	fmt.Fprintf(&b, `<TR><TD COLSPAN="3" BGCOLOR=%q CELLPADDING="5"><FONT COLOR="white">%s</FONT></TD></TR>`+"\n", color, title)
	if t.Description != "" {
		fmt.Fprintf(&b, `<TR><TD COLSPAN="3" ALIGN="LEFT" BALIGN="LEFT"><FONT COLOR=%q POINT-SIZE="9"><I>%s</I></FONT></TD></TR>`+"\n", mutedColor, noteLines(t.Description, noteWidth, noteLines3))
	}
	if note := partitionNote(t); note != "" {
		fmt.Fprintf(&b, `<TR><TD COLSPAN="3" ALIGN="LEFT" BALIGN="LEFT"><FONT COLOR=%q POINT-SIZE="9">%s</FONT></TD></TR>`+"\n", mutedColor, noteLines(note, noteWidth, noteLines3))
	}
	for i, c := range t.Columns {
		bg := "white"
		if i%2 == 1 {
			bg = stripeColor
		}
		name := html(c.Name)
		if c.PK {
			name = "<B>" + name + "</B>"
		}
		fmt.Fprintf(&b, "<TR>%s<TD ALIGN=\"LEFT\" BGCOLOR=%q HREF=%q TOOLTIP=\"%s\">%s</TD>%s</TR>\n",
			portCell(c.Name, "w", ports[portKey{t, c.Name, "w"}], fmt.Sprintf(`BGCOLOR=%q WIDTH="22" ALIGN="LEFT"`, bg), keyMarkers(c)),
			bg, columnTipHref, html(columnTip(t, c)), name,
			portCell(c.Name, "e", ports[portKey{t, c.Name, "e"}], fmt.Sprintf(`ALIGN="LEFT" BGCOLOR=%q`, bg), typeCell(c)))
		if comments && c.Description != "" {
			fmt.Fprintf(&b, `<TR><TD BGCOLOR=%q></TD><TD COLSPAN="2" ALIGN="LEFT" BALIGN="LEFT" BGCOLOR=%q><FONT COLOR=%q POINT-SIZE="8"><I>%s</I></FONT></TD></TR>`+"\n", bg, bg, mutedColor, noteLines(c.Description, noteWidth, noteLines3))
		}
	}
	if len(t.Columns) == 0 {
		b.WriteString(`<TR><TD COLSPAN="3"><FONT COLOR="` + mutedColor + `">no columns</FONT></TD></TR>` + "\n")
	}
	b.WriteString("</TABLE>>")
	tip := t.QualifiedName()
	if t.Description != "" {
		tip += ": " + t.Description
	}
	w.line("%s [label=%s, tooltip=%s];", quoteID(t.Entity), b.String(), quoteID(tip))
}

// columnTipHref is the link of every column's name cell: Graphviz writes a
// cell's tooltip only when the cell has a link, so the cell links to this
// fragment, which names nothing, and SVG drops the link again (fixSVGLinks),
// leaving the tooltip alone, as Graphviz writes a node's.
const columnTipHref = "#schemagen-column"

// columnTip is a column's tooltip: its table and name, type, keys and description.
func columnTip(t *schema.Table, c *schema.Column) string {
	tip := t.QualifiedName() + "." + c.Name + ": " + c.Type
	if c.Nullable {
		tip += ", nullable"
	} else {
		tip += ", not null"
	}
	if c.PK {
		tip += ", primary key"
	}
	if c.Description != "" {
		tip += ". " + c.Description
	}
	return tip
}

// keyMarkers is the first cell of a column row: PK, FK, UQ (single-column
// unique) and ST (the column of a state machine).
func keyMarkers(c *schema.Column) string {
	var ms []string
	add := func(text, color string) {
		ms = append(ms, fmt.Sprintf(`<FONT COLOR=%q POINT-SIZE="8"><B>%s</B></FONT>`, color, text))
	}
	if c.PK {
		add("PK", pkColor)
	}
	if c.ForeignKey != nil {
		add("FK", fkColor)
	}
	if c.Unique {
		add("UQ", uqColor)
	}
	if c.Machine != nil {
		add("ST", stateColor)
	}
	return strings.Join(ms, " ")
}

// typeCell is the type of a column: muted grey, enum types in violet and
// italics, state machine types in orange and bold.
func typeCell(c *schema.Column) string {
	text := html(c.Type)
	if c.Nullable {
		text += "?"
	}
	switch {
	case c.Machine != nil:
		return fmt.Sprintf(`<FONT COLOR=%q><B>%s</B></FONT>`, stateColor, text)
	case c.Enum != nil:
		return fmt.Sprintf(`<FONT COLOR=%q><I>%s</I></FONT>`, enumColor, text)
	}
	return fmt.Sprintf(`<FONT COLOR=%q>%s</FONT>`, mutedColor, text)
}

// writeGhost draws a table outside the view as its name in a dashed box.
func writeGhost(w *dotWriter, t *schema.Table, g string) {
	label := "<" + html(t.QualifiedName())
	if g != "" {
		label += `<BR/><FONT POINT-SIZE="8">in ` + html(g) + "</FONT>"
	}
	label += ">"
	w.line(`%s [shape=box, style="rounded,dashed", color=%q, fontcolor=%q, margin="0.15,0.06", label=%s, tooltip=%s];`,
		quoteID(t.Entity), ghostColor, mutedColor, label, quoteID(t.QualifiedName()+" is drawn in another picture"))
}

// writeMore draws the tables a capped focus leaves out of one group as a
// dashed box, "+N more in G", linked to the group's picture of a --split.
func writeMore(w *dotWriter, i int, m *moreNode) {
	label := fmt.Sprintf("+%d more", len(m.tables))
	if m.group != "" {
		label += " in " + m.group
	}
	var names []string
	for _, t := range m.tables[:min(len(m.tables), 10)] {
		names = append(names, t.QualifiedName())
	}
	tip := strings.Join(names, ", ")
	if len(m.tables) > 10 {
		tip += ", ..."
	}
	link := ""
	if m.file != "" {
		link = fmt.Sprintf(", href=%s, target=\"_top\"", quoteID(m.file))
	}
	w.line(`%s [shape=box, style="rounded,dashed,filled", fillcolor=%q, color=%q, fontcolor=%q, margin="0.2,0.1", label=%s, tooltip=%s%s];`,
		quoteID(fmt.Sprintf("more:%d", i)), clusterFill, ghostColor, inkColor, quoteID(label), quoteID(tip), link)
}

// Descriptions are drawn in italics under a table's title (and, with
// Options.Comments, under each column): wrapped at noteWidth characters, at
// most noteLines3 lines, the rest cut with an ellipsis (the SVG tooltip of the
// table keeps its whole description).
const (
	noteWidth  = 48
	noteLines3 = 3
)

// noteLines wraps a description for an HTML label.
func noteLines(text string, width, most int) string {
	lines := wrapText(text, width)
	if len(lines) > most {
		lines = lines[:most]
		lines[most-1] += " …"
	}
	for i, l := range lines {
		lines[i] = html(l)
	}
	return strings.Join(lines, "<BR/>")
}
