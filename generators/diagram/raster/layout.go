package raster

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// drawKeys are the attributes of a Graphviz json object that hold drawing
// operations, in the order Graphviz's SVG renderer paints them: the shape or
// spline, the arrowheads, then the labels on top.
var drawKeys = []string{"_draw_", "_tdraw_", "_hdraw_", "_ldraw_", "_tldraw_", "_hldraw_"}

// defaultPad is Graphviz's pad (points on each side of the drawing) when the
// graph does not set one.
const defaultPad = 4.0

// rect is an axis-aligned box in Graphviz points (y up).
type rect struct{ x0, y0, x1, y1 float64 }

// Dx is the box's width.
func (r rect) Dx() float64 { return r.x1 - r.x0 }

// Dy is the box's height.
func (r rect) Dy() float64 { return r.y1 - r.y0 }

// layout is the part of a Graphviz json document the painter needs: the
// canvas and every object's drawing operations in painting order.
type layout struct {
	bb         rect
	padX, padY float64
	bgcolor    string
	// lists are the drawing-operation lists in painting order.
	lists [][]op
}

// jsonObject is one graph, subgraph, node or edge of Graphviz's json output.
// Attribute values are kept raw: Graphviz writes most of them as strings, and
// only the few read here are decoded.
type jsonObject map[string]json.RawMessage

// jsonGraph is what the painter reads of the root object of Graphviz's json
// output.
type jsonGraph struct {
	bb, pad, bgcolor, outputOrder string
	subgraphCnt                   int
	objects, edges                []jsonObject
}

// graph decodes the root object's attributes the painter needs.
func (o jsonObject) graph() (jsonGraph, error) {
	var g jsonGraph
	strs := []struct {
		key string
		dst *string
	}{{"bb", &g.bb}, {"pad", &g.pad}, {"bgcolor", &g.bgcolor}, {"outputorder", &g.outputOrder}}
	for _, a := range strs {
		if raw, ok := o[a.key]; ok {
			if err := json.Unmarshal(raw, a.dst); err != nil {
				return g, fmt.Errorf("attribute %s: %w", a.key, err)
			}
		}
	}
	g.subgraphCnt, _ = o.int("_subgraph_cnt")
	lists := []struct {
		key string
		dst *[]jsonObject
	}{{"objects", &g.objects}, {"edges", &g.edges}}
	for _, a := range lists {
		if raw, ok := o[a.key]; ok {
			if err := json.Unmarshal(raw, a.dst); err != nil {
				return g, fmt.Errorf("%s: %w", a.key, err)
			}
		}
	}
	return g, nil
}

