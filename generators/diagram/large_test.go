package diagram

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/testkit/synth"
)

var synthCache sync.Map

// synthSchema resolves a synthetic design (cached: big ones take a moment).
func synthSchema(t testing.TB, entities, groups int) *schema.Schema {
	t.Helper()
	key := [2]int{entities, groups}
	if s, ok := synthCache.Load(key); ok {
		return s.(*schema.Schema)
	}
	s, diags := check.Source("synth.yaml", synth.Design(synth.Options{Entities: entities, Groups: groups}), nil)
	if diags.HasErrors() || s == nil {
		t.Fatalf("synthetic design has errors: %v", diags)
	}
	synthCache.Store(key, s)
	return s
}

// dump writes a test's picture to $SCHEMAGEN_DIAGRAM_OUT, for looking at it.
func dump(t *testing.T, name string, data []byte) {
	dir := os.Getenv("SCHEMAGEN_DIAGRAM_OUT")
	if dir == "" {
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// svgTexts checks that an SVG is well-formed XML and returns its text content
// (every <text> element) and its size in points.
func svgTexts(t *testing.T, svg []byte) (texts map[string]bool, w, h float64) {
	t.Helper()
	texts = map[string]bool{}
	dec := xml.NewDecoder(strings.NewReader(string(svg)))
	dec.Strict = true
	inText := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "text" {
				inText++
			}
		case xml.EndElement:
			if tok.Name.Local == "text" {
				inText--
			}
		case xml.CharData:
			if inText > 0 {
				texts[strings.TrimSpace(string(tok))] = true
			}
		}
	}
	w, h, err := svgSize(svg)
	if err != nil {
		t.Fatal(err)
	}
	return texts, w, h
}

func aspect(w, h float64) float64 { return max(w/h, h/w) }

// TestSplitLargeDesign draws the 500-entity, 10-group synthetic design with
// --split: every picture must be at most 4:1 either way, and every table must
// be drawn in full in exactly one group picture.
func TestSplitLargeDesign(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out 500 tables")
	}
	s := synthSchema(t, 500, 10)
	pics, err := Split(s, Options{Engine: testEngine}, "svg")
	if err != nil {
		t.Fatal(err)
	}
	if len(pics) != 11 || pics[0].File != "overview.svg" {
		t.Fatalf("want overview + 10 group pictures, got %d (first %q)", len(pics), pics[0].File)
	}
	// A table is drawn in full when its header and all its columns appear;
	// a ghost shows only its name. Count full drawings by each table's header
	// cell text, which is unique to full tables: "<name>" followed by column texts.
	full := map[string]int{}
	for _, p := range pics {
		dump(t, "split-"+p.File, p.Data)
		texts, w, h := svgTexts(t, p.Data)
		if a := aspect(w, h); a > 4 {
			t.Errorf("%s is %.0fx%.0fpt, aspect %.1f:1 (want at most 4:1)", p.File, w, h, a)
		}
		if p.Name == "overview" {
			for _, g := range Groups(s) {
				if !texts[g] {
					t.Errorf("overview lacks group %s", g)
				}
			}
			continue
		}
		for _, tb := range s.Tables {
			if groupsOf(s).of[tb] != p.Name {
				continue
			}
			if !texts[tb.Name] {
				t.Errorf("%s: table %s missing", p.File, tb.Name)
			}
			for _, c := range tb.Columns {
				if !texts[c.Name] {
					t.Errorf("%s: column %s.%s missing", p.File, tb.Name, c.Name)
				}
			}
			full[tb.Name]++
		}
		// No table of another group is drawn in full here.
		v, err := selectView(s, Options{Engine: testEngine, Group: p.Name})
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range v.tables {
			if groupsOf(s).of[tb] != p.Name {
				t.Errorf("%s draws %s of group %s", p.File, tb.Name, groupsOf(s).of[tb])
			}
		}
	}
	for _, tb := range s.Tables {
		if full[tb.Name] != 1 {
			t.Errorf("table %s drawn in full in %d group pictures, want 1", tb.Name, full[tb.Name])
		}
	}
}

