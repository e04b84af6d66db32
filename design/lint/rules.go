// Package lint holds the rules that judge a resolved design: each a value with
// a stable name, a severity, the documentation `schemagen explain` prints and
// a check function, one file per family (relations, keys, states, failures,
// naming, data, security), in the manner of golang.org/x/tools/go/analysis.
// The rules of the format itself live in package design; internal/rulebook
// lists every rule of the tool.
package lint

import (
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
)

// Rule is a lint rule: the documented rule (name, severity, the text `schemagen
// explain` prints) and the function that checks a resolved design for it, in the
// manner of golang.org/x/tools/go/analysis.
type Rule struct {
	design.Rule
	Check func(*Pass)
}

// Pass gives a rule's check function the design and its resolved schema.
type Pass struct {
	Design *design.Design
	Schema *schema.Schema
	rule   *Rule
	rep    *design.Reporter
	shared *lintShared // what several rules derive from the schema, built once per Lint
}

// lintShared holds what several rules derive from the same schema, so that a
// Lint builds it once rather than once per rule.
type lintShared struct {
	machines map[*schema.Machine]*machineIndex
}

// machineIndex returns the index of a machine, built on first use.
func (p *Pass) machineIndex(sm *schema.Machine) *machineIndex {
	if p.shared == nil {
		return indexMachine(sm)
	}
	if p.shared.machines == nil {
		p.shared.machines = make(map[*schema.Machine]*machineIndex, len(p.Schema.Machines))
	}
	ix := p.shared.machines[sm]
	if ix == nil {
		ix = indexMachine(sm)
		p.shared.machines[sm] = ix
	}
	return ix
}

// Report records a diagnostic of the running rule at pos. hint is a fix as a verb phrase, or "".
func (p *Pass) Report(pos design.Pos, hint, format string, args ...any) {
	p.rep.Report(pos, &p.rule.Rule, hint, format, args...)
}

// Rules lists the lint rules in the order `schemagen explain` shows them. Each
// call returns a new slice; internal/rulebook builds the tool's one list from it.
func Rules() []*Rule {
	var all []*Rule
	for _, family := range [][]*Rule{relationRules, keyRules, stateRules, failureRules, namingRules, dataRules, securityRules} {
		all = append(all, family...)
	}
	return all
}

// Lint runs every lint rule over a resolved design.
func Lint(d *design.Design, s *schema.Schema) design.Diagnostics {
	rep := &design.Reporter{}
	shared := &lintShared{}
	for _, r := range Rules() {
		r.Check(&Pass{Design: d, Schema: s, rule: r, rep: rep, shared: shared})
	}
	return rep.Diags
}
