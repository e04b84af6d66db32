package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
)

// Rules about failures, events and the flow.
var (
	RuleFailureUnhandled = &Rule{Rule: design.Rule{Name: "failure-unhandled", Severity: design.Error, Doc: `A failure mode with neither ` + "`state`" + ` nor ` + "`handling`" + `.

Naming a failure is half the work; the design must also say what the system
does about it: move a row to a state the schema can hold, or describe the
handling when the schema does not carry it.

Bad:
    - name: payment_fails
      when: The gateway declines the card.
Good:
    - name: payment_fails
      when: The gateway declines the card.
      entity: payments
      state: failed

Fix: add ` + "`entity`" + ` and ` + "`state`" + `, or ` + "`handling:`" + ` with a sentence.`}, Check: checkFailureUnhandled}

	RuleRetryWithoutRecovery = &Rule{Rule: design.Rule{Name: "retry-without-recovery", Severity: design.Error, Doc: `A failure with ` + "`retry`" + ` whose state has no transition out.

A retry moves the row out of the failure state and tries again; if the state
is a dead end the retry columns are counting attempts that can never happen.

Bad:
    transitions: { pending: [succeeded, failed] }
    terminal: [succeeded, failed]
    failures:
      - { name: payment_fails, when: ..., entity: payments, state: failed, retry: { max_attempts: 3 } }
Good:
    transitions: { pending: [succeeded, failed], failed: [pending] }
    terminal: [succeeded]

Fix: add a transition out of the failure state (usually back to where the work is retried).`}, Check: checkRetryWithoutRecovery}

	RuleUnknownEvent = &Rule{Rule: design.Rule{Name: "unknown-event", Severity: design.Error, Doc: `A flow step or failure names an event type that is not declared.

Events are declared per entity under ` + "`events`" + `; a flow step refers to one as
` + "`entity.event`" + `, a failure by the event's name on its own entity.

Bad:
    flow:
      - { step: Driver accepts, event: rides.acepted }
Good:
    flow:
      - { step: Driver accepts, event: rides.accepted }

Fix: use a declared event type (the hint suggests the closest one), or declare it under ` + "`events`" + `.`}, Check: checkUnknownEvent}

	RuleEntityNotInFlow = &Rule{Rule: design.Rule{Name: "entity-not-in-flow", Severity: design.Info, Doc: `An entity that no flow step touches.

The flow tells the story of the system; an entity that plays no part in it is
either missing from the story or not needed. (Only reported when the design
has a flow.)

Bad:
    flow:
      - { step: Rider requests a ride, creates: rides }
    entities: { rides: ..., coupons: ... }
Good:
    flow:
      - { step: Rider requests a ride, creates: rides, reads: coupons }

Fix: add the entity to a step's ` + "`creates`" + `, ` + "`reads`" + ` or ` + "`updates`" + `, or remove it.`}, Check: checkEntityNotInFlow}

	RuleRetryWithoutIdempotency = &Rule{Rule: design.Rule{Name: "retry-without-idempotency", Severity: design.Warning, Doc: `A failure with ` + "`retry`" + ` on an entity with no unique key besides its primary key.

A retry sends the same charge, delivery or webhook again. Unless the attempt
carries something unique (an idempotency key the other system honours, or the
other system's id for it), a retry that crosses a lost answer is recorded, and
charged, twice.

Bad:
    payments:
      fields: { id: uuid pk, amount_cents: bigint }
    failures:
      - { name: card_declined, when: ..., entity: payments, state: failed, retry: { max_attempts: 3 } }
Good:
    payments:
      fields: { id: uuid pk, amount_cents: bigint, idempotency_key: text unique }

Fix: add ` + "`idempotency_key: text unique`" + ` to the entity, or make the other system's
id for the attempt ` + "`unique`" + `.`}, Check: checkRetryWithoutIdempotency}

	RuleEventNeverRecorded = &Rule{Rule: design.Rule{Name: "event-never-recorded", Severity: design.Info, Doc: `An event type that no flow step and no failure records.

Events are declared under ` + "`events`" + ` and recorded by the flow step
(` + "`event: rides.accepted`" + `) or the failure (` + "`event: failed`" + `) in which they
happen. An event that nothing records means the story misses a step, or the
event is dead.

Bad:
    flow:
      - { step: Rider requests a ride, creates: rides, event: rides.requested }
    events:
      rides: [requested, accepted]
Good:
    flow:
      - { step: Rider requests a ride, creates: rides, event: rides.requested }
      - { step: Driver accepts, updates: rides, event: rides.accepted }

Fix: record the event in the flow step or failure where it happens, or remove it.`}, Check: checkEventNeverRecorded}
)

