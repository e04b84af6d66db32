package design

import "gopkg.in/yaml.v3"

// renames reads `states_renamed_from` or `values_renamed_from`: a map from
// each new name to the name it had in the previous version of the design.
// Whether the new names exist, and whether an old one is still in use, is
// checked once the states are known (schema.Resolve, rule invalid-rename).
func (l *loader) renames(n *yaml.Node, what, item string) []Rename {
	var out []Rename
	l.keyed(n, what, nil, func(key string, k, v *yaml.Node) {
		old, ok := l.name(v, "the previous name of "+item)
		if !ok {
			return
		}
		out = append(out, Rename{New: Name{Name: key, Pos: l.pos(k)}, Old: old})
	})
	return out
}