// TestGroupAndFocusLargeDesign checks --group and --focus on the big design.
func TestGroupAndFocusLargeDesign(t *testing.T) {
	s := synthSchema(t, 200, 4)
	svg, err := SVG(s, Options{Engine: testEngine, Group: "group_1"})
	if err != nil {
		t.Fatal(err)
	}
	dump(t, "group_1.svg", svg)
	texts, w, h := svgTexts(t, svg)
	if a := aspect(w, h); a > 4 {
		t.Errorf("group picture aspect %.1f:1", a)
	}
	for _, tb := range s.Tables {
		if groupsOf(s).of[tb] == "group_1" && !texts[tb.Name] {
			t.Errorf("group_1 picture lacks %s", tb.Name)
		}
	}

	center := "g1_items_41"
	for depth := 1; depth <= 2; depth++ {
		svg, err := SVG(s, Options{Engine: testEngine, Focus: center, Depth: depth})
		if err != nil {
			t.Fatal(err)
		}
		v, err := selectView(s, Options{Engine: testEngine, Focus: center, Depth: depth})
		if err != nil {
			t.Fatal(err)
		}
		texts, _, _ := svgTexts(t, svg)
		nb := neighbours(s)
		want := map[*schema.Table]bool{}
		c := findTable(s, center)
		want[c] = true
		frontier := []*schema.Table{c}
		for d := 0; d < depth; d++ {
			var next []*schema.Table
			for _, x := range frontier {
				for _, n := range nb[x] {
					if !want[n] {
						want[n] = true
						next = append(next, n)
					}
				}
			}
			frontier = next
		}
		if len(v.tables) != len(want) {
			t.Errorf("depth %d: %d tables drawn, want %d", depth, len(v.tables), len(want))
		}
		for tb := range want {
			if !texts[tb.Name] {
				t.Errorf("depth %d: %s missing", depth, tb.Name)
			}
		}
		// Ghosts: neighbours one step beyond, drawn as names only.
		for _, g := range v.ghosts {
			if want[g] {
				t.Errorf("depth %d: %s is both drawn and a ghost", depth, g.Name)
			}
		}
	}
	if _, err := SVG(s, Options{Engine: testEngine, Focus: "g1_items_4l"}); err == nil || !strings.Contains(err.Error(), "did you mean g1_items_41") {
		t.Errorf("mistyped focus: %v", err)
	}
	if _, err := SVG(s, Options{Engine: testEngine, Group: "nope"}); err == nil || !strings.Contains(err.Error(), "group_0") {
		t.Errorf("unknown group: %v", err)
	}
}

// TestLargeWholePictures draws the 500-entity design without --split: the
// flow (500 steps), the state machines (100) and the ER diagram of a 200-entity
// design must each stay within 4:1.
func TestLargeWholePictures(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out hundreds of nodes")
	}
	big := synthSchema(t, 500, 10)
	for _, c := range []struct {
		name string
		s    *schema.Schema
		opts Options
	}{
		{"flow-500", big, Options{Engine: testEngine, Kind: Flow}},
		{"states-500", big, Options{Engine: testEngine, Kind: States}},
		{"er-200", synthSchema(t, 200, 4), Options{Engine: testEngine}},
	} {
		svg, err := SVG(c.s, c.opts)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		dump(t, c.name+".svg", svg)
		texts, w, h := svgTexts(t, svg)
		if a := aspect(w, h); a > 4 {
			t.Errorf("%s is %.0fx%.0fpt, aspect %.1f:1 (want at most 4:1)", c.name, w, h, a)
		}
		if c.opts.Kind == States {
			for _, m := range c.s.Machines {
				if !texts[m.Name+" ("+m.Table.Name+"."+m.Column+")"] {
					t.Errorf("machine %s missing", m.Name)
				}
			}
		}
	}
}
