package diagram

import (
	"fmt"
	"math"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
)

// The overview draws every group as one box, sized by its table count, and
// the foreign keys between two groups as one bundled edge whose thickness and
// label say how many there are. With file names for the group pictures, every
// box links to its picture (an SVG link; the PNG cannot link).

// groupLink is the bundle of foreign keys between two groups: count from the
// first group's tables to the second's (parent to child), back the other way.
type groupLink struct {
	from, to    string
	count, back int
}

// overviewData lists the groups (with "" for ungrouped tables, last) and the
// bundled links between them, in the order they first appear.
func overviewData(s *schema.Schema) (groups []string, members map[string][]*schema.Table, links []groupLink) {
	g := groupsOf(s)
	members = map[string][]*schema.Table{}
	for _, t := range s.Tables {
		members[g.of[t]] = append(members[g.of[t]], t)
	}
	groups = append(groups, g.order...)
	if len(members[""]) > 0 {
		groups = append(groups, "")
	}
	index := map[[2]string]int{}
	for _, t := range s.Tables {
		for _, fk := range t.ForeignKeys {
			if fk.RefTable == nil {
				continue
			}
			from, to := g.of[fk.RefTable], g.of[t]
			if from == to {
				continue
			}
			if i, ok := index[[2]string{from, to}]; ok {
				links[i].count++
				continue
			}
			if i, ok := index[[2]string{to, from}]; ok {
				links[i].back++
				continue
			}
			index[[2]string{from, to}] = len(links)
			links = append(links, groupLink{from: from, to: to, count: 1})
		}
	}
	return groups, members, links
}

// overviewGroups lists the boxes of the overview.
func overviewGroups(s *schema.Schema) []string {
	groups, _, _ := overviewData(s)
	return groups
}

func groupLabel(g string) string {
	if g == "" {
		return "ungrouped"
	}
	return g
}

// groupLinks maps every box of the overview to link(group); nil without link.
func groupLinks(s *schema.Schema, link func(group string) string) map[string]string {
	if link == nil {
		return nil
	}
	out := map[string]string{}
	for _, g := range overviewGroups(s) {
		out[g] = link(g)
	}
	return out
}

// drawOverview draws the overview in a format; files, when not nil, maps
// every group ("" for the ungrouped tables) to the file of its picture.
func drawOverview(s *schema.Schema, eng Engine, format string, files map[string]string) (*Drawing, error) {
	if format == "mermaid" {
		return &Drawing{Data: overviewMermaid(s)}, nil
	}
	src, svg, err := fitAspect(eng, overviewDOT(s, files), nil)
	if err != nil {
		return nil, err
	}
	switch format {
	case "dot":
		return &Drawing{Data: src}, nil
	case "svg":
		return &Drawing{Data: fixSVGFonts(svg)}, nil
	case "png":
		layout, err := layoutDOT(eng, src, "json")
		if err != nil {
			return nil, err
		}
		return paintPNG(layout)
	}
	return nil, optionErrorf("unknown diagram format %q: use %s", format, formatList())
}

// spreadFrom is the number of groups from which the overview is laid out by
// neato rather than dot.
const spreadFrom = 12

