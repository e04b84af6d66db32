package raster

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"testing"
)

// TestEncodePNG: image/png decodes what encodePNG writes to the very pixels
// painted, for every test drawing and at sizes whose rows end mid-chunk.
func TestEncodePNG(t *testing.T) {
	dots := map[string][]byte{"reference": referenceDOT(t)}
	for _, name := range []string{"flow", "fonts", "shapes", "state"} {
		dots[name] = testDOT(t, name+".dot")
	}
	for name, dot := range dots {
		for _, scale := range []float64{0.37, 1, 2} {
			img, err := Image(render(t, dot, "json"), Options{Scale: scale})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := encodePNG(&buf, img); err != nil {
				t.Fatal(err)
			}
			got, err := png.Decode(&buf)
			if err != nil {
				t.Fatalf("%s at %g: image/png cannot read it: %v", name, scale, err)
			}
			if diff := differentPixels(img, got); diff != "" {
				t.Errorf("%s at %g: %s", name, scale, diff)
			}
		}
	}
}

func differentPixels(want *image.RGBA, got image.Image) string {
	if got.Bounds() != want.Bounds() {
		return fmt.Sprintf("bounds %v, want %v", got.Bounds(), want.Bounds())
	}
	b := want.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r1, g1, b1, _ := want.At(x, y).RGBA()
			r2, g2, b2, a2 := got.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a2 != 0xffff {
				return fmt.Sprintf("pixel %d,%d is %v, want %v", x, y, got.At(x, y), want.At(x, y))
			}
		}
	}
	return ""
}

// BenchmarkEncodePNG encodes the reference ER diagram at 4 pixels per point
// with image/png at BestSpeed (what Paint used before) and with encodePNG,
// reporting the size of each.
//
//	go test ./generators/diagram/raster -run '^$' -bench EncodePNG -benchtime 5x
func BenchmarkEncodePNG(b *testing.B) {
	img, err := Image(render(b, referenceDOT(b), "json"), Options{Scale: 4})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("image-png", func(b *testing.B) {
		var n int
		for b.Loop() {
			var buf bytes.Buffer
			if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
				b.Fatal(err)
			}
			n = buf.Len()
		}
		b.ReportMetric(float64(n), "bytes")
	})
	b.Run("encodePNG", func(b *testing.B) {
		var n int
		for b.Loop() {
			var buf bytes.Buffer
			if err := encodePNG(&buf, img); err != nil {
				b.Fatal(err)
			}
			n = buf.Len()
		}
		b.ReportMetric(float64(n), "bytes")
	})
}

// TestPaintReusesPixels: a painting on the reused buffer of a bigger, other
// picture gives the same bytes as one on a fresh buffer.
func TestPaintReusesPixels(t *testing.T) {
	small := render(t, testDOT(t, "state.dot"), "json")
	big := render(t, referenceDOT(t), "json")
	first, err := PNG(small, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := PNG(big, Options{Scale: 3}); err != nil {
		t.Fatal(err)
	}
	again, err := PNG(small, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, again) {
		t.Error("the same layout painted after another gives other bytes")
	}
}
