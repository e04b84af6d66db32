package diagram

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design/check"
)

// luminance is the WCAG relative luminance of a #rrggbb colour.
func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	var c [3]float64
	for i := range c {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatalf("colour %s: %v", hex, err)
		}
		x := float64(v) / 255
		if x <= 0.03928 {
			c[i] = x / 12.92
		} else {
			c[i] = math.Pow((x+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}

// TestTextContrast: every text colour of the ER diagram reaches WCAG AA's
// 4.5:1 on every background it is drawn on (white rows, grey stripes, the
// group boxes), and white header text on every header colour.
func TestTextContrast(t *testing.T) {
	ratio := func(a, b string) float64 {
		la, lb := luminance(t, a), luminance(t, b)
		return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
	}
	check := func(fg, bg string) {
		if r := ratio(fg, bg); r < 4.5 {
			t.Errorf("text %s on %s: contrast %.2f:1, want at least 4.5:1", fg, bg, r)
		}
	}
	for _, fg := range []string{inkColor, mutedColor, pkColor, fkColor, uqColor, stateColor, enumColor} {
		for _, bg := range []string{"#ffffff", stripeColor, clusterFill} {
			check(fg, bg)
		}
	}
	// The words of a flow step's actions, on the step's fill.
	for _, fg := range []string{flowCreate, stateColor, eventHeader, edgeColor} {
		check(fg, stepFill)
	}
	for _, bg := range []string{entityHeader, junctionHead, eventHeader} {
		check("#ffffff", bg)
	}
}

// TestPNGMissingGlyphs paints names in Cyrillic, Chinese and an emoji with
// the embedded fonts only: the Liberation fonts cover Cyrillic, so only the
// Chinese characters and the emoji are reported, in a note of the drawing.
// (raster's TestFallbackFonts paints them with installed fonts.)
func TestPNGMissingGlyphs(t *testing.T) {
	t.Setenv("SCHEMAGEN_SYSTEM_FONTS", "0")
	s, diags := check.Source("intl.yaml", []byte(`schemagen: 1
name: intl
entities:
  заказы:
    description: Заказы клиентов с суммой.
    fields:
      id: integer pk
      сумма: numeric(12,2)
      名前: text
      emoji_😀: text?
`), nil)
	if diags.HasErrors() || s == nil {
		t.Fatalf("design has errors: %v", diags)
	}
	d, err := Draw(s, Options{Engine: testEngine}, "png")
	if err != nil {
		t.Fatal(err)
	}
	dump(t, "intl.png", d.Data)
	if len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "3 characters have no glyph") || !strings.Contains(d.Notes[0], "前名😀") {
		t.Errorf("notes %q, want one naming 前, 名 and 😀", d.Notes)
	}
	if d, err := Draw(s, Options{Engine: testEngine}, "svg"); err != nil || len(d.Notes) != 0 {
		t.Errorf("SVG: notes %q, err %v; the SVG needs none", d.Notes, err)
	}
}
