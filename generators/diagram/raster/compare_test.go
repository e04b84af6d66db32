package raster

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
)

// The PNG painter is proven against Graphviz's SVG output, which is correct:
// rsvg-convert (librsvg) rasterises the SVG at the same resolution and the
// two images must agree. The same comparison must reject go-graphviz's own
// broken PNG renderer, or it would prove nothing.

// comparison measures how far a painted image is from a reference.
type comparison struct {
	sizeA, sizeB image.Point
	// differing is the share of 2-point cells whose mean luminance differs
	// by more than cellTolerance: colour, fills, text and lines in general.
	differing float64
	// missingInk is the share of the reference's dark ("ink") pixels with no
	// ink in the painted image within a pixel or two: edges that vanished.
	// extraInk is the converse: ink the reference does not have, such as
	// edges painted as filled blobs. The other image counts as having ink
	// where it is merely grey (faintInkLuminance), so that a one-pixel line
	// anti-aliased a little lighter by one rasteriser still counts.
	missingInk, extraInk float64
	inkA, inkB           int
}

const (
	cellTolerance  = 0.15 // luminance, 0..1
	inkLuminance   = 0.5  // darker than this is ink
	faintInk       = 0.8  // darker than this is ink when looking for a match
	maxDiffering   = 0.03
	maxMissingInk  = 0.05
	maxExtraInk    = 0.05
	minPixelsMatch = 1 // size tolerance in pixels
)

func (c comparison) String() string {
	return fmt.Sprintf("size %v vs %v, %.2f%% cells differ, ink %d vs %d px, %.2f%% of reference ink missing, %.2f%% extra ink",
		c.sizeA, c.sizeB, 100*c.differing, c.inkA, c.inkB, 100*c.missingInk, 100*c.extraInk)
}

// check reports why two images do not match, or nil.
func (c comparison) check() error {
	d := c.sizeA.Sub(c.sizeB)
	switch {
	case abs(d.X) > minPixelsMatch || abs(d.Y) > minPixelsMatch:
		return fmt.Errorf("sizes differ: %s", c)
	case c.differing > maxDiffering:
		return fmt.Errorf("too many cells differ (max %.0f%%): %s", 100*maxDiffering, c)
	case c.missingInk > maxMissingInk:
		return fmt.Errorf("reference lines or text are missing (max %.0f%%): %s", 100*maxMissingInk, c)
	case c.extraInk > maxExtraInk:
		return fmt.Errorf("dark ink where the reference has none (max %.0f%%): %s", 100*maxExtraInk, c)
	}
	return nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// compare measures painted image a against reference b, both at scale
// pixels per point.
func compare(a, b image.Image, scale float64) comparison {
	c := comparison{sizeA: a.Bounds().Size(), sizeB: b.Bounds().Size()}
	w := min(c.sizeA.X, c.sizeB.X)
	h := min(c.sizeA.Y, c.sizeB.Y)
	la, lb := luminance(a, w, h), luminance(b, w, h)

	cell := max(1, int(math.Round(2*scale)))
	var cells, differ int
	for y0 := 0; y0 < h; y0 += cell {
		for x0 := 0; x0 < w; x0 += cell {
			var sa, sb float64
			n := 0
			for y := y0; y < min(y0+cell, h); y++ {
				for x := x0; x < min(x0+cell, w); x++ {
					sa += la[y*w+x]
					sb += lb[y*w+x]
					n++
				}
			}
			cells++
			if math.Abs(sa-sb)/float64(n) > cellTolerance {
				differ++
			}
		}
	}
	c.differing = float64(differ) / float64(cells)

	inkA, inkB := inkMask(la, inkLuminance), inkMask(lb, inkLuminance)
	radius := int(math.Ceil(scale)) + 1
	nearA := dilate(inkMask(la, faintInk), w, h, radius)
	nearB := dilate(inkMask(lb, faintInk), w, h, radius)
	var missing, extra int
	for i := range inkA {
		if inkA[i] {
			c.inkA++
			if !nearB[i] {
				extra++
			}
		}
		if inkB[i] {
			c.inkB++
			if !nearA[i] {
				missing++
			}
		}
	}
	c.missingInk = float64(missing) / float64(max(c.inkB, 1))
	c.extraInk = float64(extra) / float64(max(c.inkA, 1))
	return c
}

// luminance flattens an image onto white and returns its w*h luminance.
func luminance(img image.Image, w, h int) []float64 {
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(rgba, rgba.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Over)
	out := make([]float64, w*h)
	for i := range out {
		p := rgba.Pix[4*i : 4*i+3]
		out[i] = (0.2126*float64(p[0]) + 0.7152*float64(p[1]) + 0.0722*float64(p[2])) / 255
	}
	return out
}

// inkMask marks the pixels darker than threshold.
func inkMask(lum []float64, threshold float64) []bool {
	m := make([]bool, len(lum))
	for i, l := range lum {
		m[i] = l < threshold
	}
	return m
}

// dilate marks every pixel within radius (a square) of a marked pixel.
func dilate(m []bool, w, h, radius int) []bool {
	rows := make([]bool, len(m))
	for y := 0; y < h; y++ {
		last := -1 << 30
		for x := 0; x < w; x++ {
			if m[y*w+x] {
				last = x
			}
			if x-last <= radius {
				rows[y*w+x] = true
			}
		}
		last = 1 << 30
		for x := w - 1; x >= 0; x-- {
			if m[y*w+x] {
				last = x
			}
			if last-x <= radius {
				rows[y*w+x] = true
			}
		}
	}
	out := make([]bool, len(m))
	for x := 0; x < w; x++ {
		last := -1 << 30
		for y := 0; y < h; y++ {
			if rows[y*w+x] {
				last = y
			}
			if y-last <= radius {
				out[y*w+x] = true
			}
		}
		last = 1 << 30
		for y := h - 1; y >= 0; y-- {
			if rows[y*w+x] {
				last = y
			}
			if last-y <= radius {
				out[y*w+x] = true
			}
		}
	}
	return out
}

// rsvg rasterises SVG with rsvg-convert at scale pixels per point, on white.
// Without rsvg-convert the test skips, unless SCHEMAGEN_REQUIRE_RSVG=1 (CI).
func rsvg(t *testing.T, svg []byte, scale float64) image.Image {
	t.Helper()
	bin, err := exec.LookPath("rsvg-convert")
	if err != nil {
		if os.Getenv("SCHEMAGEN_REQUIRE_RSVG") == "1" {
			t.Fatal("rsvg-convert is required (SCHEMAGEN_REQUIRE_RSVG=1) but not installed: apt-get install librsvg2-bin")
		}
		t.Skip("rsvg-convert not installed (apt-get install librsvg2-bin): cannot compare the PNG with the SVG")
	}
	dpi := fmt.Sprintf("%g", 72*scale)
	cmd := exec.Command(bin, "--dpi-x", dpi, "--dpi-y", dpi, "--background-color", "white", "--format", "png")
	cmd.Stdin = bytes.NewReader(preferLiberation(svg))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("rsvg-convert: %v: %s", err, stderr.String())
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("decoding rsvg-convert's png: %v", err)
	}
	return img
}

