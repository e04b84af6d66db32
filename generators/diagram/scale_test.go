package diagram

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/importsql"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

var corpusCache sync.Map

// corpusSchema imports a schema of the real corpus (../shared/corpus next to
// the module root) and resolves it, or skips the test when the corpus is absent.
func corpusSchema(t *testing.T, name string) *schema.Schema {
	t.Helper()
	if s, ok := corpusCache.Load(name); ok {
		return s.(*schema.Schema)
	}
	path := filepath.Join(golden.ModuleRoot(t), "..", "shared", "corpus", name+".sql")
	sql, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("the corpus is not at %s: %v", path, err)
	}
	yaml, diags, err := importsql.Import(name+".sql", sql, importsql.Options{})
	if err != nil || diags.HasErrors() {
		t.Fatalf("importing %s: %v %v", name, err, diags)
	}
	s, diags := check.Source(name+".yaml", yaml, nil)
	if diags.HasErrors() || s == nil {
		t.Fatalf("%s's import has errors: %v", name, diags)
	}
	corpusCache.Store(name, s)
	return s
}

// checkPicture asserts an SVG is within maxAspect either way and returns its
// size in points.
func checkPicture(t *testing.T, name string, svg []byte) (w, h float64) {
	t.Helper()
	_, w, h = svgTexts(t, svg)
	if a := aspect(w, h); a > maxAspect {
		t.Errorf("%s is %.0fx%.0fpt, aspect %.2f:1 (want at most %.1f:1)", name, w, h, a, maxAspect)
	}
	return w, h
}

// checkPNGScale asserts a PNG of a picture of w by h points has at least one
// pixel per point.
func checkPNGScale(t *testing.T, name string, data []byte, w, h float64) {
	t.Helper()
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if sx, sy := float64(cfg.Width)/w, float64(cfg.Height)/h; sx < 0.99 || sy < 0.99 {
		t.Errorf("%s: PNG %dx%d px for %.0fx%.0f pt: %.2f px per point, want at least 1", name, cfg.Width, cfg.Height, w, h, min(sx, sy))
	}
}

// TestWholePictures draws whole designs as one ER picture, SVG and PNG: the
// picture stays within 2.5:1 and the PNG has at least one pixel per point.
// Past 250 tables (the 500- and 1,000-entity designs, MusicBrainz) the
// picture is the overview of the groups, and a note says so.
func TestWholePictures(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out hundreds of tables")
	}
	for _, c := range []struct {
		name     string
		s        func() *schema.Schema
		overview bool
	}{
		{"synth-50", func() *schema.Schema { return synthSchema(t, 50, 0) }, false},
		{"adventureworks", func() *schema.Schema { return corpusSchema(t, "adventureworks") }, false},
		{"sakila", func() *schema.Schema { return corpusSchema(t, "sakila") }, false},
		{"synth-500", func() *schema.Schema { return synthSchema(t, 500, 10) }, true},
		{"synth-1000", func() *schema.Schema { return synthSchema(t, 1000, 20) }, true},
		{"musicbrainz", func() *schema.Schema { return corpusSchema(t, "musicbrainz") }, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := c.s()
			d, err := Draw(s, Options{Engine: testEngine}, "svg")
			if err != nil {
				t.Fatal(err)
			}
			dump(t, "whole-"+c.name+".svg", d.Data)
			w, h := checkPicture(t, c.name, d.Data)
			texts, _, _ := svgTexts(t, d.Data)
			if c.overview {
				if len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "drew the overview") || !strings.Contains(d.Notes[0], "--split DIR") {
					t.Errorf("notes %q, want one saying the overview was drawn and where the rest is", d.Notes)
				}
				for _, g := range Groups(s) {
					if !texts[g] {
						t.Errorf("overview lacks group %s", g)
					}
				}
			} else {
				if len(d.Notes) != 0 {
					t.Errorf("unexpected notes %q", d.Notes)
				}
				for _, tb := range s.Tables {
					if !texts[tb.QualifiedName()] {
						t.Errorf("table %s missing", tb.QualifiedName())
					}
				}
			}
			p, err := Draw(s, Options{Engine: testEngine}, "png")
			if err != nil {
				t.Fatal(err)
			}
			dump(t, "whole-"+c.name+".png", p.Data)
			checkPNGScale(t, c.name, p.Data, w, h)
			if len(p.Notes) != len(d.Notes) {
				t.Errorf("PNG notes %q, SVG notes %q", p.Notes, d.Notes)
			}
		})
	}
}

var hrefRE = regexp.MustCompile(`<a xlink:href="([^"]+)"`)

// TestSplitMusicBrainz splits the 515-table MusicBrainz import: 33 groups
// and an overview, every picture within 2.5:1, every overview box linking to
// a group picture of the split, and no two relationship ends sharing a port.
func TestSplitMusicBrainz(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out 515 tables")
	}
	s := corpusSchema(t, "musicbrainz")
	pics, err := Split(s, Options{Engine: testEngine}, "svg")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{}
	for _, p := range pics {
		files[p.File] = true
		dump(t, "mb-"+p.File, p.Data)
		checkPicture(t, p.File, p.Data)
		if strings.Contains(string(p.Data), s.Name+": "+s.Name+": ") {
			t.Errorf("%s: title repeats the design's name", p.File)
		}
	}
	if len(pics) != len(Groups(s))+1 || len(pics) < 30 {
		t.Fatalf("%d pictures for %d groups", len(pics), len(Groups(s)))
	}
	links := hrefRE.FindAllSubmatch(pics[0].Data, -1)
	linked := map[string]bool{}
	for _, l := range links {
		if !files[string(l[1])] {
			t.Errorf("overview links to %s, which the split does not write", l[1])
		}
		linked[string(l[1])] = true
	}
	if len(linked) != len(pics)-1 {
		t.Errorf("overview links to %d group pictures, want %d", len(linked), len(pics)-1)
	}
	for _, g := range Groups(s) {
		dot, err := DOT(s, Options{Engine: testEngine, Group: g})
		if err != nil {
			t.Fatal(err)
		}
		checkDistinctPorts(t, g, dot)
	}
}

