package raster

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/fogleman/gg"
)

// op is one xdot drawing operation as Graphviz's json output writes it.
// Which fields are set depends on Op:
//
//	E e   ellipse (filled / outline): Rect = centre x, y, radius x, y
//	P p   polygon (filled / outline): Points
//	L     polyline: Points
//	B b   Bézier spline (filled / outline in json, see below): Points
//	T     text: Pt (baseline), Align ("l", "c", "r"), Width, Text
//	F     font: Size, Face
//	t     text flags: Fontchar (bold 1, italic 2, underline 4, ...)
//	c C   pen / fill colour: Grad ("none", "linear", "radial"), Color, P0, P1, Stops
//	S     style: Style ("solid", "dashed", "dotted", "bold", "invis", "setlinewidth(N)")
//	I     image (not painted)
type op struct {
	Op       string      `json:"op"`
	Points   [][]float64 `json:"points"`
	Rect     []float64   `json:"rect"`
	Pt       []float64   `json:"pt"`
	Align    string      `json:"align"`
	Width    float64     `json:"width"`
	Text     string      `json:"text"`
	Size     float64     `json:"size"`
	Face     string      `json:"face"`
	Fontchar int         `json:"fontchar"`
	Style    string      `json:"style"`
	Grad     string      `json:"grad"`
	Color    string      `json:"color"`
	P0       []float64   `json:"p0"`
	P1       []float64   `json:"p1"`
	Stops    []struct {
		Frac  float64 `json:"frac"`
		Color string  `json:"color"`
	} `json:"stops"`
}

// Dash patterns of Graphviz's SVG renderer, in points.
var (
	dashedPattern = []float64{5, 2}
	dottedPattern = []float64{1, 5}
)

// painter paints drawing operations onto an image.
type painter struct {
	img   *image.RGBA
	dc    *gg.Context
	scale float64
	// Graphviz point (x, y) lands on pixel ((x-originX)*scale, (originY-y)*scale):
	// y grows upwards in Graphviz and downwards in the image.
	originX, originY float64
	faces            faces
	bg               color.NRGBA
	// blank is true until something is painted over the background: while
	// it is, a rectangle in the background colour (Graphviz's own
	// background polygon) needs no painting.
	blank bool
	// missing collects the characters no embedded font has a glyph for
	// (CJK, emoji): they are painted as empty boxes, and Painted says so.
	missing map[rune]bool
}

// state is the graphics state of one operation list: Graphviz starts every
// _draw_/_ldraw_/... list afresh with a black pen, a black fill, a 1-point
// solid line and 14-point Times.
type state struct {
	pen       color.NRGBA
	fill      gg.Pattern
	fillAlpha uint8
	// fillSolid is the fill colour when it is not a gradient.
	fillSolid *color.NRGBA
	lineWidth float64
	dash      []float64
	invisible bool
	fontFace  string
	fontSize  float64
	fontFlags int
}

func newState() state {
	return state{
		pen: black, fill: gg.NewSolidPattern(black), fillAlpha: 0xff, fillSolid: &black,
		lineWidth: 1, fontFace: "Times-Roman", fontSize: 14,
	}
}

// newPainter paints onto pix when it is large enough (its old content is
// painted over: paintGraph fills every pixel first), else onto a new image.
func newPainter(width, height int, scale float64, g *layout, pix []uint8) *painter {
	img := &image.RGBA{Stride: 4 * width, Rect: image.Rect(0, 0, width, height)}
	if n := 4 * width * height; cap(pix) >= n {
		img.Pix = pix[:n]
	} else {
		img.Pix = make([]uint8, n)
	}
	dc := gg.NewContextForRGBA(img)
	// SVG's defaults: butt line ends. gg has no miter join; round is the
	// closest (it only blunts arrow tips by half a line width).
	dc.SetLineCapButt()
	dc.SetLineJoinRound()
	dc.SetFillRuleWinding()
	return &painter{
		img: img, dc: dc, scale: scale,
		originX: g.bb.x0 - g.padX, originY: g.bb.y1 + g.padY,
		faces: faces{}, missing: map[rune]bool{},
	}
}

// xy converts a Graphviz point to pixel coordinates.
func (p *painter) xy(x, y float64) (float64, float64) {
	return (x - p.originX) * p.scale, (p.originY - y) * p.scale
}

