package migrate

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/internal/sqlname"
	"gopkg.in/yaml.v3"
)

// The mutations of a refactoring (issue 22): swapped columns, renamed states
// and enum values, reordered enums, relationships that change cardinality.
// addDependants prepares an old design so that a reordered or shrunk enum
// has something reading its columns.

// plainName reports whether a name needs no quotes in SQL.
func plainName(name string) bool { return sqlname.QuoteIdent(name) == name }

// swapColumns swaps the names of two fields of an entity, each saying
// `renamed_from` the other.
func (m *mutator) swapColumns(root *yaml.Node, d *design.Design) bool {
	e := m.pickEntity(root, d)
	if e == nil {
		return false
	}
	fields := mapGet(e.val, "fields")
	var idx []int
	var fs []*design.Field
	for i := 0; i+1 < len(fields.Content); i += 2 {
		name := fields.Content[i].Value
		for _, f := range e.ent.Fields {
			if f.Name == name && !f.PK && f.RenamedFrom == "" && f.Generated == "" && plainName(name) && !referencedElsewhere(root, e, name) {
				idx, fs = append(idx, i/2), append(fs, f)
			}
		}
	}
	if len(idx) < 2 {
		return false
	}
	a := m.r.IntN(len(idx))
	b := (a + 1 + m.r.IntN(len(idx)-1)) % len(idx)
	i, j, fi, fj := idx[a], idx[b], fs[a], fs[b]
	ni := fieldMap(fi, replaceWord(fi.Check, fi.Name, fj.Name))
	ni.Content = append(ni.Content, scalar("renamed_from"), scalar(fi.Name))
	nj := fieldMap(fj, replaceWord(fj.Check, fj.Name, fi.Name))
	nj.Content = append(nj.Content, scalar("renamed_from"), scalar(fj.Name))
	fields.Content[2*i], fields.Content[2*i+1] = scalar(fj.Name), ni
	fields.Content[2*j], fields.Content[2*j+1] = scalar(fi.Name), nj
	return true
}

// machineStates lists the states a machine's YAML names.
func machineStates(mach *yaml.Node) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if v := mapGet(mach, "initial"); v != nil {
		add(v.Value)
	}
	walkScalars(mapGet(mach, "transitions"), func(n *yaml.Node) { add(n.Value) })
	walkScalars(mapGet(mach, "terminal"), func(n *yaml.Node) { add(n.Value) })
	walkScalars(mapGet(mach, "states"), func(n *yaml.Node) { add(n.Value) })
	return out
}

// renameState renames a state with `states_renamed_from`.
func (m *mutator) renameState(root *yaml.Node, d *design.Design) bool {
	states := mapGet(root, "states")
	if states == nil || len(states.Content) == 0 {
		return false
	}
	i := m.r.IntN(len(states.Content) / 2)
	mach := states.Content[2*i+1]
	if mapGet(mach, "states_renamed_from") != nil {
		return false
	}
	list := machineStates(mach)
	if len(list) == 0 {
		return false
	}
	old := list[m.r.IntN(len(list))]
	if strings.Contains(string(mustMarshal(mapGet(root, "entities"))), sqlname.QuoteLiteral(old)) {
		return false // a default or expression names it
	}
	newName := sqlname.TruncateIdentifier(old, 40) + "_renamed"
	for _, section := range []string{"initial", "transitions", "terminal", "states"} {
		walkScalars(mapGet(mach, section), func(n *yaml.Node) {
			if n.Value == old {
				n.Value = newName
			}
		})
	}
	entity := ""
	if v := mapGet(mach, "entity"); v != nil {
		entity = v.Value
	}
	if failures := mapGet(root, "failures"); failures != nil {
		for _, f := range failures.Content {
			if e := mapGet(f, "entity"); e != nil && e.Value == entity {
				if s := mapGet(f, "state"); s != nil && s.Value == old {
					s.Value = newName
				}
			}
		}
	}
	renames := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{scalar(newName), scalar(old)}}
	mapSet(mach, "states_renamed_from", renames)
	return true
}

// pickEnumList returns a declared enum's key, its node (in map form) and its values' list.
func (m *mutator) pickEnumList(root *yaml.Node) (key, val, list *yaml.Node) {
	enums := mapGet(root, "enums")
	if enums == nil || len(enums.Content) == 0 {
		return nil, nil, nil
	}
	i := m.r.IntN(len(enums.Content) / 2)
	val = enums.Content[2*i+1]
	if val.Kind == yaml.SequenceNode {
		val = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{scalar("values"), val}}
		enums.Content[2*i+1] = val
	}
	list = mapGet(val, "values")
	if list == nil || list.Kind != yaml.SequenceNode || len(list.Content) < 2 {
		return nil, nil, nil
	}
	return enums.Content[2*i], val, list
}

