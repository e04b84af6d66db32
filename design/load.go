package design

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
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
		l.rep.Report(Pos{File: file, Line: 1, Col: 1}, RuleInputTooLarge, "",
			"file is %d bytes; designs larger than %d MiB are refused", len(data), MaxFileSize>>20)
		return l.d, l.rep.Diags
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		line, col := firstBadByte(data)
		l.rep.Report(Pos{File: file, Line: line, Col: col}, RuleYAMLSyntax, "save the design as UTF-8 text",
			"the file is not UTF-8 text")
		return l.d, l.rep.Diags
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		l.syntaxError(err, data)
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

func firstBadByte(data []byte) (line, col int) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 || r == 0 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[size:]
	}
	return line, col
}

var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

func (l *loader) syntaxError(err error, data []byte) {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	line := 1
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		if m[1] != "" {
			line, _ = strconv.Atoi(m[1])
		}
		msg = m[2]
	}
	line = syntaxErrorLine(data, line)
	l.rep.Report(Pos{File: l.file, Line: line, Col: 1}, RuleYAMLSyntax, syntaxHint(data, line), "invalid YAML: %s", msg)
}

// nullableInFlowRE finds a plain value ending in `?` inside `{...}` or `[...]`,
// which the YAML parser rejects although the format allows `text?`.
var nullableInFlowRE = regexp.MustCompile(`[{\[,]\s*(?:[\w-]+\s*:\s*)?[\w()\[\], ]*[\w)\]]\?\s*[,}\]]`)

// syntaxHint suggests a fix for the mistakes people make most in designs.
func syntaxHint(data []byte, line int) string {
	lines := bytes.Split(data, []byte("\n"))
	if line < 1 || line > len(lines) {
		return ""
	}
	text := lines[line-1]
	switch {
	case nullableInFlowRE.Match(text):
		return "quote a nullable type inside { } or [ ]: `{type: \"text?\"}`, or use the block form"
	case bytes.HasPrefix(bytes.TrimLeft(text, " "), []byte("\t")) || bytes.Contains(text[:len(text)-len(bytes.TrimLeft(text, " \t"))], []byte("\t")):
		return "indent with spaces: YAML does not allow tabs for indentation"
	}
	return "check the indentation, colons, brackets and quotes on this line and the one before"
}

// maxSyntaxProbes bounds the extra parses syntaxErrorLine may spend.
const maxSyntaxProbes = 64