// paintGraph paints the background and then every operation list in order.
func (p *painter) paintGraph(g *layout) error {
	p.bg = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	if g.bgcolor != "" {
		// A gradient background ("c1:c2") is painted in its first colour.
		c := parseColor(strings.Split(g.bgcolor, ":")[0])
		p.bg = over(p.bg, c)
	}
	fillBackground(p.img, p.bg)
	p.blank = true
	for _, ops := range g.lists {
		if err := p.run(ops); err != nil {
			return err
		}
	}
	return nil
}

// fillBackground sets every pixel to bg: one row, then copies of it (the
// copies run at memory speed; draw.Draw with a uniform source took a tenth of
// the painting of a big split).
func fillBackground(img *image.RGBA, bg color.NRGBA) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if w == 0 || h == 0 {
		return
	}
	first := img.Pix[:4*w]
	for x := 0; x < w; x++ {
		first[4*x], first[4*x+1], first[4*x+2], first[4*x+3] = bg.R, bg.G, bg.B, bg.A
	}
	for y := 1; y < h; y++ {
		copy(img.Pix[y*img.Stride:y*img.Stride+4*w], first)
	}
}

// over composites c over an opaque background colour.
func over(bg, c color.NRGBA) color.NRGBA {
	a := float64(c.A) / 255
	mix := func(b, f uint8) uint8 { return uint8(math.Round(float64(f)*a + float64(b)*(1-a))) }
	return color.NRGBA{mix(bg.R, c.R), mix(bg.G, c.G), mix(bg.B, c.B), 0xff}
}

// run paints one operation list.
func (p *painter) run(ops []op) error {
	st := newState()
	for i := range ops {
		o := &ops[i]
		switch o.Op {
		case "c":
			st.pen = parseColor(o.Color)
			if o.Grad != "" && o.Grad != "none" && len(o.Stops) > 0 {
				// A gradient pen: SVG strokes with the gradient's first colour too.
				st.pen = parseColor(o.Stops[0].Color)
			}
		case "C":
			st.fill, st.fillAlpha, st.fillSolid = p.fillPattern(o)
		case "S":
			p.setStyle(&st, o.Style)
		case "F":
			st.fontFace, st.fontSize = o.Face, o.Size
		case "t":
			st.fontFlags = o.Fontchar
		case "E", "e":
			if len(o.Rect) != 4 {
				return fmt.Errorf("graphviz ellipse operation with %d numbers, want 4", len(o.Rect))
			}
			x, y := p.xy(o.Rect[0], o.Rect[1])
			p.dc.DrawEllipse(x, y, o.Rect[2]*p.scale, o.Rect[3]*p.scale)
			p.finish(&st, o.Op == "E")
		case "P", "p", "L":
			filled := o.Op == "P"
			if r, ok := axisRect(o.Points); ok && filled && !st.invisible && st.fillSolid != nil {
				// Fast path: fill directly, then outline as usual.
				x0, y0 := p.xy(r.x0, r.y1)
				x1, y1 := p.xy(r.x1, r.y0)
				p.fillRect(x0, y0, x1, y1, *st.fillSolid)
				filled = false
			}
			if err := p.polyline(o.Points, o.Op != "L"); err != nil {
				return err
			}
			p.finish(&st, filled)
		case "B", "b":
			if err := p.bezier(o.Points); err != nil {
				return err
			}
			// Graphviz's json writer swaps the xdot letters of splines: a
			// filled spline (a rounded, filled cluster or node) is "B" and an
			// outline (every edge) is "b". Its xdot output has them the
			// documented way round.
			p.finish(&st, o.Op == "B")
		case "T":
			if err := p.text(&st, o); err != nil {
				return err
			}
		default:
			// "I" (an external image file) and anything newer is not
			// painted: a pure function reads no files.
		}
	}
	return nil
}

