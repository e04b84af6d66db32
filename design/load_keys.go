package design

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// KeyOptions are the options of a unique constraint or a foreign key that
// real schemas use: DEFERRABLE, INITIALLY DEFERRED and NULLS NOT DISTINCT.
type KeyOptions struct {
	Pos Pos
	// Deferrable is "", "immediate" (DEFERRABLE) or "deferred" (DEFERRABLE
	// INITIALLY DEFERRED).
	Deferrable string
	// NullsNotDistinct makes rows whose key columns are NULL clash (unique constraints only).
	NullsNotDistinct bool
}

var uniqueKeys = []string{"columns", "deferrable", "nulls_not_distinct"}

// uniqueItem reads one entry of an entity's `unique`: a list of columns, or a
// map with `columns` and options.
func (l *loader) uniqueItem(n *yaml.Node) ([]Name, *KeyOptions) {
	if n.Kind != yaml.MappingNode {
		return l.names(n, "a column"), nil
	}
	opts := &KeyOptions{Pos: l.pos(n)}
	var cols []Name
	l.keyed(n, "a unique constraint", uniqueKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "columns":
			cols = l.names(v, "a column")
		case "deferrable":
			opts.Deferrable = l.deferrable(v)
		case "nulls_not_distinct":
			opts.NullsNotDistinct = l.boolean(v, "`nulls_not_distinct`")
		}
	})
	if len(cols) == 0 {
		l.rep.Report(opts.Pos, RuleMissingKey, "add `columns: [a, b]`", "a unique constraint needs `columns`")
	}
	return cols, opts
}

// deferrable reads `deferrable`: true (or `immediate`) for DEFERRABLE,
// `deferred` for DEFERRABLE INITIALLY DEFERRED, false for neither.
func (l *loader) deferrable(v *yaml.Node) string {
	s, ok := l.scalar(v, "`deferrable`")
	if !ok {
		return ""
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "on", "immediate", "initially immediate":
		return "immediate"
	case "deferred", "initially deferred":
		return "deferred"
	case "false", "no", "off", "":
		return ""
	}
	l.rep.Report(l.pos(v), RuleInvalidValue, "write `deferrable: true` or `deferrable: deferred`",
		"`deferrable` is true, false or deferred, found %q", s)
	return ""
}