func overviewDOT(s *schema.Schema, files map[string]string) []byte {
	groups, members, links := overviewData(s)
	w := &dotWriter{}
	w.open("digraph Overview {")
	// A few groups read best ranked left to right; from spreadFrom groups on,
	// dot's ranks make long detours and a poster of empty space (33
	// MusicBrainz groups: 7100 by 5200 points), so neato spreads the boxes
	// evenly (2300 by 2100) and draws the boxes over the edges.
	engine := `rankdir=LR, nodesep=0.4, ranksep=1.0`
	if len(groups) >= spreadFrom {
		engine = `layout=neato, overlap=false, sep="+24", splines=true, outputorder=edgesfirst`
	}
	w.line(`graph [%s, pad=0.3, fontname=%q, fontsize=12, bgcolor="white", label=%s, labelloc=t, labeljust=l];`,
		engine, fontName, quoteID(titled(s.Name, "groups")))
	w.line(`node [shape=plain, fontname=%q, fontsize=10];`, fontName)
	w.line(`edge [fontname=%q, fontsize=10, color=%q, fontcolor=%q, penwidth=1.2, arrowsize=0.8, decorate=true];`, fontName, edgeColor, inkColor)
	for _, g := range groups {
		ts := members[g]
		var entities, junctions, events int
		for _, t := range ts {
			switch t.Kind {
			case schema.JunctionTable:
				junctions++
			case schema.EventTable:
				events++
			default:
				entities++
			}
		}
		// Bigger groups get bigger boxes and titles: the width grows with the
		// square root of the table count, the title with its logarithm.
		width := 160 + int(24*math.Sqrt(float64(len(ts))))
		title := min(24, 12+int(2*math.Log2(float64(len(ts)))))
		var b strings.Builder
		fmt.Fprintf(&b, `<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" COLOR=%q BGCOLOR="white" WIDTH="%d">`, inkColor, width)
		fmt.Fprintf(&b, `<TR><TD BGCOLOR=%q><FONT COLOR="white" POINT-SIZE="%d"><B>%s</B></FONT></TD></TR>`, entityHeader, title, html(groupLabel(g)))
		counts := []string{plural(len(ts), "table", "tables") + ":", plural(entities, "entity", "entities")}
		if junctions > 0 {
			counts = append(counts, plural(junctions, "junction", "junctions"))
		}
		if events > 0 {
			counts = append(counts, plural(events, "event table", "event tables"))
		}
		fmt.Fprintf(&b, `<TR><TD ALIGN="LEFT">%s</TD></TR>`, html(strings.Join(counts, " ")))
		var names []string
		for _, t := range ts {
			if t.Kind == schema.EntityTable {
				names = append(names, t.Name)
			}
		}
		const shown = 8
		more := ""
		if len(names) > shown {
			more = fmt.Sprintf(" and %d more", len(names)-shown)
			names = names[:shown]
		}
		for _, line := range wrapText(strings.Join(names, ", ")+more, 8+width/7) {
			fmt.Fprintf(&b, `<TR><TD ALIGN="LEFT"><FONT COLOR=%q>%s</FONT></TD></TR>`, mutedColor, html(line))
		}
		b.WriteString("</TABLE>>")
		link := ""
		if f, ok := files[g]; ok {
			link = fmt.Sprintf(`, href=%s, target="_top", tooltip=%s`, quoteID(f), quoteID("open the picture of "+groupLabel(g)))
		}
		w.line("%s [label=%s%s];", quoteID("group:"+g), b.String(), link)
	}
	for _, l := range links {
		n := l.count + l.back
		label := plural(n, "link", "links")
		attrs := fmt.Sprintf(`label=%q, penwidth=%.1f`, label, 1+math.Log2(float64(n)))
		if l.back > 0 {
			attrs += fmt.Sprintf(`, dir=both, tooltip=%q`, fmt.Sprintf("%s → %s: %d, %s → %s: %d", groupLabel(l.from), groupLabel(l.to), l.count, groupLabel(l.to), groupLabel(l.from), l.back))
		}
		w.line("%s -> %s [%s];", quoteID("group:"+l.from), quoteID("group:"+l.to), attrs)
	}
	w.close()
	return w.bytes()
}

func overviewMermaid(s *schema.Schema) []byte {
	groups, members, links := overviewData(s)
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	id := map[string]string{}
	for i, g := range groups {
		id[g] = fmt.Sprintf("g%d", i+1)
		fmt.Fprintf(&b, "    %s[\"%s (%d tables)\"]\n", id[g], strings.ReplaceAll(groupLabel(g), `"`, "#quot;"), len(members[g]))
	}
	for _, l := range links {
		arrow := "-->"
		if l.back > 0 {
			arrow = "<-->"
		}
		fmt.Fprintf(&b, "    %s %s|%d| %s\n", id[l.from], arrow, l.count+l.back, id[l.to])
	}
	return []byte(b.String())
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
