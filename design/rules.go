package design

import (
	"fmt"
	"sort"
	"strings"
)

// Rule is one check with a stable name. Its Doc is what `schemagen explain`
// prints: a title line, a blank line, why it matters, a bad and a good example,
// and the fix. Rules with a nil Check are reported while loading or resolving.
type Rule struct {
	Name     string
	Severity Severity
	Doc      string
	Check    func(*Pass)
}

// Title is the first line of the rule's documentation.
func (r *Rule) Title() string {
	title, _, _ := strings.Cut(r.Doc, "\n")
	return title
}

// Pass gives a rule's check function the design and its resolved schema.
type Pass struct {
	Design *Design
	Schema *Schema
	rule   *Rule
	rep    *reporter
	shared *lintShared // what several rules derive from the schema, built once per Lint
}

// lintShared holds what several rules derive from the same schema, so that a
// Lint builds it once rather than once per rule.
type lintShared struct {
	machines map[*StateMachine]*machineIndex
}

// machineIndex returns the index of a machine, built on first use.
func (p *Pass) machineIndex(sm *StateMachine) *machineIndex {
	if p.shared == nil {
		return indexMachine(sm)
	}
	if p.shared.machines == nil {
		p.shared.machines = make(map[*StateMachine]*machineIndex, len(p.Schema.Machines))
	}
	ix := p.shared.machines[sm]
	if ix == nil {
		ix = indexMachine(sm)
		p.shared.machines[sm] = ix
	}
	return ix
}

// Report records a diagnostic of the running rule at pos. hint is a fix as a verb phrase, or "".
func (p *Pass) Report(pos Pos, hint, format string, args ...any) {
	p.rep.report(pos, p.rule, hint, format, args...)
}

// All lists every rule, in the order `schemagen explain` shows them.
var All []*Rule

var rulesByName map[string]*Rule

func register(rules ...*Rule) {
	All = append(All, rules...)
}

func init() {
	register(structureRules...)
	register(relationRules...)
	register(keyRules...)
	register(stateRules...)
	register(failureRules...)
	register(namingRules...)
	register(dataRules...)
	register(securityRules...)
	rulesByName = make(map[string]*Rule, len(All))
	for _, r := range All {
		if _, dup := rulesByName[r.Name]; dup {
			panic(fmt.Sprintf("design: rule %q registered twice", r.Name))
		}
		rulesByName[r.Name] = r
	}
}

// Register adds rules that another package reports (the importer's, for
// example), so that `schemagen explain` and the SARIF printer document them.
// Call it from an init function; it panics when a name is taken.
func Register(rules ...*Rule) {
	for _, r := range rules {
		if _, dup := rulesByName[r.Name]; dup {
			panic(fmt.Sprintf("design: rule %q registered twice", r.Name))
		}
		All = append(All, r)
		rulesByName[r.Name] = r
	}
}

// LookupRule returns the rule with the given name.
func LookupRule(name string) (*Rule, bool) {
	r, ok := rulesByName[name]
	return r, ok
}

// SuggestRule returns the rule name closest to a misspelt one, or "".
func SuggestRule(name string) string {
	names := make([]string, len(All))
	for i, r := range All {
		names[i] = r.Name
	}
	sort.Strings(names)
	return suggest(name, names)
}

// Lint runs every rule that has a check over a resolved design.
func Lint(d *Design, s *Schema) Diagnostics {
	rep := &reporter{}
	shared := &lintShared{}
	for _, r := range All {
		if r.Check == nil {
			continue
		}
		r.Check(&Pass{Design: d, Schema: s, rule: r, rep: rep, shared: shared})
	}
	return rep.diags
}

// Check loads, resolves and lints a design in one call: the path every command takes.
// The schema is nil only when the file could not be read as a design at all.
func Check(file string, data []byte) (*Schema, Diagnostics) {
	d, diags := Load(file, data)
	return checkLoaded(d, diags)
}

// CheckFile is Check on a file; the error is only for I/O problems.
func CheckFile(path string) (*Schema, Diagnostics, error) {
	d, diags, err := LoadFile(path)
	if err != nil {
		return nil, nil, err
	}
	s, diags := checkLoaded(d, diags)
	return s, diags, nil
}

func checkLoaded(d *Design, diags Diagnostics) (*Schema, Diagnostics) {
	if d == nil {
		return nil, diags.Sort()
	}
	for _, diag := range diags {
		if diag.Rule == RuleYAMLSyntax.Name || diag.Rule == RuleInputTooLarge.Name {
			return nil, diags.Sort()
		}
	}
	s, rdiags := Resolve(d)
	diags = append(diags, rdiags...)
	diags = append(diags, Lint(d, s)...)
	return s, diags.Sort()
}
