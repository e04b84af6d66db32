package importdbml

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/generators/importsql"
)

// model is the DBML file with its names bound: tables with their partials
// expanded, enums, references resolved to tables and columns, groups.
type model struct {
	file        string
	diags       design.Diagnostics
	tally       []*tally
	projectName string
	projectNote string
	dbType      string
	dbTypePos   lexer.Position
	stickies    []string
	tables      []*tbl
	byKey       map[string]*tbl // schema.name
	byAlias     map[string]*tbl
	enums       []*enm
	enumByKey   map[string]*enm // schema.name
	partials    map[string]*partial
	rels        []*relation
	groups      map[string]string // schema.name of a table -> its TableGroup; nil without TableGroups
}

type tbl struct {
	pos          lexer.Position
	schema, name string
	cols         []*col
	pk           []string // a composite key of an Indexes block
	indexes      []*idx
	checks       []*checkItem
	note         string
}

func (t *tbl) key() string { return t.schema + "." + t.name }

func (t *tbl) column(name string) *col {
	for _, c := range t.cols {
		if c.name == name {
			return c
		}
	}
	return nil
}

type col struct {
	pos         lexer.Position
	name        string
	typ         *typeRef
	settings    []*setting
	fromPartial bool
}

type idx struct {
	pos      lexer.Position
	parts    []*indexPart
	settings []*setting
	// Read from the settings by prepareIndexes.
	pk, unique   bool
	name, using  string
	columns      []string // the columns, when the index has no expression
	asConstraint bool     // written as a UNIQUE constraint
}

// relation is a Ref, inline or top-level, with its ends bound.
type relation struct {
	pos         lexer.Position
	left, right end
	op          string
	settings    []*setting
	inline      bool
}

type end struct {
	t    *tbl
	cols []string
}

type enm struct {
	pos          lexer.Position
	schema, name string
	sqlName      string // the name in public the design gives it
	values       []*enumValue
}

// tally counts one kind of skipped or changed construct, reported once with its first place.
type tally struct {
	rule  *design.Rule
	kind  string
	note  string
	count int
	first lexer.Position
}

func (m *model) at(p lexer.Position) design.Pos {
	return design.Pos{File: m.file, Line: p.Line, Col: p.Column}
}

func (m *model) errorf(p lexer.Position, format string, args ...any) {
	m.diags = append(m.diags, design.Diagnostic{Pos: m.at(p), Severity: design.Error, Rule: RuleSyntax.Name, Message: fmt.Sprintf(format, args...)})
}

// refuse reports what DBML says but PostgreSQL or the design format cannot.
func (m *model) refuse(p lexer.Position, hint, format string, args ...any) {
	m.diags = append(m.diags, design.Diagnostic{Pos: m.at(p), Severity: design.Error, Rule: importsql.RuleNotExpressible.Name,
		Message: fmt.Sprintf(format, args...), Hint: hint})
}

func (m *model) count(rule *design.Rule, kind, note string, p lexer.Position) {
	for _, t := range m.tally {
		if t.rule == rule && t.kind == kind {
			t.count++
			return
		}
	}
	m.tally = append(m.tally, &tally{rule: rule, kind: kind, note: note, count: 1, first: p})
}

// skip reports a construct the design has no place for, once per kind.
func (m *model) skip(kind string, p lexer.Position) { m.count(importsql.RuleSkipped, kind, "", p) }

// change reports a construct imported with a change of meaning, once per kind.
func (m *model) change(kind, note string, p lexer.Position) {
	m.count(importsql.RuleChanged, kind, note, p)
}

func (m *model) flushTally() {
	for _, t := range m.tally {
		d := design.Diagnostic{Pos: m.at(t.first), Severity: t.rule.Severity, Rule: t.rule.Name}
		if t.rule == importsql.RuleSkipped {
			d.Message = fmt.Sprintf("skipped %s: %d (the design format cannot express them)", t.kind, t.count)
		} else {
			d.Message = fmt.Sprintf("%s: %d imported with a change: %s", t.kind, t.count, t.note)
		}
		m.diags = append(m.diags, d)
	}
	m.tally = nil
}

// description is the project's note, then the sticky notes.
func (m *model) description() string {
	parts := []string{}
	if m.projectNote != "" {
		parts = append(parts, m.projectNote)
	}
	parts = append(parts, m.stickies...)
	return strings.Join(parts, "\n\n")
}

