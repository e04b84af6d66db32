package diagram

import (
	"math/rand/v2"
	"sort"

	"github.com/schemagen/schemagen/design/schema"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"
)

// autoGroupFrom is the number of tables from which a design without any group
// is grouped automatically: below it one picture reads well; from it (sakila's
// 21 tables, guacamole's 23) the picture is spaghetti and --split would draw
// a single "ungrouped" picture.
const autoGroupFrom = 16

// unlinkedGroup names the automatic group of tables with no foreign key to or
// from another table.
const unlinkedGroup = "unlinked tables"

// grouping is the group every table is drawn in: the design's own groups, or,
// for a design of at least autoGroupFrom tables that declares none, the
// communities of its foreign-key graph, each named after its most referenced
// table.
type grouping struct {
	of    map[*schema.Table]string
	order []string // in the order groups first appear in the schema
	auto  bool
}

// groupsOf works out the grouping of a schema.
func groupsOf(s *schema.Schema) *grouping {
	g := &grouping{of: map[*schema.Table]string{}}
	declared := false
	for _, t := range s.Tables {
		g.of[t] = groupOf(t)
		declared = declared || g.of[t] != ""
	}
	if !declared && len(s.Tables) >= autoGroupFrom {
		g.of = communities(s)
		g.auto = true
	}
	seen := map[string]bool{}
	for _, t := range s.Tables {
		if name := g.of[t]; name != "" && !seen[name] {
			seen[name] = true
			g.order = append(g.order, name)
		}
	}
	return g
}

// communities splits the foreign-key graph with the Louvain method (fixed
// seed, nodes in schema order: the same design always gives the same groups)
// and names every community after the table most referenced by foreign keys
// (the first in schema order on a tie). Tables linked to no other table form
// one group, unlinkedGroup.
func communities(s *schema.Schema) map[*schema.Table]string {
	index := map[*schema.Table]int64{}
	for i, t := range s.Tables {
		index[t] = int64(i)
	}
	g := simple.NewUndirectedGraph()
	refs := map[*schema.Table]int{}
	linked := map[*schema.Table]bool{}
	for _, t := range s.Tables {
		g.AddNode(simple.Node(index[t]))
	}
	for _, t := range s.Tables {
		for _, fk := range t.ForeignKeys {
			p := fk.RefTable
			if p == nil || p == t {
				continue
			}
			refs[p]++
			linked[p], linked[t] = true, true
			if !g.HasEdgeBetween(index[t], index[p]) {
				g.SetEdge(simple.Edge{F: simple.Node(index[t]), T: simple.Node(index[p])})
			}
		}
	}
	out := map[*schema.Table]string{}
	var found [][]graph.Node
	if len(linked) > 0 {
		found = community.Modularize(g, 1, rand.NewPCG(1, 2)).Communities()
	}
	for _, members := range found {
		var tables []*schema.Table
		for _, n := range members {
			if t := s.Tables[n.ID()]; linked[t] {
				tables = append(tables, t)
			}
		}
		if len(tables) == 0 {
			continue
		}
		sort.Slice(tables, func(i, j int) bool { return index[tables[i]] < index[tables[j]] })
		hub := tables[0]
		for _, t := range tables[1:] {
			if refs[t] > refs[hub] {
				hub = t
			}
		}
		for _, t := range tables {
			out[t] = hub.Name
		}
	}
	for _, t := range s.Tables {
		if !linked[t] {
			out[t] = unlinkedGroup
		}
	}
	return out
}
