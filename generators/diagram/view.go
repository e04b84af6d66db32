package diagram

import (
	"cmp"
	"fmt"
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
	"github.com/schemagen/schemagen/design/schema"
)

// view is the part of a schema one ER picture draws.
type view struct {
	title  string
	tables []*schema.Table // drawn in full, in schema order
	// ghosts are tables outside the view linked to a drawn table; they are
	// drawn as a name only, so that the picture shows where its edges lead.
	ghosts []*schema.Table
	// clusters is true when tables are boxed by group.
	clusters bool
	// groups says which group each table of the schema is drawn in.
	groups *grouping
	// comments draws column descriptions under their columns.
	comments bool
	// more stands for the tables a capped --focus leaves out, one per group.
	more []*moreNode
}

// moreNode is one "+N more in group G" box of a capped focus view, linked to
// the group's picture of a --split and joined to a drawn table next to them.
type moreNode struct {
	group  string
	tables []*schema.Table
	file   string        // the group's picture in an SVG --split
	anchor *schema.Table // a drawn table linked to some of them
}

// Caps of a focus view: a hub (MusicBrainz's recording at depth 2 reaches 343
// tables) would otherwise be a poster. Past focusTables tables (the nearest
// kept first) and focusGhosts name boxes, the rest are counted per group in
// "+N more in group G" boxes.
const (
	focusTables = 40
	focusGhosts = 20
)

// group is the group a table is drawn in ("" for none).
func (v *view) group(t *schema.Table) string { return v.groups.of[t] }

// groupOf is the group a design gives a table ("" for none): its own, or for
// an event table, its entity's.
func groupOf(t *schema.Table) string {
	if t.Group == "" && t.EventsOf != nil {
		return t.EventsOf.Group
	}
	return t.Group
}

// Groups returns the groups of a schema in the order they first appear: the
// design's own, or the automatic ones of a big design that has none.
func Groups(s *schema.Schema) []string { return groupsOf(s).order }

// neighbours lists, for each table, the tables it shares a foreign key with.
func neighbours(s *schema.Schema) map[*schema.Table][]*schema.Table {
	n := map[*schema.Table][]*schema.Table{}
	for _, t := range s.Tables {
		for _, fk := range t.ForeignKeys {
			if fk.RefTable == nil || fk.RefTable == t {
				continue
			}
			n[t] = append(n[t], fk.RefTable)
			n[fk.RefTable] = append(n[fk.RefTable], t)
		}
	}
	return n
}

// findTable finds a table by its design name or SQL name.
func findTable(s *schema.Schema, name string) *schema.Table {
	if t := s.Table(name); t != nil {
		return t
	}
	for _, t := range s.Tables {
		if t.Name == name || t.QualifiedName() == name {
			return t
		}
	}
	return nil
}