// parseLayout decodes a Graphviz json document and orders its drawing
// operations the way Graphviz's SVG renderer emits them.
func parseLayout(data []byte) (*layout, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("graphviz json layout is empty")
	}
	var root jsonObject
	if err := json.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("reading graphviz json layout: %w", err)
	}
	g, err := root.graph()
	if err != nil {
		return nil, fmt.Errorf("reading graphviz json layout: %w", err)
	}
	if g.bb == "" {
		return nil, errors.New("graphviz json has no bounding box (bb): it is not a laid-out graph")
	}
	bb, err := parseBB(g.bb)
	if err != nil {
		return nil, err
	}
	l := &layout{bb: bb, padX: defaultPad, padY: defaultPad, bgcolor: g.bgcolor}
	if g.pad != "" {
		if l.padX, l.padY, err = parsePad(g.pad); err != nil {
			return nil, err
		}
	}
	if g.subgraphCnt < 0 || g.subgraphCnt > len(g.objects) {
		return nil, fmt.Errorf("graphviz json says it has %d subgraphs but lists %d objects", g.subgraphCnt, len(g.objects))
	}

	add := func(o jsonObject) error {
		for _, k := range drawKeys {
			raw, ok := o[k]
			if !ok {
				continue
			}
			var ops []op
			if err := json.Unmarshal(raw, &ops); err != nil {
				return fmt.Errorf("reading %s of %s: %w", k, o.describe(), err)
			}
			l.lists = append(l.lists, ops)
		}
		return nil
	}
	// The graph itself (background, graph label), then every cluster: the
	// json lists subgraphs parent first, as Graphviz paints them.
	if err := add(root); err != nil {
		return nil, err
	}
	for _, sg := range g.objects[:g.subgraphCnt] {
		if err := add(sg); err != nil {
			return nil, err
		}
	}
	order, err := paintOrder(g.objects[g.subgraphCnt:], g.edges, g.outputOrder)
	if err != nil {
		return nil, err
	}
	for _, o := range order {
		if err := add(o); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// describe names an object in an error message.
func (o jsonObject) describe() string {
	var name string
	if raw, ok := o["name"]; ok && json.Unmarshal(raw, &name) == nil {
		return strconv.Quote(name)
	}
	if gvid, ok := o.int("_gvid"); ok {
		return "object " + strconv.Itoa(gvid)
	}
	return "an object"
}

// int reads an integer attribute.
func (o jsonObject) int(key string) (int, bool) {
	raw, ok := o[key]
	if !ok {
		return 0, false
	}
	var n int
	if json.Unmarshal(raw, &n) != nil {
		return 0, false
	}
	return n, true
}

// paintOrder orders nodes and edges as Graphviz's default output order does:
// each node in turn, then each of its out-edges preceded by the edge's head
// node when that was not painted yet. Graphviz numbers edges (_gvid) in that
// same walk, so sorting a node's out-edges by _gvid restores it. "nodesfirst"
// and "edgesfirst" (the outputorder attribute) paint one kind before the
// other.
func paintOrder(nodes, edges []jsonObject, outputOrder string) ([]jsonObject, error) {
	byID := make(map[int]jsonObject, len(nodes))
	nodeIDs := make([]int, 0, len(nodes))
	for _, n := range nodes {
		id, ok := n.int("_gvid")
		if !ok {
			return nil, fmt.Errorf("graphviz json node %s has no _gvid", n.describe())
		}
		byID[id] = n
		nodeIDs = append(nodeIDs, id)
	}
	sort.Ints(nodeIDs)
	type edge struct {
		id, tail, head int
		obj            jsonObject
	}
	es := make([]edge, 0, len(edges))
	for _, e := range edges {
		id, ok1 := e.int("_gvid")
		tail, ok2 := e.int("tail")
		head, ok3 := e.int("head")
		if !ok1 || !ok2 || !ok3 {
			return nil, errors.New("graphviz json edge without _gvid, tail or head")
		}
		es = append(es, edge{id, tail, head, e})
	}
	sort.Slice(es, func(i, j int) bool { return es[i].id < es[j].id })

	out := make([]jsonObject, 0, len(nodes)+len(edges))
	switch outputOrder {
	case "nodesfirst":
		for _, id := range nodeIDs {
			out = append(out, byID[id])
		}
		for _, e := range es {
			out = append(out, e.obj)
		}
		return out, nil
	case "edgesfirst":
		for _, e := range es {
			out = append(out, e.obj)
		}
		for _, id := range nodeIDs {
			out = append(out, byID[id])
		}
		return out, nil
	}
	outOf := make(map[int][]edge)
	for _, e := range es {
		outOf[e.tail] = append(outOf[e.tail], e)
	}
	painted := make(map[int]bool, len(nodes))
	paintNode := func(id int) {
		if n, ok := byID[id]; ok && !painted[id] {
			painted[id] = true
			out = append(out, n)
		}
	}
	edgeDone := make(map[int]bool, len(es))
	for _, id := range nodeIDs {
		paintNode(id)
		for _, e := range outOf[id] {
			paintNode(e.head)
			out = append(out, e.obj)
			edgeDone[e.id] = true
		}
	}
	// Edges whose tail is not a listed node (not expected from Graphviz).
	for _, e := range es {
		if !edgeDone[e.id] {
			out = append(out, e.obj)
		}
	}
	return out, nil
}

// parseBB reads Graphviz's "llx,lly,urx,ury" bounding box.
func parseBB(s string) (rect, error) {
	f, err := parseFloats(s, 4)
	if err != nil {
		return rect{}, fmt.Errorf("graphviz json bounding box %q: %w", s, err)
	}
	return rect{f[0], f[1], f[2], f[3]}, nil
}

// parsePad reads the pad attribute: inches, "x,y" or one value for both;
// a trailing "!" (used by some attributes) is ignored.
func parsePad(s string) (float64, float64, error) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "!")
	parts := strings.Split(s, ",")
	if len(parts) > 2 {
		return 0, 0, fmt.Errorf("graphviz pad %q: want one or two numbers", s)
	}
	f, err := parseFloats(s, len(parts))
	if err != nil {
		return 0, 0, fmt.Errorf("graphviz pad %q: %w", s, err)
	}
	x := f[0] * 72
	y := x
	if len(f) == 2 {
		y = f[1] * 72
	}
	return x, y, nil
}

// parseFloats reads exactly n comma-separated numbers.
func parseFloats(s string, n int) ([]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return nil, fmt.Errorf("want %d numbers, got %d", n, len(parts))
	}
	out := make([]float64, n)
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", p)
		}
		out[i] = f
	}
	return out, nil
}