func decodePNG(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decoding png: %v", err)
	}
	return img
}

// comparisonCases are the diagrams the PNG is proven on: the reference ER
// diagram (HTML tables, clusters, crow's-foot arrows), a state machine
// (double circles, coloured fills, dashed, dotted and bold edges, italic
// and bold labels), a flow (clusters, diamonds, rounded boxes) and a shape
// sampler (nested clusters, records, cylinders, notes, many arrowheads,
// head and tail labels, edges painted first).
func comparisonCases(t *testing.T) []struct {
	name string
	dot  []byte
} {
	return []struct {
		name string
		dot  []byte
	}{
		{"er", referenceDOT(t)},
		{"state", testDOT(t, "state.dot")},
		{"flow", testDOT(t, "flow.dot")},
		{"shapes", testDOT(t, "shapes.dot")},
	}
}

// saveForReview writes images to $SCHEMAGEN_PNG_REVIEW_DIR, when set, so a
// person can look at both.
func saveForReview(t *testing.T, name string, imgs map[string]image.Image) {
	dir := os.Getenv("SCHEMAGEN_PNG_REVIEW_DIR")
	if dir == "" {
		return
	}
	for _, suffix := range []string{"painted", "rsvg", "gographviz"} {
		img, ok := imgs[suffix]
		if !ok {
			continue
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+"-"+suffix+".png"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPNGMatchesSVG(t *testing.T) {
	for _, tc := range comparisonCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			layout := render(t, tc.dot, "json")
			svg := render(t, tc.dot, "svg")
			scales := []float64{DefaultScale, 1}
			if tc.name == "er" {
				// The big one only at the default scale: it is the slowest test.
				scales = scales[:1]
			}
			for _, scale := range scales {
				painted, err := PNG(layout, Options{Scale: scale})
				if err != nil {
					t.Fatal(err)
				}
				a, b := decodePNG(t, painted), rsvg(t, svg, scale)
				c := compare(a, b, scale)
				t.Logf("scale %g: %s", scale, c)
				if err := c.check(); err != nil {
					t.Errorf("scale %g: painted PNG does not match the SVG: %v", scale, err)
				}
				if scale == DefaultScale {
					saveForReview(t, tc.name, map[string]image.Image{"painted": a, "rsvg": b})
				}
			}
		})
	}
}