// setStyle applies an "S" operation.
func (p *painter) setStyle(st *state, style string) {
	switch {
	case style == "solid":
		st.dash, st.invisible = nil, false
	case style == "dashed":
		st.dash = dashedPattern
	case style == "dotted":
		st.dash = dottedPattern
	case style == "bold":
		st.lineWidth = 2
	case style == "invis" || style == "invisible":
		st.invisible = true
	case strings.HasPrefix(style, "setlinewidth(") && strings.HasSuffix(style, ")"):
		if w, err := strconv.ParseFloat(style[len("setlinewidth("):len(style)-1], 64); err == nil && w >= 0 {
			st.lineWidth = w
		}
	}
}

// fillPattern turns a "C" operation into a gg pattern in pixel space, and
// reports whether it paints anything (its largest alpha) and, for a plain
// colour, the colour.
func (p *painter) fillPattern(o *op) (gg.Pattern, uint8, *color.NRGBA) {
	switch {
	case o.Grad == "linear" && len(o.P0) >= 2 && len(o.P1) >= 2 && len(o.Stops) > 0:
		x0, y0 := p.xy(o.P0[0], o.P0[1])
		x1, y1 := p.xy(o.P1[0], o.P1[1])
		g := gg.NewLinearGradient(x0, y0, x1, y1)
		return g, p.addStops(g, o), nil
	case o.Grad == "radial" && len(o.P0) >= 3 && len(o.P1) >= 3 && len(o.Stops) > 0:
		x0, y0 := p.xy(o.P0[0], o.P0[1])
		x1, y1 := p.xy(o.P1[0], o.P1[1])
		g := gg.NewRadialGradient(x0, y0, o.P0[2]*p.scale, x1, y1, o.P1[2]*p.scale)
		return g, p.addStops(g, o), nil
	}
	c := parseColor(o.Color)
	return gg.NewSolidPattern(c), c.A, &c
}

func (p *painter) addStops(g gg.Gradient, o *op) uint8 {
	var maxA uint8
	for _, s := range o.Stops {
		c := parseColor(s.Color)
		g.AddColorStop(s.Frac, c)
		maxA = max(maxA, c.A)
	}
	return maxA
}

// polyline adds a path through points, closed for polygons.
func (p *painter) polyline(pts [][]float64, closed bool) error {
	for i, pt := range pts {
		if len(pt) < 2 {
			return fmt.Errorf("graphviz point with %d coordinates", len(pt))
		}
		x, y := p.xy(pt[0], pt[1])
		if i == 0 {
			p.dc.MoveTo(x, y)
		} else {
			p.dc.LineTo(x, y)
		}
	}
	if closed && len(pts) > 0 {
		p.dc.ClosePath()
	}
	return nil
}

// bezier adds a piecewise cubic Bézier path: a start point and then three
// points (two controls and an end) per piece.
func (p *painter) bezier(pts [][]float64) error {
	if len(pts) == 0 {
		return nil
	}
	for _, pt := range pts {
		if len(pt) < 2 {
			return fmt.Errorf("graphviz point with %d coordinates", len(pt))
		}
	}
	x, y := p.xy(pts[0][0], pts[0][1])
	p.dc.MoveTo(x, y)
	for i := 1; i+2 < len(pts); i += 3 {
		x1, y1 := p.xy(pts[i][0], pts[i][1])
		x2, y2 := p.xy(pts[i+1][0], pts[i+1][1])
		x3, y3 := p.xy(pts[i+2][0], pts[i+2][1])
		p.dc.CubicTo(x1, y1, x2, y2, x3, y3)
	}
	return nil
}

// finish fills (for a filled shape) and strokes the current path, as
// Graphviz's SVG renderer does: fill first, outline on top.
func (p *painter) finish(st *state, filled bool) {
	defer p.dc.ClearPath()
	if st.invisible {
		return
	}
	p.blank = false
	if filled && st.fillAlpha > 0 {
		p.dc.SetFillStyle(st.fill)
		p.dc.FillPreserve()
	}
	if st.pen.A == 0 || st.lineWidth == 0 {
		return
	}
	p.dc.SetStrokeStyle(gg.NewSolidPattern(st.pen))
	p.dc.SetLineWidth(st.lineWidth * p.scale)
	if st.dash != nil {
		dash := make([]float64, len(st.dash))
		for i, d := range st.dash {
			dash[i] = d * p.scale
		}
		p.dc.SetDash(dash...)
	} else {
		p.dc.SetDash()
	}
	p.dc.StrokePreserve()
}