// selectView applies --group and --focus to a schema.
func selectView(s *schema.Schema, opts Options) (*view, error) {
	in := map[*schema.Table]bool{}
	for _, t := range s.Tables {
		in[t] = true
	}
	v := &view{title: s.Name, groups: groupsOf(s), comments: opts.Comments}
	if opts.Group != "" {
		groups := v.groups.order
		found := false
		for _, g := range groups {
			if g == opts.Group {
				found = true
			}
		}
		if !found {
			if len(groups) == 0 {
				return nil, optionErrorf("unknown group %q: the design has no groups (entities say `group: NAME`)", opts.Group)
			}
			if len(groups) > 12 {
				return nil, optionErrorf("unknown group %q; %d groups, such as: %s", opts.Group, len(groups), strings.Join(groups[:12], ", "))
			}
			return nil, optionErrorf("unknown group %q; the groups are: %s", opts.Group, strings.Join(groups, ", "))
		}
		for t := range in {
			if v.group(t) != opts.Group {
				delete(in, t)
			}
		}
		v.title = titled(s.Name, opts.Group)
	}
	if opts.Ungrouped {
		for t := range in {
			if v.group(t) != "" {
				delete(in, t)
			}
		}
		v.title = s.Name + ": ungrouped tables"
	}
	left := map[*schema.Table]bool{} // tables a capped focus leaves out
	if opts.Focus != "" {
		center := findTable(s, opts.Focus)
		if center == nil {
			return nil, optionErrorf("unknown entity %q for --focus%s", opts.Focus, suggest(s, opts.Focus))
		}
		if !in[center] {
			return nil, optionErrorf("entity %q is not in group %q", opts.Focus, opts.Group)
		}
		depth := opts.Depth
		if depth <= 0 {
			depth = 1
		}
		nb := neighbours(s)
		dist := map[*schema.Table]int{center: 0}
		queue := []*schema.Table{center}
		for len(queue) > 0 {
			t := queue[0]
			queue = queue[1:]
			if dist[t] == depth {
				continue
			}
			for _, n := range nb[t] {
				if _, seen := dist[n]; !seen && in[n] {
					dist[n] = dist[t] + 1
					queue = append(queue, n)
				}
			}
		}
		for t := range in {
			if _, ok := dist[t]; !ok {
				delete(in, t)
			}
		}
		v.title = fmt.Sprintf("%s: around %s (depth %d)", s.Name, center.Entity, depth)
		// Keep the nearest tables; dist's keys in breadth-first order are
		// the center, then its neighbours in schema order, and so on.
		var near []*schema.Table
		for _, t := range s.Tables {
			if in[t] {
				near = append(near, t)
			}
		}
		sort.SliceStable(near, func(i, j int) bool { return dist[near[i]] < dist[near[j]] })
		for _, t := range near[min(len(near), max(1, cmp.Or(opts.FocusTables, focusTables))):] {
			delete(in, t)
			left[t] = true
		}
	}
	for _, t := range s.Tables {
		if in[t] {
			v.tables = append(v.tables, t)
		}
	}
	ghost := map[*schema.Table]bool{}
	nb := neighbours(s)
	for _, t := range v.tables {
		for _, n := range nb[t] {
			if !in[n] {
				ghost[n] = true
			}
		}
	}
	for _, t := range s.Tables {
		if !ghost[t] || left[t] {
			continue
		}
		if opts.Focus != "" && opts.FocusGhosts < 0 {
			continue
		}
		if opts.Focus != "" && len(v.ghosts) == cmp.Or(opts.FocusGhosts, focusGhosts) {
			left[t] = true
			continue
		}
		v.ghosts = append(v.ghosts, t)
	}
	v.more = moreNodes(s, v, left, nb, opts.GroupLink)
	groups := map[string]bool{}
	ungrouped := false
	for _, t := range v.tables {
		if g := v.group(t); g != "" {
			groups[g] = true
		} else {
			ungrouped = true
		}
	}
	v.clusters = len(groups) > 1 || len(groups) == 1 && ungrouped
	return v, nil
}

// moreNodes counts the tables a capped focus leaves out by group, each
// group's box joined to the first drawn table next to one of them.
func moreNodes(s *schema.Schema, v *view, left map[*schema.Table]bool, nb map[*schema.Table][]*schema.Table, link func(string) string) []*moreNode {
	if len(left) == 0 {
		return nil
	}
	_, files := splitFiles(s, v.groups, ".svg")
	if link != nil {
		files = groupLinks(s, link)
	}
	byGroup := map[string]*moreNode{}
	var out []*moreNode
	for _, t := range s.Tables {
		if !left[t] {
			continue
		}
		g := v.group(t)
		m := byGroup[g]
		if m == nil {
			m = &moreNode{group: g, file: files[g]}
			byGroup[g] = m
			out = append(out, m)
		}
		m.tables = append(m.tables, t)
	}
	drawn := map[*schema.Table]bool{}
	for _, t := range v.tables {
		drawn[t] = true
	}
	for _, m := range out {
		for _, t := range m.tables {
			for _, n := range nb[t] {
				if drawn[n] && m.anchor == nil {
					m.anchor = n
				}
			}
		}
	}
	return out
}

// titled is a picture's title: the design's name, then what the picture
// shows, without saying the name twice when a group already starts with it
// (an import names groups "musicbrainz: artist").
func titled(name, part string) string {
	if part == name || strings.HasPrefix(part, name+": ") {
		return part
	}
	return name + ": " + part
}

// suggest names the entities closest to a mistyped name.
func suggest(s *schema.Schema, name string) string {
	type cand struct {
		name string
		d    int
	}
	var cs []cand
	for _, t := range s.Tables {
		d := levenshtein.ComputeDistance(strings.ToLower(name), strings.ToLower(t.Entity))
		if d <= 3 || strings.Contains(t.Entity, name) {
			cs = append(cs, cand{t.Entity, d})
		}
	}
	if len(cs) == 0 {
		return ""
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].d < cs[j].d })
	if len(cs) > 3 {
		cs = cs[:3]
	}
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.name
	}
	return "; did you mean " + strings.Join(names, ", ") + "?"
}
