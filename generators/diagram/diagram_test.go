package diagram

import (
	"bytes"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

// designs are the example designs plus a design of awkward names, by name.
func designs(t *testing.T) map[string]*schema.Schema {
	t.Helper()
	out := map[string]*schema.Schema{}
	for _, d := range golden.Examples(t, "testdata/tricky.yaml") {
		out[d.Name] = d.Schema
	}
	return out
}

var kinds = []Kind{ER, States, Flow}

// TestGoldenDOT compares the DOT of every design and kind with its golden file
// (testdata/NAME.KIND.dot); -update rewrites them.
func TestGoldenDOT(t *testing.T) {
	for name, s := range designs(t) {
		for _, kind := range kinds {
			got, err := DOT(s, Options{Engine: testEngine, Kind: kind})
			if err != nil {
				t.Fatalf("%s %s: %v", name, kind, err)
			}
			again, _ := DOT(s, Options{Engine: testEngine, Kind: kind})
			if !bytes.Equal(got, again) {
				t.Errorf("%s %s: output differs between two runs", name, kind)
			}
			golden.Check(t, filepath.Join("testdata", name+"."+string(kind)+".dot"), got)
		}
	}
}

// TestSVGContent lays out every design and kind: the SVG must be well-formed
// XML, use the Helvetica-metric font list, and show every table, column and
// state name, every flow step's entity and every failure state's failure.
func TestSVGContent(t *testing.T) {
	for name, s := range designs(t) {
		svg, err := SVG(s, Options{Engine: testEngine})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		dump(t, name+".er.svg", svg)
		texts, _, _ := svgTexts(t, svg)
		for text := range texts {
			// Graphviz draws an HTML label it cannot parse as plain text.
			if strings.Contains(text, "<TABLE") || strings.Contains(text, "<TR>") {
				t.Errorf("%s: a label fell back to text: %.80s", name, text)
			}
		}
		if bytes.Contains(svg, []byte(`font-family="Helvetica,sans-Serif"`)) || !bytes.Contains(svg, []byte(`Liberation Sans`)) {
			t.Errorf("%s: SVG fonts not replaced by the metric-compatible list", name)
		}
		for _, tb := range s.Tables {
			if !texts[tb.QualifiedName()] {
				t.Errorf("%s: table %s not in the SVG", name, tb.QualifiedName())
			}
			for _, c := range tb.Columns {
				if !texts[c.Name] {
					t.Errorf("%s: column %s.%s not in the SVG", name, tb.Name, c.Name)
				}
				typ := c.Type
				if c.Nullable {
					typ += "?"
				}
				if !texts[typ] {
					t.Errorf("%s: type %q of %s.%s not in the SVG", name, typ, tb.Name, c.Name)
				}
			}
		}
		if len(s.Machines) > 0 {
			svg, err := SVG(s, Options{Engine: testEngine, Kind: States})
			if err != nil {
				t.Fatalf("%s states: %v", name, err)
			}
			dump(t, name+".states.svg", svg)
			texts, _, _ := svgTexts(t, svg)
			for _, m := range s.Machines {
				for _, st := range m.States {
					if !texts[st] {
						t.Errorf("%s: state %s.%s not in the SVG", name, m.Name, st)
					}
					if fs := m.FailureStates[st]; len(fs) > 0 && !texts["failure: "+strings.Join(fs, ", ")] {
						t.Errorf("%s: failure of state %s.%s not shown", name, m.Name, st)
					}
				}
			}
		}
		if len(s.Flow) > 0 {
			svg, err := SVG(s, Options{Engine: testEngine, Kind: Flow})
			if err != nil {
				t.Fatalf("%s flow: %v", name, err)
			}
			dump(t, name+".flow.svg", svg)
			texts, _, _ := svgTexts(t, svg)
			for _, st := range s.Flow {
				for _, n := range append(append(append([]design.Name{}, st.Creates...), st.Reads...), st.Updates...) {
					if !texts[n.Name] {
						t.Errorf("%s: flow entity %s not in the SVG", name, n.Name)
					}
				}
				if st.Event.Name != "" && !texts[st.Event.Name] {
					t.Errorf("%s: flow event %s not in the SVG", name, st.Event.Name)
				}
			}
		}
	}
}

// TestTrickyNames checks the quoting of awkward names in DOT and SVG.
func TestTrickyNames(t *testing.T) {
	s := designs(t)["tricky"]
	dot, err := DOT(s, Options{Engine: testEngine})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`subgraph "cluster_Sales & Billing"`,
		`<B>billing.orders</B>`,
		`tooltip="billing.orders: An order with \"quotes\" & <tags>."`,
		`"end":"id_r":e -> "orders":"end_id_l":w [arrowtail=teeodot, arrowhead=crowodot`,
		`"orders":"id_r":e -> "orders":"parent_id_l":w [arrowtail=teeodot, arrowhead=crowodot`,
	} {
		if !containsEdge(dot, want) {
			t.Errorf("DOT lacks %s", want)
		}
	}
	flow, err := SVG(s, Options{Engine: testEngine, Kind: Flow})
	if err != nil {
		t.Fatal(err)
	}
	texts, _, _ := svgTexts(t, flow)
	found := false
	for text := range texts {
		found = found || strings.Contains(text, `A "quoted" step with <angle>`)
	}
	if !found {
		t.Errorf("flow SVG lost the quoted step text: %v", texts)
	}
}