var failureRules = []*Rule{RuleFailureUnhandled, RuleRetryWithoutRecovery, RuleUnknownEvent, RuleEntityNotInFlow, RuleRetryWithoutIdempotency, RuleEventNeverRecorded}

func checkFailureUnhandled(p *Pass) {
	for _, f := range p.Design.Failures {
		if f.State.Name == "" && strings.TrimSpace(f.Handling) == "" {
			p.Report(f.Pos, "add `entity` and `state`, or `handling:` with a sentence",
				"failure %q says what goes wrong but not how the system handles it", f.Name)
		}
		if f.State.Name != "" && f.Entity.Name == "" {
			p.Report(f.State.Pos, "add `entity:` naming the entity whose state it is",
				"failure %q names a state but no entity", f.Name)
		}
	}
}

func checkRetryWithoutRecovery(p *Pass) {
	for _, f := range p.Design.Failures {
		if f.Retry == nil {
			continue
		}
		if f.State.Name == "" || f.Entity.Name == "" {
			p.Report(f.Retry.Pos, "add `entity` and the `state` the failure leaves the row in",
				"failure %q retries but names no state to retry from", f.Name)
			continue
		}
		t := p.Schema.Table(f.Entity.Name)
		if t == nil {
			continue
		}
		for _, m := range t.Machines {
			ix := p.machineIndex(m)
			if ix.states[f.State.Name] && len(ix.next[f.State.Name]) == 0 {
				p.Report(f.Retry.Pos, fmt.Sprintf("add a transition out of `%s` (for example back to `%s`)", f.State.Name, m.Initial),
					"failure %q retries, but state %q of %s has no way out", f.Name, f.State.Name, m.Name)
			}
		}
	}
}

// eventTypesOf maps each entity to the event types declared for it (the first list wins).
func eventTypesOf(d *design.Design) map[string][]string {
	out := make(map[string][]string, len(d.Events))
	for _, es := range d.Events {
		if _, dup := out[es.Entity.Name]; !dup {
			out[es.Entity.Name] = design.Names(es.Types)
		}
	}
	return out
}

func checkUnknownEvent(p *Pass) {
	declared := eventTypesOf(p.Design)
	unknown := func(at design.Pos, entity, event, what string) {
		types, ok := declared[entity]
		hint := fmt.Sprintf("declare it: `events: { %s: [%s] }`", entity, event)
		if ok {
			if s := p.rep.Suggest(event, types); s != "" {
				hint = fmt.Sprintf("did you mean `%s`?", s)
			} else {
				hint = fmt.Sprintf("add `%s` to the events of %s", event, entity)
			}
		}
		p.Report(at, hint, "%s names event %q of %s, which is not declared", what, event, entity)
	}
	for _, step := range p.Design.Flow {
		if step.Event.Name == "" {
			continue
		}
		entity, event, ok := strings.Cut(step.Event.Name, ".")
		if !ok || entity == "" || event == "" {
			p.Report(step.Event.Pos, "write `entity.event`, for example `rides.requested`",
				"flow step event %q must be written entity.event", step.Event.Name)
			continue
		}
		if p.Schema.Table(entity) == nil {
			continue // unknown-entity already said so
		}
		if !slices.Contains(declared[entity], event) {
			unknown(step.Event.Pos, entity, event, "flow step")
		}
	}
	for _, f := range p.Design.Failures {
		if f.Event.Name == "" {
			continue
		}
		if f.Entity.Name == "" {
			p.Report(f.Event.Pos, "add `entity:`", "failure %q records an event but names no entity", f.Name)
			continue
		}
		event := strings.TrimPrefix(f.Event.Name, f.Entity.Name+".")
		if p.Schema.Table(f.Entity.Name) == nil {
			continue
		}
		if !slices.Contains(declared[f.Entity.Name], event) {
			unknown(f.Event.Pos, f.Entity.Name, event, fmt.Sprintf("failure %q", f.Name))
		}
	}
}

