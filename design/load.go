package design

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// MaxFileSize is the largest design file Load accepts. A design of 5000
// entities is about 1 MB; anything much larger is not a design.
const MaxFileSize = 16 << 20

// maxAliasVisits bounds how many nodes may be reached through YAML aliases, so
// that an alias bomb cannot make loading explode.
const maxAliasVisits = 100000

// LoadFile reads and loads a design file. The error is only for I/O problems;
// everything wrong with the content is a diagnostic.
func LoadFile(path string) (*Design, Diagnostics, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if info.IsDir() {
		return nil, nil, fmt.Errorf("%s is a directory, not a design file", path)
	}
	if info.Size() > MaxFileSize {
		return nil, Diagnostics{{
			Pos: Pos{File: path, Line: 1, Col: 1}, Severity: Error, Rule: RuleInputTooLarge.Name,
			Message: fmt.Sprintf("file is %d bytes; designs larger than %d MiB are refused", info.Size(), MaxFileSize>>20),
		}}, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	d, diags := Load(path, data)
	return d, diags, nil
}

// Load parses a design from YAML. It always returns a Design (possibly partial)
// so that later stages can report more problems; diagnostics say what is wrong.
func Load(file string, data []byte) (*Design, Diagnostics) {
	l := &loader{file: file, d: &Design{File: file}}
	if len(data) > MaxFileSize {
		size := fmt.Sprintf("%d bytes", len(data))
		if len(data) == MaxFileSize+1 {
			// What a reader that stops after the limit hands over: the file
			// may be far larger.
			size = fmt.Sprintf("more than %d bytes", MaxFileSize)
		}
		l.rep.Report(Pos{File: file, Line: 1, Col: 1}, RuleInputTooLarge, "",
			"file is %s; designs larger than %d MiB are refused", size, MaxFileSize>>20)
		return l.d, l.rep.Diags
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		line, col := firstBadByte(data)
		l.rep.Report(Pos{File: file, Line: line, Col: col}, RuleYAMLSyntax, "save the design as UTF-8 text",
			"the file is not UTF-8 text")
		return l.d, l.rep.Diags
	}
	root, ok := decodeInPieces(data)
	if !ok {
		root = &yaml.Node{}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		if err := dec.Decode(root); err != nil && err != io.EOF {
			l.syntaxError(err, data)
			return l.d, l.rep.Diags
		}
		if line, ok := secondDocument(dec, data); ok {
			l.rep.Report(Pos{File: file, Line: line, Col: 1}, RuleYAMLSyntax, "keep one design per file: remove the `---` and what follows, or move it to a file of its own",
				"the file holds a second YAML document; only one design per file is read")
			return l.d, l.rep.Diags
		}
	}
	if _, at := aliasExpansion(root); at != nil {
		l.rep.Report(l.pos(at), RuleInputTooLarge, "write the repeated part out, or share smaller pieces",
			"aliases expand the design by more than %d YAML nodes; the alias here passes that limit", MaxAliasExpansion)
		return l.d, l.rep.Diags
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		l.rep.Report(Pos{File: file, Line: 1, Col: 1}, RuleMissingKey, "start from `schemagen init`",
			"the design is empty: it needs at least `schemagen: 1` and `name`")
		return l.d, l.rep.Diags
	}
	l.design(root.Content[0])
	return l.d, l.rep.Diags
}

type loader struct {
	file        string
	d           *Design
	rep         Reporter
	aliasVisits int
	toks        []specToken // scratch for parseFieldSpec
	fields      []Field     // slab that newField hands out
}

// newField returns a zeroed Field from a slab, so that fields cost one
// allocation per many instead of one each.
func (l *loader) newField() *Field {
	if len(l.fields) == 0 {
		l.fields = make([]Field, 128)
	}
	f := &l.fields[0]
	l.fields = l.fields[1:]
	return f
}

func (l *loader) pos(n *yaml.Node) Pos {
	return Pos{File: l.file, Line: n.Line, Col: n.Column}
}

// resolve follows aliases, within the alias budget. It returns nil when the budget is spent.
func (l *loader) resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		l.aliasVisits++
		if l.aliasVisits == maxAliasVisits {
			l.rep.Report(l.pos(n), RuleYAMLSyntax, "expand the aliases by hand",
				"too many alias expansions (more than %d): the file looks like an alias bomb", maxAliasVisits)
		}
		if l.aliasVisits >= maxAliasVisits {
			return nil
		}
		n = n.Alias
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return "a single value"
	}
	return "something else"
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// keyed walks a mapping node: it checks that every key is one of known (with a
// did-you-mean otherwise), reports duplicate keys, follows merge keys, and calls
// fn for each accepted pair in order. It reports and returns false when n is not a map.
func (l *loader) keyed(n *yaml.Node, what string, known []string, fn func(key string, k, v *yaml.Node)) bool {
	return l.keyedAs(n, label{format: what}, known, fn)
}

// label describes a YAML element in messages. It is formatted only when a
// message is reported, so that the happy path builds no strings.
type label struct {
	format string // a fmt format with one %q verb when hasArg
	arg    string
	hasArg bool
}

// labelOf is a label whose text is fmt.Sprintf(format, arg), built on demand.
func labelOf(format, arg string) label {
	return label{format: format, arg: arg, hasArg: true}
}

