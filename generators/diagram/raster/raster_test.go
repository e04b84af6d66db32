package raster

import (
	"bytes"
	"encoding/json"
	"image/color"
	"strings"
	"testing"

	"golang.org/x/image/font"
)

func TestPNGIsDeterministic(t *testing.T) {
	layout := render(t, referenceDOT(t), "json")
	first, err := PNG(layout, Options{})
	if err != nil {
		t.Fatal(err)
	}
	again, err := PNG(layout, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, again) {
		t.Fatal("painting the same layout twice gave different bytes")
	}
	// A fresh layout of the same DOT paints the same bytes too.
	fresh, err := renderDOT(referenceDOT(t), "json")
	if err != nil {
		t.Fatal(err)
	}
	again, err = PNG(fresh, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, again) {
		t.Fatal("laying out and painting the same DOT twice gave different bytes")
	}
}

func TestPNGSizeFollowsScale(t *testing.T) {
	layout := render(t, testDOT(t, "state.dot"), "json")
	// state.dot's SVG is 479x229 points.
	for _, tc := range []struct {
		opts Options
		w, h int
	}{
		{Options{}, 958, 458},
		{Options{Scale: 1}, 479, 229},
		{Options{Scale: 3}, 1437, 687},
		{Options{Scale: 2, MaxPixels: 479 * 229}, 479, 229},
		// MaxPixels never shrinks below 1 pixel per point...
		{Options{Scale: 2, MaxPixels: 100 * 100}, 479, 229},
		// ...unless LimitPixels does.
		{Options{Scale: 2, MaxPixels: 100 * 100, LimitPixels: 240 * 115}, 241, 115},
	} {
		img, err := Image(layout, tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := img.Bounds().Size(); got.X != tc.w || got.Y != tc.h {
			t.Errorf("%+v: size %v, want %dx%d", tc.opts, got, tc.w, tc.h)
		}
	}
}

// TestPaintReportsScale: Paint says at which scale it painted, so that a
// caller can say when text was shrunk below 1 pixel per point.
func TestPaintReportsScale(t *testing.T) {
	layout := render(t, testDOT(t, "state.dot"), "json")
	p, err := Paint(layout, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Scale != 2 || p.Width != 479 || p.Height != 229 {
		t.Errorf("default: scale %v, size %vx%v; want 2, 479x229", p.Scale, p.Width, p.Height)
	}
	p, err = Paint(layout, Options{LimitPixels: 240 * 115})
	if err != nil {
		t.Fatal(err)
	}
	if p.Scale >= MinScale {
		t.Errorf("over the limit: scale %v, want below %v", p.Scale, MinScale)
	}
}

func TestImageOrientationAndColours(t *testing.T) {
	// a is above b (rank TB), filled red; b is a blue box; the pad is white.
	dot := `digraph { pad=0.5; node [style=filled, shape=box, width=1, height=0.5, label=""];
		a [fillcolor="#ff0000", color="#ff0000"]; b [fillcolor="#0000ff80", color="#0000ff80"]; a -> b [style=invis]; }`
	img, err := Image(render(t, []byte(dot), "json"), Options{Scale: 1})
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	at := func(fx, fy float64) color.RGBA {
		return img.RGBAAt(b.Min.X+int(fx*float64(b.Dx())), b.Min.Y+int(fy*float64(b.Dy())))
	}
	if c := at(0.02, 0.02); c != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("pad corner is %v, want white", c)
	}
	// The graph is 1 inch wide plus 0.5-inch pads; a sits in the upper part.
	if c := at(0.5, 0.35); c != (color.RGBA{255, 0, 0, 255}) {
		t.Errorf("upper node is %v, want red (Graphviz's y axis points up)", c)
	}
	// 50% blue over white.
	if c := at(0.5, 0.7); c.B != 255 || c.R < 120 || c.R > 135 || c.R != c.G {
		t.Errorf("lower node is %v, want half-transparent blue over white", c)
	}
}

func TestGraphBackgroundColour(t *testing.T) {
	img, err := Image(render(t, []byte(`graph { bgcolor="#336699"; a [shape=point] }`), "json"), Options{Scale: 1})
	if err != nil {
		t.Fatal(err)
	}
	if c := img.RGBAAt(0, 0); c != (color.RGBA{0x33, 0x66, 0x99, 0xff}) {
		t.Errorf("corner is %v, want the graph's bgcolor #336699", c)
	}
	img, err = Image(render(t, []byte(`graph { bgcolor=transparent; a [shape=point] }`), "json"), Options{Scale: 1})
	if err != nil {
		t.Fatal(err)
	}
	if c := img.RGBAAt(0, 0); c != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("transparent background painted %v, want white", c)
	}
}

