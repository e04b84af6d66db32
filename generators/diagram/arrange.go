package diagram

import (
	"fmt"
	"math"
	"regexp"
	"strconv"

	"github.com/schemagen/schemagen/design/schema"
)

// Aspect limits. Graphviz ranks a left-to-right ER diagram by foreign-key
// depth, so a long chain of tables becomes a strip many times wider than tall,
// and a table referenced by fifty others becomes a column fifty tables high.
// Pictures beyond maxAspect either way are laid out again with their tables
// pinned to folded or staggered ranks, aiming at targetAspect.
const (
	maxAspect    = 3.0
	targetAspect = 1.6
	// measureFrom is the size from which a picture is arranged at all: fewer
	// nodes than this cannot make a strip worth folding.
	measureFrom = 8
)

// erSource returns the DOT of an ER view and, when wanted, its SVG layout.
// When the view's shape calls for folded or staggered ranks (see arrange), the
// pinned layout is drawn and kept unless it breaks the aspect limit, in which
// case it is compared with Graphviz's own layout and the better one is kept.
func erSource(v *view, wantSVG bool) (src, svg []byte, err error) {
	src = erDOT(v, nil)
	if len(v.tables)+len(v.ghosts) >= measureFrom {
		iw, ih := idealSize(v)
		if ranks := arrange(v, iw, ih); ranks != nil {
			pinned := erDOT(v, ranks)
			psvg, err := layoutDOT(pinned, "svg")
			if err != nil {
				return nil, nil, err
			}
			pw, ph, err := svgSize(psvg)
			if err != nil {
				return nil, nil, err
			}
			if pw <= maxAspect*ph && ph <= maxAspect*pw {
				return pinned, psvg, nil
			}
			svg, err = layoutDOT(src, "svg")
			if err != nil {
				return nil, nil, err
			}
			w, h, err := svgSize(svg)
			if err != nil {
				return nil, nil, err
			}
			if badness(pw, ph, iw, ih) < badness(w, h, iw, ih) {
				return pinned, psvg, nil
			}
			return src, svg, nil
		}
		// The estimates see nothing to fix: measure Graphviz's own layout,
		// and fold or stagger it if it breaks the aspect limit after all.
		svg, err = layoutDOT(src, "svg")
		if err != nil {
			return nil, nil, err
		}
		w, h, err := svgSize(svg)
		if err != nil {
			return nil, nil, err
		}
		if w <= maxAspect*h && h <= maxAspect*w {
			return src, svg, nil
		}
		pinned := erDOT(v, rearrange(v, w, h))
		psvg, err := layoutDOT(pinned, "svg")
		if err != nil {
			return nil, nil, err
		}
		pw, ph, err := svgSize(psvg)
		if err != nil {
			return nil, nil, err
		}
		if badness(pw, ph, iw, ih) < badness(w, h, iw, ih) {
			return pinned, psvg, nil
		}
		return src, svg, nil
	}
	if wantSVG {
		svg, err = layoutDOT(src, "svg")
	}
	return src, svg, err
}

// nodeSize estimates the size of a table's drawing with its spacing, in
// points: Helvetica at 10pt averages about 6pt per character, rows are 20pt.
func nodeSize(t *schema.Table, ghost bool) (w, h float64) {
	if ghost {
		return 7*float64(len(t.QualifiedName())) + 100, 70
	}
	name, typ := len(t.QualifiedName())/2, 0
	for _, c := range t.Columns {
		name = max(name, len(c.Name))
		typ = max(typ, len(c.Type)+1)
	}
	return 6*float64(name+typ) + 130, 20*float64(len(t.Columns)+1) + 46
}

// idealSize estimates the width and height of a picture of a view's tables
// packed at targetAspect: the sum of the tables' areas with their spacing.
func idealSize(v *view) (w, h float64) {
	area := 0.0
	for i, t := range append(append([]*schema.Table{}, v.tables...), v.ghosts...) {
		nw, nh := nodeSize(t, i >= len(v.tables))
		area += nw * nh
	}
	w = math.Sqrt(area * targetAspect)
	return w, area / w
}

// badness says how far a picture is from readable: how far its aspect ratio
// is from the target, plus how much larger than the ideal it is in its worse
// direction (mostly empty space), both as logarithms.
func badness(w, h, iw, ih float64) float64 {
	bad := skew(w/h) + math.Max(0, math.Log(math.Max(w/iw, h/ih)/1.5))
	if w > maxAspect*h || h > maxAspect*w {
		bad += 10
	}
	return bad
}

// skew is how far an aspect ratio is from the target, either way.
func skew(aspect float64) float64 { return math.Abs(math.Log(aspect / targetAspect)) }

var svgSizeRE = regexp.MustCompile(`<svg width="([0-9.]+)pt" height="([0-9.]+)pt"`)

