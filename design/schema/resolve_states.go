package schema

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/internal/sqlname"
)

func (r *resolver) stateMachines() {
	// States already listed per machine name (names are unique in a loaded
	// design, but Resolve takes any Design).
	earlier := make(map[string][]string, len(r.d.Machines))
	for _, m := range r.d.Machines {
		sm := &Machine{
			Name: m.Name, Column: m.Column, Initial: m.Initial.Name, RenamedFrom: m.RenamedFrom,
			Description: m.Description, Pos: m.Pos, FailureStates: map[string][]string{},
		}
		prior := earlier[m.Name]
		set := make(map[string]bool, len(prior)+len(m.States))
		for _, x := range prior {
			set[x] = true
		}
		seen := func(s string) bool { return set[s] }
		add := func(s string) {
			if s == "" || set[s] {
				return
			}
			sm.States = append(sm.States, s)
			set[s] = true
		}
		if len(m.States) > 0 {
			for _, s := range m.States {
				if seen(s.Name) {
					r.rep.Report(s.Pos, design.RuleDuplicateName, "remove the second one", "state machine %q lists state %q twice", m.Name, s.Name)
				}
				add(s.Name)
			}
		} else {
			add(m.Initial.Name)
			for _, tr := range m.Transitions {
				add(tr.From.Name)
				for _, to := range tr.To {
					add(to.Name)
				}
			}
			for _, s := range m.Terminal {
				add(s.Name)
			}
		}
		if prior == nil {
			earlier[m.Name] = sm.States[:len(sm.States):len(sm.States)]
		} else {
			earlier[m.Name] = append(prior[:len(prior):len(prior)], sm.States...)
		}
		pairs := make(map[Transition]bool, len(m.Transitions))
		for _, tr := range m.Transitions {
			for _, to := range tr.To {
				st := Transition{From: tr.From.Name, To: to.Name}
				if pairs[st] {
					continue
				}
				pairs[st] = true
				sm.Transitions = append(sm.Transitions, st)
			}
		}
		sm.Terminal = design.Names(m.Terminal)
		et := &Enum{Name: m.Name, Schema: "public", Values: sm.States, Kind: StateEnum, Machine: sm,
			RenamedFrom: m.RenamedFrom, Description: m.Description, Pos: m.Pos,
			ValueRenames: r.valueRenames("state machine", m.Name, sm.States, m.StatesRenamedFrom)}
		sm.Enum = et
		r.addEnum(et)
		r.s.Machines = append(r.s.Machines, sm)

		if m.Entity.Name == "" {
			continue // missing-key or invalid-value already said so
		}
		t := r.table(m.Entity, "state machine %q", m.Name)
		if t == nil {
			continue
		}
		sm.Table = t
		et.Schema, et.Table = t.Schema, t
		t.Machines = append(t.Machines, sm)
		def := ""
		if sm.Initial != "" {
			def = sqlname.QuoteLiteral(sm.Initial)
		}
		if c := t.Column(m.Column); c != nil {
			if c.Machine != nil {
				r.rep.Report(m.ColumnPos, design.RuleDuplicateName, "set `column:` to another column",
					"state machines %q and %q both use column %s.%s", c.Machine.Name, m.Name, t.Entity, m.Column)
				continue
			}
			if c.Origin != DeclaredColumn || strings.TrimSpace(c.Type) != m.Name {
				r.rep.Report(c.Pos, design.RuleDuplicateName, fmt.Sprintf("remove the field (the machine adds it), or set `column:` on %q", m.Name),
					"field %s.%s clashes with the state column of machine %q", t.Entity, m.Column, m.Name)
				continue
			}
			c.Machine = sm
			if c.Default == "" {
				c.Default = def
			}
			continue
		}
		t.addColumn(&Column{
			Name: m.Column, Type: m.Name, Default: def, Origin: StateColumn, Machine: sm, Pos: m.ColumnPos,
			Description: fmt.Sprintf("State of the %s machine.", m.Name),
		})
	}
}
