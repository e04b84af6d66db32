// Package format lays a design out canonically, for `schemagen fmt` and the
// language server's formatting: the keys of every map of the format in the
// order the format documents them (design.KeySets), two-space indentation,
// one space before a line comment, flow collections as `[a, b]` and
// `{k: v}`, and one blank line between the top-level sections. Every comment
// is kept; names, values and short forms are written as they were. Format is
// idempotent: formatting its output changes nothing.
package format

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/design"
	"gopkg.in/yaml.v3"
)

// Format returns the canonical layout of a design. It fails only when the
// text is not YAML (`schemagen validate` says where); a design with other
// problems is laid out as written.
func Format(data []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not valid YAML (schemagen validate says where): %w", err)
	}
	if doc.Kind == 0 {
		return data, nil
	}
	// An anchor must come before its aliases: moving keys could break that,
	// so a design that uses them keeps its key order.
	if !usesAliases(&doc) && len(doc.Content) == 1 {
		order(doc.Content[0], "design")
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	comments := map[string]bool{}
	lineComments(&doc, comments)
	return alignComments(separateSections(b.Bytes()), comments), nil
}

func usesAliases(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return true
	}
	return slices.ContainsFunc(n.Content, usesAliases)
}

// keyOrder maps each map of the format to its keys' ranks.
var keyOrder = func() map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, set := range design.KeySets() {
		ranks := map[string]int{}
		for i, k := range set.Keys {
			ranks[k] = i
		}
		out[set.Map] = ranks
	}
	return out
}()

// children says, for a map of the format and one of its keys, what the
// value holds: "" for nothing to order, "items:M" for a list of M maps,
// "values:M" for a map of names to M maps.
var children = map[string]string{
	"design.flow":          "items:flow_step",
	"design.entities":      "values:entity",
	"design.enums":         "values:enum",
	"design.relationships": "items:relationship",
	"design.states":        "values:machine",
	"design.failures":      "items:failure",
	"entity.fields":        "values:field",
	"entity.indexes":       "items:index",
	"failure.retry":        "map:retry",
}

// order sorts the keys of a mapping node of the format (what) in the
// documented order, unknown keys last in their order, then its children.
func order(n *yaml.Node, what string) {
	if n.Kind != yaml.MappingNode {
		return
	}
	ranks := keyOrder[what]
	type pair struct{ k, v *yaml.Node }
	pairs := make([]pair, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		pairs = append(pairs, pair{n.Content[i], n.Content[i+1]})
	}
	rank := func(p pair) int {
		if r, ok := ranks[p.k.Value]; ok {
			return r
		}
		return len(ranks)
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return rank(a) - rank(b) })
	for i, p := range pairs {
		n.Content[2*i], n.Content[2*i+1] = p.k, p.v
		kind, inner, ok := strings.Cut(children[what+"."+p.k.Value], ":")
		if !ok {
			continue
		}
		switch kind {
		case "items":
			if p.v.Kind == yaml.SequenceNode {
				for _, item := range p.v.Content {
					order(item, inner)
				}
			}
		case "values":
			if p.v.Kind == yaml.MappingNode {
				for j := 1; j < len(p.v.Content); j += 2 {
					order(p.v.Content[j], inner)
				}
			}
		case "map":
			order(p.v, inner)
		}
	}
}

// separateSections puts one blank line around every top-level section
// written as a block (`entities:` and what is under it), above the comment
// lines that lead into it; one-line keys (`schemagen: 1`, `name: x`) stay together.
func separateSections(out []byte) []byte {
	lines := strings.SplitAfter(string(out), "\n")
	block := func(i int) bool { // does the top-level key on line i hold a block?
		for j := i + 1; j < len(lines); j++ {
			if strings.HasPrefix(lines[j], "#") {
				continue
			}
			return strings.HasPrefix(lines[j], " ") || strings.HasPrefix(lines[j], "-")
		}
		return false
	}
	var b []string
	prevBlock, seenKey := false, false
	for i, line := range lines {
		if isTopKey(line) {
			isBlock := block(i)
			if seenKey && (isBlock || prevBlock) {
				// Above the comments just written for this key.
				j := len(b)
				for j > 0 && strings.HasPrefix(b[j-1], "#") {
					j--
				}
				b = slices.Insert(b, j, "\n")
			}
			seenKey, prevBlock = true, isBlock
		}
		b = append(b, line)
	}
	return []byte(strings.Join(b, ""))
}

func isTopKey(line string) bool {
	return line != "" && line[0] != ' ' && line[0] != '#' && line[0] != '-' && line[0] != '\n' && strings.Contains(line, ":")
}

// alignComments lines up the line comments of consecutive lines, two spaces
// after the longest code, as gofmt aligns Go's. comments are the line
// comments of the design: a line ends with one of them after one space.
func alignComments(out []byte, comments map[string]bool) []byte {
	lines := strings.Split(string(out), "\n")
	split := func(line string) (code string, ok bool) {
		for i := strings.Index(line, " #"); i >= 0; {
			if comments[line[i+1:]] && strings.TrimSpace(line[:i]) != "" {
				return line[:i], true
			}
			next := strings.Index(line[i+2:], " #")
			if next < 0 {
				break
			}
			i += 2 + next
		}
		return "", false
	}
	for i := 0; i < len(lines); {
		j, width := i, 0
		for ; j < len(lines); j++ {
			code, ok := split(lines[j])
			if !ok {
				break
			}
			width = max(width, len([]rune(strings.TrimRight(code, " "))))
		}
		for k := i; k < j; k++ {
			code, _ := split(lines[k])
			comment := lines[k][len(code)+1:]
			code = strings.TrimRight(code, " ")
			lines[k] = code + strings.Repeat(" ", width-len([]rune(code))+2) + comment
		}
		i = max(j, i+1)
	}
	return []byte(strings.Join(lines, "\n"))
}

// lineComments collects the line comments of a node tree.
func lineComments(n *yaml.Node, into map[string]bool) {
	if n.LineComment != "" {
		into[n.LineComment] = true
	}
	for _, c := range n.Content {
		lineComments(c, into)
	}
}
