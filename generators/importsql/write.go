package importsql

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func value(v any) *yaml.Node {
	switch x := v.(type) {
	case string:
		return str(x)
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(x)}
	case int:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: fmt.Sprint(x)}
	case []string:
		return flowList(x)
	case *yaml.Node:
		return x
	}
	panic(fmt.Sprintf("importsql: no YAML for %T", v))
}

func flowList(items []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range items {
		n.Content = append(n.Content, str(s))
	}
	return n
}

func mapping(style yaml.Style) *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Style: style} }

func add(m *yaml.Node, key string, v any) {
	m.Content = append(m.Content, str(key), value(v))
}

// specKeywords are the words that end a default expression in a short field spec.
var specKeywords = map[string]bool{"pk": true, "unique": true, "identity": true, "default": true, "generated": true, "check": true, "collate": true}

// shortSafe reports whether an expression can stand in a short field spec: its
// top-level words (outside parentheses and quotes) include no spec keyword, and its
// parentheses and quotes balance.
func shortSafe(expr string) bool {
	depth := 0
	word := strings.Builder{}
	flush := func() bool {
		w := strings.ToLower(word.String())
		word.Reset()
		return !specKeywords[w]
	}
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		switch {
		case c == '\'' || c == '"':
			end := strings.IndexByte(expr[i+1:], c)
			if end < 0 {
				return false
			}
			i += end + 1
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth < 0 {
				return false
			}
		case c == ' ' || c == '\t' || c == '\n':
			if depth == 0 && !flush() {
				return false
			}
			continue
		}
		if depth == 0 && c != '(' && c != ')' {
			word.WriteByte(c)
		}
	}
	return depth == 0 && flush()
}

// fieldNode writes a field in the short form when it says everything, else in the map form.
func (f *field) node() *yaml.Node {
	short := f.description == "" && (f.def == "" || shortSafe(f.def)) &&
		(f.check == "" || shortSafe("("+f.check+")")) && (f.generated == "" || shortSafe("("+f.generated+")")) &&
		!strings.ContainsAny(f.def+f.check+f.generated, "\n")
	if short {
		var b strings.Builder
		b.WriteString(f.typ)
		if f.nullable {
			b.WriteString("?")
		}
		if f.pk {
			b.WriteString(" pk")
		}
		if f.unique {
			b.WriteString(" unique")
		}
		if f.identity {
			b.WriteString(" identity")
			if f.always {
				b.WriteString(" always")
			}
		}
		if f.collate != "" {
			b.WriteString(" collate " + f.collate)
		}
		if f.def != "" {
			b.WriteString(" default " + f.def)
		}
		if f.generated != "" {
			b.WriteString(" generated (" + f.generated + ")")
		}
		if f.check != "" {
			b.WriteString(" check (" + f.check + ")")
		}
		return str(b.String())
	}
	m := mapping(0)
	add(m, "type", f.typ)
	if f.nullable {
		add(m, "nullable", true)
	}
	if f.pk {
		add(m, "pk", true)
	}
	if f.unique {
		add(m, "unique", true)
	}
	switch {
	case f.always:
		add(m, "identity", "always")
	case f.identity:
		add(m, "identity", true)
	}
	if f.collate != "" {
		add(m, "collate", f.collate)
	}
	if f.def != "" {
		add(m, "default", f.def)
	}
	if f.generated != "" {
		add(m, "generated", f.generated)
	}
	if f.check != "" {
		add(m, "check", f.check)
	}
	if f.description != "" {
		add(m, "description", f.description)
	}
	return m
}

func (ix *index) node() *yaml.Node {
	m := mapping(yaml.FlowStyle)
	if ix.name != "" {
		add(m, "name", ix.name)
	}
	add(m, "columns", ix.columns)
	if ix.unique {
		add(m, "unique", true)
	}
	if ix.using != "" {
		add(m, "using", ix.using)
	}
	if ix.where != "" {
		add(m, "where", ix.where)
	}
	if len(ix.include) > 0 {
		add(m, "include", ix.include)
	}
	return m
}