// syntaxErrorLine finds the line where a document that yaml.v3 rejects goes
// wrong. yaml.v3 reports the line where the enclosing block or flow collection
// starts (and counts it from zero), which can be far above the mistake. The
// mistake is on the first line after which no prefix of the document parses:
// prefix(k-1) parses and every longer prefix fails. Probing is bounded, so a
// huge broken file costs a few dozen parses at most; reported is the line
// yaml.v3 gave when nothing better is found.
func syntaxErrorLine(data []byte, reported int) int {
	starts := []int{0} // byte offset where each line starts
	for i, c := range data {
		if c == '\n' && i+1 < len(data) {
			starts = append(starts, i+1)
		}
	}
	n := len(starts)
	parses := func(k int) bool { // does the prefix of k lines parse?
		end := len(data)
		if k < n {
			end = starts[k]
		}
		var node yaml.Node
		return yaml.Unmarshal(data[:end], &node) == nil
	}
	// Walk back from the end while prefixes fail: the line after the last
	// prefix that parses is where the document broke for good.
	probes := 0
	k := n - 1
	for ; k >= 0 && probes < maxSyntaxProbes; k-- {
		probes++
		if parses(k) {
			return k + 1
		}
	}
	if k < 0 {
		return 1
	}
	// Too far from the end to walk: bisect between the start (the empty
	// document parses) and k+1 (fails).
	lo, hi := 0, k+1
	for hi-lo > 1 && probes < 2*maxSyntaxProbes {
		probes++
		mid := (lo + hi) / 2
		if parses(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	if hi-lo == 1 {
		return hi
	}
	if reported < 1 || reported > n {
		return 1
	}
	return reported
}

type loader struct {
	file        string
	d           *Design
	rep         Reporter
	aliasVisits int
	toks        []specToken // scratch for parseFieldSpec
	seen        []string    // keys of the maps being walked, see keyedAs
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
	// Small maps (nearly all of them) find duplicates by scanning the keys seen
	// so far, kept on the loader's stack l.seen from base on (nested maps push
	// above and pop back before returning); large ones use a set.
	base := len(l.seen)
	var seenSet map[string]bool
	if len(n.Content) > 32 {
		seenSet = make(map[string]bool, len(n.Content)/2)
	}
	l.pairs(n, func(k, v *yaml.Node) {
		key := k.Value
		if seenSet != nil {
			if seenSet[key] {
				l.rep.Report(l.pos(k), RuleDuplicateKey, "remove one of them", "%s has the key %q twice", what, key)
				return
			}
			seenSet[key] = true
		} else {
			seenList := l.seen[base:]
			if slices.Contains(seenList, key) {
				l.rep.Report(l.pos(k), RuleDuplicateKey, "remove one of them", "%s has the key %q twice", what, key)
				return
			}
			if len(seenList) >= 32 { // merge keys made the map larger than it looked
				seenSet = make(map[string]bool, 2*len(seenList))
				for _, s := range seenList {
					seenSet[s] = true
				}
				seenSet[key] = true
				l.seen = l.seen[:base]
			} else {
				l.seen = append(l.seen, key)
			}
		}
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
	l.seen = l.seen[:base]
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

var topKeys = []string{"schemagen", "name", "description", "flow", "entities", "enums", "relationships", "states", "events", "failures"}

func (l *loader) design(root *yaml.Node) {
	d := l.d
	var sawVersion, sawName bool
	ok := l.keyed(root, "the design", topKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "schemagen":
			sawVersion = true
			if n, ok := l.integer(v, "`schemagen`"); ok {
				d.Version = n
				if n != 1 {
					l.rep.Report(l.pos(v), RuleInvalidValue, "write `schemagen: 1`",
						"unsupported format version %d: this schemagen reads version 1", n)
				}
			}
		case "name":
			sawName = true
			if nm, ok := l.name(v, "`name`"); ok {
				d.Name, d.NamePos = nm.Name, nm.Pos
			}
		case "description":
			d.Description, _ = l.text(v, "`description`")
		case "flow":
			for _, item := range l.sequence(v, "`flow`") {
				l.flowStep(item)
			}
		case "entities":
			l.keyed(v, "`entities`", nil, func(name string, k, v *yaml.Node) { l.entity(name, k, v) })
		case "enums":
			l.keyed(v, "`enums`", nil, func(name string, k, v *yaml.Node) { l.enum(name, k, v) })
		case "relationships":
			for _, item := range l.sequence(v, "`relationships`") {
				l.relationship(item)
			}
		case "states":
			l.keyed(v, "`states`", nil, func(name string, k, v *yaml.Node) { l.machine(name, k, v) })
		case "events":
			l.keyed(v, "`events`", nil, func(name string, k, v *yaml.Node) {
				d.Events = append(d.Events, &EventSet{
					Entity: Name{Name: name, Pos: l.pos(k)},
					Types:  l.names(v, "an event type"),
				})
			})
		case "failures":
			for _, item := range l.sequence(v, "`failures`") {
				l.failure(item)
			}
		}
	})
	if !ok {
		return
	}
	top := Pos{File: l.file, Line: 1, Col: 1}
	if !sawVersion {
		l.rep.Report(top, RuleMissingKey, "add `schemagen: 1` as the first line", "the design does not say its format version (`schemagen: 1`)")
	}
	if !sawName {
		l.rep.Report(top, RuleMissingKey, "add `name: my_system`", "the design has no `name`")
	}
}

// text accepts any scalar as free text.
func (l *loader) text(n *yaml.Node, what string) (string, bool) {
	n = l.resolve(n)
	if n == nil || isNull(n) {
		return "", true
	}
	return l.scalar(n, what)
}

var entityKeys = []string{"description", "fields", "group", "schema", "table", "indexes", "renamed_from", "unique", "keyless"}

func (l *loader) entity(name string, k, v *yaml.Node) {
	e := &Entity{Name: name, Pos: l.pos(k)}
	l.d.Entities = append(l.d.Entities, e)
	l.keyedAs(v, labelOf("entity %q", name), entityKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "description":
			e.Description, _ = l.text(v, "`description`")
		case "group":
			e.Group, _ = l.scalar(v, "`group`")
		case "schema":
			e.Schema, _ = l.scalar(v, "`schema`")
		case "table":
			e.Table, _ = l.scalar(v, "`table`")
		case "keyless":
			e.Keyless = l.boolean(v, "`keyless`")
		case "renamed_from":
			e.RenamedFrom, _ = l.scalar(v, "`renamed_from`")
		case "fields":
			if v.Kind == yaml.MappingNode && len(v.Content) > 0 && e.Fields == nil {
				e.Fields = make([]*Field, 0, len(v.Content)/2)
			}
			l.keyedAs(v, labelOf("the fields of %q", name), nil, func(fname string, k, v *yaml.Node) {
				if f := l.field(fname, k, v); f != nil {
					e.Fields = append(e.Fields, f)
				}
			})
		case "indexes":
			for _, item := range l.sequence(v, "`indexes`") {
				if ix := l.index(item); ix != nil {
					e.Indexes = append(e.Indexes, ix)
				}
			}
		case "unique":
			for _, item := range l.sequence(v, "`unique`") {
				if cols := l.names(item, "a column"); len(cols) > 0 {
					e.Unique = append(e.Unique, cols)
				}
			}
		}
	})
}

var fieldKeys = []string{"type", "nullable", "pk", "unique", "identity", "default", "generated", "check", "description", "renamed_from"}

func (l *loader) field(name string, k, v *yaml.Node) *Field {
	f := l.newField()
	f.Name, f.Pos = name, l.pos(k)
	v = l.resolve(v)
	if v == nil {
		return nil
	}
	f.SpecPos = l.pos(v)
	switch {
	case v.Kind == yaml.ScalarNode && !isNull(v):
		if !l.parseFieldSpec(f, v) {
			return nil
		}
		return f
	case v.Kind == yaml.MappingNode:
		sawType := false
		l.keyedAs(v, labelOf("field %q", name), fieldKeys, func(key string, k, v *yaml.Node) {
			switch key {
			case "type":
				if s, ok := l.scalar(v, "`type`"); ok {
					sawType = true
					f.TypePos = l.pos(v)
					s = strings.TrimSpace(s)
					if strings.HasSuffix(s, "?") {
						f.Nullable = true
						s = strings.TrimSpace(strings.TrimSuffix(s, "?"))
					}
					f.Type = s
				}
			case "nullable":
				f.Nullable = l.boolean(v, "`nullable`") || f.Nullable
			case "pk":
				f.PK = l.boolean(v, "`pk`")
			case "unique":
				f.Unique = l.boolean(v, "`unique`")
			case "identity":
				f.Identity = l.boolean(v, "`identity`")
			case "default":
				f.Default, _ = l.scalar(v, "`default`")
			case "generated":
				f.Generated, _ = l.scalar(v, "`generated`")
				f.Generated = stripParens(f.Generated)
			case "check":
				f.Check, _ = l.scalar(v, "`check`")
				f.Check = stripParens(f.Check)
			case "description":
				f.Description, _ = l.text(v, "`description`")
			case "renamed_from":
				f.RenamedFrom, _ = l.scalar(v, "`renamed_from`")
			}
		})
		if !sawType {
			l.rep.Report(l.pos(k), RuleMissingKey, "add `type: text` (or the type it holds)", "field %q has no `type`", name)
			return nil
		}
		return f
	}
	l.rep.Report(l.pos(v), RuleInvalidValue, "write a spec such as `text` or `integer? default 0`",
		"field %q needs a type, found %s", name, kindName(v))
	return nil
}

// stripParens removes one pair of parentheses around a whole expression.
func stripParens(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '(' && MatchParen(s, 0) == len(s)-1 {
		return strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

var indexKeys = []string{"columns", "unique", "where", "name", "using"}

func (l *loader) index(n *yaml.Node) *Index {
	ix := &Index{Pos: l.pos(n)}
	if n.Kind == yaml.ScalarNode || n.Kind == yaml.SequenceNode {
		// Short forms: `- email` or `- [a, b]`.
		ix.Columns = l.names(n, "a column")
		return ix
	}
	l.keyed(n, "an index", indexKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "columns":
			ix.Columns = l.names(v, "a column")
		case "unique":
			ix.Unique = l.boolean(v, "`unique`")
		case "where":
			ix.Where, _ = l.scalar(v, "`where`")
			ix.Where = stripParens(ix.Where)
		case "name":
			ix.Name, _ = l.scalar(v, "`name`")
		case "using":
			ix.Using, _ = l.scalar(v, "`using`")
			ix.Using = strings.ToLower(strings.TrimSpace(ix.Using))
		}
	})
	if len(ix.Columns) == 0 {
		l.rep.Report(ix.Pos, RuleMissingKey, "add `columns: [a, b]`", "an index needs `columns`")
		return nil
	}
	return ix
}

var enumKeys = []string{"values", "renamed_from", "description"}

func (l *loader) enum(name string, k, v *yaml.Node) {
	e := &Enum{Name: name, Pos: l.pos(k)}
	v = l.resolve(v)
	if v == nil {
		return
	}
	if v.Kind == yaml.MappingNode {
		l.keyedAs(v, labelOf("enum %q", name), enumKeys, func(key string, k, v *yaml.Node) {
			switch key {
			case "values":
				e.Values = l.names(v, "an enum value")
			case "renamed_from":
				e.RenamedFrom, _ = l.scalar(v, "`renamed_from`")
			case "description":
				e.Description, _ = l.text(v, "`description`")
			}
		})
	} else {
		e.Values = l.names(v, "an enum value")
	}
	if len(e.Values) == 0 {
		l.rep.Report(e.Pos, RuleInvalidValue, "list its values: `[a, b]`", "enum %q has no values", name)
	}
	l.d.Enums = append(l.d.Enums, e)
}

var machineKeys = []string{"entity", "column", "initial", "transitions", "terminal", "states", "renamed_from", "description"}

func (l *loader) machine(name string, k, v *yaml.Node) {
	m := &Machine{Name: name, Pos: l.pos(k), Column: "status"}
	what := labelOf("state machine %q", name)
	var sawEntity, sawInitial bool
	ok := l.keyedAs(v, what, machineKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "entity":
			m.Entity, sawEntity = l.name(v, "`entity`")
		case "column":
			if s, ok := l.scalar(v, "`column`"); ok {
				m.Column, m.ColumnPos = s, l.pos(v)
			}
		case "initial":
			m.Initial, sawInitial = l.name(v, "`initial`")
		case "transitions":
			l.keyed(v, "`transitions`", nil, func(from string, k, v *yaml.Node) {
				m.Transitions = append(m.Transitions, &Transition{
					From: Name{Name: from, Pos: l.pos(k)},
					To:   l.names(v, "a state"),
				})
			})
		case "terminal":
			m.Terminal = l.names(v, "a state")
		case "states":
			m.States = l.names(v, "a state")
		case "renamed_from":
			m.RenamedFrom, _ = l.scalar(v, "`renamed_from`")
		case "description":
			m.Description, _ = l.text(v, "`description`")
		}
	})
	if !ok {
		return
	}
	if !sawEntity {
		l.rep.Report(m.Pos, RuleMissingKey, "add `entity: ENTITY`", "%s does not say which entity it belongs to", what)
	}
	if !sawInitial {
		l.rep.Report(m.Pos, RuleMissingKey, "add `initial: STATE`", "%s has no `initial` state", what)
	}
	if m.ColumnPos == (Pos{}) {
		m.ColumnPos = m.Pos
	}
	l.d.Machines = append(l.d.Machines, m)
}

