package mermaid

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

// designs are the example designs plus a design of awkward names, by name.
func designs(t *testing.T) map[string]*schema.Schema {
	t.Helper()
	out := map[string]*schema.Schema{}
	for _, d := range golden.Examples(t, "../diagram/testdata/tricky.yaml", "testdata/*.yaml") {
		out[d.Name] = d.Schema
	}
	return out
}

var kinds = []string{"er", "states", "flow"}

// TestGolden compares the Mermaid text of every design and kind with its
// golden file (testdata/NAME.KIND.mmd); -update rewrites them.
func TestGolden(t *testing.T) {
	for name, s := range designs(t) {
		for _, kind := range kinds {
			got, err := Generate(s, Options{Kind: kind})
			if err != nil {
				t.Fatalf("%s %s: %v", name, kind, err)
			}
			again, _ := Generate(s, Options{Kind: kind})
			if !bytes.Equal(got, again) {
				t.Errorf("%s %s: output differs between two runs", name, kind)
			}
			if err := checkSyntax(kind, string(got)); err != nil {
				t.Errorf("%s %s: %v", name, kind, err)
			}
			golden.Check(t, filepath.Join("testdata", name+"."+kind+".mmd"), got)
		}
	}
}

// TestContent checks that the ER diagram names every table and column, the
// states diagram every state, and the flow every step.
func TestContent(t *testing.T) {
	for name, s := range designs(t) {
		er, _ := Generate(s, Options{})
		for _, tb := range s.Tables {
			if !strings.Contains(string(er), ident(tb.QualifiedName())) {
				t.Errorf("%s: table %s missing", name, tb.Name)
			}
			for _, c := range tb.Columns {
				if !strings.Contains(string(er), " "+attrName(c.Name)) {
					t.Errorf("%s: column %s.%s missing", name, tb.Name, c.Name)
				}
			}
		}
		if len(s.Machines) > 0 {
			st, _ := Generate(s, Options{Kind: "states"})
			for _, m := range s.Machines {
				for _, state := range m.States {
					if !strings.Contains(string(st), `"`+text(state)) {
						t.Errorf("%s: state %s.%s missing", name, m.Name, state)
					}
				}
			}
		}
	}
}

// TestRealColumnNames: a column name that is not a Mermaid attribute name
// keeps its real spelling in the comment; letters beyond ASCII stay as they are.
func TestRealColumnNames(t *testing.T) {
	er, err := Generate(designs(t)["names"], Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"        integer größe\n",
		`"column Weird Name; nullable"`,
		`"column 2nd_try"`,
		`"column a#35;b"`,
		"        text end\n",
	} {
		if !strings.Contains(string(er), want) {
			t.Errorf("ER output lacks %q:\n%s", want, er)
		}
	}
}

