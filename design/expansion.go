package design

import (
	"bytes"
	"io"

	"gopkg.in/yaml.v3"
)

// MaxAliasExpansion is how many YAML nodes aliases may add to a design when
// they are expanded. The file size limit bounds what is written out; this
// bounds what aliases multiply: one entity of 1,000 fields aliased a thousand
// times is a 30 KB file that expands to two million nodes. Anchors that share
// a few fields or a common column set stay far below it.
const MaxAliasExpansion = 100_000

// aliasExpansion counts the nodes that aliases add to the tree under root
// when expanded, and returns the first alias at which the count passes
// MaxAliasExpansion (nil when it does not). Each anchored node's expanded
// size is computed once, so the count costs one walk of the file's nodes.
func aliasExpansion(root *yaml.Node) (added int, over *yaml.Node) {
	sizes := map[*yaml.Node]int{}
	const inProgress = -1
	// size is the number of nodes n stands for once every alias under it is
	// expanded, capped just above the budget so that it cannot overflow.
	var size func(n *yaml.Node) int
	size = func(n *yaml.Node) int {
		if n == nil {
			return 0
		}
		if n.Kind == yaml.AliasNode {
			return size(n.Alias)
		}
		if s, ok := sizes[n]; ok {
			if s == inProgress {
				return 0 // a recursive alias: the loader reports it
			}
			return s
		}
		if n.Anchor != "" {
			sizes[n] = inProgress
		}
		total := 1
		for _, c := range n.Content {
			total += size(c)
			if total > MaxAliasExpansion+1 {
				total = MaxAliasExpansion + 1
			}
		}
		if n.Anchor != "" {
			sizes[n] = total
		}
		return total
	}
	// Walk the tree as written; each alias adds its target's expanded size.
	var walk func(n *yaml.Node) bool
	walk = func(n *yaml.Node) bool {
		if n == nil {
			return true
		}
		if n.Kind == yaml.AliasNode {
			added += size(n.Alias)
			if added > MaxAliasExpansion {
				over = n
				return false
			}
			return true
		}
		for _, c := range n.Content {
			if !walk(c) {
				return false
			}
		}
		return true
	}
	walk(root)
	return added, over
}

// secondDocument reports whether the decoder holds another YAML document after
// the first, and the line where it starts. A document that is empty (a
// trailing `---`) does not count.
func secondDocument(dec *yaml.Decoder, data []byte) (line int, ok bool) {
	var next yaml.Node
	err := dec.Decode(&next)
	if err == io.EOF {
		return 0, false
	}
	if err == nil {
		if len(next.Content) == 1 && next.Content[0].Kind == yaml.ScalarNode &&
			next.Content[0].Tag == "!!null" && next.Content[0].Value == "" {
			return 0, false
		}
		return next.Line, true
	}
	// The second document does not even parse: point at its separator.
	seen := 0
	for i, text := range bytes.Split(data, []byte("\n")) {
		if bytes.HasPrefix(text, []byte("---")) && (len(text) == 3 || text[3] == ' ' || text[3] == '\t' || text[3] == '\r') {
			seen++
			if seen == 2 || seen == 1 && i > 0 && !startsWithSeparator(data) {
				return i + 1, true
			}
		}
	}
	return 1, true
}

// startsWithSeparator reports whether the first document opens with `---`
// (after comments and blank lines).
func startsWithSeparator(data []byte) bool {
	for _, text := range bytes.Split(data, []byte("\n")) {
		t := bytes.TrimSpace(text)
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		return bytes.HasPrefix(t, []byte("---"))
	}
	return false
}
