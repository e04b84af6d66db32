package diagram

import (
	"math"
	"strconv"
	"testing"
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
	for _, bg := range []string{entityHeader, junctionHead, eventHeader} {
		check("#ffffff", bg)
	}
}