// renameEnumValue renames a value of a declared enum with
// `values_renamed_from`, and the defaults and expressions that name it.
func (m *mutator) renameEnumValue(root *yaml.Node, d *design.Design) bool {
	_, val, list := m.pickEnumList(root)
	if list == nil || mapGet(val, "values_renamed_from") != nil {
		return false
	}
	j := m.r.IntN(len(list.Content))
	old := list.Content[j].Value
	if len(old) > 40 {
		return false
	}
	newName := old + "_renamed"
	list.Content[j].Value = newName
	walkScalars(mapGet(root, "entities"), func(n *yaml.Node) {
		n.Value = strings.ReplaceAll(n.Value, sqlname.QuoteLiteral(old), sqlname.QuoteLiteral(newName))
	})
	mapSet(val, "values_renamed_from", &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{scalar(newName), scalar(old)}})
	return true
}

// reorderEnum reverses the values of a declared enum: the type is rebuilt.
func (m *mutator) reorderEnum(root *yaml.Node, d *design.Design) bool {
	_, _, list := m.pickEnumList(root)
	if list == nil {
		return false
	}
	for i, j := 0, len(list.Content)-1; i < j; i, j = i+1, j-1 {
		list.Content[i], list.Content[j] = list.Content[j], list.Content[i]
	}
	return true
}

// relationshipSides reads a relationship without a role in either form:
// its kind and the names of its two sides (and the junction of an n-n).
func relationshipSides(r *yaml.Node) (kind, a, b, via string) {
	if r.Kind == yaml.MappingNode {
		if mapGet(r, "as") != nil {
			return "", "", "", ""
		}
		one, many, oneOf := mapGet(r, "one"), mapGet(r, "many"), mapGet(r, "one_of")
		switch {
		case one != nil && many != nil:
			return "1-n", one.Value, many.Value, ""
		case one != nil && oneOf != nil:
			return "1-1", one.Value, oneOf.Value, ""
		}
		return "", "", "", ""
	}
	words := strings.Fields(r.Value)
	if len(words) < 3 || indexOf(words, "as") >= 0 {
		return "", "", "", ""
	}
	if words[1] == "n-n" && len(words) >= 5 && words[3] == "via" {
		return "n-n", words[0], words[2], words[4]
	}
	return words[1], words[0], words[2], ""
}

// toManyToMany turns an `A 1-n B` (or 1-1) without a role into `A n-n B via J`.
func (m *mutator) toManyToMany(root *yaml.Node, d *design.Design) bool {
	rels := mapGet(root, "relationships")
	if rels == nil || len(rels.Content) == 0 {
		return false
	}
	r := rels.Content[m.r.IntN(len(rels.Content))]
	kind, a, b, _ := relationshipSides(r)
	if kind != "1-n" && kind != "1-1" || a == b {
		return false
	}
	*r = *scalar(fmt.Sprintf("%s n-n %s via mut_links_%d", a, b, m.r.IntN(1000)))
	return true
}

// toOneToMany turns an `A n-n B via J` without a role, whose junction is not
// an entity of its own, into `A 1-n B` (optional: rows may have no link).
func (m *mutator) toOneToMany(root *yaml.Node, d *design.Design) bool {
	rels := mapGet(root, "relationships")
	if rels == nil || len(rels.Content) == 0 {
		return false
	}
	r := rels.Content[m.r.IntN(len(rels.Content))]
	kind, a, b, via := relationshipSides(r)
	if kind != "n-n" || a == b || mapGet(mapGet(root, "entities"), via) != nil {
		return false
	}
	*r = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle, Content: []*yaml.Node{
		scalar("one"), scalar(a), scalar("many"), scalar(b), scalar("optional"), {Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"}}}
	return true
}

// addDependants gives an entity with a column of a declared enum an index
// whose predicate compares it with a literal and a generated column computed
// from it, so that rebuilding the enum has something to re-create.
func (m *mutator) addDependants(root *yaml.Node, d *design.Design) bool {
	e := m.pickEntity(root, d)
	if e == nil || d == nil {
		return false
	}
	for _, f := range e.ent.Fields {
		for _, en := range d.Enums {
			if f.Type != en.Name || len(en.Values) < 2 || f.Generated != "" || !plainName(f.Name) {
				continue
			}
			first, last := sqlname.QuoteLiteral(en.Values[0].Name), sqlname.QuoteLiteral(en.Values[len(en.Values)-1].Name)
			name := fmt.Sprintf("mut_gen_%d", m.r.IntN(1000))
			mapSet(mapGet(e.val, "fields"), name, scalar(fmt.Sprintf("boolean? generated (%s = %s)", f.Name, first)))
			ix := mapGet(e.val, "indexes")
			if ix == nil {
				mapSet(e.val, "indexes", &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"})
				ix = mapGet(e.val, "indexes")
			}
			ix.Content = append(ix.Content, &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle, Content: []*yaml.Node{
				scalar("columns"), {Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Content: []*yaml.Node{scalar(name)}},
				scalar("where"), scalar(fmt.Sprintf("%s <> %s", f.Name, last))}})
			return true
		}
	}
	return false
}
