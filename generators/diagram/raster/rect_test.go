package raster

import (
	"image"
	"image/color"
	"testing"
)

func TestAxisRect(t *testing.T) {
	for _, tc := range []struct {
		name string
		pts  [][]float64
		ok   bool
	}{
		{"rectangle", [][]float64{{0, 0}, {0, 2}, {3, 2}, {3, 0}}, true},
		{"closed rectangle", [][]float64{{0, 0}, {3, 0}, {3, 2}, {0, 2}, {0, 0}}, true},
		{"diamond", [][]float64{{1, 0}, {2, 1}, {1, 2}, {0, 1}}, false},
		{"triangle", [][]float64{{0, 0}, {0, 2}, {3, 2}}, false},
		{"zigzag", [][]float64{{0, 0}, {0, 2}, {1, 2}, {1, 0}, {2, 0}}, false},
		{"flat", [][]float64{{0, 0}, {0, 0}, {3, 0}, {3, 0}}, false},
	} {
		if _, ok := axisRect(tc.pts); ok != tc.ok {
			t.Errorf("%s: axisRect = %v, want %v", tc.name, ok, tc.ok)
		}
	}
}

func TestFillRectCoversEdgesByArea(t *testing.T) {
	p := &painter{img: image.NewRGBA(image.Rect(0, 0, 4, 2))}
	for i := range p.img.Pix {
		p.img.Pix[i] = 0xff // white
	}
	// x from 0.5 to 2.75, y from 0 to 1: pixel 0 half covered, pixel 1
	// fully, pixel 2 three quarters, pixel 3 not at all; row 1 untouched.
	p.fillRect(0.5, 0, 2.75, 1, color.NRGBA{0, 0, 0, 0xff})
	for _, tc := range []struct {
		x, y int
		want uint8
	}{{0, 0, 128}, {1, 0, 0}, {2, 0, 64}, {3, 0, 255}, {1, 1, 255}} {
		if got := p.img.RGBAAt(tc.x, tc.y).R; got != tc.want {
			t.Errorf("pixel (%d,%d) = %d, want %d", tc.x, tc.y, got, tc.want)
		}
	}
}
