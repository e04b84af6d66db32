// Package docexamples reads the YAML examples of a Markdown page, such as
// docs/format.md, and turns each into a design that tests can check: a
// complete design as it is, a fragment wrapped in a minimal design. It is a
// test helper; the binary does not use it.
package docexamples

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// Example is one fenced yaml block of a Markdown page.
type Example struct {
	Line int    // line of the page where the block's first line stands
	Text string // the block, without the fences
}

// YAMLBlocks returns the ```yaml blocks of a Markdown page in order.
func YAMLBlocks(page string) []Example {
	var out []Example
	var cur *Example
	var body []string
	for i, line := range strings.Split(page, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && (trimmed == "```yaml" || trimmed == "```yml"):
			cur, body = &Example{Line: i + 2}, nil
		case cur != nil && trimmed == "```":
			cur.Text = strings.Join(body, "\n") + "\n"
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			body = append(body, line)
		}
	}
	return out
}

// ContextEntities are the entities a fragment may name without declaring
// them: the minimal design every fragment is checked inside. docs/format.md
// lists them under "Reading this page".
var ContextEntities = []struct{ Name, Body string }{
	{"users", "fields: { id: uuid pk, name: text }"},
	{"drivers", "fields: { id: uuid pk, name: text }"},
	{"rides", "fields: { id: uuid pk, pickup: text }"},
	{"payments", "fields: { id: uuid pk, amount_cents: integer }"},
	{"locations", "fields: { id: uuid pk, city: text }"},
	{"posts", "fields: { id: uuid pk, title: text }"},
	{"tags", "fields: { id: uuid pk, label: text unique }"},
}

var fragmentRE = regexp.MustCompile(`^#\s*fragment:\s*(\S+)\s*$`)

// Wrap turns a block into a design to check. A block whose first line is
// `# fragment: PATH` is a part of a design: PATH names where it stands
// (`entities.users.fields`, `relationships`, ...; `design` for top-level
// sections without `schemagen` and `name`). The block is indented under PATH
// in a minimal design that declares ContextEntities, except those the block
// declares itself. first is the line of the result where the block starts:
// the block's line n is line first+n-1 of the result.
func Wrap(block string) (text string, first int, err error) {
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
	for _, e := range ContextEntities {
		if !declared[e.Name] {
			fmt.Fprintf(&b, "  %s: { %s }\n", e.Name, e.Body)
		}
	}
	return b.String(), first, nil
}
