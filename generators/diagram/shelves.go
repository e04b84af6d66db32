package diagram

import (
	"math"
	"sort"

	"github.com/schemagen/schemagen/design/schema"
)

// Shelves. A left-to-right ER diagram is a row of ranks (columns); Graphviz
// stacks in one rank whatever is pinned to it, and draws a group as a box over
// the ranks of its tables. So a picture of any shape can be asked for by
// choosing ranks:
//
//   - each group (and the tables without one, with the name boxes of tables
//     drawn elsewhere) becomes a block: its tables in foreign-key depth order,
//     poured into columns like a newspaper, a new column when one is full;
//   - blocks are stacked into shelves (runs of ranks), a new shelf when the
//     stack would pass the picture's height.
//
// The picture's height is chosen among candidates so that the estimated
// picture comes nearest the aimed aspect ratio without wasting room.

// blockGap is the estimated room, in points, around a group's box (its
// label and margins).
const blockGap = 40.0

// block is a group's nodes poured into columns.
type block struct {
	cols [][]*schema.Table
	w, h float64
}

// member is a node with its estimated size and foreign-key layer.
type member struct {
	t     *schema.Table
	w, h  float64
	layer int
}

// arrangeShelves pins every node of a view to a rank so that the picture is
// about aim times wider than tall, and returns the aspect ratio it estimates.
func arrangeShelves(v *view, aim float64) (map[*schema.Table]int, float64) {
	nodes := append(append([]*schema.Table{}, v.tables...), v.ghosts...)
	layer := layers(nodes)
	var order []string
	groups := map[string][]member{}
	area, tallest := 0.0, 0.0
	for i, t := range nodes {
		g := ""
		if i < len(v.tables) && v.clusters {
			g = v.group(t)
		}
		if _, ok := groups[g]; !ok {
			order = append(order, g)
		}
		w, h := nodeSize(t, i >= len(v.tables))
		groups[g] = append(groups[g], member{t: t, w: w, h: h, layer: layer[t]})
		area += w * h
		tallest = max(tallest, h)
	}
	for _, ms := range groups {
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].layer < ms[j].layer })
	}

	var best struct {
		ranks  map[*schema.Table]int
		aspect float64
		bad    float64
	}
	best.bad = math.Inf(1)
	// Candidate heights from one table to every table in one column, in
	// steps of 5%: a few hundred cheap estimates.
	for height := tallest; ; height *= 1.05 {
		ranks, w, h := shelve(order, groups, height)
		bad := math.Abs(math.Log(w/h/aim)) + 0.5*math.Log(w*h/area)
		if bad < best.bad {
			best.ranks, best.aspect, best.bad = ranks, w/h, bad
		}
		if height > area/tallest {
			break
		}
	}
	return best.ranks, best.aspect
}

// shelve pours every group into a block no taller than height (or a square of
// its own area, when that is lower), stacks the blocks into shelves of that
// height, and returns the ranks and the estimated size of the picture.
func shelve(order []string, groups map[string][]member, height float64) (ranks map[*schema.Table]int, w, h float64) {
	ranks = map[*schema.Table]int{}
	var shelfW, shelfH float64
	shelfRank, shelfCols := 0, 0
	for _, g := range order {
		ms := groups[g]
		a := 0.0
		for _, m := range ms {
			a += m.w * m.h
		}
		b := pour(ms, min(height, max(math.Sqrt(a), tallestOf(ms))))
		if shelfH > 0 && shelfH+b.h > height {
			w += shelfW
			h = max(h, shelfH)
			shelfRank += shelfCols
			shelfW, shelfH, shelfCols = 0, 0, 0
		}
		for c, col := range b.cols {
			for _, t := range col {
				ranks[t] = shelfRank + c
			}
		}
		shelfW = max(shelfW, b.w)
		shelfH += b.h
		shelfCols = max(shelfCols, len(b.cols))
	}
	return ranks, w + shelfW, max(h, shelfH)
}

// pour fills columns in order, starting a new one when the next node would
// make the current one taller than height.
func pour(ms []member, height float64) block {
	var b block
	var colW, colH float64
	for _, m := range ms {
		if len(b.cols) == 0 || colH > 0 && colH+m.h > height {
			b.w += colW
			colW, colH = 0, 0
			b.cols = append(b.cols, nil)
		}
		last := len(b.cols) - 1
		b.cols[last] = append(b.cols[last], m.t)
		colW = max(colW, m.w)
		colH += m.h
		b.h = max(b.h, colH)
	}
	b.w += colW + blockGap
	b.h += blockGap
	return b
}

func tallestOf(ms []member) float64 {
	t := 0.0
	for _, m := range ms {
		t = max(t, m.h)
	}
	return t
}
