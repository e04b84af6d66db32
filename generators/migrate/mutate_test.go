package migrate

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/internal/sqlname"
	"gopkg.in/yaml.v3"
)

// mutator changes a design the way people change theirs between two
// versions, working on the YAML tree so that the result is a design file
// again: columns added, dropped and renamed (with renamed_from), entities
// renamed, enum values and states added, a nullable column made NOT NULL
// with a default, an index added. Each mutation is kept only if the design
// still has no errors.
type mutator struct {
	r       *rand.Rand
	file    string
	data    []byte
	applied []string
}

func mapGet(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func scalar(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }

func mapSet(m *yaml.Node, key string, v *yaml.Node) {
	if cur := mapGet(m, key); cur != nil {
		*cur = *v
		return
	}
	m.Content = append(m.Content, scalar(key), v)
}

// hasWord reports whether name occurs in s as a whole identifier.
func hasWord(s, name string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], name)
		if j < 0 {
			return false
		}
		j += i
		before, after := j == 0, j+len(name) >= len(s)
		if !before {
			r := []rune(s[:j])
			before = !isIdent(r[len(r)-1])
		}
		if !after {
			after = !isIdent([]rune(s[j+len(name):])[0])
		}
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isIdent(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// replaceWord replaces whole-identifier occurrences of old in s.
func replaceWord(s, old, new string) string {
	var b strings.Builder
	for {
		j := strings.Index(s, old)
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		okBefore := j == 0 || !isIdent([]rune(s[:j])[len([]rune(s[:j]))-1])
		okAfter := j+len(old) >= len(s) || !isIdent([]rune(s[j+len(old):])[0])
		b.WriteString(s[:j])
		if okBefore && okAfter {
			b.WriteString(new)
		} else {
			b.WriteString(old)
		}
		s = s[j+len(old):]
	}
}

// walkScalars calls fn on every scalar under n.
func walkScalars(n *yaml.Node, fn func(*yaml.Node)) {
	if n == nil {
		return
	}
	if n.Kind == yaml.ScalarNode {
		fn(n)
	}
	for _, c := range n.Content {
		walkScalars(c, fn)
	}
}

func mentions(n *yaml.Node, name string) bool {
	found := false
	walkScalars(n, func(s *yaml.Node) {
		if hasWord(s.Value, name) {
			found = true
		}
	})
	return found
}

// prepare applies one mutation to the old design itself, before mutate.
func (m *mutator) prepare(op func(root *yaml.Node, d *design.Design) bool) []byte {
	var root yaml.Node
	if err := yaml.Unmarshal(m.data, &root); err != nil || len(root.Content) == 0 {
		return m.data
	}
	d, _ := design.Load(m.file, m.data)
	if !op(root.Content[0], d) {
		return m.data
	}
	out, err := yaml.Marshal(&root)
	if err != nil {
		return m.data
	}
	if s, diags := check.Source(m.file, out, nil); s == nil || diags.HasErrors() {
		return m.data
	}
	m.data = out
	return out
}

// mutate applies up to n random mutations and returns the new design's YAML.
func (m *mutator) mutate(n int) []byte {
	ops := []struct {
		name string
		fn   func(root *yaml.Node, d *design.Design) bool
	}{
		{"add column", m.addColumn}, {"drop column", m.dropColumn}, {"rename column", m.renameColumn},
		{"rename entity", m.renameEntity}, {"add enum value", m.addEnumValue}, {"add state", m.addState},
		{"set not null with default", m.setNotNull}, {"add index", m.addIndex},
		{"rename machine", m.renameMachine}, {"rename enum", m.renameEnum}, {"drop enum value", m.dropEnumValue},
		{"swap columns", m.swapColumns}, {"rename state", m.renameState}, {"rename enum value", m.renameEnumValue},
		{"reorder enum", m.reorderEnum}, {"1-n to n-n", m.toManyToMany}, {"n-n to 1-n", m.toOneToMany},
	}
	for tries := 0; len(m.applied) < n && tries < 12*n; tries++ {
		var root yaml.Node
		if err := yaml.Unmarshal(m.data, &root); err != nil || len(root.Content) == 0 {
			return m.data
		}
		d, _ := design.Load(m.file, m.data)
		op := ops[m.r.IntN(len(ops))]
		if !op.fn(root.Content[0], d) {
			continue
		}
		out, err := yaml.Marshal(&root)
		if err != nil {
			continue
		}
		if s, diags := check.Source(m.file, out, nil); s == nil || diags.HasErrors() {
			continue
		}
		m.data = out
		m.applied = append(m.applied, op.name)
	}
	return m.data
}

type entityNode struct {
	key, val *yaml.Node
	ent      *design.Entity
}

func (m *mutator) pickEntity(root *yaml.Node, d *design.Design) *entityNode {
	ents := mapGet(root, "entities")
	if ents == nil || d == nil || len(ents.Content) == 0 {
		return nil
	}
	i := m.r.IntN(len(ents.Content) / 2)
	e := &entityNode{key: ents.Content[2*i], val: ents.Content[2*i+1]}
	for _, de := range d.Entities {
		if de.Name == e.key.Value {
			e.ent = de
		}
	}
	if e.ent == nil || mapGet(e.val, "fields") == nil {
		return nil
	}
	return e
}

func (m *mutator) pickField(e *entityNode) (int, *design.Field) {
	fields := mapGet(e.val, "fields")
	if len(fields.Content) == 0 {
		return -1, nil
	}
	i := m.r.IntN(len(fields.Content) / 2)
	name := fields.Content[2*i].Value
	for _, f := range e.ent.Fields {
		if f.Name == name {
			return i, f
		}
	}
	return -1, nil
}

func (m *mutator) addColumn(root *yaml.Node, d *design.Design) bool {
	e := m.pickEntity(root, d)
	if e == nil {
		return false
	}
	specs := []string{"text?", "integer default 7", "boolean default false", "timestamptz?", "jsonb?", "numeric(10,2) default 0 check (mut_col >= 0)"}
	name := fmt.Sprintf("mut_col_%d", m.r.IntN(1000))
	spec := strings.ReplaceAll(specs[m.r.IntN(len(specs))], "mut_col", name)
	mapSet(mapGet(e.val, "fields"), name, scalar(spec))
	return true
}

// referencedElsewhere reports whether a field is named outside its own spec
// (indexes, unique lists, other fields' expressions, states, relationships).
func referencedElsewhere(root *yaml.Node, e *entityNode, name string) bool {
	fields := mapGet(e.val, "fields")
	for i := 0; i+1 < len(fields.Content); i += 2 {
		if fields.Content[i].Value != name && mentions(fields.Content[i+1], name) {
			return true
		}
	}
	return mentions(mapGet(e.val, "indexes"), name) || mentions(mapGet(e.val, "unique"), name) ||
		mentions(mapGet(root, "states"), name) || mentions(mapGet(root, "relationships"), name)
}

func (m *mutator) dropColumn(root *yaml.Node, d *design.Design) bool {
	e := m.pickEntity(root, d)
	if e == nil {
		return false
	}
	i, f := m.pickField(e)
	if f == nil || f.PK || referencedElsewhere(root, e, f.Name) {
		return false
	}
	fields := mapGet(e.val, "fields")
	fields.Content = append(fields.Content[:2*i], fields.Content[2*i+2:]...)
	return true
}

// fieldMap writes a field in map form, so that it can say renamed_from.
func fieldMap(f *design.Field, check string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	set := func(k, v string) { n.Content = append(n.Content, scalar(k), scalar(v)) }
	set("type", f.Type)
	if f.Nullable {
		set("nullable", "true")
	}
	if f.PK {
		set("pk", "true")
	}
	if f.Unique {
		set("unique", "true")
	}
	if f.Identity {
		set("identity", "true")
	}
	if f.Default != "" {
		set("default", f.Default)
	}
	if f.Generated != "" {
		set("generated", f.Generated)
	}
	if check != "" {
		set("check", check)
	}
	if f.Description != "" {
		set("description", f.Description)
	}
	for i := 1; i < len(n.Content); i += 2 {
		if v := n.Content[i].Value; v == "true" {
			n.Content[i].Tag = "!!bool"
		}
	}
	return n
}

func (m *mutator) renameColumn(root *yaml.Node, d *design.Design) bool {
	e := m.pickEntity(root, d)
	if e == nil {
		return false
	}
	i, f := m.pickField(e)
	if f == nil || f.RenamedFrom != "" || referencedElsewhere(root, e, f.Name) || hasWord(f.Generated, f.Name) {
		return false
	}
	newName := sqlname.TruncateIdentifier(f.Name, 40) + "_renamed"
	if mentions(mapGet(e.val, "fields"), newName) {
		return false
	}
	fm := fieldMap(f, replaceWord(f.Check, f.Name, newName))
	fm.Content = append(fm.Content, scalar("renamed_from"), scalar(f.Name))
	fields := mapGet(e.val, "fields")
	fields.Content[2*i] = scalar(newName)
	fields.Content[2*i+1] = fm
	return true
}

func (m *mutator) renameEntity(root *yaml.Node, d *design.Design) bool {
	e := m.pickEntity(root, d)
	if e == nil || e.ent.RenamedFrom != "" || e.ent.Table != "" {
		return false
	}
	old := e.key.Value
	newName := sqlname.TruncateIdentifier(old, 30) + "_renamed"
	e.key.Value = newName
	mapSet(e.val, "renamed_from", scalar(old))
	swap := func(s *yaml.Node) {
		switch {
		case s.Value == old:
			s.Value = newName
		case strings.HasPrefix(s.Value, old+"."):
			s.Value = newName + s.Value[len(old):]
		}
	}
	for _, section := range []string{"relationships", "states", "events", "failures", "flow"} {
		sec := mapGet(root, section)
		if section == "relationships" {
			walkScalars(sec, func(s *yaml.Node) {
				words := strings.Fields(s.Value)
				for i, w := range words {
					if w == old {
						words[i] = newName
					}
				}
				if len(words) > 1 {
					s.Value = strings.Join(words, " ")
				} else {
					swap(s)
				}
			})
			continue
		}
		if section == "events" && sec != nil {
			for i := 0; i < len(sec.Content); i += 2 {
				swap(sec.Content[i])
			}
			continue
		}
		walkScalars(sec, func(s *yaml.Node) {
			if section == "states" || section == "failures" {
				// only `entity:` values name entities there
				return
			}
			swap(s)
		})
		if section == "states" || section == "failures" {
			var visit func(n *yaml.Node)
			visit = func(n *yaml.Node) {
				if n == nil {
					return
				}
				if n.Kind == yaml.MappingNode {
					if v := mapGet(n, "entity"); v != nil {
						swap(v)
					}
				}
				for _, c := range n.Content {
					visit(c)
				}
			}
			visit(sec)
		}
	}
	return true
}

func (m *mutator) addEnumValue(root *yaml.Node, d *design.Design) bool {
	enums := mapGet(root, "enums")
	if enums == nil || len(enums.Content) == 0 {
		return false
	}
	i := m.r.IntN(len(enums.Content) / 2)
	list := enums.Content[2*i+1]
	if list.Kind == yaml.MappingNode {
		list = mapGet(list, "values")
	}
	if list == nil || list.Kind != yaml.SequenceNode {
		return false
	}
	at := m.r.IntN(len(list.Content) + 1)
	v := scalar(fmt.Sprintf("mut_value_%d", m.r.IntN(1000)))
	list.Content = append(list.Content[:at], append([]*yaml.Node{v}, list.Content[at:]...)...)
	return true
}

func (m *mutator) addState(root *yaml.Node, d *design.Design) bool {
	states := mapGet(root, "states")
	if states == nil || len(states.Content) == 0 {
		return false
	}
	i := m.r.IntN(len(states.Content) / 2)
	mach := states.Content[2*i+1]
	tr := mapGet(mach, "transitions")
	if tr == nil || len(tr.Content) == 0 {
		return false
	}
	terminal := mapGet(mach, "terminal")
	j := m.r.IntN(len(tr.Content) / 2)
	from := tr.Content[2*j]
	if mentions(terminal, from.Value) {
		return false
	}
	name := fmt.Sprintf("mut_state_%d", m.r.IntN(1000))
	tr.Content[2*j+1].Content = append(tr.Content[2*j+1].Content, scalar(name))
	if terminal == nil {
		terminal = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		mapSet(mach, "terminal", terminal)
		terminal = mapGet(mach, "terminal")
	}
	terminal.Content = append(terminal.Content, scalar(name))
	if list := mapGet(mach, "states"); list != nil {
		list.Content = append(list.Content, scalar(name))
	}
	return true
}

var defaultFor = map[string]string{
	"text": "''", "integer": "0", "bigint": "0", "smallint": "0", "boolean": "false", "timestamptz": "now()",
	"uuid": "gen_random_uuid()", "jsonb": "'{}'", "date": "current_date", "double precision": "0", "real": "0",
}

func (m *mutator) setNotNull(root *yaml.Node, d *design.Design) bool {
	e := m.pickEntity(root, d)
	if e == nil {
		return false
	}
	i, f := m.pickField(e)
	if f == nil || !f.Nullable || f.Default != "" || f.Generated != "" || f.Check != "" {
		return false
	}
	def, ok := defaultFor[f.Type]
	if !ok {
		return false
	}
	fields := mapGet(e.val, "fields")
	if fields.Content[2*i+1].Kind != yaml.ScalarNode {
		return false
	}
	fields.Content[2*i+1] = scalar(f.Type + " default " + def)
	return true
}

var indexable = map[string]bool{"text": true, "integer": true, "bigint": true, "timestamptz": true, "uuid": true, "boolean": true, "date": true}

func (m *mutator) addIndex(root *yaml.Node, d *design.Design) bool {
	e := m.pickEntity(root, d)
	if e == nil {
		return false
	}
	_, f := m.pickField(e)
	if f == nil || !indexable[f.Type] {
		return false
	}
	ix := mapGet(e.val, "indexes")
	if ix == nil {
		mapSet(e.val, "indexes", &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"})
		ix = mapGet(e.val, "indexes")
	}
	entry := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Content: []*yaml.Node{scalar(f.Name)}}
	ix.Content = append(ix.Content, entry)
	return true
}

func (m *mutator) renameMachine(root *yaml.Node, d *design.Design) bool {
	states := mapGet(root, "states")
	if states == nil || len(states.Content) == 0 {
		return false
	}
	i := m.r.IntN(len(states.Content) / 2)
	key, mach := states.Content[2*i], states.Content[2*i+1]
	if mapGet(mach, "renamed_from") != nil || mentions(mapGet(root, "entities"), key.Value) || mentions(mapGet(root, "enums"), key.Value) {
		return false
	}
	old := key.Value
	key.Value = sqlname.TruncateIdentifier(old, 30) + "_renamed"
	mapSet(mach, "renamed_from", scalar(old))
	return true
}

// renameEnum renames a declared enum and the fields typed with it.
func (m *mutator) renameEnum(root *yaml.Node, d *design.Design) bool {
	enums := mapGet(root, "enums")
	if enums == nil || len(enums.Content) == 0 {
		return false
	}
	i := m.r.IntN(len(enums.Content) / 2)
	key, val := enums.Content[2*i], enums.Content[2*i+1]
	old := key.Value
	newName := sqlname.TruncateIdentifier(old, 30) + "_renamed"
	if val.Kind == yaml.SequenceNode {
		val = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{scalar("values"), val}}
		enums.Content[2*i+1] = val
	}
	if mapGet(val, "renamed_from") != nil {
		return false
	}
	mapSet(val, "renamed_from", scalar(old))
	key.Value = newName
	// A field's type is the first word of its spec, or its `type:`.
	retype := func(s string) string {
		t := strings.TrimSpace(s)
		for _, suffix := range []string{"", "?", "[]", "[]?"} {
			if t == old+suffix || strings.HasPrefix(t, old+suffix+" ") {
				return newName + t[len(old):]
			}
		}
		return s
	}
	ents := mapGet(root, "entities")
	if ents == nil {
		return true
	}
	for j := 1; j < len(ents.Content); j += 2 {
		fields := mapGet(ents.Content[j], "fields")
		if fields == nil {
			continue
		}
		for k := 1; k < len(fields.Content); k += 2 {
			f := fields.Content[k]
			if f.Kind == yaml.ScalarNode {
				f.Value = retype(f.Value)
			} else if t := mapGet(f, "type"); t != nil {
				t.Value = retype(t.Value)
			}
		}
	}
	return true
}

// dropEnumValue removes a value of a declared enum that is not its first
// (the rows the tests insert use the first) and that no default names.
func (m *mutator) dropEnumValue(root *yaml.Node, d *design.Design) bool {
	enums := mapGet(root, "enums")
	if enums == nil || len(enums.Content) == 0 {
		return false
	}
	i := m.r.IntN(len(enums.Content) / 2)
	list := enums.Content[2*i+1]
	if list.Kind == yaml.MappingNode {
		list = mapGet(list, "values")
	}
	if list == nil || list.Kind != yaml.SequenceNode || len(list.Content) < 2 {
		return false
	}
	j := 1 + m.r.IntN(len(list.Content)-1)
	v := list.Content[j].Value
	if strings.Contains(string(mustMarshal(mapGet(root, "entities"))), "'"+strings.ReplaceAll(v, "'", "''")+"'") {
		return false
	}
	list.Content = append(list.Content[:j], list.Content[j+1:]...)
	return true
}

func mustMarshal(n *yaml.Node) []byte {
	if n == nil {
		return nil
	}
	out, _ := yaml.Marshal(n)
	return out
}
