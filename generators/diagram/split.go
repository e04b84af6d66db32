package diagram

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
)

// Picture is one file of a split diagram.
type Picture struct {
	Name string // the group or machine drawn, or "overview"
	File string // a safe file name, with the format's extension
	Data []byte
}

// Split draws a design as several pictures. For ER diagrams: an overview of
// the groups and the links between them, then one picture per group (tables
// without a group form one more picture, "ungrouped"); every table is drawn in
// full in exactly one group picture, and tables of other groups it links to
// appear as dashed name boxes. For state diagrams: one picture per machine.
func Split(s *schema.Schema, opts Options, format string) ([]Picture, error) {
	if s == nil {
		return nil, fmt.Errorf("no schema to draw")
	}
	f, ok := FormatByName(format)
	ext := ""
	if ok {
		ext = f.Extensions[0]
	} else {
		return nil, optionErrorf("unknown diagram format %q: use %s", format, formatList())
	}
	kind, err := opts.kind()
	if err != nil {
		return nil, err
	}
	if opts.Focus != "" || opts.Group != "" || opts.Machine != "" {
		return nil, optionErrorf("--split draws the whole design; it cannot be combined with --focus, --group or --machine")
	}
	names := fileNames{used: map[string]bool{}}
	var pics []Picture
	switch kind {
	case Flow:
		return nil, optionErrorf("--split draws ER diagrams (one picture per group) and state diagrams (one per machine), not the flow")
	case States:
		if len(s.Machines) == 0 {
			return nil, optionErrorf("the design has no state machines to draw (add a `states` section)")
		}
		for _, m := range s.Machines {
			data, err := Render(s, Options{Kind: States, Machine: m.Name}, format)
			if err != nil {
				return nil, fmt.Errorf("machine %s: %w", m.Name, err)
			}
			pics = append(pics, Picture{Name: m.Name, File: names.take(m.Name) + ext, Data: data})
		}
		return pics, nil
	}
	overview, err := renderOverview(s, format)
	if err != nil {
		return nil, fmt.Errorf("overview: %w", err)
	}
	pics = append(pics, Picture{Name: "overview", File: names.take("overview") + ext, Data: overview})
	for _, g := range Groups(s) {
		data, err := Render(s, Options{Kind: ER, Group: g}, format)
		if err != nil {
			return nil, fmt.Errorf("group %s: %w", g, err)
		}
		pics = append(pics, Picture{Name: g, File: names.take(g) + ext, Data: data})
	}
	for _, t := range s.Tables {
		if groupOf(t) == "" {
			data, err := Render(s, Options{Kind: ER, ungrouped: true}, format)
			if err != nil {
				return nil, fmt.Errorf("ungrouped tables: %w", err)
			}
			pics = append(pics, Picture{Name: "ungrouped", File: names.take("ungrouped") + ext, Data: data})
			break
		}
	}
	return pics, nil
}

// fileNames hands out safe, distinct file names.
type fileNames struct{ used map[string]bool }

// take turns a name into a file name: lower case letters, digits, '-' and '_'
// only (no path separators, no dots, no leading '-'), at most 60 bytes, never a
// Windows device name, and distinct from every name taken before.
func (f fileNames) take(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
			b.WriteRune(r)
		case r == '-' && b.Len() > 0:
			b.WriteRune(r)
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
				b.WriteByte('-')
			}
		}
	}
	base := strings.Trim(b.String(), "-")
	if len(base) > 60 {
		base = strings.TrimRight(base[:60], "-")
	}
	if base == "" {
		base = "group"
	}
	switch base {
	case "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "lpt1", "lpt2", "lpt3":
		base += "_"
	}
	out := base
	for i := 2; f.used[out]; i++ {
		out = fmt.Sprintf("%s-%d", base, i)
	}
	f.used[out] = true
	return out
}

