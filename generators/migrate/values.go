package migrate

import (
	"fmt"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
)

// valueRename is an enum value (a state) that keeps its rows under a new
// name: ALTER TYPE ... RENAME VALUE from TO to.
type valueRename struct {
	from, to string
}

// matchValues pairs the values of paired enums that `states_renamed_from`
// or `values_renamed_from` renames: the old name must be a value of the old
// type. An entry the old design already has is a rename made before (the
// design compared with its own copy, by `migrate check`).
func (m *mapping) matchValues(new *schema.Schema) {
	for _, ne := range new.Enums {
		oe := m.enum[ne]
		if oe == nil || len(ne.ValueRenames) == 0 {
			continue
		}
		had := map[schema.ValueRename]bool{}
		for _, r := range oe.ValueRenames {
			had[schema.ValueRename{New: r.New, Old: r.Old}] = true
		}
		for _, r := range ne.ValueRenames {
			if had[schema.ValueRename{New: r.New, Old: r.Old}] || indexOf(oe.Values, r.Old) < 0 {
				continue
			}
			m.values[ne] = append(m.values[ne], valueRename{from: r.Old, to: r.New})
			m.valuesBack[oe] = append(m.valuesBack[oe], valueRename{from: r.New, to: r.Old})
		}
	}
}

// renameValues renames the values of an enum that the designs pair and
// returns the source values under their new names, in the source order.
func (p *planner) renameValues(se, de *schema.Enum) (values []string, oldName map[string]string) {
	to := map[string]string{}
	for _, r := range p.m.values[de] {
		to[r.from] = r.to
		p.renameValue(postgres.QualifiedEnum(de), r.from, r.to)
	}
	oldName = map[string]string{}
	for _, v := range se.Values {
		n := v
		if t, ok := to[v]; ok {
			n = t
		}
		values = append(values, n)
		oldName[n] = v
	}
	if !p.down {
		p.unknownRenames(se, de)
	}
	return values, oldName
}

// unknownRenames reports the renames whose old name the old type does not
// have, and whose new name it does not have either: the value would be added,
// and the rows the rename was meant to keep are not found.
func (p *planner) unknownRenames(se, de *schema.Enum) {
	for _, r := range de.ValueRenames {
		if indexOf(se.Values, r.Old) >= 0 || indexOf(se.Values, r.New) >= 0 {
			continue
		}
		what := "value"
		key := "values_renamed_from"
		if de.Kind == schema.StateEnum {
			what, key = "state", "states_renamed_from"
		}
		p.diags = append(p.diags, design.Diagnostic{Pos: r.Pos, Severity: design.Error, Rule: RuleUnknownRename,
			Message: fmt.Sprintf("`%s` renames %s %q from %q, which %s %s of the old design does not have", key, what, r.New, r.Old, kindName(se), se.Name),
			Hint:    fmt.Sprintf("name the %s the old design has, or remove the entry to add %q as a new %s", what, r.New, what)})
	}
}

// RuleUnknownRename names the error of a rename whose old name is not in the old design.
const RuleUnknownRename = "unknown-rename"

var ruleUnknownRename = &design.Rule{Name: RuleUnknownRename, Severity: design.Error, Doc: `A renamed state or enum value whose old name the old design does not have.

` + "`states_renamed_from: {NEW: OLD}`" + ` and ` + "`values_renamed_from: {NEW: OLD}`" + ` keep the rows
of OLD under the name NEW. When the design the migration starts from has no
OLD (a typo, or the wrong design), the migration would add NEW as a new value
and the rows meant to be kept would not move.

Bad:
    states_renamed_from: { active: in_progres }   # the old design says in_progress
Good:
    states_renamed_from: { active: in_progress }

Fix: name the state or value the old design has, or remove the entry to add NEW as a new one.`}
