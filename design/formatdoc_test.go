package design_test

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/schemagen/schemagen/design"
)

// formatDoc is the format reference whose YAML examples TestFormatDocExamples checks.
const formatDoc = "../docs/format.md"

// docExample is one fenced yaml block of a Markdown page.
type docExample struct {
	line int    // line of the page where the block's first line stands
	text string // the block, without the fences
}

// yamlBlocks returns the ```yaml blocks of a Markdown page in order.
func yamlBlocks(page string) []docExample {
	var out []docExample
	var cur *docExample
	var body []string
	for i, line := range strings.Split(page, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && (trimmed == "```yaml" || trimmed == "```yml"):
			cur, body = &docExample{line: i + 2}, nil
		case cur != nil && trimmed == "```":
			cur.text = strings.Join(body, "\n") + "\n"
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			body = append(body, line)
		}
	}
	return out
}

// contextEntities are the entities a fragment may name without declaring
// them: the minimal design every fragment is checked inside.
var contextEntities = []struct{ name, body string }{
	{"users", "fields: { id: uuid pk, name: text }"},
	{"drivers", "fields: { id: uuid pk, name: text }"},
	{"rides", "fields: { id: uuid pk, pickup: text }"},
	{"payments", "fields: { id: uuid pk, amount_cents: integer }"},
	{"locations", "fields: { id: uuid pk, city: text }"},
	{"posts", "fields: { id: uuid pk, title: text }"},
	{"tags", "fields: { id: uuid pk, label: text unique }"},
}

var fragmentRE = regexp.MustCompile(`^#\s*fragment:\s*(\S+)\s*$`)

// wrapExample turns a block into a design to check. A block whose first line
// is `# fragment: PATH` is a part of a design: PATH names where it stands
// (`entities.users.fields`, `relationships`, ...; `design` for top-level
// sections without `schemagen` and `name`). The block is indented under PATH
// in a minimal design that declares contextEntities, except those the block
// declares itself. first is the line of the result where the block starts.
func wrapExample(block string) (text string, first int, err error) {
	lines := strings.Split(strings.TrimSuffix(block, "\n"), "\n")
	m := fragmentRE.FindStringSubmatch(lines[0])
	if m == nil {
		if strings.Contains(lines[0], "fragment") {
			return "", 0, fmt.Errorf("first line %q mentions a fragment but is not `# fragment: PATH`", lines[0])
		}
		return block, 1, nil
	}
	var path []string
	if m[1] != "design" {
		path = strings.Split(m[1], ".")
		for _, seg := range path {
			if seg == "" {
				return "", 0, fmt.Errorf("fragment path %q has an empty part", m[1])
			}
		}
	}
	var b strings.Builder
	b.WriteString("schemagen: 1\nname: example\n")
	for i, seg := range path {
		fmt.Fprintf(&b, "%s%s:\n", strings.Repeat("  ", i), seg)
	}
	first = strings.Count(b.String(), "\n") + 1
	indent := strings.Repeat("  ", len(path))
	for _, line := range lines {
		if strings.TrimSpace(line) == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString(indent + line + "\n")
	}

	// Which entities does the block declare, and does the context go inside
	// the block's own `entities` map?
	declared := map[string]bool{}
	inEntities := len(path) > 0 && path[0] == "entities"
	switch {
	case len(path) == 0:
		var top map[string]yaml.Node
		if err := yaml.Unmarshal([]byte(block), &top); err != nil {
			return "", 0, fmt.Errorf("a `design` fragment must be a YAML map: %v", err)
		}
		if _, ok := top["entities"]; ok {
			return b.String(), first, nil // it declares its own entities
		}
	case inEntities && len(path) == 1:
		var entities map[string]yaml.Node
		if err := yaml.Unmarshal([]byte(block), &entities); err != nil {
			return "", 0, fmt.Errorf("an `entities` fragment must be a YAML map: %v", err)
		}
		for name := range entities {
			declared[name] = true
		}
	case inEntities:
		declared[path[1]] = true
	}
	if !inEntities {
		b.WriteString("entities:\n")
	}
	for _, e := range contextEntities {
		if !declared[e.name] {
			fmt.Fprintf(&b, "  %s: { %s }\n", e.name, e.body)
		}
	}
	return b.String(), first, nil
}

// checkExample checks one block of a page and returns what is wrong with it,
// each problem naming the page's line. Warnings and errors must be exactly the
// block's `# want: rule` annotations; an annotated info must be reported too.
func checkExample(page string, ex docExample) []string {
	at := func(line int) string { return fmt.Sprintf("%s:%d", page, line) }
	text, first, err := wrapExample(ex.text)
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", at(ex.line), err)}
	}
	blockLines := strings.Count(ex.text, "\n")
	// where maps a line of the checked text to the page, or to the test's context.
	where := func(line int) string {
		if line >= first && line < first+blockLines {
			return at(ex.line + line - first)
		}
		return fmt.Sprintf("%s (the test's context, line %d of the wrapped design)", at(ex.line), line)
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
			if _, ok := design.LookupRule(r); !ok {
				problems = append(problems, fmt.Sprintf("%s: `# want: %s` names no rule", where(i+1), r))
			}
			wants[want{line: i + 1, rule: r}] = true
		}
	}
	_, diags := design.Check("example.yaml", []byte(text))
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
// design.Check, the way `schemagen validate` does.
func TestFormatDocExamples(t *testing.T) {
	data, err := os.ReadFile(formatDoc)
	if err != nil {
		t.Fatal(err)
	}
	blocks := yamlBlocks(string(data))
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
		problems := checkExample("page.md", docExample{line: 10, text: tc.block})
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
		if problems := checkExample("page.md", docExample{line: 10, text: block}); len(problems) > 0 {
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
	for _, r := range design.All {
		if !strings.Contains(string(data), "(rules.md#"+r.Name+")") {
			t.Errorf("%s does not link the rule %s: add [`%s`](rules.md#%s) to the section it checks", formatDoc, r.Name, r.Name, r.Name)
		}
	}
}