// TestTricky looks at the escaping of awkward names.
func TestTricky(t *testing.T) {
	s := designs(t)["tricky"]
	er, err := Generate(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`billing_orders_`, `["billing.orders"] {`, // a schema-qualified name gets an id and a label
		`numeric(12-2) total "numeric(12,2)"`, // Mermaid types cannot hold a comma
		`order_kind kind "enum"`,
		`end_1f24["end"] {`, // a keyword gets an id and a label
		`    line_items {`,  // plain names stay plain
	} {
		if !strings.Contains(string(er), want) {
			t.Errorf("ER output lacks %q:\n%s", want, er)
		}
	}
	flow, _ := Generate(s, Options{Kind: "flow"})
	if !strings.Contains(string(flow), `A #quot;quoted#quot; step with #lt;angle#gt; brackets & an ampersand`) {
		t.Errorf("flow step not escaped:\n%s", flow)
	}
	states, _ := Generate(s, Options{Kind: "states"})
	if !strings.Contains(string(states), `state "end (failure: order_ends)" as order_status__end`) {
		t.Errorf("state named end not given a safe id:\n%s", states)
	}
	only, err := Generate(s, Options{Tables: []string{"orders"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(only), "line_items") {
		t.Errorf("Tables filter ignored:\n%s", only)
	}
	if _, err := Generate(s, Options{Kind: "states", Machine: "nope"}); err == nil {
		t.Error("unknown machine accepted")
	}
	if _, err := Generate(s, Options{Kind: "pie"}); err == nil {
		t.Error("unknown kind accepted")
	}
}

// TestRealParser parses every output with Mermaid's own parser (mermaid.parse
// under jsdom, in node). It needs node and a directory holding node_modules
// with mermaid and jsdom: $SCHEMAGEN_MERMAID_DIR, else .cache/npm where
// .ci/install-deps installs the pinned versions of .ci/npm. Under
// SCHEMAGEN_REQUIRE_NODE a missing one fails the test.
func TestRealParser(t *testing.T) {
	skip := func(msg string) {
		if os.Getenv("SCHEMAGEN_REQUIRE_NODE") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	dir := os.Getenv("SCHEMAGEN_MERMAID_DIR")
	if dir == "" {
		dir = filepath.Join(golden.ModuleRoot(t), ".cache", "npm")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "mermaid")); err != nil {
		skip("no node_modules/mermaid in " + dir + " (run .ci/install-deps, or set SCHEMAGEN_MERMAID_DIR)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		skip("node is not installed")
	}
	tmp := t.TempDir()
	var files []string
	for name, s := range designs(t) {
		for _, kind := range kinds {
			out, err := Generate(s, Options{Kind: kind})
			if err != nil {
				t.Fatal(err)
			}
			f := filepath.Join(tmp, name+"."+kind+".mmd")
			if err := os.WriteFile(f, out, 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
	}
	// The parser must reject a broken file, or this test proves nothing.
	broken := filepath.Join(tmp, "broken.mmd")
	if err := os.WriteFile(broken, []byte("stateDiagram-v2\n    a -->\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	script, _ := filepath.Abs("testdata/parse.mjs")
	out, err := exec.Command(node, append([]string{script, dir}, append(files, broken)...)...).CombinedOutput()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(files)+1 {
		t.Fatalf("parser output (%v):\n%s", err, out)
	}
	for _, l := range lines {
		isBroken := strings.HasSuffix(strings.Fields(l)[1], "broken.mmd")
		if isBroken != strings.HasPrefix(l, "FAIL") {
			t.Errorf("%s", l)
		}
	}
}

// The structural checker: every line of the output must match one of the
// statement forms schemagen writes, and every id used must be declared.
var (
	idRE = `[A-Za-z_][A-Za-z0-9_]*`
	// attrRE is an attribute name: Mermaid 11 also reads letters from U+00C0 on.
	attrRE   = `[A-Za-z_\x{C0}-\x{FFFF}][A-Za-z0-9_\x{C0}-\x{FFFF}]*`
	quotedRE = `"[^"\n]*"`
	erLines  = []*regexp.Regexp{
		regexp.MustCompile(`^erDiagram$`),
		regexp.MustCompile(`^    (` + idRE + `)(\[` + quotedRE + `\])? \{$`),
		regexp.MustCompile(`^        [A-Za-z_][A-Za-z0-9\-_\[\]()]* ` + attrRE + `( (PK|FK|UK)(, (PK|FK|UK))*)?( ` + quotedRE + `)?$`),
		regexp.MustCompile(`^    \}$`),
		regexp.MustCompile(`^    (` + idRE + `) (\|\||\|o)--(o\{|o\|) (` + idRE + `) : ` + quotedRE + `$`),
	}
	stateLines = []*regexp.Regexp{
		regexp.MustCompile(`^stateDiagram-v2$`),
		regexp.MustCompile(`^    classDef (failure|terminal) [a-z:#0-9,]+$`),
		regexp.MustCompile(`^    state ` + quotedRE + ` as (` + idRE + `) \{$`),
		regexp.MustCompile(`^ +state ` + quotedRE + ` as (` + idRE + `)$`),
		regexp.MustCompile(`^ +\[\*\] --> (` + idRE + `)$`),
		regexp.MustCompile(`^ +(` + idRE + `) --> (` + idRE + `|\[\*\])$`),
		regexp.MustCompile(`^ +(` + idRE + `) --> (` + idRE + `) : (retry \(max [0-9]+\)|after [0-9]+ attempts)$`),
		regexp.MustCompile(`^    \}$`),
		regexp.MustCompile(`^    class ` + idRE + `(, ` + idRE + `)* (failure|terminal)$`),
	}
	flowLines = []*regexp.Regexp{
		regexp.MustCompile(`^flowchart LR$`),
		regexp.MustCompile(`^    classDef (step|entity|event) [a-z:#0-9,]+$`),
		regexp.MustCompile(`^    subgraph story \[` + quotedRE + `\]$`),
		regexp.MustCompile(`^        direction TB$`),
		regexp.MustCompile(`^        step[0-9]+\[` + quotedRE + `\]:::step$`),
		regexp.MustCompile(`^        step[0-9]+ ==> step[0-9]+$`),
		regexp.MustCompile(`^    end$`),
		regexp.MustCompile(`^    (` + idRE + `)(\[\(` + quotedRE + `\)\]:::entity|>` + quotedRE + `\]:::event)$`),
		regexp.MustCompile(`^    step[0-9]+ (-->|-\.->)\|(creates|updates|reads|records)\| (` + idRE + `)$`),
	}
)

func checkSyntax(kind, out string) error {
	forms := map[string][]*regexp.Regexp{"er": erLines, "states": stateLines, "flow": flowLines}[kind]
	if !strings.HasSuffix(out, "\n") {
		return fmt.Errorf("output does not end with a newline")
	}
	depth := 0
	declared := map[string]bool{}
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		ok := false
		for j, re := range forms {
			if re.MatchString(line) {
				ok = true
				if j == 0 && i != 0 || j != 0 && i == 0 {
					return fmt.Errorf("line %d: %q: the header must come first, once", i+1, line)
				}
				break
			}
		}
		if !ok {
			return fmt.Errorf("line %d is not a statement schemagen writes: %q", i+1, line)
		}
		if kind == "er" {
			if m := erLines[1].FindStringSubmatch(line); m != nil {
				declared[m[1]] = true
			}
			if m := erLines[4].FindStringSubmatch(line); m != nil && (!declared[m[1]] || !declared[m[4]]) {
				return fmt.Errorf("line %d: relationship between undeclared entities: %q", i+1, line)
			}
		}
		if strings.HasSuffix(line, "{") {
			depth++
		}
		if strings.TrimSpace(line) == "}" {
			depth--
		}
		if depth < 0 || depth > 1 {
			return fmt.Errorf("line %d: unbalanced braces", i+1)
		}
	}
	if depth != 0 {
		return fmt.Errorf("unbalanced braces")
	}
	return nil
}
