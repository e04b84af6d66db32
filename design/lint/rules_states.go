package lint

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
)

// Rules about state machines.
var (
	RuleStateUnreachable = &Rule{Rule: design.Rule{Name: "state-unreachable", Severity: design.Error, Doc: `A state that cannot be reached from the initial state.

No sequence of allowed transitions leads there, so no row can ever be in it:
either a transition is missing or the state is dead weight that every reader
of the design has to think about.

Bad:
    initial: requested
    transitions:
      requested: [accepted]
      refunded: [closed]        # nothing leads to refunded
Good:
    transitions:
      requested: [accepted]
      accepted: [refunded]
      refunded: [closed]

Fix: add the transition that leads to the state, or remove the state.`}, Check: checkStateUnreachable}

	RuleStateWithoutExit = &Rule{Rule: design.Rule{Name: "state-without-exit", Severity: design.Error, Doc: `A state that is not terminal and has no transition out.

A row that enters it is stuck forever, and nobody decided that it should be:
this is the classic unhandled state (a payment "processing" that never
finishes).

Bad:
    transitions:
      pending: [processing]
    terminal: [succeeded]       # processing has no way out
Good:
    transitions:
      pending: [processing]
      processing: [succeeded, failed]
    terminal: [succeeded, failed]

Fix: add transitions out of the state, or list it under ` + "`terminal`" + ` if ending there is intended.`}, Check: checkStateWithoutExit}

	RuleTerminalStateWithExit = &Rule{Rule: design.Rule{Name: "terminal-state-with-exit", Severity: design.Error, Doc: `A terminal state with transitions out.

Terminal means "no way out, on purpose"; a transition out contradicts it, and
readers and code that trust ` + "`IsTerminal()`" + ` would be wrong.

Bad:
    transitions:
      completed: [refunded]
    terminal: [completed]
Good:
    transitions:
      completed: [refunded]
    terminal: [refunded]

Fix: remove the state from ` + "`terminal`" + `, or remove its transitions.`}, Check: checkTerminalStateWithExit}

	RuleUnknownState = &Rule{Rule: design.Rule{Name: "unknown-state", Severity: design.Error, Doc: `A transition, failure or initial state names a state the machine lacks.

With an explicit ` + "`states:`" + ` list every state used must be in it; a failure's
` + "`state`" + ` must be a state of one of its entity's machines.

Bad:
    states: [pending, paid]
    transitions:
      pending: [payed]
Good:
    transitions:
      pending: [paid]

Fix: use a declared state (the hint suggests the closest one) or add it to ` + "`states`" + `.`}, Check: checkUnknownState}

	RuleMachineWithoutFailure = &Rule{Rule: design.Rule{Name: "machine-without-failure", Severity: design.Warning, Doc: `A state machine with no failure or cancellation path.

Real processes fail: payments are declined, drivers cancel, jobs time out. A
machine with only the happy path means the design has not said what happens
then, and the code will improvise.

Bad:
    order_status:
      initial: pending
      transitions: { pending: [paid] }
      terminal: [paid]
Good:
    order_status:
      initial: pending
      transitions: { pending: [paid, failed] }
      terminal: [paid, failed]
    failures:
      - { name: payment_declined, when: The card is declined., entity: orders, state: failed }

Fix: add a failure mode whose ` + "`state`" + ` is a state of this machine.`}, Check: checkMachineWithoutFailure}

	RuleStatusAsText = &Rule{Rule: design.Rule{Name: "status-as-text", Severity: design.Warning, Doc: `A status or state field typed as free text.

A ` + "`text`" + ` status accepts any typo (` + "`'shiped'`" + `, ` + "`'Shipped'`" + `) and says nothing
about which values exist or how a row may move between them. A state machine
names the states and the allowed moves, and the database enforces both; an enum
at least names the values. When the entity already has a state machine, the
text column is a second, unchecked copy of its state.

Bad:
    orders:
      fields:
        status: text
Good:
    states:
      order_status:
        entity: orders
        initial: placed
        transitions: { placed: [paid, cancelled], paid: [shipped] }
        terminal: [shipped, cancelled]

Fix: declare a state machine on the entity (it adds the column), or type the
field with an enum; remove a text copy of a machine's state.`}, Check: checkStatusAsText}
)

var stateRules = []*Rule{RuleStateUnreachable, RuleStateWithoutExit, RuleTerminalStateWithExit, RuleUnknownState, RuleMachineWithoutFailure, RuleStatusAsText}

// machineIndex answers a machine's questions in constant time: the rules ask
// them for every state, and a machine may have thousands.
type machineIndex struct {
	next     map[string][]string
	terminal map[string]bool
	states   map[string]bool
}