func (e *entity) node() *yaml.Node {
	m := mapping(0)
	if e.t.comment != "" {
		add(m, "description", e.t.comment)
	}
	if e.t.schema != "public" {
		add(m, "schema", e.t.schema)
	}
	if e.key != e.t.name {
		add(m, "table", e.t.name)
	}
	if e.group != "" {
		add(m, "group", e.group)
	}
	if e.t.pk == nil {
		add(m, "keyless", true)
	}
	if e.t.unlogged {
		add(m, "unlogged", true)
	}
	if p := e.partition(); p != nil {
		add(m, "partition", p)
	}
	fields := mapping(0)
	for _, f := range e.fields {
		if !f.omit {
			add(fields, f.name, f.node())
		}
	}
	if len(fields.Content) > 0 {
		add(m, "fields", fields)
	}
	if e.keyOrder {
		add(m, "primary_key", e.pk)
	}
	var uniques []*yaml.Node
	for i, u := range e.uniques {
		if e.consumed[i] {
			continue
		}
		if k := e.uniqueOptions[i]; k != nil {
			um := mapping(yaml.FlowStyle)
			add(um, "columns", u)
			if k.deferrable != "" {
				add(um, "deferrable", deferrableValue(k.deferrable))
			}
			if k.nullsNotDistinct {
				add(um, "nulls_not_distinct", true)
			}
			uniques = append(uniques, um)
			continue
		}
		uniques = append(uniques, flowList(u))
	}
	if len(uniques) > 0 {
		add(m, "unique", &yaml.Node{Kind: yaml.SequenceNode, Content: uniques})
	}
	if len(e.indexes) > 0 {
		l := &yaml.Node{Kind: yaml.SequenceNode}
		for _, ix := range e.indexes {
			l.Content = append(l.Content, ix.node())
		}
		add(m, "indexes", l)
	}
	return m
}

// document writes the design: schemagen, name, description, entities, enums, relationships.
// yaml.v3's emitter slows down on very large documents (it moves its event
// queue for every event), so each entity and relationship is encoded on its
// own and indented into place; the bytes are the same as one big encode.
func (b *builder) document(name, description string) ([]byte, error) {
	var buf bytes.Buffer
	top := mapping(0)
	add(top, "schemagen", 1)
	add(top, "name", name)
	add(top, "description", description)
	if len(b.c.extensions) > 0 {
		add(top, "extensions", b.extensionsNode())
	}
	if err := encodeInto(&buf, top, 0); err != nil {
		return nil, err
	}
	buf.WriteString("entities:\n")
	for _, e := range b.entities {
		one := mapping(0)
		add(one, e.key, e.node())
		if err := encodeInto(&buf, one, 2); err != nil {
			return nil, err
		}
	}
	if len(b.c.enums) > 0 {
		buf.WriteString("enums:\n")
		for _, e := range b.c.enums {
			one := mapping(0)
			if e.comment != "" || e.schema != "public" {
				m := mapping(0)
				add(m, "values", e.values)
				if e.schema != "public" {
					add(m, "schema", e.schema)
				}
				if e.comment != "" {
					add(m, "description", e.comment)
				}
				add(one, e.name, m)
			} else {
				add(one, e.name, e.values)
			}
			if err := encodeInto(&buf, one, 2); err != nil {
				return nil, err
			}
		}
	}
	if len(b.domains) > 0 {
		buf.WriteString("domains:\n")
		for _, d := range b.domains {
			one := mapping(0)
			add(one, d.d.name, d.node())
			if err := encodeInto(&buf, one, 2); err != nil {
				return nil, err
			}
		}
	}
	if len(b.rels) > 0 {
		buf.WriteString("relationships:\n")
		for _, r := range b.rels {
			if err := encodeInto(&buf, &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{r.node()}}, 2); err != nil {
				return nil, err
			}
		}
	}
	if len(b.c.blocks) > 0 {
		buf.WriteString("sql:\n")
		for _, blk := range b.c.blocks {
			m := mapping(0)
			add(m, "name", blk.name)
			if after := b.blockAfter[blk]; len(after) > 0 {
				add(m, "after", flowList(after))
			}
			body := str(strings.TrimSpace(blk.body) + "\n")
			body.Style = yaml.LiteralStyle
			add(m, "body", body)
			if err := encodeInto(&buf, &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{m}}, 2); err != nil {
				return nil, err
			}
		}
	}
	return buf.Bytes(), nil
}

// encodeInto writes n as YAML, every non-empty line indented by indent spaces.
func encodeInto(w *bytes.Buffer, n *yaml.Node, indent int) error {
	var one bytes.Buffer
	enc := yaml.NewEncoder(&one)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	pad := strings.Repeat(" ", indent)
	for _, line := range strings.SplitAfter(one.String(), "\n") {
		if line == "" {
			continue
		}
		if line != "\n" {
			w.WriteString(pad)
		}
		w.WriteString(line)
	}
	return nil
}
