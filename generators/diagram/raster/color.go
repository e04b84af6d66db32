package raster

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/colornames"
)

// black is Graphviz's default pen and fill colour, and the colour it falls
// back to for a name it does not know.
var black = color.NRGBA{A: 0xff}

// parseColor reads a colour as Graphviz writes it in json output: "#rrggbb"
// or "#rrggbbaa" (names are already resolved there). Hand-written json may
// also use "#rgb", an SVG/X11 colour name, "transparent"/"none", or an HSV
// triple "h,s,v" / "h s v" with components in 0..1. Anything else is black,
// as in Graphviz, which warns and paints black.
func parseColor(s string) color.NRGBA {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "#") {
		if c, ok := parseHex(s[1:]); ok {
			return c
		}
		return black
	}
	name := strings.ToLower(strings.ReplaceAll(s, " ", ""))
	switch name {
	case "transparent", "none", "invis":
		return color.NRGBA{}
	}
	if c, ok := colornames.Map[name]; ok {
		return color.NRGBA(c)
	}
	if c, ok := parseHSV(s); ok {
		return c
	}
	return black
}

// parseHex reads rrggbb, rrggbbaa or rgb.
func parseHex(h string) (color.NRGBA, bool) {
	switch len(h) {
	case 3:
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
		fallthrough
	case 6:
		h += "ff"
	case 8:
	default:
		return color.NRGBA{}, false
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return color.NRGBA{}, false
	}
	return color.NRGBA{uint8(v >> 24), uint8(v >> 16), uint8(v >> 8), uint8(v)}, true
}

// parseHSV reads Graphviz's "H,S,V" or "H S V" form (each in 0..1).
func parseHSV(s string) (color.NRGBA, bool) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
	if len(fields) != 3 {
		return color.NRGBA{}, false
	}
	var hsv [3]float64
	for i, f := range fields {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || v < 0 || v > 1 {
			return color.NRGBA{}, false
		}
		hsv[i] = v
	}
	h, sat, val := hsv[0]*6, hsv[1], hsv[2]
	i := math.Floor(h)
	f := h - i
	p, q, t := val*(1-sat), val*(1-sat*f), val*(1-sat*(1-f))
	var r, g, b float64
	switch int(i) % 6 {
	case 0:
		r, g, b = val, t, p
	case 1:
		r, g, b = q, val, p
	case 2:
		r, g, b = p, val, t
	case 3:
		r, g, b = p, q, val
	case 4:
		r, g, b = t, p, val
	default:
		r, g, b = val, p, q
	}
	to8 := func(x float64) uint8 { return uint8(math.Round(x * 255)) }
	return color.NRGBA{to8(r), to8(g), to8(b), 0xff}, true
}
