// Package raster paints a Graphviz layout into a PNG image.
//
// go-graphviz's own PNG renderer is broken (goccy/go-graphviz#106: the
// "filled" argument of its drawing callbacks is never truncated to 32 bits, so
// every edge spline is filled and edges turn into dark blobs or vanish). Its
// layout engine and its json output are correct, so schemagen lays a diagram
// out with Graphviz, asks for the json rendering (which carries every drawing
// operation Graphviz would emit: the xdot _draw_, _ldraw_, _hdraw_, _tdraw_,
// _hldraw_ and _tldraw_ lists of every graph, cluster, node and edge), and
// paints those operations itself with fogleman/gg and the Liberation fonts,
// which have the same widths as the Helvetica, Times and Courier metrics
// Graphviz used to size every label.
package raster

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
)

// DefaultScale is the number of pixels per Graphviz point used when
// Options.Scale is zero: 2 pixels per point is 144 dpi, enough for 8-point
// text to stay crisp.
const DefaultScale = 2.0

// DefaultMaxPixels bounds the size of the image when Options.MaxPixels is
// zero: 32 megapixels (128 MiB of RGBA, a few seconds to paint and encode).
// A 200-table diagram, about 4400x3800 points, is then painted at 1.4 pixels
// per point (100 dpi) instead of 2; such a design reads better split by
// group anyway (schemagen diagram --split).
const DefaultMaxPixels = 32 << 20

// Options controls how a layout is painted.
type Options struct {
	// Scale is the number of pixels per Graphviz point (1/72 inch): 1 is
	// 72 dpi, 2 is 144 dpi. Zero means DefaultScale.
	Scale float64
	// MaxPixels caps width*height of the image; a larger diagram is painted at
	// the largest scale that fits instead of failing. Zero means
	// DefaultMaxPixels.
	MaxPixels int
}

// PNG paints a Graphviz json layout (the output of `dot -Tjson`, or of
// go-graphviz's Render with the "json" format) and returns it as PNG bytes.
// The same layout and options always give the same bytes.
func PNG(layoutJSON []byte, opts Options) ([]byte, error) {
	img, err := Image(layoutJSON, opts)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	// BestSpeed: half the time of the default level for a file about 5% larger
	// (anti-aliased diagrams compress poorly at any level).
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encoding png: %w", err)
	}
	return buf.Bytes(), nil
}

// Image paints a Graphviz json layout into an RGBA image on a white
// background (or the graph's bgcolor), at opts.Scale pixels per point.
func Image(layoutJSON []byte, opts Options) (*image.RGBA, error) {
	g, err := parseLayout(layoutJSON)
	if err != nil {
		return nil, err
	}
	scale := opts.Scale
	if scale == 0 {
		scale = DefaultScale
	}
	if scale < 0 || math.IsNaN(scale) || math.IsInf(scale, 0) {
		return nil, fmt.Errorf("png scale must be a positive number, got %v", opts.Scale)
	}
	maxPixels := opts.MaxPixels
	if maxPixels <= 0 {
		maxPixels = DefaultMaxPixels
	}
	// The canvas is the SVG's: the bounding box plus the pad on every side,
	// rounded to whole points as Graphviz rounds the SVG's width and height.
	wPt := math.Round(g.bb.Dx() + 2*g.padX)
	hPt := math.Round(g.bb.Dy() + 2*g.padY)
	if wPt < 1 || hPt < 1 {
		return nil, fmt.Errorf("graphviz layout has an empty bounding box (%gx%g points)", wPt, hPt)
	}
	if px := wPt * hPt * scale * scale; px > float64(maxPixels) {
		scale = math.Sqrt(float64(maxPixels) / (wPt * hPt))
	}
	// Round up like rsvg-convert does, ignoring float noise.
	width := int(math.Ceil(wPt*scale - 1e-3))
	height := int(math.Ceil(hPt*scale - 1e-3))
	if width < 1 || height < 1 {
		return nil, errors.New("png would have no pixels: the scale is too small")
	}
	p := newPainter(width, height, scale, g)
	if err := p.paintGraph(g); err != nil {
		return nil, err
	}
	return p.img, nil
}
