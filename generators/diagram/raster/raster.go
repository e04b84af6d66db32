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
	"math"
	"runtime"
	"slices"
	"sync"
)

// DefaultScale is the number of pixels per Graphviz point used when
// Options.Scale is zero: 2 pixels per point is 144 dpi, enough for 8-point
// text to stay crisp.
const DefaultScale = 2.0

// DefaultMaxPixels bounds the size of the image when Options.MaxPixels is
// zero: 32 megapixels (128 MiB of RGBA, a few seconds to paint and encode). A
// larger diagram is painted at a smaller scale, down to MinScale.
const DefaultMaxPixels = 32 << 20

// MinScale is the smallest scale MaxPixels may shrink an image to: 1 pixel per
// point, where 10-point text is still 10 pixels high. Below it text cannot be
// read at any zoom, so a diagram that does not fit MaxPixels at MinScale grows
// past MaxPixels instead, up to LimitPixels.
const MinScale = 1.0

// DefaultLimitPixels bounds the image when Options.LimitPixels is zero: 96
// megapixels (384 MiB of RGBA). Only a diagram larger than that at MinScale is
// painted below it, and Painted.Scale says so.
const DefaultLimitPixels = 96 << 20

// Options controls how a layout is painted.
type Options struct {
	// Scale is the number of pixels per Graphviz point (1/72 inch): 1 is
	// 72 dpi, 2 is 144 dpi. Zero means DefaultScale.
	Scale float64
	// MaxPixels caps width*height of the image while the scale can stay at or
	// above MinScale; zero means DefaultMaxPixels.
	MaxPixels int
	// LimitPixels caps width*height of the image at any scale; zero means
	// DefaultLimitPixels.
	LimitPixels int
}

// Painted is a painted diagram and the scale it was painted at.
type Painted struct {
	PNG []byte
	// Scale is the number of pixels per point used: below MinScale when the
	// diagram was too large for LimitPixels at MinScale, and the caller should
	// say so.
	Scale float64
	// Width and Height are the diagram's size in points.
	Width, Height float64
	// Missing lists, in order, the characters no embedded font (Liberation
	// Sans, Serif and Mono: Latin, Greek, Cyrillic) has a glyph for, such as
	// CJK and emoji: they are painted as empty boxes.
	Missing []rune
}

// PNG paints a Graphviz json layout (the output of `dot -Tjson`, or of
// go-graphviz's Render with the "json" format) and returns it as PNG bytes.
// The same layout and options always give the same bytes.
func PNG(layoutJSON []byte, opts Options) ([]byte, error) {
	p, err := Paint(layoutJSON, opts)
	if err != nil {
		return nil, err
	}
	return p.PNG, nil
}

// pixels keeps the pixel buffer of the last painting for the next one: a
// split paints dozens of pictures of up to LimitPixels (384 MiB) one after
// the other, and a new buffer for each cost clearing it and, until the
// garbage collector caught up, the memory of two (MusicBrainz: 841 MB).
// A sync.Pool lets an idle process give the buffer back.
var pixels sync.Pool

// collectBefore is the size of a new pixel buffer from which the garbage
// collector runs first, so that the buffer it replaces is freed before the
// new one is allocated rather than after.
const collectBefore = 64 << 20

// Paint paints a Graphviz json layout like PNG and says at which scale.
func Paint(layoutJSON []byte, opts Options) (Painted, error) {
	buffer := func(n int) []uint8 {
		var pix []uint8
		if b, ok := pixels.Get().(*[]uint8); ok {
			pix = *b
		}
		if n > cap(pix) && n >= collectBefore {
			pix = nil
			runtime.GC()
		}
		return pix
	}
	img, scale, w, h, missing, err := paint(layoutJSON, opts, buffer)
	if err != nil {
		return Painted{}, err
	}
	defer func() { pixels.Put(&img.Pix) }()
	var buf bytes.Buffer
	// RGB without alpha: the background is opaque, so every pixel is.
	buf.Grow(len(img.Pix) / 16) // diagrams compress to a few percent
	if err := encodePNG(&buf, img); err != nil {
		return Painted{}, fmt.Errorf("encoding png: %w", err)
	}
	return Painted{PNG: buf.Bytes(), Scale: scale, Width: w, Height: h, Missing: missing}, nil
}

// Image paints a Graphviz json layout into an RGBA image on a white
// background (or the graph's bgcolor), at opts.Scale pixels per point.
func Image(layoutJSON []byte, opts Options) (*image.RGBA, error) {
	img, _, _, _, _, err := paint(layoutJSON, opts, func(int) []uint8 { return nil })
	return img, err
}

// scaleFor is the scale a wPt by hPt diagram is painted at: the asked scale,
// shrunk to fit maxPixels but not below MinScale, and below MinScale only to
// fit limitPixels.
func scaleFor(wPt, hPt, scale float64, maxPixels, limitPixels int) float64 {
	fit := func(pixels int) float64 { return math.Sqrt(float64(pixels) / (wPt * hPt)) }
	if wPt*hPt*scale*scale <= float64(maxPixels) {
		return scale
	}
	if s := fit(maxPixels); s >= MinScale {
		return s
	}
	if wPt*hPt*MinScale*MinScale <= float64(limitPixels) {
		return min(scale, MinScale)
	}
	return fit(limitPixels)
}

// paint paints onto buffer(size in bytes) when that is large enough.
func paint(layoutJSON []byte, opts Options, buffer func(n int) []uint8) (img *image.RGBA, scale, wPt, hPt float64, missing []rune, err error) {
	g, err := parseLayout(layoutJSON)
	if err != nil {
		return nil, 0, 0, 0, nil, err
	}
	scale = opts.Scale
	if scale == 0 {
		scale = DefaultScale
	}
	if scale < 0 || math.IsNaN(scale) || math.IsInf(scale, 0) {
		return nil, 0, 0, 0, nil, fmt.Errorf("png scale must be a positive number, got %v", opts.Scale)
	}
	maxPixels := opts.MaxPixels
	if maxPixels <= 0 {
		maxPixels = DefaultMaxPixels
	}
	limitPixels := opts.LimitPixels
	if limitPixels <= 0 {
		limitPixels = DefaultLimitPixels
	}
	maxPixels = min(maxPixels, limitPixels)
	// The canvas is the SVG's: the bounding box plus the pad on every side,
	// rounded to whole points as Graphviz rounds the SVG's width and height.
	wPt = math.Round(g.bb.Dx() + 2*g.padX)
	hPt = math.Round(g.bb.Dy() + 2*g.padY)
	if wPt < 1 || hPt < 1 {
		return nil, 0, 0, 0, nil, fmt.Errorf("graphviz layout has an empty bounding box (%gx%g points)", wPt, hPt)
	}
	scale = scaleFor(wPt, hPt, scale, maxPixels, limitPixels)
	// Round up like rsvg-convert does, ignoring float noise.
	width := int(math.Ceil(wPt*scale - 1e-3))
	height := int(math.Ceil(hPt*scale - 1e-3))
	if width < 1 || height < 1 {
		return nil, 0, 0, 0, nil, errors.New("png would have no pixels: the scale is too small")
	}
	p := newPainter(width, height, scale, g, buffer(4*width*height))
	if err := p.paintGraph(g); err != nil {
		return nil, 0, 0, 0, nil, err
	}
	for r := range p.missing {
		missing = append(missing, r)
	}
	slices.Sort(missing)
	return p.img, scale, wPt, hPt, missing, nil
}
