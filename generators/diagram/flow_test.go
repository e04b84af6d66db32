package diagram

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
)

// flowLayout is what the flow tests read of Graphviz's json layout.
type flowLayout struct {
	Objects []struct {
		Name  string   `json:"name"`
		Pos   string   `json:"pos"`
		Ldraw []xdotOp `json:"_ldraw_"`
	} `json:"objects"`
	Edges []struct {
		Tail, Head int
		TailPort   string   `json:"tailport"`
		Draw       []xdotOp `json:"_draw_"`
	} `json:"edges"`
}

type xdotOp struct {
	Op     string       `json:"op"`
	Pt     []float64    `json:"pt"`
	Width  float64      `json:"width"`
	Align  string       `json:"align"`
	Text   string       `json:"text"`
	Points [][2]float64 `json:"points"`
}

// longFlow is the marketplace example with its flow told four times over:
// 40 steps in four columns.
func longFlow(t *testing.T) *schema.Schema {
	t.Helper()
	data, err := os.ReadFile("../../examples/marketplace.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	start := strings.Index(src, "\nflow:\n") + len("\nflow:\n")
	end := strings.Index(src, "\nenums:")
	var steps []string
	for _, st := range strings.Split(strings.Trim(src[start:end], "\n"), "\n  - ") {
		steps = append(steps, strings.TrimPrefix(st, "  - "))
	}
	var b strings.Builder
	for round := 1; b.Len() == 0 || strings.Count(b.String(), "\n  - ") < 40; round++ {
		for _, st := range steps {
			if strings.HasPrefix(st, "step: ") {
				st = fmt.Sprintf("step: (%d) %s", round, strings.TrimPrefix(st, "step: "))
			} else {
				st = fmt.Sprintf("(%d) %s", round, st)
			}
			b.WriteString("\n  - " + st)
		}
	}
	long := src[:start] + strings.Join(strings.SplitAfterN(b.String(), "\n  - ", 42)[:41], "")
	long = strings.TrimSuffix(long, "\n  - ") + "\n" + src[end:]
	s, diags := check.Source("long-flow.yaml", []byte(long), nil)
	if diags.HasErrors() || s == nil {
		t.Fatalf("long flow has errors: %v", diags)
	}
	if len(s.Flow) != 40 {
		t.Fatalf("long flow has %d steps, want 40", len(s.Flow))
	}
	return s
}

// TestFlowLabelsOnTheirEdges lays out the flows of the examples and a 40-step
// flow: every edge from a step to what it touches starts at the words that
// name it ("creates orders") in its step's box, so a label cannot drift to
// another edge; and the steps stand in order, column by column.
func TestFlowLabelsOnTheirEdges(t *testing.T) {
	cases := map[string]*schema.Schema{"long-flow": longFlow(t)}
	for name, s := range designs(t) {
		if len(s.Flow) > 0 {
			cases[name] = s
		}
	}
	for name, s := range cases {
		data, err := Layout(s, Options{Engine: testEngine, Kind: Flow}, "json")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if name == "long-flow" {
			if svg, err := SVG(s, Options{Engine: testEngine, Kind: Flow}); err == nil {
				dump(t, "long-flow.svg", svg)
			}
		}
		var l flowLayout
		if err := json.Unmarshal(data, &l); err != nil {
			t.Fatal(err)
		}
		steps := map[int]int{} // object index -> step number - 1
		for i, o := range l.Objects {
			var n int
			if _, err := fmt.Sscanf(o.Name, "step:%d", &n); err == nil {
				steps[i] = n - 1
			}
		}
		if len(steps) != len(s.Flow) {
			t.Fatalf("%s: %d step boxes for %d steps", name, len(steps), len(s.Flow))
		}
		pos := make([][2]float64, len(s.Flow))
		for i, n := range steps {
			if _, err := fmt.Sscanf(l.Objects[i].Pos, "%f,%f", &pos[n][0], &pos[n][1]); err != nil {
				t.Fatalf("%s: step %d at %q: %v", name, n+1, l.Objects[i].Pos, err)
			}
		}
		for i := 1; i < len(pos); i++ {
			// Down a column (Graphviz's y grows upwards), or on to the next.
			a, b := pos[i-1], pos[i]
			if !(a[0] == b[0] && b[1] < a[1]) && !(b[0] > a[0]) {
				t.Errorf("%s: step %d at %v does not follow step %d at %v", name, i+1, b, i, a)
			}
		}
		drawn := map[int]int{}
		for _, e := range l.Edges {
			step, ok := steps[e.Tail]
			if !ok {
				continue
			}
			if _, toStep := steps[e.Head]; toStep {
				continue
			}
			head := l.Objects[e.Head].Name
			_, target, _ := strings.Cut(head, ":")
			var start [2]float64
			for _, op := range e.Draw {
				if op.Op == "b" && len(op.Points) > 0 {
					start = op.Points[0]
					break
				}
			}
			var words *xdotOp
			for k, a := range stepActions(s.Flow[step]) {
				if a.target != target || e.TailPort != actionPort(k)+":e" {
					continue
				}
				for k, op := range l.Objects[e.Tail].Ldraw {
					if op.Op == "T" && op.Text == a.verb+"\u00a0"+a.target {
						words = &l.Objects[e.Tail].Ldraw[k]
					}
				}
			}
			if words == nil {
				t.Errorf("%s: step %d has no words naming %s", name, step+1, head)
				continue
			}
			right := words.Pt[0]
			switch words.Align {
			case "l":
				right += words.Width
			case "c":
				right += words.Width / 2
			}
			if dx, dy := start[0]-right, math.Abs(start[1]-(words.Pt[1]+3)); dx < 0 || dx > 12 || dy > 8 {
				t.Errorf("%s: the edge of %q (step %d) starts at %.0f,%.0f, %.0f,%.0f pt from its words' end at %.0f,%.0f",
					name, words.Text, step+1, start[0], start[1], dx, dy, right, words.Pt[1])
			}
			drawn[step]++
		}
		for i, st := range s.Flow {
			if want := len(stepActions(st)); drawn[i] != want {
				t.Errorf("%s: step %d has %d edges to what it touches, want %d", name, i+1, drawn[i], want)
			}
		}
	}
}