func bind(file string, f *file) *model {
	m := &model{file: file, byKey: map[string]*tbl{}, byAlias: map[string]*tbl{}, enumByKey: map[string]*enm{}, partials: map[string]*partial{}}
	// Declarations first: DBML refers to tables, enums and partials declared anywhere in the file.
	for _, el := range f.Elements {
		switch {
		case el.Project != nil:
			m.project(el.Project)
		case el.Sticky != nil:
			m.stickies = append(m.stickies, el.Sticky.Name+": "+text(el.Sticky.Text))
		case el.Partial != nil:
			if m.partials[unquote(el.Partial.Name)] != nil {
				m.errorf(el.Partial.Pos, "TablePartial %s is declared twice", unquote(el.Partial.Name))
			}
			m.partials[unquote(el.Partial.Name)] = el.Partial
		case el.Enum != nil:
			m.declareEnum(el.Enum)
		case el.Table != nil:
			m.declareTable(el.Table)
		}
	}
	m.nameEnums()
	for _, el := range f.Elements {
		if el.Table != nil {
			m.tableBody(el.Table)
		}
	}
	for _, el := range f.Elements {
		switch {
		case el.Ref != nil:
			lines := el.Ref.Long
			if el.Ref.Short != nil {
				lines = []*refLine{el.Ref.Short}
			}
			for _, l := range lines {
				m.topRef(l)
			}
		case el.Group != nil:
			m.group(el.Group)
		}
	}
	m.inlineRefs()
	return m
}

func (m *model) project(p *project) {
	m.projectName = unquote(p.Name)
	for _, kv := range p.Items {
		key := strings.ToLower(kv.Key)
		switch {
		case key == "note" && kv.Block != nil:
			m.projectNote = text(*kv.Block)
		case key == "note" && kv.Value != nil && kv.Value.String != nil:
			m.projectNote = text(*kv.Value.String)
		case key == "database_type" && kv.Value != nil && kv.Value.String != nil:
			m.dbType, m.dbTypePos = text(*kv.Value.String), kv.Pos
		default:
			m.skip("Project settings other than note and database_type", kv.Pos)
		}
	}
	if m.dbType != "" && !strings.EqualFold(strings.ReplaceAll(m.dbType, " ", ""), "postgresql") && !strings.EqualFold(m.dbType, "postgres") {
		m.change("Project database_type", "the design is PostgreSQL; types and expressions are read as PostgreSQL", m.dbTypePos)
	}
}

func (m *model) declareEnum(e *enum) {
	schema, name := split(e.Name)
	key := schema + "." + name
	if m.enumByKey[key] != nil {
		m.errorf(e.Pos, "enum %s is declared twice", display(schema, name))
		return
	}
	en := &enm{pos: e.Pos, schema: schema, name: name, values: e.Values}
	m.enums = append(m.enums, en)
	m.enumByKey[key] = en
}

// nameEnums gives every enum its name in the design, where enums live in
// public: its own name, or schema_name when two schemas use the name.
func (m *model) nameEnums() {
	uses := map[string]int{}
	for _, e := range m.enums {
		uses[e.name]++
	}
	for _, e := range m.enums {
		e.sqlName = e.name
		if !plainName(e.name) {
			e.sqlName = importsql.Snake(e.name)
			m.change("enum names that are not identifiers", "the design names types with letters, digits and _ (\"order status\" becomes order_status)", e.pos)
		}
		if e.schema != "public" {
			if uses[e.name] > 1 {
				e.sqlName = importsql.Snake(e.schema) + "_" + e.sqlName
				m.change("enums of other schemas", "the design keeps enums in public; one whose name another schema uses is renamed <schema>_<name>", e.pos)
			} else {
				m.change("enums of other schemas", "the design keeps enums in public", e.pos)
			}
		}
	}
}

func (m *model) declareTable(t *table) {
	schema, name := split(t.Name)
	nt := &tbl{pos: t.Pos, schema: schema, name: name}
	if m.byKey[nt.key()] != nil {
		m.errorf(t.Pos, "table %s is declared twice", display(schema, name))
		return
	}
	m.tables = append(m.tables, nt)
	m.byKey[nt.key()] = nt
	if t.Alias != "" {
		alias := unquote(t.Alias)
		if m.byAlias[alias] != nil {
			m.errorf(t.Pos, "alias %s is used twice", alias)
		}
		m.byAlias[alias] = nt
	}
}

