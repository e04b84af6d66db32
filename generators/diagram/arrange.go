package diagram

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strconv"

	"github.com/schemagen/schemagen/design/schema"
)

// Aspect limits. Graphviz ranks a left-to-right ER diagram by foreign-key
// depth, so a long chain of tables becomes a strip many times wider than tall,
// a table referenced by fifty others a column fifty tables high, and thirty
// groups a stack of thirty boxes. A picture beyond maxAspect either way is laid
// out again with its tables pinned to ranks chosen by arrangeShelves, aiming at
// targetAspect, and corrected by what the layout measured until it fits.
const (
	maxAspect    = 2.5
	targetAspect = 1.6
	// measureFrom is the size from which a picture is arranged at all: fewer
	// nodes than this cannot make a strip worth folding.
	measureFrom = 8
	// directFrom is the size from which a picture with groups is arranged
	// without first measuring Graphviz's own layout, which is then a strip
	// almost always and costs a second layout of hundreds of tables.
	directFrom = 150
	// arrangeTries bounds the layouts spent correcting an arrangement.
	arrangeTries = 3
)

// erSource returns the DOT of an ER view and, when wanted, its SVG layout.
// Graphviz's own layout is kept when it is within maxAspect; otherwise the
// tables are pinned to shelves of ranks (arrangeShelves) and the estimate is
// corrected by each measured layout, at most arrangeTries times. The best
// layout seen is kept.
func erSource(eng Engine, v *view, wantSVG bool) (src, svg []byte, err error) {
	src = erDOT(v, nil)
	n := len(v.tables) + len(v.ghosts)
	if n < measureFrom {
		if svg, err = layoutDOT(eng, src, "svg"); err != nil {
			return nil, nil, err
		}
		return fitAspect(eng, src, svg)
	}
	best := struct {
		src, svg []byte
		bad      float64
	}{bad: math.Inf(1)}
	consider := func(src []byte) (aspect float64, ok bool, err error) {
		svg, err := layoutDOT(eng, src, "svg")
		if err != nil {
			return 0, false, err
		}
		w, h, err := svgSize(svg)
		if err != nil {
			return 0, false, err
		}
		if b := skew(w / h); b < best.bad {
			best.src, best.svg, best.bad = src, svg, b
		}
		return w / h, w <= maxAspect*h && h <= maxAspect*w, nil
	}
	if !(v.clusters && n >= directFrom) {
		if _, ok, err := consider(src); err != nil || ok {
			return best.src, best.svg, err
		}
	}
	aim := targetAspect
	for try := 0; try < arrangeTries; try++ {
		ranks, predicted := arrangeShelves(v, aim)
		got, ok, err := consider(erDOT(v, ranks))
		if err != nil || ok {
			return best.src, best.svg, err
		}
		// The estimate was off by got/predicted: aim the other way by as much.
		aim *= predicted / got
	}
	return fitAspect(eng, best.src, best.svg)
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

// fitAspect is the last resort of every ER picture and overview: when the
// layout (svg) of src is more than maxAspect times wider than tall, or taller
// than wide, the graph is given Graphviz's ratio attribute, which stretches
// the layout the other way (the nodes move apart; their sizes stay) until it
// is within the bound. Returns src and svg unchanged when they already fit;
// a nil svg is laid out first.
func fitAspect(eng Engine, src, svg []byte) ([]byte, []byte, error) {
	if svg == nil {
		var err error
		if svg, err = layoutDOT(eng, src, "svg"); err != nil {
			return nil, nil, err
		}
	}
	w, h, err := svgSize(svg)
	if err != nil {
		return nil, nil, err
	}
	var ratio float64 // Graphviz's ratio is height over width
	switch {
	case w > maxAspect*h:
		ratio = 1 / (maxAspect - 0.2)
	case h > maxAspect*w:
		ratio = maxAspect - 0.2
	default:
		return src, svg, nil
	}
	fitted := bytes.Replace(src, []byte("graph ["), []byte(fmt.Sprintf("graph [ratio=%.2f, ", ratio)), 1)
	fsvg, err := layoutDOT(eng, fitted, "svg")
	if err != nil {
		return nil, nil, err
	}
	return fitted, fsvg, nil
}