func checkEntityNotInFlow(p *Pass) {
	if len(p.Design.Flow) == 0 {
		return
	}
	touched := map[string]bool{}
	for _, step := range p.Design.Flow {
		for _, list := range [][]design.Name{step.Creates, step.Reads, step.Updates} {
			for _, n := range list {
				touched[n.Name] = true
			}
		}
		if ent, _, ok := strings.Cut(step.Event.Name, "."); ok {
			touched[ent] = true
		}
	}
	junctions := map[string]bool{}
	for _, rel := range p.Design.Relationships {
		if rel.Kind == design.ManyToMany {
			junctions[rel.Via.Name] = true
		}
	}
	for _, e := range p.Design.Entities {
		if !touched[e.Name] && !junctions[e.Name] {
			p.Report(e.Pos, fmt.Sprintf("add `%s` to a flow step's creates, reads or updates", e.Name),
				"no flow step touches entity %s", e.Name)
		}
	}
}

// hasAlternateKey reports whether a table has a unique key other than its
// primary key: a unique column, a unique constraint or a unique index.
func hasAlternateKey(t *schema.Table) bool {
	for _, c := range t.Columns {
		if c.Unique && !(c.PK && len(t.PrimaryKey) == 1) {
			return true
		}
	}
	for _, u := range t.Uniques {
		if !slices.Equal(u.Columns, t.PrimaryKey) {
			return true
		}
	}
	for _, ix := range t.Indexes {
		if ix.Unique && !slices.Equal(ix.Columns, t.PrimaryKey) {
			return true
		}
	}
	return false
}

func checkRetryWithoutIdempotency(p *Pass) {
	for _, f := range p.Design.Failures {
		if f.Retry == nil || f.Entity.Name == "" {
			continue
		}
		t := p.Schema.Table(f.Entity.Name)
		if t == nil || hasAlternateKey(t) {
			continue
		}
		p.Report(f.Retry.Pos, fmt.Sprintf("add `idempotency_key: text unique` to %s, or make the other system's id for the attempt unique", t.Entity),
			"failure %q retries %s, which has no unique key besides its primary key: a retried attempt cannot be told from a new one", f.Name, t.Entity)
	}
}

func checkEventNeverRecorded(p *Pass) {
	recorded := map[[2]string]bool{}
	for _, step := range p.Design.Flow {
		if entity, event, ok := strings.Cut(step.Event.Name, "."); ok {
			recorded[[2]string{entity, event}] = true
		}
	}
	for _, f := range p.Design.Failures {
		if f.Event.Name != "" {
			recorded[[2]string{f.Entity.Name, strings.TrimPrefix(f.Event.Name, f.Entity.Name+".")}] = true
		}
	}
	seen := map[string]bool{}
	for _, es := range p.Design.Events {
		if seen[es.Entity.Name] || p.Schema.Table(es.Entity.Name) == nil {
			continue // a repeated list or an unknown entity is reported elsewhere
		}
		seen[es.Entity.Name] = true
		for _, ty := range es.Types {
			if !recorded[[2]string{es.Entity.Name, ty.Name}] {
				p.Report(ty.Pos, fmt.Sprintf("record it with `event: %s.%s` on the flow step where it happens (`event: %s` on a failure), or remove it", es.Entity.Name, ty.Name, ty.Name),
					"event %s.%s is declared but no flow step or failure records it", es.Entity.Name, ty.Name)
			}
		}
	}
}
