package design_test

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/lint"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/rulebook"
	"github.com/schemagen/schemagen/internal/testkit/docexamples"
)

// formatDoc is the format reference whose YAML examples TestFormatDocExamples checks.
const formatDoc = "../docs/format.md"

// checkExample checks one block of a page and returns what is wrong with it,
// each problem naming the page's line. Warnings and errors must be exactly the
// block's `# want: rule` annotations; an annotated info must be reported too.
func checkExample(page string, ex docexamples.Example) []string {
	at := func(line int) string { return fmt.Sprintf("%s:%d", page, line) }
	text, first, err := docexamples.Wrap(ex.Text)
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", at(ex.Line), err)}
	}
	blockLines := strings.Count(ex.Text, "\n")
	// where maps a line of the checked text to the page, or to the test's context.
	where := func(line int) string {
		if line >= first && line < first+blockLines {
			return at(ex.Line + line - first)
		}
		return fmt.Sprintf("%s (the test's context, line %d of the wrapped design)", at(ex.Line), line)
	}
	wants := map[want]bool{}
	var problems []string
	for i, line := range strings.Split(text, "\n") {
		m := wantRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		rules := strings.Fields(m[1])
		if len(rules) == 0 {
			problems = append(problems, fmt.Sprintf("%s: `# want:` names no rule", where(i+1)))
		}
		for _, r := range rules {
			if _, ok := rulebook.All().Lookup(r); !ok {
				problems = append(problems, fmt.Sprintf("%s: `# want: %s` names no rule", where(i+1), r))
			}
			wants[want{line: i + 1, rule: r}] = true
		}
	}
	_, diags := check.Source("example.yaml", []byte(text), nil)
	got := map[want]bool{}
	for _, d := range diags {
		w := want{line: d.Pos.Line, rule: d.Rule}
		got[w] = true
		if d.Severity >= design.Warning && !wants[w] {
			problems = append(problems, fmt.Sprintf("%s: unexpected %s: %s [%s]", where(d.Pos.Line), d.Severity, d.Message, d.Rule))
		}
	}
	for w := range wants {
		if !got[w] {
			problems = append(problems, fmt.Sprintf("%s: missing diagnostic [%s]", where(w.line), w.rule))
		}
	}
	slices.Sort(problems)
	return problems
}

// TestFormatDocExamples checks every yaml example of docs/format.md with
// check.Source, the way `schemagen validate` does.
func TestFormatDocExamples(t *testing.T) {
	data, err := os.ReadFile(formatDoc)
	if err != nil {
		t.Fatal(err)
	}
	blocks := docexamples.YAMLBlocks(string(data))
	if len(blocks) < 20 {
		t.Fatalf("%s has %d yaml examples; the reference should show every section", formatDoc, len(blocks))
	}
	for _, ex := range blocks {
		for _, p := range checkExample(formatDoc, ex) {
			t.Error(p)
		}
	}
}

// TestFormatDocExamplesCanFail feeds checkExample examples that are wrong in
// each way it must catch, so that TestFormatDocExamples cannot pass vacuously.
func TestFormatDocExamplesCanFail(t *testing.T) {
	for _, tc := range []struct{ name, block, problem string }{
		{"an error in a complete design", "schemagen: 1\nname: x\nentities:\n  users: { fields: { name: txt } }\n", "page.md:13: unexpected error"},
		{"a warning in a fragment", "# fragment: entities.rides.fields\nprice: real\n", "page.md:11: unexpected warning"},
		{"an unknown entity in a fragment", "# fragment: relationships\n- users 1-n riders\n", "page.md:11: unexpected error"},
		{"a want that does not happen", "# fragment: entities.users.fields\nemail: text   # want: invalid-type\n", "page.md:11: missing diagnostic [invalid-type]"},
		{"a want on the wrong line", "# fragment: relationships\n- posts n-n tags\n# want: many-to-many-needs-junction\n", "missing diagnostic"},
		{"a want of no rule", "# fragment: enums\nkind: [a, b]   # want: no-such-rule\n", "names no rule"},
		{"a malformed fragment line", "# fragment:\nschemagen: 1\nname: x\n", "is not `# fragment: PATH`"},
		{"a design fragment that is not a map", "# fragment: design\n- a\n", "must be a YAML map"},
		{"invalid YAML", "schemagen: 1\nname: [x\n", "unexpected error"},
	} {
		problems := checkExample("page.md", docexamples.Example{Line: 10, Text: tc.block})
		if len(problems) == 0 {
			t.Errorf("%s: no problem reported", tc.name)
			continue
		}
		if !strings.Contains(strings.Join(problems, "\n"), tc.problem) {
			t.Errorf("%s: problems do not mention %q:\n%s", tc.name, tc.problem, strings.Join(problems, "\n"))
		}
	}
	// And examples that are right pass, with their annotations.
	for _, block := range []string{
		"# fragment: relationships\n- posts n-n tags   # want: many-to-many-needs-junction\n",
		"# fragment: entities.users.fields\nemail: text unique\n",
		"# fragment: entities\nusers:\n  fields: { id: bigint pk, email: citext unique }\n",
		"# fragment: design\nenums: { kind: [a, b] }\n",
	} {
		if problems := checkExample("page.md", docexamples.Example{Line: 10, Text: block}); len(problems) > 0 {
			t.Errorf("%q: %s", block, strings.Join(problems, "\n"))
		}
	}
}

// TestFormatDocNamesEveryRule requires docs/format.md to name every rule that
// checks a design, so that each shows up under the section it checks.
func TestFormatDocNamesEveryRule(t *testing.T) {
	data, err := os.ReadFile(formatDoc)
	if err != nil {
		t.Fatal(err)
	}
	// The rules that check a design: the format's, the lint rules and
	// PostgreSQL's expression check (not the importer's or the differ's).
	rules := append(design.Rules(), postgres.Rules()...)
	for _, r := range lint.Rules() {
		rules = append(rules, &r.Rule)
	}
	for _, r := range rules {
		if !strings.Contains(string(data), "(rules.md#"+r.Name+")") {
			t.Errorf("%s does not link the rule %s: add [`%s`](rules.md#%s) to the section it checks", formatDoc, r.Name, r.Name, r.Name)
		}
	}
}

// want is one expected diagnostic: a `# want: rule` annotation on a line.
type want struct {
	line int
	rule string
}

var wantRE = regexp.MustCompile(`#\s*want:\s*(.*)$`)