func indexMachine(sm *schema.Machine) *machineIndex {
	ix := &machineIndex{
		next:     make(map[string][]string, len(sm.States)),
		terminal: make(map[string]bool, len(sm.Terminal)),
		states:   make(map[string]bool, len(sm.States)),
	}
	for _, t := range sm.Transitions {
		ix.next[t.From] = append(ix.next[t.From], t.To)
	}
	for _, t := range sm.Terminal {
		ix.terminal[t] = true
	}
	for _, st := range sm.States {
		ix.states[st] = true
	}
	return ix
}

// stateSets returns a function giving the set of a machine's states, built once per machine.
func stateSets() func(*schema.Machine) map[string]bool {
	sets := map[*schema.Machine]map[string]bool{}
	return func(sm *schema.Machine) map[string]bool {
		set, ok := sets[sm]
		if !ok {
			set = make(map[string]bool, len(sm.States))
			for _, st := range sm.States {
				set[st] = true
			}
			sets[sm] = set
		}
		return set
	}
}

// statePositions maps each state of a machine to where it is first written.
func statePositions(m *design.Machine) map[string]design.Pos {
	pos := map[string]design.Pos{}
	add := func(n design.Name) {
		if _, ok := pos[n.Name]; !ok && n.Name != "" {
			pos[n.Name] = n.Pos
		}
	}
	for _, s := range m.States {
		add(s)
	}
	add(m.Initial)
	for _, tr := range m.Transitions {
		add(tr.From)
		for _, to := range tr.To {
			add(to)
		}
	}
	for _, s := range m.Terminal {
		add(s)
	}
	return pos
}

// machines pairs each design machine with its resolved one.
func (p *Pass) machines(fn func(m *design.Machine, sm *schema.Machine)) {
	for i, m := range p.Design.Machines {
		if i < len(p.Schema.Machines) && p.Schema.Machines[i].Name == m.Name {
			fn(m, p.Schema.Machines[i])
		}
	}
}

func checkStateUnreachable(p *Pass) {
	p.machines(func(m *design.Machine, sm *schema.Machine) {
		ix := p.machineIndex(sm)
		if sm.Initial == "" || !ix.states[sm.Initial] {
			return
		}
		reached := map[string]bool{sm.Initial: true}
		queue := []string{sm.Initial}
		for len(queue) > 0 {
			s := queue[0]
			queue = queue[1:]
			for _, next := range ix.next[s] {
				if !reached[next] {
					reached[next] = true
					queue = append(queue, next)
				}
			}
		}
		var pos map[string]design.Pos // built only to report
		for _, s := range sm.States {
			if !reached[s] {
				if pos == nil {
					pos = statePositions(m)
				}
				p.Report(pos[s], fmt.Sprintf("add a transition to `%s`, or remove it", s),
					"state %q of %s cannot be reached from %q", s, sm.Name, sm.Initial)
			}
		}
	})
}

func checkStateWithoutExit(p *Pass) {
	p.machines(func(m *design.Machine, sm *schema.Machine) {
		var pos map[string]design.Pos // built only to report
		ix := p.machineIndex(sm)
		for _, s := range sm.States {
			if len(ix.next[s]) == 0 && !ix.terminal[s] {
				if pos == nil {
					pos = statePositions(m)
				}
				p.Report(pos[s], fmt.Sprintf("add `%s: [NEXT]` under transitions, or list it under `terminal`", s),
					"state %q of %s is not terminal but has no way out", s, sm.Name)
			}
		}
	})
}

func checkTerminalStateWithExit(p *Pass) {
	p.machines(func(m *design.Machine, sm *schema.Machine) {
		ix := p.machineIndex(sm)
		for _, t := range m.Terminal {
			if next := ix.next[t.Name]; len(next) > 0 {
				p.Report(t.Pos, fmt.Sprintf("remove `%s` from terminal, or remove its transitions", t.Name),
					"terminal state %q of %s has transitions out (to %s)", t.Name, sm.Name, strings.Join(next, ", "))
			}
		}
	})
}

