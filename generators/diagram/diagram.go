// Package diagram draws a resolved design: the ER diagram (tables, keys and
// crow's-foot relationships, clustered by group), the state machines and the
// flow. It writes Graphviz DOT and lays it out with the Engine the caller
// passes in Options (the embedded WebAssembly Graphviz, in a worker process
// or in-process), so no system Graphviz is needed; Mermaid output comes from
// generators/mermaid.
package diagram

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/mermaid"
)

// Kind is what a diagram shows.
type Kind string

// Diagram kinds.
const (
	ER     Kind = "er"     // tables, columns, keys and relationships
	States Kind = "states" // the state machines
	Flow   Kind = "flow"   // the flow steps and what each touches
)

// Options choose what a diagram draws.
type Options struct {
	Kind    Kind   // "" means ER
	Machine string // States: draw only this machine
	Focus   string // ER: draw this entity and its neighbourhood
	Depth   int    // ER with Focus: how many links away (default 1)
	Group   string // ER: draw only this group
	// Comments draws every column's description under it (ER); table
	// descriptions are always drawn under the table's title.
	Comments bool
	// Ungrouped draws only the tables without a group (ER), the picture Split
	// names "ungrouped".
	Ungrouped bool
	// GroupLink, when set, is the link to a group's picture ("" for the
	// ungrouped tables): the overview's boxes and a capped focus's "+N more"
	// boxes link there instead of to the file names Split writes (an overview
	// drawn by Draw for a design too big for one picture links nowhere
	// without it). `schemagen serve` links them to its own views.
	GroupLink func(group string) string
	// FocusTables caps the tables a focus view draws in full, the nearest
	// kept (0: 40); FocusGhosts caps the name-only boxes of the tables just
	// outside it (0: 20; negative: none, not even counted). The tables a cap
	// leaves out are counted in "+N more in G" boxes.
	FocusTables, FocusGhosts int
	// Engine lays the diagrams out. Every format but mermaid needs one (a
	// big ER diagram's DOT too: it is laid out once to measure it).
	Engine Engine
}

// Format is an output format of diagrams: its name (for --format) and the file
// extensions that select it, the first being the one Split writes.
type Format struct {
	Name       string
	Extensions []string
}

// formats is the one list of diagram formats: Render, Split and the command line read it.
var formats = []Format{
	{Name: "svg", Extensions: []string{".svg"}},
	{Name: "png", Extensions: []string{".png"}},
	{Name: "dot", Extensions: []string{".dot", ".gv"}},
	{Name: "mermaid", Extensions: []string{".mmd", ".mermaid", ".md"}},
}

// FormatNames lists the names of the output formats, in order.
func FormatNames() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.Name
	}
	return names
}

// FormatByName returns the format with the given name.
func FormatByName(name string) (Format, bool) {
	for _, f := range formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// FormatForPath returns the format an output file's extension selects.
func FormatForPath(path string) (Format, bool) {
	ext := strings.ToLower(filepath.Ext(path))
	for _, f := range formats {
		if slices.Contains(f.Extensions, ext) {
			return f, true
		}
	}
	return Format{}, false
}

// formatList is "svg, png, dot or mermaid", for messages.
func formatList() string {
	names := FormatNames()
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func (o Options) kind() (Kind, error) {
	switch o.Kind {
	case "", ER:
		return ER, nil
	case States, Flow:
		return o.Kind, nil
	}
	return "", optionErrorf("unknown diagram kind %q: use er, states or flow", o.Kind)
}

// DOT returns the Graphviz source of a diagram.
//
// Big ER pictures are laid out once to measure them: when one would be more than
// three times wider than tall (or taller than wide), its tables are pinned to
// folded or staggered ranks and the source says so.
func DOT(s *schema.Schema, opts Options) ([]byte, error) {
	src, _, err := source(s, opts, false)
	return src, err
}

// SVG returns a diagram laid out and drawn as SVG. Text uses Helvetica metrics
// and a font list (Helvetica, Arial, Liberation Sans, Nimbus Sans, Arimo) whose
// members all share those metrics, so labels fit their boxes in browsers and in
// rsvg-convert alike.
func SVG(s *schema.Schema, opts Options) ([]byte, error) {
	_, svg, err := source(s, opts, true)
	if err != nil {
		return nil, err
	}
	return fixSVGLinks(fixSVGFonts(svg)), nil
}

// Layout returns a diagram laid out by Graphviz in one of its own output
// formats: "json", "xdot" or "svg" (the raw Graphviz SVG). PNG painters read
// the json or xdot form.
func Layout(s *schema.Schema, opts Options, format string) ([]byte, error) {
	switch format {
	case "json", "xdot", "svg":
	default:
		return nil, fmt.Errorf("unknown layout format %q: use json, xdot or svg", format)
	}
	src, _, err := source(s, opts, false)
	if err != nil {
		return nil, err
	}
	return layoutDOT(opts.Engine, src, format)
}

// Render draws a diagram in an output format: "svg", "png", "dot" or "mermaid".
func Render(s *schema.Schema, opts Options, format string) ([]byte, error) {
	if s == nil {
		return nil, errors.New("no schema to draw")
	}
	switch format {
	case "svg":
		return SVG(s, opts)
	case "dot":
		return DOT(s, opts)
	case "mermaid":
		return Mermaid(s, opts)
	case "png":
		return PNG(s, opts)
	}
	return nil, optionErrorf("unknown diagram format %q: use %s", format, formatList())
}

// Mermaid returns the diagram as Mermaid text (erDiagram, stateDiagram-v2 or
// flowchart), with --focus and --group applied to ER diagrams.
func Mermaid(s *schema.Schema, opts Options) ([]byte, error) {
	kind, err := opts.kind()
	if err != nil {
		return nil, err
	}
	mo := mermaid.Options{Kind: string(kind), Machine: opts.Machine}
	if kind == ER && (opts.Focus != "" || opts.Group != "" || opts.Ungrouped) {
		v, err := selectView(s, opts)
		if err != nil {
			return nil, err
		}
		mo.Tables = []string{}
		for _, t := range v.tables {
			mo.Tables = append(mo.Tables, t.Entity)
		}
	}
	return mermaid.Generate(s, mo)
}

// PNG paints a diagram as a PNG image: Graphviz lays it out as json and the
// raster package paints that (go-graphviz's own PNG renderer is broken,
// goccy/go-graphviz#106).
//
// A picture too large for raster.LimitPixels at one pixel per point is
// painted smaller; Draw says so in a note.
func PNG(s *schema.Schema, opts Options) ([]byte, error) {
	layout, err := Layout(s, opts, "json")
	if err != nil {
		return nil, err
	}
	d, err := paintPNG(layout)
	if err != nil {
		return nil, err
	}
	return d.Data, nil
}

// source builds the DOT of a diagram and, when asked or when measuring needs
// it, its SVG layout.
func source(s *schema.Schema, opts Options, wantSVG bool) (src, svg []byte, err error) {
	if s == nil {
		return nil, nil, errors.New("no schema to draw")
	}
	kind, err := opts.kind()
	if err != nil {
		return nil, nil, err
	}
	switch kind {
	case States:
		src, err = statesDOT(s, opts.Machine)
	case Flow:
		src, err = flowDOT(s)
	default:
		v, err := selectView(s, opts)
		if err != nil {
			return nil, nil, err
		}
		return erSource(opts.Engine, v, wantSVG)
	}
	if err != nil {
		return nil, nil, err
	}
	if wantSVG {
		svg, err = layoutDOT(opts.Engine, src, "svg")
	}
	return src, svg, err
}