func TestBadInputIsAnError(t *testing.T) {
	valid := render(t, []byte(`digraph { a -> b }`), "json")
	for _, tc := range []struct {
		name, input string
		opts        Options
		want        string
	}{
		{"empty", "", Options{}, "empty"},
		{"blank", " \n", Options{}, "empty"},
		{"not json", "digraph { a -> b }", Options{}, "reading graphviz json"},
		{"json array", "[]", Options{}, "reading graphviz json"},
		{"not laid out", `{"name": "g", "objects": []}`, Options{}, "no bounding box"},
		{"bad bb", `{"bb": "0,0,x,1"}`, Options{}, "bounding box"},
		{"empty bb", `{"bb": "0,0,0,0", "pad": "0"}`, Options{}, "empty bounding box"},
		{"bad pad", `{"bb": "0,0,10,10", "pad": "a,b"}`, Options{}, "pad"},
		{"too many subgraphs", `{"bb": "0,0,10,10", "_subgraph_cnt": 3, "objects": []}`, Options{}, "subgraphs"},
		{"edge without ends", `{"bb": "0,0,10,10", "edges": [{"_gvid": 0}]}`, Options{}, "edge without"},
		{"bad ellipse", `{"bb": "0,0,10,10", "_draw_": [{"op": "e", "rect": [1, 2]}]}`, Options{}, "ellipse"},
		{"bad point", `{"bb": "0,0,10,10", "_draw_": [{"op": "P", "points": [[1]]}]}`, Options{}, "point"},
		{"bad ops", `{"bb": "0,0,10,10", "_draw_": {"op": "P"}}`, Options{}, "_draw_"},
		{"negative scale", string(valid), Options{Scale: -1}, "scale"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := PNG([]byte(tc.input), tc.opts)
			if err == nil {
				t.Fatalf("no error, %d bytes of output", len(out))
			}
			if out != nil {
				t.Errorf("output returned with the error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}
}

func TestParseColor(t *testing.T) {
	for in, want := range map[string]color.NRGBA{
		"#4a5568":     {0x4a, 0x55, 0x68, 0xff},
		"#fffffe00":   {0xff, 0xff, 0xfe, 0x00},
		"#FED7D7AA":   {0xfe, 0xd7, 0xd7, 0xaa},
		"#abc":        {0xaa, 0xbb, 0xcc, 0xff},
		"red":         {0xff, 0, 0, 0xff},
		"LightBlue":   {0xad, 0xd8, 0xe6, 0xff},
		"transparent": {},
		"0 1 1":       {0xff, 0, 0, 0xff},
		"0.5,1,0.5":   {0, 0x80, 0x80, 0xff},
		"#12345":      black,
		"no-such":     black,
	} {
		if got := parseColor(in); got != want {
			t.Errorf("parseColor(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestStyleFor(t *testing.T) {
	for _, tc := range []struct {
		face  string
		flags int
		want  fontStyle
	}{
		{"Helvetica", 0, fontStyle{sans, false, false}},
		{"Helvetica", flagBold, fontStyle{sans, true, false}},
		{"Helvetica-Oblique", flagBold, fontStyle{sans, true, true}},
		{"Arial Bold Italic", 0, fontStyle{sans, true, true}},
		{"sans-serif", flagItalic, fontStyle{sans, false, true}},
		{"Times-Roman", 0, fontStyle{serif, false, false}},
		{"Times-BoldItalic", 0, fontStyle{serif, true, true}},
		{"serif", 0, fontStyle{serif, false, false}},
		{"Courier", flagBold, fontStyle{mono, true, false}},
		{"DejaVu Sans Mono", 0, fontStyle{mono, false, false}},
		{"Comic Sans", 0, fontStyle{sans, false, false}},
	} {
		if got := styleFor(tc.face, tc.flags); got != tc.want {
			t.Errorf("styleFor(%q, %d) = %+v, want %+v", tc.face, tc.flags, got, tc.want)
		}
	}
}

// TestLiberationMatchesGraphvizWidths checks the premise of the painter:
// every label of the reference ER diagram (Helvetica, regular and bold, 8 to
// 14 points) is as wide in Liberation Sans as Graphviz measured it, so text
// fits its table cell exactly as in the SVG.
func TestLiberationMatchesGraphvizWidths(t *testing.T) {
	var g struct {
		Objects []map[string]json.RawMessage `json:"objects"`
	}
	if err := json.Unmarshal(render(t, referenceDOT(t), "json"), &g); err != nil {
		t.Fatal(err)
	}
	fs := faces{}
	checked := 0
	for _, o := range g.Objects {
		for _, key := range drawKeys {
			var ops []op
			if raw, ok := o[key]; !ok || json.Unmarshal(raw, &ops) != nil {
				continue
			}
			st := newState()
			for _, o := range ops {
				switch o.Op {
				case "F":
					st.fontFace, st.fontSize = o.Face, o.Size
				case "t":
					st.fontFlags = o.Fontchar
				case "T":
					face, err := fs.get(styleFor(st.fontFace, st.fontFlags), st.fontSize*10)
					if err != nil {
						t.Fatal(err)
					}
					got := fixedToFloat(font.MeasureString(face, o.Text)) / 10
					if d := got - o.Width; d > 0.01*o.Width+0.05 || d < -0.01*o.Width-0.05 {
						t.Errorf("%q in %s %gpt: Liberation width %.2f, Graphviz width %.2f", o.Text, st.fontFace, st.fontSize, got, o.Width)
					}
					checked++
				}
			}
		}
	}
	if checked < 300 {
		t.Fatalf("checked only %d labels, want the ~320 of the reference diagram", checked)
	}
}

func TestPaintOrderFollowsGraphviz(t *testing.T) {
	// Graphviz's SVG paints users, user_profiles, users->user_profiles,
	// user_roles, both users->user_roles edges, then roles and its edge.
	// Edges are listed out of _gvid order in the json, as Graphviz writes them.
	nodes := []jsonObject{obj(`{"_gvid": 0, "name": "users"}`), obj(`{"_gvid": 1, "name": "user_profiles"}`),
		obj(`{"_gvid": 2, "name": "roles"}`), obj(`{"_gvid": 3, "name": "user_roles"}`)}
	edges := []jsonObject{obj(`{"_gvid": 0, "tail": 0, "head": 1}`), obj(`{"_gvid": 1, "tail": 0, "head": 3}`),
		obj(`{"_gvid": 3, "tail": 2, "head": 3}`), obj(`{"_gvid": 2, "tail": 0, "head": 3}`)}
	describe := func(order []jsonObject) string {
		var parts []string
		for _, o := range order {
			if _, ok := o["tail"]; ok {
				parts = append(parts, "e"+string(o["_gvid"]))
			} else {
				parts = append(parts, "n"+string(o["_gvid"]))
			}
		}
		return strings.Join(parts, " ")
	}
	for order, want := range map[string]string{
		"":           "n0 n1 e0 n3 e1 e2 n2 e3",
		"nodesfirst": "n0 n1 n2 n3 e0 e1 e2 e3",
		"edgesfirst": "e0 e1 e2 e3 n0 n1 n2 n3",
	} {
		got, err := paintOrder(nodes, edges, order)
		if err != nil {
			t.Fatal(err)
		}
		if describe(got) != want {
			t.Errorf("outputorder %q: %s, want %s", order, describe(got), want)
		}
	}
}

func obj(s string) jsonObject {
	var o jsonObject
	if err := json.Unmarshal([]byte(s), &o); err != nil {
		panic(err)
	}
	return o
}

// nodeBox finds a node's centre and size (points) in a Graphviz json layout.
func nodeBox(t *testing.T, layout []byte, name string) (x, y, w, h float64) {
	t.Helper()
	var g struct {
		Objects []struct {
			Name   string `json:"name"`
			Pos    string `json:"pos"`
			Width  string `json:"width"`
			Height string `json:"height"`
		} `json:"objects"`
	}
	if err := json.Unmarshal(layout, &g); err != nil {
		t.Fatal(err)
	}
	for _, o := range g.Objects {
		if o.Name != name {
			continue
		}
		pos, err := parseFloats(o.Pos, 2)
		if err != nil {
			t.Fatal(err)
		}
		size, err := parseFloats(o.Width+","+o.Height, 2)
		if err != nil {
			t.Fatal(err)
		}
		return pos[0], pos[1], size[0] * 72, size[1] * 72
	}
	t.Fatalf("no node %q in the layout", name)
	return
}

func TestGradientFills(t *testing.T) {
	layout := render(t, testDOT(t, "fonts.dot"), "json")
	const scale = 2
	img, err := Image(layout, Options{Scale: scale})
	if err != nil {
		t.Fatal(err)
	}
	l, err := parseLayout(layout)
	if err != nil {
		t.Fatal(err)
	}
	p := newPainter(1, 1, scale, l, nil)
	at := func(x, y float64) color.RGBA {
		px, py := p.xy(x, y)
		return img.RGBAAt(int(px), int(py))
	}
	// "times": a vertical red-to-blue gradient (gradientangle=90: red at the
	// bottom, blue at the top).
	x, y, w, h := nodeBox(t, layout, "times")
	if top, bottom := at(x, y+0.4*h), at(x, y-0.4*h); top.B < 200 || top.R > 60 || bottom.R < 200 || bottom.B > 60 {
		t.Errorf("linear gradient: top %v (want blue), bottom %v (want red)", top, bottom)
	}
	_ = w
	// "dejavu": a radial white-to-green (X11 green, #00ff00) gradient.
	x, y, w, _ = nodeBox(t, layout, "dejavu")
	if centre, edge := at(x, y), at(x-0.45*w, y); centre.R < 200 || edge.R > 110 || edge.G < 200 {
		t.Errorf("radial gradient: centre %v (want near white), edge %v (want green)", centre, edge)
	}
}

// TestTextFitsGraphvizWidth paints a Verdana label (a font Liberation does
// not match) and checks that its ink stays inside the node's box.
func TestTextFitsGraphvizWidth(t *testing.T) {
	layout := render(t, []byte(`digraph { node [shape=box, fontname="Verdana", fontsize=20, margin=0, color=white];
		a [label="WWWWWWWWWW mmmmmmmmmm"]; }`), "json")
	const scale = 2
	img, err := Image(layout, Options{Scale: scale})
	if err != nil {
		t.Fatal(err)
	}
	l, _ := parseLayout(layout)
	p := newPainter(1, 1, scale, l, nil)
	x, y, w, _ := nodeBox(t, layout, "a")
	left, _ := p.xy(x-w/2, y)
	right, row := p.xy(x+w/2, y)
	inkFrom, inkTo := -1, -1
	for py := int(row) - 20; py <= int(row)+20; py++ {
		for px := 0; px < img.Bounds().Dx(); px++ {
			if c := img.RGBAAt(px, py); c.R < 128 {
				if inkFrom < 0 || px < inkFrom {
					inkFrom = px
				}
				inkTo = max(inkTo, px)
			}
		}
	}
	if inkFrom < 0 {
		t.Fatal("no text painted")
	}
	if float64(inkFrom) < left || float64(inkTo) > right {
		t.Errorf("text ink spans x %d..%d, outside the node box %.0f..%.0f", inkFrom, inkTo, left, right)
	}
	t.Logf("ink %d..%d, box %.0f..%.0f", inkFrom, inkTo, left, right)
	if width := float64(inkTo - inkFrom); width < 0.95*(right-left) {
		t.Errorf("text ink is %.0f px wide, want it to fill most of the %.0f px box", width, right-left)
	}
}
