package migrate

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// enums creates, renames, extends, rebuilds and drops enum types.
func (p *planner) enums() {
	for _, de := range p.dst.Enums {
		se := p.m.enum[de]
		if se == nil {
			p.add(phaseCreateTypes, postgres.CreateEnum(de))
			continue
		}
		if se.Name != de.Name {
			p.renameType(se.Schema, se.Name, de.Name)
		}
		if se.Schema != de.Schema {
			p.afterRenames(renameTypes, fmt.Sprintf("ALTER TYPE %s SET SCHEMA %s", qualify(se.Schema, de.Name), q(de.Schema)))
		}
		values, oldName := p.renameValues(se, de)
		if equalStrings(values, de.Values) {
			continue
		}
		if keepsOrder(values, de.Values) {
			p.addValues(se, de, values, oldName)
			continue
		}
		p.rebuild(se, de, values)
	}
	for _, se := range p.src.Enums {
		if p.m.enumBack[se] == nil {
			p.add(phaseDropTypes, "DROP TYPE "+postgres.QualifiedEnum(se))
		}
	}
}

// keepsOrder reports whether dst is src with values inserted (none removed or moved).
func keepsOrder(src, dst []string) bool {
	i := 0
	for _, v := range dst {
		if i < len(src) && src[i] == v {
			i++
		}
	}
	return i == len(src)
}

// addValues adds the new values of an enum at their positions, under the
// type's old name (see phaseAddValues): ADD VALUE ... AFTER the value before
// it, or BEFORE the first one.
//
// values are the type's values once renamed (renameValues), and oldName
// gives a renamed value's name before: values are added before the renames.
func (p *planner) addValues(se, de *schema.Enum, values []string, oldName map[string]string) {
	present := map[string]bool{}
	for _, v := range values {
		present[v] = true
	}
	anchor := func(v string) string {
		if o, ok := oldName[v]; ok {
			return o
		}
		return v
	}
	for i, v := range de.Values {
		if present[v] {
			continue
		}
		where := ""
		if i > 0 {
			where = " AFTER " + sqlname.QuoteLiteral(anchor(de.Values[i-1]))
		} else {
			for _, next := range de.Values[1:] {
				if present[next] {
					where = " BEFORE " + sqlname.QuoteLiteral(anchor(next))
					break
				}
			}
		}
		p.add(phaseAddValues, fmt.Sprintf("ALTER TYPE %s ADD VALUE IF NOT EXISTS %s%s", postgres.QualifiedEnum(se), sqlname.QuoteLiteral(v), where))
		present[v] = true
	}
}