// TestCardinality checks the crow's-foot ends: teetee/teeodot at the parent
// (mandatory or optional foreign key), crowodot at a many child, teeodot at a
// one-to-one child.
func TestCardinality(t *testing.T) {
	s := designs(t)["rideshare"]
	dot, err := DOT(s, Options{Engine: testEngine})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"users":"id_r":e -> "rides":"user_id_l":w [arrowtail=teetee, arrowhead=crowodot`,
		`"drivers":"id_r":e -> "rides":"driver_id_l":w [arrowtail=teeodot, arrowhead=crowodot`,
		`"rides":"id_r":e -> "payments":"ride_id_l":w [arrowtail=teetee, arrowhead=teeodot`,
		`"drivers":"id_r":e -> "driver_locations":"driver_id_l":w [arrowtail=teetee, arrowhead=crowodot`,
	} {
		if !containsEdge(dot, want) {
			t.Errorf("DOT lacks %s", want)
		}
	}
	for _, want := range []string{junctionHead, eventHeader, `<B>ST</B>`, `payment_status</B>`} {
		if !strings.Contains(string(dot), want) {
			t.Errorf("DOT lacks %s (junction/event headers, state markers)", want)
		}
	}
}

// TestNoEngineIsAnError draws without a layout engine: every format that
// needs a layout returns an error (not a panic), Mermaid needs none.
func TestNoEngineIsAnError(t *testing.T) {
	s := designs(t)["rideshare"]
	for _, format := range []string{"svg", "png"} {
		if _, err := Render(s, Options{}, format); !errors.Is(err, errNoEngine) {
			t.Errorf("%s without an engine: %v, want errNoEngine", format, err)
		}
	}
	if _, err := Render(s, Options{}, "mermaid"); err != nil {
		t.Errorf("mermaid without an engine: %v", err)
	}
}

// TestRenderFormats renders rideshare in every format.
func TestRenderFormats(t *testing.T) {
	s := designs(t)["rideshare"]
	for _, format := range FormatNames() {
		for _, kind := range kinds {
			out, err := Render(s, Options{Engine: testEngine, Kind: kind}, format)
			if err != nil {
				t.Fatalf("%s %s: %v", format, kind, err)
			}
			var prefix string
			switch format {
			case "svg":
				prefix = "<?xml"
			case "png":
				prefix = "\x89PNG\r\n\x1a\n"
			case "dot":
				prefix = "digraph "
			case "mermaid":
				prefix = map[Kind]string{ER: "erDiagram", States: "stateDiagram-v2", Flow: "flowchart"}[kind]
			}
			if !bytes.HasPrefix(out, []byte(prefix)) {
				t.Errorf("%s %s starts with %q", format, kind, out[:min(20, len(out))])
			}
			if format == "png" {
				dump(t, "rideshare."+string(kind)+".png", out)
			}
		}
	}
	if _, err := Render(s, Options{Engine: testEngine}, "gif"); err == nil {
		t.Error("gif accepted")
	}
	if _, err := Render(s, Options{Engine: testEngine, Kind: "pie"}, "svg"); err == nil {
		t.Error("unknown kind accepted")
	}
	if _, err := Render(s, Options{Engine: testEngine, Kind: States, Machine: "nope"}, "svg"); err == nil || !strings.Contains(err.Error(), "ride_status") {
		t.Errorf("unknown machine: %v", err)
	}
	one, err := Render(s, Options{Engine: testEngine, Kind: States, Machine: "ride_status"}, "dot")
	if err != nil || bytes.Contains(one, []byte("payment_status")) || bytes.Contains(one, []byte("cluster_")) {
		t.Errorf("--machine ride_status: %v\n%s", err, one)
	}
	m, err := Render(s, Options{Engine: testEngine, Focus: "payments"}, "mermaid")
	if err != nil || bytes.Contains(m, []byte("users {")) || !bytes.Contains(m, []byte("rides {")) {
		t.Errorf("mermaid --focus payments: %v\n%s", err, m)
	}
	for _, f := range []string{"json", "xdot"} {
		l, err := Layout(s, Options{Engine: testEngine}, f)
		if err != nil || len(l) == 0 {
			t.Errorf("Layout %s: %v", f, err)
		}
	}
}

// TestSplitFiles checks the file names Split hands out.
func TestSplitFiles(t *testing.T) {
	f := fileNames{used: map[string]bool{}}
	for _, c := range [][2]string{
		{"overview", "overview"},
		{"Overview", "overview-2"},
		{"../weird group", "weird-group"},
		{"Sales & Billing", "sales-billing"},
		{"con", "con_"},
		{"", "group"},
		{"ÄÖÜ", "group-2"},
		{strings.Repeat("a", 80), strings.Repeat("a", 60)},
	} {
		if got := f.take(c[0]); got != c[1] {
			t.Errorf("take(%q) = %q, want %q", c[0], got, c[1])
		}
	}
	s := designs(t)["tricky"]
	pics, err := Split(s, Options{Engine: testEngine}, "svg")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, p := range pics {
		files = append(files, p.File)
		if strings.ContainsAny(p.File, `/\`) || strings.HasPrefix(p.File, ".") {
			t.Errorf("unsafe file name %q", p.File)
		}
	}
	if got := strings.Join(files, " "); got != "overview.svg sales-billing.svg weird-group.svg ungrouped.svg" {
		t.Errorf("files: %s", got)
	}
	states, err := Split(s, Options{Engine: testEngine, Kind: States}, "mermaid")
	if err != nil || len(states) != 1 || states[0].File != "order_status.mmd" {
		t.Errorf("states split: %v %v", err, states)
	}
	if _, err := Split(s, Options{Engine: testEngine, Kind: Flow}, "svg"); err == nil {
		t.Error("flow split accepted")
	}
}

// TestRetryEdges: out of a failure state that retries, the way back into the
// work is labelled as the retry, and the way to a terminal state as giving up.
func TestRetryEdges(t *testing.T) {
	all := designs(t)
	for _, c := range []struct{ design, edge string }{
		{"rideshare", `"payment_status/failed" -> "payment_status/pending" [label="retry (max 3)"`},
		{"auth", `"verification_status/failed" -> "verification_status/queued" [label="retry (max 5)"`},
		{"auth", `"verification_status/failed" -> "verification_status/abandoned" [label="after 5 attempts"`},
	} {
		dot, err := DOT(all[c.design], Options{Engine: testEngine, Kind: States})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(dot), c.edge) {
			t.Errorf("%s: the states DOT lacks %s", c.design, c.edge)
		}
	}
}

// containsEdge says whether DOT has a line starting with want, where a port
// "x_r" may be numbered ("x_r2"): a key with several edges has one port each.
func containsEdge(dot []byte, want string) bool {
	re := regexp.QuoteMeta(want)
	re = regexp.MustCompile(`_r":e`).ReplaceAllString(re, `_r\d*":e`)
	re = regexp.MustCompile(`_l":w`).ReplaceAllString(re, `_l\d*":w`)
	return regexp.MustCompile(re).Match(dot)
}

// TestSVGSameTwice draws every design's ER picture twice in one process: the
// embedded Graphviz numbers cell anchors with a process-wide counter, which
// must not reach the output.
func TestSVGSameTwice(t *testing.T) {
	for name, s := range designs(t) {
		a, err := SVG(s, Options{Engine: testEngine})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, err := SVG(s, Options{Engine: testEngine})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: the SVG differs between two drawings", name)
		}
	}
}

// TestPartitionNote: a partitioned table is drawn once, with a note saying
// how it is split.
func TestPartitionNote(t *testing.T) {
	src := `schemagen: 1
name: p
entities:
  payments:
    partition:
      by: range
      key: [paid_at]
      partitions:
        - {name: payments_2024, bounds: "FROM ('2024-01-01') TO ('2025-01-01')"}
        - {name: payments_rest, bounds: DEFAULT}
    fields:
      id: bigint pk
      paid_at: timestamptz pk
`
	s, diags := check.Source("p.yaml", []byte(src), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	dot, err := DOT(s, Options{Engine: testEngine})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(dot), "partitioned by range (paid_at): 2 partitions") {
		t.Errorf("no partition note in:\n%s", dot)
	}
	if strings.Contains(string(dot), "payments_2024") {
		t.Errorf("a partition is drawn as a table of its own")
	}
}
