package raster

import (
	"image"
	"math"
	"strings"
	"unicode"

	"github.com/fogleman/gg"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// text paints a "T" operation: Pt is the baseline point, which is the left
// end, the centre or the right end of the text for Align "l", "c" and "r".
func (p *painter) text(st *state, o *op) error {
	if st.invisible || st.pen.A == 0 || o.Text == "" || len(o.Pt) < 2 {
		return nil
	}
	style := styleFor(st.fontFace, st.fontFlags)
	size := st.fontSize * p.scale
	if size <= 0 {
		return nil
	}
	face, err := p.faces.get(style, size)
	if err != nil {
		return err
	}
	mixed, err := p.noteMissing(style, o.Text)
	if err != nil {
		return err
	}
	withFallback := func(face font.Face) (font.Face, error) {
		if !mixed {
			return face, nil
		}
		f, err := loadFont(style)
		if err != nil {
			return nil, err
		}
		return &mixedFace{Face: face, primary: f, size: size, fallbacks: map[*opentype.Font]font.Face{}}, nil
	}
	if face, err = withFallback(face); err != nil {
		return err
	}
	advance := fixedToFloat(font.MeasureString(face, o.Text))
	// Graphviz sized the label for the width it measured. The Liberation
	// fonts match the Helvetica, Times and Courier widths it knows (within a
	// fraction of a percent); for another font (Verdana, DejaVu Sans) the
	// size is adjusted so the text fills the width Graphviz gave it: it
	// neither overflows its box nor leaves gaps between the runs of an HTML
	// label. For the fonts whose metrics Graphviz knows, the size is kept:
	// Graphviz estimates the width of characters outside Latin-1 (Cyrillic,
	// Greek), and fitting each run to its estimate gave the runs of one
	// label different sizes.
	// Text partly in an installed fallback font is fitted the same way:
	// Graphviz only guessed the width of those characters.
	if want := o.Width * p.scale; want > 0 && advance > 0 && (!knownMetrics(st.fontFace) || mixed) && math.Abs(advance-want) > 0.03*want+p.scale/2 {
		size *= min(max(want/advance, 0.5), 1.25)
		if face, err = p.faces.get(style, size); err != nil {
			return err
		}
		if face, err = withFallback(face); err != nil {
			return err
		}
		advance = fixedToFloat(font.MeasureString(face, o.Text))
	}
	x, y := p.xy(o.Pt[0], o.Pt[1])
	switch o.Align {
	case "c":
		x -= advance / 2
	case "r":
		x -= advance
	}
	switch {
	case st.fontFlags&flagSuper != 0:
		y -= size / 3
	case st.fontFlags&flagSub != 0:
		y += size / 5
	}
	p.blank = false
	d := font.Drawer{
		Dst:  p.img,
		Src:  image.NewUniform(st.pen),
		Face: face,
		Dot:  fixed.Point26_6{X: floatToFixed(x), Y: floatToFixed(y)},
	}
	d.DrawString(o.Text)
	p.decorate(st, x, y, advance, size)
	return nil
}

// decorate draws underline, strike-through and overline.
func (p *painter) decorate(st *state, x, y, width, size float64) {
	lines := []struct {
		flag   int
		offset float64 // below the baseline, in ems
	}{{flagUnderline, 0.12}, {flagStrike, -0.28}, {flagOverline, -0.9}}
	for _, l := range lines {
		if st.fontFlags&l.flag == 0 {
			continue
		}
		ly := y + l.offset*size
		p.dc.MoveTo(x, ly)
		p.dc.LineTo(x+width, ly)
		p.dc.SetStrokeStyle(gg.NewSolidPattern(st.pen))
		p.dc.SetLineWidth(math.Max(size/16, 1))
		p.dc.SetDash()
		p.dc.Stroke()
	}
}

func fixedToFloat(v fixed.Int26_6) float64 { return float64(v) / 64 }

func floatToFixed(v float64) fixed.Int26_6 { return fixed.Int26_6(math.Round(v * 64)) }

// knownMetrics says whether Graphviz's embedded build knows the widths of a
// font (Helvetica, Arial, Times, Courier), which the Liberation fonts match.
func knownMetrics(face string) bool {
	name := strings.ToLower(face)
	for _, known := range []string{"helvetica", "arial", "times", "courier"} {
		if strings.Contains(name, known) {
			return true
		}
	}
	return false
}

// noteMissing records the characters of a text that neither the style's
// font nor an installed fallback font has a glyph for, and says whether some
// character needs a fallback font (mixed).
func (p *painter) noteMissing(style fontStyle, text string) (mixed bool, err error) {
	ascii := true
	for _, r := range text {
		ascii = ascii && r < 0x80
	}
	if ascii {
		return false, nil
	}
	f, err := loadFont(style)
	if err != nil {
		return false, err
	}
	var buf sfnt.Buffer
	for _, r := range text {
		if r < 0x80 || unicode.IsSpace(r) || unicode.Is(unicode.Mn, r) {
			continue
		}
		if i, err := f.GlyphIndex(&buf, r); err == nil && i != 0 {
			continue
		}
		if fallbackFont(r) != nil {
			mixed = true
		} else {
			p.missing[r] = true
		}
	}
	return mixed, nil
}