// rebuild replaces an enum type whose values are removed or reordered, which
// ALTER TYPE cannot do: the old type is renamed out of the way, the new one
// created, every column converted through text (defaults dropped and set
// again), and the old type dropped at the end. State-machine triggers that
// use the type are dropped before and created again after (see machines).
// Converting a row whose value no longer exists fails, so no row changes meaning.
//
// values are the type's values once renamed (renameValues): the renames come
// first, so the conversion through text finds the new names.
func (p *planner) rebuild(se, de *schema.Enum, values []string) {
	p.rebuilt[de] = true
	var removed []string
	have := map[string]bool{}
	for _, v := range de.Values {
		have[v] = true
	}
	for _, v := range values {
		if !have[v] {
			removed = append(removed, v)
		}
	}
	if len(removed) == 0 {
		p.reordered(se, de)
	}
	if len(removed) > 0 {
		rule, what := RuleDropEnumValue, "value"
		switch de.Kind {
		case schema.StateEnum:
			rule, what = RuleDropState, "state"
		case schema.EventEnum:
			rule, what = RuleDropEventType, "event type"
		}
		// What the up migration removes is in the old design: the diagnostic
		// points there. What the down migration removes was added by the new
		// design, and its warning points at the old design's type, as before.
		pos := se.Pos
		if p.down {
			pos = de.Pos
		}
		p.destructive(pos, rule, "keep the "+what+" until no row uses it",
			"%s %s loses %s %s: the type is rebuilt, and the migration fails if a row still holds it",
			kindName(de), de.Name, what+plural(len(removed)), quoteAll(removed))
	}
	old := sqlname.ObjectName(de.Name, "schemagen_old")
	p.add(phaseRebuildTypes, fmt.Sprintf("ALTER TYPE %s RENAME TO %s", postgres.QualifiedEnum(de), q(old)))
	p.add(phaseRebuildTypes, postgres.CreateEnum(de))
	for _, dt := range p.dst.Tables {
		for _, dc := range dt.Columns {
			sc := p.m.col[dc]
			if dc.Enum != de || sc == nil || sc.Enum != se {
				continue
			}
			p.converted[sc] = true
			if sc.Generated != "" && dc.Generated != "" {
				p.readd(dt, sc, dc) // a generated column cannot be converted: it is added again
				continue
			}
			table, col := postgres.QualifiedTable(dt), q(dc.Name)
			p.lockRisk(dc.Pos, RuleTableRewrite, "keep the value until a quiet time, or accept the rewrite (--allow-locks)",
				"column %s.%s is converted to the rebuilt type %s: PostgreSQL rewrites %s under ACCESS EXCLUSIVE, blocking reads and writes",
				dt.QualifiedName(), dc.Name, de.Name, dt.QualifiedName())
			if sc.Default != "" {
				p.add(phaseRebuildTypes, fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT", table, col))
			}
			typ := columnType(dc)
			p.add(phaseRebuildTypes, fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s TYPE %s USING %s::text%s::%s",
				table, col, typ, col, strings.Repeat("[]", dc.TypeInfo.Array), typ))
			if dc.Default != "" && dc.Identity == "" && dc.Generated == "" {
				p.add(phaseRebuildTypes, fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s", table, col, dc.Default))
			}
			p.defaultHandled[dc] = true
		}
	}
	p.add(phaseDropTypes, "DROP TYPE "+qualify(de.Schema, old))
}

func kindName(e *schema.Enum) string {
	switch e.Kind {
	case schema.StateEnum:
		return "state machine"
	case schema.EventEnum:
		return "event type enum"
	}
	return "enum"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func quoteAll(list []string) string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = sqlname.QuoteLiteral(s)
	}
	return strings.Join(out, ", ")
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// machines replaces the triggers of every state machine whose generated SQL
// changes (transitions, states, names, the enum rebuilt), drops those of
// machines that are gone and creates those of new ones.
func (p *planner) machines() {
	for _, dm := range p.dst.Machines {
		if dm.Table == nil || dm.Enum == nil {
			continue
		}
		sm := p.m.machine[dm]
		create := postgres.StateMachine(dm)
		if sm != nil && sm.Table != nil && !p.rebuilt[dm.Enum] && strings.Join(postgres.StateMachine(sm), "\n") == strings.Join(create, "\n") {
			continue
		}
		if sm != nil && sm.Table != nil {
			p.dropMachine(sm)
		}
		for _, s := range create {
			p.add(phaseCreateTriggers, s)
		}
	}
	for _, sm := range p.src.Machines {
		if p.m.machineBack[sm] == nil && sm.Table != nil {
			p.dropMachine(sm)
		}
	}
}

func (p *planner) dropMachine(sm *schema.Machine) {
	table := postgres.QualifiedTable(sm.Table)
	p.add(phaseDropTriggers, fmt.Sprintf("DROP TRIGGER IF EXISTS %s ON %s", q(postgres.StateTriggerName(sm)), table))
	p.add(phaseDropTriggers, fmt.Sprintf("DROP TRIGGER IF EXISTS %s ON %s", q(postgres.StateInsertTriggerName(sm)), table))
	p.add(phaseDropTriggers, fmt.Sprintf("DROP FUNCTION IF EXISTS %s()", qualify(sm.Table.Schema, postgres.StateFunctionName(sm))))
}

// eventGuards replaces the append-only triggers of event tables whose guard changes (a rename).
func (p *planner) eventGuards() {
	for _, dt := range p.dst.Tables {
		if dt.Kind != schema.EventTable {
			continue
		}
		create := postgres.EventTableGuard(dt)
		st := p.m.table[dt]
		if st != nil && strings.Join(postgres.EventTableGuard(st), "\n") == strings.Join(create, "\n") {
			continue
		}
		if st != nil && st.Kind == schema.EventTable {
			table := postgres.QualifiedTable(st)
			p.add(phaseDropTriggers, fmt.Sprintf("DROP TRIGGER IF EXISTS %s ON %s", q(postgres.EventGuardTriggerName(st)), table))
			p.add(phaseDropTriggers, fmt.Sprintf("DROP TRIGGER IF EXISTS %s ON %s", q(postgres.EventTruncateTriggerName(st)), table))
			p.add(phaseDropTriggers, fmt.Sprintf("DROP FUNCTION IF EXISTS %s()", qualify(st.Schema, postgres.EventGuardFunctionName(st))))
			p.add(phaseDropTriggers, fmt.Sprintf("DROP TRIGGER IF EXISTS %s ON %s", q(postgres.EventIDTriggerName(st)), table))
			p.add(phaseDropTriggers, fmt.Sprintf("DROP FUNCTION IF EXISTS %s()", qualify(st.Schema, postgres.EventIDFunctionName(st))))
		}
		for _, s := range create {
			p.add(phaseCreateTriggers, s)
		}
	}
}

// comments sets the comments that change: tables, columns and enum types.
func (p *planner) comments() {
	for _, dt := range p.dst.Tables {
		st := p.m.table[dt]
		if st == nil {
			for _, s := range postgres.Comments(dt) {
				p.add(phaseComments, s)
			}
			continue
		}
		table := postgres.QualifiedTable(dt)
		if d := strings.TrimSpace(dt.Description); d != strings.TrimSpace(st.Description) {
			p.add(phaseComments, fmt.Sprintf("COMMENT ON TABLE %s IS %s", table, commentText(d)))
		}
		for _, dc := range dt.Columns {
			sc := p.m.col[dc]
			readded := sc != nil && (sc.Generated != dc.Generated && dc.Generated != "" || p.readded[dc])
			if sc == nil || readded {
				// A new column (or one added again): its comment is new too.
				if d := strings.TrimSpace(dc.Description); d != "" {
					p.add(phaseComments, fmt.Sprintf("COMMENT ON COLUMN %s.%s IS %s", table, q(dc.Name), commentText(d)))
				}
				continue
			}
			if d := strings.TrimSpace(dc.Description); d != strings.TrimSpace(sc.Description) {
				p.add(phaseComments, fmt.Sprintf("COMMENT ON COLUMN %s.%s IS %s", table, q(dc.Name), commentText(d)))
			}
		}
	}
	for _, de := range p.dst.Enums {
		se := p.m.enum[de]
		d := strings.TrimSpace(de.Description)
		switch {
		case se == nil || p.rebuilt[de]:
			if c := postgres.EnumComment(de); c != "" {
				p.add(phaseComments, c)
			}
		case d != strings.TrimSpace(se.Description):
			p.add(phaseComments, fmt.Sprintf("COMMENT ON TYPE %s IS %s", postgres.QualifiedEnum(de), commentText(d)))
		}
	}
}

func commentText(d string) string {
	if d == "" {
		return "NULL"
	}
	return sqlname.QuoteLiteral(d)
}