func checkUnknownState(p *Pass) {
	p.machines(func(m *design.Machine, sm *schema.Machine) {
		if len(m.States) == 0 {
			return // every state mentioned is a state
		}
		ix := p.machineIndex(sm)
		check := func(n design.Name) {
			if n.Name != "" && !ix.states[n.Name] {
				hint := fmt.Sprintf("add `%s` to `states`", n.Name)
				if s := p.rep.Suggest(n.Name, sm.States); s != "" {
					hint = fmt.Sprintf("did you mean `%s`?", s)
				}
				p.Report(n.Pos, hint, "%s has no state %q", sm.Name, n.Name)
			}
		}
		check(m.Initial)
		for _, tr := range m.Transitions {
			check(tr.From)
			for _, to := range tr.To {
				check(to)
			}
		}
		for _, t := range m.Terminal {
			check(t)
		}
	})
	states := stateSets()
	for _, f := range p.Design.Failures {
		if f.State.Name == "" || f.Entity.Name == "" {
			continue
		}
		t := p.Schema.Table(f.Entity.Name)
		if t == nil {
			continue
		}
		if len(t.Machines) == 0 {
			p.Report(f.State.Pos, fmt.Sprintf("add a state machine on %s, or use `handling:` instead of `state:`", f.Entity.Name),
				"failure %q names state %q, but %s has no state machine", f.Name, f.State.Name, f.Entity.Name)
			continue
		}
		found := false
		for _, m := range t.Machines {
			found = found || states(m)[f.State.Name]
		}
		if !found {
			var all []string
			for _, m := range t.Machines {
				all = append(all, m.States...)
			}
			hint := "add the state to the machine"
			if s := p.rep.Suggest(f.State.Name, all); s != "" {
				hint = fmt.Sprintf("did you mean `%s`?", s)
			}
			p.Report(f.State.Pos, hint, "failure %q names state %q, which no state machine of %s has", f.Name, f.State.Name, f.Entity.Name)
		}
	}
}

func checkMachineWithoutFailure(p *Pass) {
	p.machines(func(m *design.Machine, sm *schema.Machine) {
		if len(sm.FailureStates) > 0 || sm.Table == nil {
			return
		}
		p.Report(m.Pos, fmt.Sprintf("add a failure mode with `entity: %s` and a `state:` of this machine", m.Entity.Name),
			"state machine %s has no failure or cancellation path: no failure mode names one of its states", sm.Name)
	})
}

// isStatusName reports whether a column name says it holds a status or a state:
// status, state, *_status, *_state (not status_note or statement).
func isStatusName(n string) bool {
	if strings.HasSuffix(n, "_of_state") || strings.HasSuffix(n, "_of_status") {
		return false // head_of_state: a person, not a lifecycle
	}
	return n == "status" || n == "state" || strings.HasSuffix(n, "_status") || strings.HasSuffix(n, "_state")
}

// addressWords mark a postal address, where `state` is a region
// (billing_state next to billing_city), not a lifecycle.
var addressWords = []string{"city", "country", "zip", "postal", "postcode", "address", "street", "province"}

// holdsAddress reports whether a state column n is part of an address: the
// table has an address column with the same prefix (city for state,
// billing_city for billing_state).
func holdsAddress(t *schema.Table, n string) bool {
	prefix, ok := strings.CutSuffix(n, "state")
	if !ok {
		return false
	}
	for _, c := range t.Columns {
		other := strings.ToLower(c.Name)
		if !strings.HasPrefix(other, prefix) {
			continue
		}
		for _, w := range addressWords {
			if strings.Contains(other[len(prefix):], w) {
				return true
			}
		}
	}
	return false
}

func checkStatusAsText(p *Pass) {
	for _, t := range p.Schema.Tables {
		if t.Kind != schema.EntityTable {
			continue
		}
		for _, c := range t.Columns {
			n := strings.ToLower(c.Name)
			if c.Origin != schema.DeclaredColumn || c.TypeInfo.Array > 0 || !isStatusName(n) {
				continue
			}
			if b := c.TypeInfo.Base; b != "text" && b != "varchar" && b != "char" {
				continue
			}
			if holdsAddress(t, n) || machineColumn(t, c.Name) {
				continue // a region of an address; or a clash duplicate-name reports
			}
			if len(t.Machines) > 0 {
				m := t.Machines[0]
				p.Report(c.Pos, fmt.Sprintf("remove the field: state machine `%s` keeps the state in `%s`", m.Name, m.Column),
					"%s.%s is free text that duplicates state machine %s (column %s)", t.Entity, c.Name, m.Name, m.Column)
				continue
			}
			machine, column := c.Name, ", column: "+c.Name
			if c.Name == "status" {
				machine, column = t.Singular+"_status", ""
			} else if n == "state" {
				machine = t.Singular + "_state"
			}
			p.Report(c.Pos, fmt.Sprintf("declare a state machine instead of the field: `states: { %s: { entity: %s%s, initial: ..., transitions: ... } }`, or type it with an enum", machine, t.Entity, column),
				"%s.%s is a %s typed as free text (%s): any typo is a valid value", t.Entity, c.Name, statusWord(n), c.Type)
		}
	}
}

// statusWord is "state" or "status", as the column's name says.
func statusWord(n string) string {
	if n == "state" || strings.HasSuffix(n, "_state") {
		return "state"
	}
	return "status"
}

// machineColumn reports whether a state machine of the table keeps its state in the column.
func machineColumn(t *schema.Table, col string) bool {
	for _, m := range t.Machines {
		if m.Column == col {
			return true
		}
	}
	return false
}