func (m *model) tableBody(t *table) {
	schema, name := split(t.Name)
	nt := m.byKey[schema+"."+name]
	if nt == nil || nt.pos != t.Pos {
		return // declared twice: reported
	}
	m.tableSettings(nt, t.Settings)
	for _, it := range t.Items {
		m.tableItem(nt, it, false, map[string]bool{})
	}
	if len(nt.cols) == 0 {
		m.errorf(t.Pos, "table %s has no columns (DBML: a Table must have at least one column)", display(schema, name))
	}
}

func (m *model) tableSettings(nt *tbl, settings []*setting) {
	for _, s := range settings {
		switch key(s) {
		case "note":
			if str, ok := stringValue(s); ok {
				nt.note = str
				continue
			}
			m.errorf(s.Pos, "note needs a string")
		case "headercolor", "color":
			m.skip("colors", s.Pos)
		default:
			m.errorf(s.Pos, "unknown table setting %q (DBML has headercolor and note)", key(s))
		}
	}
}

// tableItem adds one item of a table's (or an injected partial's) body.
func (m *model) tableItem(nt *tbl, it *tableItem, fromPartial bool, seen map[string]bool) {
	switch {
	case it.Column != nil:
		c := &col{pos: it.Column.Pos, name: unquote(it.Column.Name), typ: it.Column.Type, settings: it.Column.Settings, fromPartial: fromPartial}
		for i, old := range nt.cols {
			if old.name != c.name {
				continue
			}
			// A table's own column wins over a partial's; a later partial wins over an earlier one.
			switch {
			case !old.fromPartial && !fromPartial:
				m.errorf(c.pos, "column %s is declared twice in table %s", c.name, display(nt.schema, nt.name))
			case old.fromPartial:
				nt.cols[i] = c
			}
			return
		}
		nt.cols = append(nt.cols, c)
	case it.Partial != nil:
		name := unquote(it.Partial.Name)
		p := m.partials[name]
		if p == nil {
			m.errorf(it.Partial.Pos, "TablePartial %s is not declared", name)
			return
		}
		if seen[name] {
			m.errorf(it.Partial.Pos, "TablePartial %s is injected twice", name)
			return
		}
		seen[name] = true
		m.tableSettings(nt, p.Settings)
		for _, pi := range p.Items {
			m.tableItem(nt, pi, true, seen)
		}
	case it.Indexes != nil:
		for _, ix := range it.Indexes.Items {
			parts := ix.Parts
			if ix.Single != nil {
				parts = []*indexPart{ix.Single}
			}
			nt.indexes = append(nt.indexes, &idx{pos: ix.Pos, parts: parts, settings: ix.Settings})
		}
	case it.Checks != nil:
		nt.checks = append(nt.checks, it.Checks.Items...)
	case it.Note != nil:
		nt.note = text(it.Note.Text)
	}
}

// table looks up a table by alias, name (in public) or schema and name.
func (m *model) table(path []string) *tbl {
	if len(path) == 1 {
		if t := m.byAlias[unquote(path[0])]; t != nil {
			return t
		}
		return m.byKey["public."+unquote(path[0])]
	}
	return m.byKey[unquote(path[0])+"."+unquote(path[1])]
}

// endpoint binds a reference's end; self is the table of an inline ref.
func (m *model) endpoint(e *endpoint, self *tbl) (end, bool) {
	path := e.Path
	var cols []string
	if len(e.Composite) > 0 {
		for _, c := range e.Composite {
			cols = append(cols, unquote(c))
		}
	} else {
		cols = []string{unquote(path[len(path)-1])}
		path = path[:len(path)-1]
	}
	var t *tbl
	switch {
	case len(path) == 0 && self != nil:
		t = self
	case len(path) == 0:
		m.errorf(e.Pos, "a Ref needs table.column, not %s", cols[0])
		return end{}, false
	case len(path) > 2:
		m.errorf(e.Pos, "%s is not a table (schema.table.column at most)", strings.Join(unquoteAll(path), "."))
		return end{}, false
	default:
		t = m.table(path)
	}
	if t == nil {
		m.errorf(e.Pos, "table %s is not declared", strings.Join(unquoteAll(path), "."))
		return end{}, false
	}
	ok := true
	for _, c := range cols {
		if t.column(c) == nil {
			m.errorf(e.Pos, "column %s does not exist in table %s", c, display(t.schema, t.name))
			ok = false
		}
	}
	return end{t: t, cols: cols}, ok
}