// TestAutomaticGroups: designs without groups past autoGroupFrom tables are
// grouped by the communities of their foreign-key graph, named after their
// most referenced table, the same way every time; --split draws them.
func TestAutomaticGroups(t *testing.T) {
	for _, name := range []string{"sakila", "guacamole"} {
		t.Run(name, func(t *testing.T) {
			s := corpusSchema(t, name)
			groups := Groups(s)
			if len(groups) < 2 {
				t.Fatalf("%d automatic groups: %q", len(groups), groups)
			}
			for _, g := range groups {
				if g != unlinkedGroup && findTable(s, g) == nil {
					t.Errorf("group %q is not named after a table", g)
				}
			}
			for i := 0; i < 3; i++ {
				if again := groupsOf(s).order; strings.Join(again, ",") != strings.Join(groups, ",") {
					t.Fatalf("groups differ between runs: %q and %q", groups, again)
				}
			}
			pics, err := Split(s, Options{Engine: testEngine}, "svg")
			if err != nil {
				t.Fatal(err)
			}
			if len(pics) != len(groups)+1 {
				t.Errorf("%d pictures for %d groups", len(pics), len(groups))
			}
			for _, p := range pics {
				dump(t, name+"-"+p.File, p.Data)
				checkPicture(t, name+"/"+p.File, p.Data)
			}
			t.Logf("%s: groups %q", name, groups)
		})
	}
}

// TestFocusCap draws MusicBrainz hubs: recording at depth 2 reaches 343
// tables, area at depth 1 dozens. The picture keeps the nearest 40 tables and
// 20 name boxes, counts the rest per group in "+N more in G" boxes that link
// to the group's picture, and stays within 2.5:1.
func TestFocusCap(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out MusicBrainz hubs")
	}
	s := corpusSchema(t, "musicbrainz")
	_, files := splitFiles(s, groupsOf(s), ".svg")
	for _, c := range []struct {
		focus string
		depth int
	}{{"recording", 2}, {"area", 1}} {
		v, err := selectView(s, Options{Engine: testEngine, Focus: c.focus, Depth: c.depth})
		if err != nil {
			t.Fatal(err)
		}
		if len(v.tables) > focusTables || len(v.ghosts) > focusGhosts || len(v.more) == 0 {
			t.Errorf("%s: %d tables, %d name boxes, %d more boxes", c.focus, len(v.tables), len(v.ghosts), len(v.more))
		}
		if v.tables[0].Name != c.focus && !strings.HasSuffix(v.tables[0].QualifiedName(), "."+c.focus) {
			found := false
			for _, tb := range v.tables {
				found = found || tb.Name == c.focus
			}
			if !found {
				t.Errorf("%s: the focus itself is not drawn", c.focus)
			}
		}
		svg, err := SVG(s, Options{Engine: testEngine, Focus: c.focus, Depth: c.depth})
		if err != nil {
			t.Fatal(err)
		}
		dump(t, "focus-"+c.focus+".svg", svg)
		checkPicture(t, "focus "+c.focus, svg)
		texts, _, _ := svgTexts(t, svg)
		counted := 0
		for _, m := range v.more {
			counted += len(m.tables)
			label := fmt.Sprintf("+%d more in %s", len(m.tables), m.group)
			if !texts[label] {
				t.Errorf("%s: no box %q", c.focus, label)
			}
			if m.file != files[m.group] || !bytes.Contains(svg, []byte(`xlink:href="`+m.file+`"`)) {
				t.Errorf("%s: box for %s does not link to %s", c.focus, m.group, files[m.group])
			}
		}
		if counted == 0 {
			t.Errorf("%s: nothing counted in more boxes", c.focus)
		}
	}
}

// TestDescriptions draws AdventureWorks (432 comments): table descriptions
// under their titles always, column descriptions only with Comments.
func TestDescriptions(t *testing.T) {
	s := corpusSchema(t, "adventureworks")
	var table *schema.Table
	var column *schema.Column
	for _, tb := range s.Tables {
		for _, c := range tb.Columns {
			if tb.Description != "" && c.Description != "" && table == nil {
				table, column = tb, c
			}
		}
	}
	if table == nil {
		t.Fatal("no table with a description and a described column")
	}
	first := func(text string) string { return wrapText(text, noteWidth)[0] }
	for _, comments := range []bool{false, true} {
		svg, err := SVG(s, Options{Engine: testEngine, Group: groupsOf(s).of[table], Comments: comments})
		if err != nil {
			t.Fatal(err)
		}
		texts, _, _ := svgTexts(t, svg)
		if !texts[first(table.Description)] {
			t.Errorf("comments=%v: description of %s not drawn: %q", comments, table.Name, first(table.Description))
		}
		if texts[first(column.Description)] != comments {
			t.Errorf("comments=%v: description of %s.%s drawn: %v", comments, table.Name, column.Name, !comments)
		}
		checkPicture(t, "adventureworks "+table.Name, svg)
	}
}
