// The sections of a design file, one reader each, with the keys each accepts
// (a key not listed is unknown-key, with a did-you-mean).

package design

import (
	"strings"

	"gopkg.in/yaml.v3"
)

var topKeys = []string{"schemagen", "name", "description", "extensions", "flow", "entities", "enums", "domains", "relationships", "states", "events", "failures", "sql"}

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
		case "extensions":
			l.extensions(v)
		case "flow":
			for _, item := range l.sequence(v, "`flow`") {
				l.flowStep(item)
			}
		case "entities":
			l.keyed(v, "`entities`", nil, func(name string, k, v *yaml.Node) { l.entity(name, k, v) })
		case "enums":
			l.keyed(v, "`enums`", nil, func(name string, k, v *yaml.Node) { l.enum(name, k, v) })
		case "domains":
			l.keyed(v, "`domains`", nil, func(name string, k, v *yaml.Node) { l.domain(name, k, v) })
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
		case "sql":
			l.sqlBlocks(v)
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

var entityKeys = []string{"description", "fields", "group", "schema", "table", "indexes", "renamed_from", "unique", "keyless", "unlogged", "primary_key", "partition"}

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
		case "unlogged":
			e.Unlogged = l.boolean(v, "`unlogged`")
		case "primary_key":
			e.PrimaryKey = l.names(v, "a column")
		case "partition":
			l.partitioning(e, v)
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
				cols, opts := l.uniqueItem(item)
				if len(cols) > 0 {
					e.Unique = append(e.Unique, cols)
					e.UniqueOptions = append(e.UniqueOptions, opts)
				}
			}
		}
	})
}

var fieldKeys = []string{"type", "nullable", "pk", "unique", "identity", "collate", "default", "generated", "check", "description", "renamed_from"}

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
				f.Identity, f.IdentityAlways = l.identity(v)
			case "collate":
				if s, ok := l.scalar(v, "`collate`"); ok {
					f.Collate, f.CollatePos = strings.TrimSpace(s), l.pos(v)
				}
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

var indexKeys = []string{"columns", "unique", "where", "name", "using", "include"}

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
		case "include":
			ix.Include = l.names(v, "a column")
		}
	})
	if len(ix.Columns) == 0 {
		l.rep.Report(ix.Pos, RuleMissingKey, "add `columns: [a, b]`", "an index needs `columns`")
		return nil
	}
	return ix
}

var enumKeys = []string{"values", "schema", "renamed_from", "values_renamed_from", "description"}

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
			case "schema":
				e.Schema, _ = l.scalar(v, "`schema`")
			case "renamed_from":
				e.RenamedFrom, _ = l.scalar(v, "`renamed_from`")
			case "values_renamed_from":
				e.ValuesRenamedFrom = l.renames(v, "`values_renamed_from`", "a value")
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

var machineKeys = []string{"entity", "column", "initial", "transitions", "terminal", "states", "renamed_from", "states_renamed_from", "description"}

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
		case "states_renamed_from":
			m.StatesRenamedFrom = l.renames(v, "`states_renamed_from`", "a state")
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