// svgSize reads the size of a Graphviz SVG, in points.
func svgSize(svg []byte) (w, h float64, err error) {
	m := svgSizeRE.FindSubmatch(svg)
	if m == nil {
		return 0, 0, fmt.Errorf("graphviz SVG without a size")
	}
	w, _ = strconv.ParseFloat(string(m[1]), 64)
	h, _ = strconv.ParseFloat(string(m[2]), 64)
	if w <= 0 || h <= 0 {
		return 0, 0, fmt.Errorf("graphviz SVG of size %gx%g", w, h)
	}
	return w, h, nil
}

// arrange assigns every node of a view (tables and ghosts) a rank, or returns
// nil when the natural layout is as good as it gets. Layers come from
// foreign-key depth (a parent's layer is before its children's), and the
// ideal picture has room for about iw/(average node width) ranks. When there
// are more than twice as many layers as that (a long chain: a strip, or a diagonal), the
// layers are folded: layer L goes to rank L mod columns. When a layer is much
// taller than the ideal height (a table referenced by dozens), it is spread
// over consecutive ranks.
func arrange(v *view, iw, ih float64) map[*schema.Table]int {
	sh := shapeOf(v)
	cols := max(1, int(math.Round(iw/(sh.totalW/float64(len(sh.nodes))))))
	if float64(len(sh.byLayer)) > 2*float64(cols) {
		return sh.fold(cols)
	}
	if sh.tallest() <= 1.5*ih {
		return nil
	}
	return sh.stagger(ih)
}

// rearrange pins the ranks of a view whose natural layout measured w by h
// breaks the aspect limit: a wide one is folded into k bands, a tall one has
// its tallest layers spread over k ranks, k chosen to bring the aspect ratio
// near the target.
func rearrange(v *view, w, h float64) map[*schema.Table]int {
	sh := shapeOf(v)
	if w > h {
		k := math.Ceil(math.Sqrt(w / h / targetAspect))
		return sh.fold(max(1, int(math.Ceil(float64(len(sh.byLayer))/k))))
	}
	k := math.Ceil(math.Sqrt(h / w / targetAspect))
	return sh.stagger(sh.tallest() / k)
}

// shape is a view's nodes by foreign-key layer, with estimated sizes.
type shape struct {
	nodes   []*schema.Table
	layer   map[*schema.Table]int
	byLayer [][]*schema.Table
	layerH  []float64
	totalW  float64
}

func shapeOf(v *view) *shape {
	sh := &shape{nodes: append(append([]*schema.Table{}, v.tables...), v.ghosts...)}
	sh.layer = layers(sh.nodes)
	maxLayer := 0
	for _, t := range sh.nodes {
		maxLayer = max(maxLayer, sh.layer[t])
	}
	sh.byLayer = make([][]*schema.Table, maxLayer+1)
	sh.layerH = make([]float64, maxLayer+1)
	for i, t := range sh.nodes {
		nw, nh := nodeSize(t, i >= len(v.tables))
		sh.totalW += nw
		sh.byLayer[sh.layer[t]] = append(sh.byLayer[sh.layer[t]], t)
		sh.layerH[sh.layer[t]] += nh
	}
	return sh
}

func (sh *shape) tallest() float64 {
	t := 0.0
	for _, h := range sh.layerH {
		t = max(t, h)
	}
	return t
}

// fold puts layer L at rank L mod cols.
func (sh *shape) fold(cols int) map[*schema.Table]int {
	ranks := map[*schema.Table]int{}
	for _, t := range sh.nodes {
		ranks[t] = sh.layer[t] % cols
	}
	return ranks
}

// stagger spreads every layer taller than maxH over consecutive ranks.
func (sh *shape) stagger(maxH float64) map[*schema.Table]int {
	ranks := map[*schema.Table]int{}
	next := 0
	for l, ts := range sh.byLayer {
		parts := max(1, int(math.Ceil(sh.layerH[l]/maxH)))
		per := max(1, (len(ts)+parts-1)/parts)
		for i, t := range ts {
			ranks[t] = next + i/per
		}
		next += (len(ts) + per - 1) / per
	}
	return ranks
}

// layers gives each node its longest foreign-key path from a root (a table
// with no parent among the nodes). Cycles are broken where a depth-first walk
// in schema order meets them, so the result is deterministic.
func layers(nodes []*schema.Table) map[*schema.Table]int {
	in := map[*schema.Table]bool{}
	for _, t := range nodes {
		in[t] = true
	}
	parents := map[*schema.Table][]*schema.Table{}
	for _, t := range nodes {
		for _, fk := range t.ForeignKeys {
			if p := fk.RefTable; p != nil && p != t && in[p] {
				parents[t] = append(parents[t], p)
			}
		}
	}
	layer := map[*schema.Table]int{}
	state := map[*schema.Table]int{} // 0 new, 1 on the stack, 2 done
	var visit func(t *schema.Table) int
	visit = func(t *schema.Table) int {
		switch state[t] {
		case 1:
			return -1 // a cycle: ignore this edge
		case 2:
			return layer[t]
		}
		state[t] = 1
		l := 0
		for _, p := range parents[t] {
			if pl := visit(p); pl >= 0 {
				l = max(l, pl+1)
			}
		}
		state[t] = 2
		layer[t] = l
		return l
	}
	for _, t := range nodes {
		visit(t)
	}
	return layer
}