func (m *model) topRef(l *refLine) {
	left, ok1 := m.endpoint(l.Left, nil)
	right, ok2 := m.endpoint(l.Right, nil)
	if !ok1 || !ok2 {
		return
	}
	if len(left.cols) != len(right.cols) {
		m.errorf(l.Pos, "the two ends of the Ref have %d and %d columns", len(left.cols), len(right.cols))
		return
	}
	m.rels = append(m.rels, &relation{pos: l.Pos, left: left, right: right, op: l.Op, settings: l.Settings})
}

// inlineRefs binds the `ref:` settings of columns, in table and column order.
func (m *model) inlineRefs() {
	for _, t := range m.tables {
		for _, c := range t.cols {
			for _, s := range c.settings {
				if key(s) != "ref" {
					continue
				}
				if s.Value == nil || s.Value.Ref == nil {
					m.errorf(s.Pos, "ref needs an operator and a column (ref: > users.id)")
					continue
				}
				right, ok := m.endpoint(s.Value.Ref.Target, t)
				if !ok {
					continue
				}
				if len(right.cols) != 1 {
					m.errorf(s.Pos, "an inline ref names one column")
					continue
				}
				m.rels = append(m.rels, &relation{pos: s.Pos, left: end{t: t, cols: []string{c.name}}, right: right, op: s.Value.Ref.Op, inline: true})
			}
		}
	}
}

func (m *model) group(g *group) {
	name := unquote(g.Name)
	if m.groups == nil {
		m.groups = map[string]string{}
	}
	for _, s := range g.Settings {
		switch key(s) {
		case "note":
			m.skip("TableGroup notes", s.Pos)
		case "color":
			m.skip("colors", s.Pos)
		default:
			m.errorf(s.Pos, "unknown TableGroup setting %q (DBML has note and color)", key(s))
		}
	}
	for _, it := range g.Items {
		if it.Note != nil {
			if strings.EqualFold(it.Note.Key, "note") {
				m.skip("TableGroup notes", it.Note.Pos)
			} else {
				m.errorf(it.Note.Pos, "unknown TableGroup element %q", it.Note.Key)
			}
			continue
		}
		e := it.Table
		if len(e.Composite) > 0 || len(e.Path) > 2 {
			m.errorf(e.Pos, "a TableGroup lists tables")
			continue
		}
		t := m.table(e.Path)
		if t == nil {
			m.errorf(e.Pos, "table %s is not declared", strings.Join(unquoteAll(e.Path), "."))
			continue
		}
		if old, ok := m.groups[t.key()]; ok && old != name {
			m.errorf(e.Pos, "table %s is already in TableGroup %s (a table belongs to one group)", display(t.schema, t.name), old)
			continue
		}
		m.groups[t.key()] = name
	}
}

// plainName reports whether a name is a letter or _ followed by letters, digits and _.
func plainName(s string) bool {
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
			return false
		}
	}
	return s != ""
}

// split reads a possibly schema-qualified name; the schema defaults to public.
func split(parts []string) (schema, name string) {
	if len(parts) == 2 {
		return unquote(parts[0]), unquote(parts[1])
	}
	return "public", unquote(parts[0])
}

func display(schema, name string) string {
	if schema == "public" {
		return name
	}
	return schema + "." + name
}

// key is a setting's name in lower case, words joined by one space ("not null").
func key(s *setting) string {
	w := make([]string, len(s.Key))
	for i, k := range s.Key {
		w[i] = strings.ToLower(k)
	}
	return strings.Join(w, " ")
}

func stringValue(s *setting) (string, bool) {
	if s.Value == nil || s.Value.String == nil {
		return "", false
	}
	return text(*s.Value.String), true
}

func unquoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = unquote(s)
	}
	return out
}

// unquote reads a name: a double-quoted one loses its quotes and escapes.
func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' {
		return unescape(s[1 : len(s)-1])
	}
	return s
}

// text reads a DBML string: '...', ”'...”' (with its indentation removed) or "...".
func text(s string) string {
	switch {
	case strings.HasPrefix(s, "'''"):
		return dedent(unescape(s[3 : len(s)-3]))
	case len(s) >= 2 && (s[0] == '\'' || s[0] == '"'):
		return unescape(s[1 : len(s)-1])
	}
	return s
}

// unescape resolves DBML's backslash escapes; a backslash before a line break joins the lines.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
		case '\n':
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// dedent removes a multi-line string's first and last line when blank and the
// indentation its lines share.
func dedent(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range lines {
		if len(l) >= indent && indent > 0 {
			lines[i] = l[indent:]
		} else {
			lines[i] = strings.TrimLeft(l, " \t")
		}
	}
	return strings.Join(lines, "\n")
}
