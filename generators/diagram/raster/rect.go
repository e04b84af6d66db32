package raster

import (
	"image/color"
	"math"
)

// Most of what a diagram fills is axis-aligned rectangles: the background,
// every cell of every HTML table, box nodes. The general rasteriser composites
// them span by span through an interface; filling them directly, with the
// exact area coverage on their edges that the rasteriser would compute,
// halves the painting time of an ER diagram.

// axisRect reports whether a closed polygon is an axis-aligned rectangle, and
// its extent in Graphviz points.
func axisRect(pts [][]float64) (r rect, ok bool) {
	n := len(pts)
	if n == 5 && len(pts[0]) >= 2 && len(pts[4]) >= 2 && pts[0][0] == pts[4][0] && pts[0][1] == pts[4][1] {
		n = 4 // closed explicitly
	}
	if n != 4 {
		return rect{}, false
	}
	for i := 0; i < 4; i++ {
		a, b := pts[i], pts[(i+1)%4]
		if len(a) < 2 || len(b) < 2 || (a[0] != b[0] && a[1] != b[1]) {
			return rect{}, false
		}
	}
	r = rect{pts[0][0], pts[0][1], pts[0][0], pts[0][1]}
	for _, p := range pts[1:4] {
		r.x0, r.x1 = min(r.x0, p[0]), max(r.x1, p[0])
		r.y0, r.y1 = min(r.y0, p[1]), max(r.y1, p[1])
	}
	// Four axis-parallel sides can still zigzag; a rectangle has every
	// corner on the bounding box's corners.
	for _, p := range pts[:4] {
		if (p[0] != r.x0 && p[0] != r.x1) || (p[1] != r.y0 && p[1] != r.y1) {
			return rect{}, false
		}
	}
	return r, r.Dx() > 0 && r.Dy() > 0
}

// fillRect fills the pixel-space rectangle [x0,x1)x[y0,y1) with c, blending
// partly covered edge pixels by their covered area.
func (p *painter) fillRect(x0, y0, x1, y1 float64, c color.NRGBA) {
	b := p.img.Bounds()
	x0, y0 = max(x0, float64(b.Min.X)), max(y0, float64(b.Min.Y))
	x1, y1 = min(x1, float64(b.Max.X)), min(y1, float64(b.Max.Y))
	if x0 >= x1 || y0 >= y1 || c.A == 0 || (p.blank && over(p.bg, c) == p.bg) {
		return
	}
	p.blank = false
	alpha := float64(c.A) / 255
	ix0, ix1 := int(math.Floor(x0)), int(math.Ceil(x1))
	iy0, iy1 := int(math.Floor(y0)), int(math.Ceil(y1))
	cover := func(lo, hi float64, i int) float64 {
		return min(hi, float64(i+1)) - max(lo, float64(i))
	}
	solid := [4]uint8{c.R, c.G, c.B, 0xff}
	for y := iy0; y < iy1; y++ {
		cy := cover(y0, y1, y)
		row := p.img.Pix[p.img.PixOffset(ix0, y):]
		for x := ix0; x < ix1; x++ {
			px := row[4*(x-ix0) : 4*(x-ix0)+4 : 4*(x-ix0)+4]
			a := alpha * cy * cover(x0, x1, x)
			if a >= 1 {
				copy(px, solid[:])
				continue
			}
			blend(px, c, a)
		}
	}
}

// blend composites colour c with coverage a (0..1) over a premultiplied RGBA
// pixel.
func blend(px []uint8, c color.NRGBA, a float64) {
	mix := func(dst uint8, src uint8) uint8 {
		return uint8(math.Round(float64(src)*a + float64(dst)*(1-a)))
	}
	px[0], px[1], px[2] = mix(px[0], c.R), mix(px[1], c.G), mix(px[2], c.B)
	px[3] = uint8(math.Round(255*a + float64(px[3])*(1-a)))
}