func (w label) String() string {
	if !w.hasArg {
		return w.format
	}
	return fmt.Sprintf(w.format, w.arg)
}

// keyedAs is keyed with a label built only when a message needs it.
func (l *loader) keyedAs(n *yaml.Node, what label, known []string, fn func(key string, k, v *yaml.Node)) bool {
	n = l.resolve(n)
	if n == nil {
		return false
	}
	if isNull(n) {
		return true
	}
	if n.Kind != yaml.MappingNode {
		l.rep.Report(l.pos(n), RuleInvalidValue, "", "%s must be a map, found %s", what, kindName(n))
		return false
	}
	seen := make(map[string]bool, len(n.Content)/2)
	l.pairs(n, func(k, v *yaml.Node) {
		key := k.Value
		if seen[key] {
			l.rep.Report(l.pos(k), RuleDuplicateKey, "remove one of them", "%s has the key %q twice", what, key)
			return
		}
		seen[key] = true
		if known != nil && !slices.Contains(known, key) {
			hint := ""
			if s := l.rep.Suggest(key, known); s != "" {
				hint = fmt.Sprintf("did you mean `%s`?", s)
			} else {
				hint = "known keys: " + strings.Join(known, ", ")
			}
			l.rep.Report(l.pos(k), RuleUnknownKey, hint, "unknown key %q in %s", key, what)
			return
		}
		fn(key, k, v)
	})
	return true
}

// pairs calls fn for each key/value of a mapping, expanding `<<` merge keys first.
func (l *loader) pairs(n *yaml.Node, fn func(k, v *yaml.Node)) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			for _, m := range l.mergeSources(v) {
				l.pairs(m, fn)
			}
			continue
		}
		if k.Kind != yaml.ScalarNode {
			l.rep.Report(l.pos(k), RuleInvalidValue, "", "keys must be plain names, found %s", kindName(k))
			continue
		}
		fn(k, v)
	}
}

func (l *loader) mergeSources(v *yaml.Node) []*yaml.Node {
	v = l.resolve(v)
	if v == nil {
		return nil
	}
	switch v.Kind {
	case yaml.MappingNode:
		return []*yaml.Node{v}
	case yaml.SequenceNode:
		var out []*yaml.Node
		for _, item := range v.Content {
			if m := l.resolve(item); m != nil && m.Kind == yaml.MappingNode {
				out = append(out, m)
			}
		}
		return out
	}
	l.rep.Report(l.pos(v), RuleInvalidValue, "", "a merge key (<<) needs a map, found %s", kindName(v))
	return nil
}

// scalar returns the value of a scalar node, reporting anything else.
func (l *loader) scalar(n *yaml.Node, what string) (string, bool) {
	n = l.resolve(n)
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode || isNull(n) {
		l.rep.Report(l.pos(n), RuleInvalidValue, "", "%s must be a single value, found %s", what, kindName(n))
		return "", false
	}
	return n.Value, true
}

// name is like scalar but keeps the position.
func (l *loader) name(n *yaml.Node, what string) (Name, bool) {
	s, ok := l.scalar(n, what)
	if !ok {
		return Name{}, false
	}
	if strings.TrimSpace(s) == "" {
		l.rep.Report(l.pos(n), RuleInvalidValue, "", "%s must not be empty", what)
		return Name{}, false
	}
	return Name{Name: s, Pos: l.pos(l.resolve(n))}, true
}

// names accepts one name or a list of names.
func (l *loader) names(n *yaml.Node, what string) []Name {
	n = l.resolve(n)
	if n == nil || isNull(n) {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		if nm, ok := l.name(n, what); ok {
			return []Name{nm}
		}
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		l.rep.Report(l.pos(n), RuleInvalidValue, "", "%s must be a name or a list of names, found %s", what, kindName(n))
		return nil
	}
	out := make([]Name, 0, len(n.Content))
	for _, item := range n.Content {
		if nm, ok := l.name(item, what); ok {
			out = append(out, nm)
		}
	}
	return out
}

func (l *loader) boolean(n *yaml.Node, what string) bool {
	n = l.resolve(n)
	if n == nil {
		return false
	}
	if n.Kind == yaml.ScalarNode {
		switch strings.ToLower(n.Value) {
		case "true", "yes", "on":
			return true
		case "false", "no", "off", "":
			return false
		}
	}
	l.rep.Report(l.pos(n), RuleInvalidValue, "write true or false", "%s must be true or false", what)
	return false
}

func (l *loader) integer(n *yaml.Node, what string) (int, bool) {
	s, ok := l.scalar(n, what)
	if !ok {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		l.rep.Report(l.pos(n), RuleInvalidValue, "", "%s must be a whole number, found %q", what, s)
		return 0, false
	}
	return v, true
}

func (l *loader) sequence(n *yaml.Node, what string) []*yaml.Node {
	n = l.resolve(n)
	if n == nil || isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		l.rep.Report(l.pos(n), RuleInvalidValue, "", "%s must be a list, found %s", what, kindName(n))
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, item := range n.Content {
		if r := l.resolve(item); r != nil {
			out = append(out, r)
		}
	}
	return out
}