// renderOverview draws the groups as boxes and the links between them.
func renderOverview(s *schema.Schema, format string) ([]byte, error) {
	if format == "mermaid" {
		return overviewMermaid(s), nil
	}
	src := overviewDOT(s)
	switch format {
	case "dot":
		return src, nil
	case "svg":
		svg, err := layoutDOT(src, "svg")
		if err != nil {
			return nil, err
		}
		return fixSVGFonts(svg), nil
	case "png":
		layout, err := layoutDOT(src, "json")
		if err != nil {
			return nil, err
		}
		return paintPNG(layout)
	}
	return nil, fmt.Errorf("unknown diagram format %q", format)
}

// groupLink counts the foreign keys from one group's tables to another's.
type groupLink struct {
	from, to string
	count    int
}

// overviewData lists the groups (with "" for ungrouped tables) and their links.
func overviewData(s *schema.Schema) (groups []string, members map[string][]*schema.Table, links []groupLink) {
	members = map[string][]*schema.Table{}
	for _, t := range s.Tables {
		g := groupOf(t)
		if _, ok := members[g]; !ok {
			groups = append(groups, g)
		}
		members[g] = append(members[g], t)
	}
	index := map[[2]string]int{}
	for _, t := range s.Tables {
		for _, fk := range t.ForeignKeys {
			if fk.RefTable == nil {
				continue
			}
			from, to := groupOf(fk.RefTable), groupOf(t)
			if from == to {
				continue
			}
			key := [2]string{from, to}
			if i, ok := index[key]; ok {
				links[i].count++
				continue
			}
			index[key] = len(links)
			links = append(links, groupLink{from: from, to: to, count: 1})
		}
	}
	return groups, members, links
}

func groupLabel(g string) string {
	if g == "" {
		return "ungrouped"
	}
	return g
}

func overviewDOT(s *schema.Schema) []byte {
	groups, members, links := overviewData(s)
	w := &dotWriter{}
	w.open("digraph Overview {")
	w.line(`graph [rankdir=LR, nodesep=0.5, ranksep=1.2, pad=0.3, fontname=%q, fontsize=12, bgcolor="white", label=%s, labelloc=t, labeljust=l];`,
		fontName, quoteID(s.Name+": groups"))
	w.line(`node [shape=plain, fontname=%q, fontsize=10];`, fontName)
	w.line(`edge [fontname=%q, fontsize=9, color=%q, fontcolor=%q, penwidth=1.2, arrowsize=0.8];`, fontName, edgeColor, mutedColor)
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
		var b strings.Builder
		fmt.Fprintf(&b, `<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" COLOR=%q BGCOLOR="white">`, inkColor)
		fmt.Fprintf(&b, `<TR><TD BGCOLOR=%q><FONT COLOR="white" POINT-SIZE="12"><B>%s</B></FONT></TD></TR>`, entityHeader, html(groupLabel(g)))
		counts := []string{plural(entities, "entity", "entities")}
		if junctions > 0 {
			counts = append(counts, plural(junctions, "junction table", "junction tables"))
		}
		if events > 0 {
			counts = append(counts, plural(events, "event table", "event tables"))
		}
		fmt.Fprintf(&b, `<TR><TD ALIGN="LEFT">%s</TD></TR>`, strings.Join(counts, ", "))
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
		for _, line := range wrapText(strings.Join(names, ", ")+more, 48) {
			fmt.Fprintf(&b, `<TR><TD ALIGN="LEFT"><FONT COLOR=%q>%s</FONT></TD></TR>`, mutedColor, html(line))
		}
		b.WriteString("</TABLE>>")
		w.line("%s [label=%s];", quoteID("group:"+g), b.String())
	}
	for _, l := range links {
		label := "1 link"
		if l.count > 1 {
			label = fmt.Sprintf("%d links", l.count)
		}
		w.line("%s -> %s [label=%q];", quoteID("group:"+l.from), quoteID("group:"+l.to), label)
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
		fmt.Fprintf(&b, "    %s -->|%d| %s\n", id[l.from], l.count, id[l.to])
	}
	return []byte(b.String())
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
