package raster

import (
	"image"
	"image/color"
	"os"
	"testing"
)

// cjkFont finds an installed font with Chinese glyphs, skipping the test
// without one unless SCHEMAGEN_REQUIRE_CJK_FONT=1 (as in CI).
func cjkFont(t *testing.T) {
	t.Helper()
	if fallbackFont('名') == nil {
		msg := "no installed font has Chinese glyphs (Debian: apt-get install fonts-droid-fallback or fonts-noto-cjk)"
		if os.Getenv("SCHEMAGEN_REQUIRE_CJK_FONT") == "1" {
			t.Fatal(msg + " and SCHEMAGEN_REQUIRE_CJK_FONT=1")
		}
		t.Skip(msg)
	}
}

const cjkDOT = `digraph G { bgcolor="white"; node [shape=plain, fontname="Helvetica"];
  a [label=<<TABLE BORDER="1" CELLBORDER="0"><TR><TD>名前</TD><TD>заказы</TD></TR><TR><TD>😀</TD><TD>ok</TD></TR></TABLE>>];
}`

// TestFallbackFonts paints Chinese, Cyrillic and an emoji with an installed
// CJK font: the Chinese characters are painted (more ink inside the box
// Graphviz gave their text than the embedded font's empty boxes) and no
// longer reported missing.
func TestFallbackFonts(t *testing.T) {
	cjkFont(t)
	layout := render(t, []byte(cjkDOT), "json")
	p, err := Paint(layout, Options{Scale: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Missing {
		if r == '名' || r == '前' {
			t.Errorf("%c reported missing although an installed font has it", r)
		}
	}
	img, err := Image(layout, Options{Scale: 2})
	if err != nil {
		t.Fatal(err)
	}
	g, err := parseLayout(layout)
	if err != nil {
		t.Fatal(err)
	}
	pt := newPainter(1, 1, 2, g, nil)
	var text *op
	for _, list := range g.lists {
		for i := range list {
			if list[i].Op == "T" && list[i].Text == "名前" {
				text = &list[i]
			}
		}
	}
	if text == nil {
		t.Fatal("no text 名前 in the layout")
	}
	x0, y := pt.xy(text.Pt[0], text.Pt[1])
	box := image.Rect(int(x0), int(y-10*2), int(x0+text.Width*2), int(y+2))
	if ink := inkIn(img, box); ink < 20 {
		t.Errorf("%d dark pixels where 名前 should be painted (%v)", ink, box)
	}
	t.Setenv("SCHEMAGEN_SYSTEM_FONTS", "0")
	off, err := Image(layout, Options{Scale: 2})
	if err != nil {
		t.Fatal(err)
	}
	if inkIn(off, box) >= inkIn(img, box) {
		t.Error("the embedded fonts alone paint as much ink as the fallback: the test cannot tell them apart")
	}
}

func inkIn(img *image.RGBA, box image.Rectangle) int {
	n := 0
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			c := img.At(x, y).(color.RGBA)
			if int(c.R)+int(c.G)+int(c.B) < 3*128 {
				n++
			}
		}
	}
	return n
}