var failureKeys = []string{"name", "when", "entity", "state", "handling", "retry", "event", "description"}

func (l *loader) failure(n *yaml.Node) {
	f := &Failure{Pos: l.pos(n)}
	var sawName, sawWhen bool
	ok := l.keyed(n, "a failure", failureKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			f.Name, sawName = l.scalar(v, "`name`")
		case "when":
			f.When, sawWhen = l.text(v, "`when`")
			sawWhen = sawWhen && strings.TrimSpace(f.When) != ""
		case "entity":
			f.Entity, _ = l.name(v, "`entity`")
		case "state":
			f.State, _ = l.name(v, "`state`")
		case "handling":
			f.Handling, _ = l.text(v, "`handling`")
		case "event":
			f.Event, _ = l.name(v, "`event`")
		case "description":
			f.Description, _ = l.text(v, "`description`")
		case "retry":
			r := &Retry{Pos: l.pos(v)}
			sawMax := false
			l.keyed(v, "`retry`", retryKeys, func(key string, k, v *yaml.Node) {
				r.MaxAttempts, sawMax = l.integer(v, "`max_attempts`")
				if sawMax && r.MaxAttempts < 1 {
					l.rep.Report(l.pos(v), RuleInvalidValue, "", "`max_attempts` must be at least 1")
				}
			})
			if !sawMax {
				l.rep.Report(r.Pos, RuleMissingKey, "write `retry: { max_attempts: 3 }`", "`retry` needs `max_attempts`")
			}
			f.Retry = r
		}
	})
	if !ok {
		return
	}
	if !sawName {
		l.rep.Report(f.Pos, RuleMissingKey, "add `name: what_goes_wrong`", "a failure needs a `name`")
	}
	if !sawWhen {
		l.rep.Report(f.Pos, RuleMissingKey, "add `when: What happens in the real world.`", "failure %q needs `when`: what goes wrong", f.Name)
	}
	l.d.Failures = append(l.d.Failures, f)
}

var retryKeys = []string{"max_attempts"}

var flowKeys = []string{"step", "creates", "reads", "updates", "event"}

func (l *loader) flowStep(n *yaml.Node) {
	s := &FlowStep{Pos: l.pos(n)}
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		s.Step = n.Value
		l.d.Flow = append(l.d.Flow, s)
		return
	}
	sawStep := false
	ok := l.keyed(n, "a flow step", flowKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "step":
			s.Step, sawStep = l.text(v, "`step`")
		case "creates":
			s.Creates = l.names(v, "an entity")
		case "reads":
			s.Reads = l.names(v, "an entity")
		case "updates":
			s.Updates = l.names(v, "an entity")
		case "event":
			s.Event, _ = l.name(v, "`event`")
		}
	})
	if !ok {
		return
	}
	if !sawStep {
		l.rep.Report(s.Pos, RuleMissingKey, "add `step: What happens`", "a flow step needs `step`")
	}
	l.d.Flow = append(l.d.Flow, s)
}