// TestComparisonRejectsFilledShapes paints each diagram the way
// goccy/go-graphviz#106 does, with every shape filled (in the json every
// outline operation "b", "p", "e" turned into its filled form), and checks
// that the comparison rejects it: a comparison that let the bug pass would be
// worthless.
func TestComparisonRejectsFilledShapes(t *testing.T) {
	for _, tc := range comparisonCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			scale := DefaultScale
			if tc.name == "er" {
				scale = 1 // the big one at 72 dpi: it is the slowest test
			}
			layout := render(t, tc.dot, "json")
			filled := fillEverything(layout)
			if bytes.Equal(filled, layout) {
				t.Fatal("the layout has no outline operation to fill")
			}
			buggy, err := PNG(filled, Options{Scale: scale})
			if err != nil {
				t.Fatal(err)
			}
			img := decodePNG(t, buggy)
			c := compare(img, rsvg(t, render(t, tc.dot, "svg"), scale), scale)
			t.Logf("everything filled: %s", c)
			if c.check() == nil {
				t.Errorf("the comparison accepts a rendering with every shape filled: %s", c)
			}
			saveForReview(t, tc.name+"-filled", map[string]image.Image{"painted": img})
		})
	}
}

// outlineOp matches the outline drawing operations of Graphviz's json (where
// "b" is the outline spline and "B" the filled one).
var outlineOp = regexp.MustCompile(`"op": *"([bpe])"`)

// fillEverything turns every outline operation of a json layout into its
// filled form, as go-graphviz's PNG renderer effectively does.
func fillEverything(layout []byte) []byte {
	return outlineOp.ReplaceAllFunc(layout, func(m []byte) []byte {
		out := bytes.Clone(m)
		out[len(out)-2] -= 'a' - 'A' // the letter before the closing quote
		return out
	})
}

// TestComparisonRejectsBrokenRenderer runs the same comparison on
// go-graphviz's own PNG output (96 dpi), whatever it is in this build
// (filled blobs for edges in v0.2.10; blank when its image plugin is not
// loaded), and checks that it is rejected while the painter passes at the
// same resolution.
func TestComparisonRejectsBrokenRenderer(t *testing.T) {
	const scale = 96.0 / 72
	for _, tc := range comparisonCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			broken := decodePNG(t, render(t, tc.dot, "png"))
			reference := rsvg(t, render(t, tc.dot, "svg"), scale)
			c := compare(broken, reference, scale)
			t.Logf("go-graphviz png: %s", c)
			if c.check() == nil {
				t.Errorf("the comparison accepts go-graphviz's broken PNG: %s", c)
			}
			// Our painter at the same resolution passes the same comparison.
			painted, err := PNG(render(t, tc.dot, "json"), Options{Scale: scale})
			if err != nil {
				t.Fatal(err)
			}
			ours := compare(decodePNG(t, painted), reference, scale)
			t.Logf("painted png:     %s", ours)
			if err := ours.check(); err != nil {
				t.Errorf("painted PNG at 96 dpi: %v", err)
			}
			saveForReview(t, tc.name+"-96dpi", map[string]image.Image{"gographviz": broken})
		})
	}
}

// svgFontFamily matches Graphviz's SVG font lists for the three PostScript
// core families.
var svgFontFamily = regexp.MustCompile(`font-family="(Helvetica|Times|Courier),[^"]*"`)

// preferLiberation puts the Liberation family first in the SVG's font lists,
// so that where fonts-liberation is installed rsvg-convert draws the same
// glyphs as the painter and the comparison sees only painting differences.
// Elsewhere fontconfig falls back to the rest of the list (Nimbus Sans,
// DejaVu Sans, ...), whose text differs more but stays within the limits.
func preferLiberation(svg []byte) []byte {
	return svgFontFamily.ReplaceAllFunc(svg, func(m []byte) []byte {
		switch {
		case bytes.Contains(m, []byte("Helvetica")):
			return []byte(`font-family="Liberation Sans,Helvetica,Arial,sans-serif"`)
		case bytes.Contains(m, []byte("Times")):
			return []byte(`font-family="Liberation Serif,Times,serif"`)
		}
		return []byte(`font-family="Liberation Mono,Courier,monospace"`)
	})
}

// TestPNGMatchesReferenceImage compares the painted reference ER diagram with
// the team's reference picture (er-example.png, rendered from Graphviz's SVG
// at 96 dpi), read from the shared folder.
func TestPNGMatchesReferenceImage(t *testing.T) {
	dot := referenceDOT(t)
	_, file, _, _ := runtime.Caller(0)
	refPath := filepath.Join(filepath.Dir(file), "..", "..", "..", "..", "shared", "reference", "er-example.png")
	data, err := os.ReadFile(refPath)
	if err != nil {
		t.Skipf("reference image not available (%v)", err)
	}
	const scale = 96.0 / 72
	painted, err := PNG(render(t, dot, "json"), Options{Scale: scale})
	if err != nil {
		t.Fatal(err)
	}
	c := compare(decodePNG(t, painted), decodePNG(t, data), scale)
	t.Logf("painted vs er-example.png: %s", c)
	if err := c.check(); err != nil {
		t.Error(err)
	}
}
