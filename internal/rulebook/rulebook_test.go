package rulebook_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/internal/rulebook"
)

// TestNewRefusesDuplicates: a book with a repeated name is an error.
func TestNewRefusesDuplicates(t *testing.T) {
	r := &design.Rule{Name: "a", Doc: "A.\n\nx"}
	if _, err := rulebook.New([]*design.Rule{r, r}); err == nil {
		t.Fatal("New accepted a rule listed twice")
	}
}

// TestRuleNamesUnique fails when two rules share a name, or a name is not kebab-case.
func TestRuleNamesUnique(t *testing.T) {
	seen := map[string]bool{}
	kebab := regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	for _, r := range rulebook.All().Rules() {
		if seen[r.Name] {
			t.Errorf("rule %q registered twice", r.Name)
		}
		seen[r.Name] = true
		if !kebab.MatchString(r.Name) {
			t.Errorf("rule name %q is not kebab-case", r.Name)
		}
		if got, ok := rulebook.All().Lookup(r.Name); !ok || got != r {
			t.Errorf("Lookup(%q) does not return the rule", r.Name)
		}
	}
}

// TestContractRules requires every rule of the format's first contract, with its severity.
func TestContractRules(t *testing.T) {
	contract := map[string]design.Severity{
		"yaml-syntax": design.Error, "unknown-key": design.Error, "unknown-entity": design.Error,
		"duplicate-name": design.Error, "invalid-type": design.Error, "many-to-many-needs-junction": design.Error,
		"hidden-many-to-many": design.Warning, "state-unreachable": design.Error, "state-without-exit": design.Error,
		"terminal-state-with-exit": design.Error, "unknown-state": design.Error, "failure-unhandled": design.Error,
		"retry-without-recovery": design.Error, "machine-without-failure": design.Warning, "unknown-event": design.Error,
		"entity-not-in-flow": design.Info, "reserved-word": design.Warning, "identifier-too-long": design.Error,
		"money-as-float": design.Warning, "plaintext-password": design.Warning, "token-without-expiry": design.Warning,
		"timestamp-without-time-zone": design.Warning, "no-primary-key": design.Info,
	}
	for name, sev := range contract {
		r, ok := rulebook.All().Lookup(name)
		if !ok {
			t.Errorf("contract rule %s does not exist", name)
			continue
		}
		if r.Severity != sev {
			t.Errorf("rule %s: severity %s, the contract says %s", name, r.Severity, sev)
		}
	}
}

// TestRuleDocs checks that every rule's documentation has the shape `explain`
// relies on: a title line, a blank line, then Bad:, Good: and Fix: parts in order.
func TestRuleDocs(t *testing.T) {
	for _, r := range rulebook.All().Rules() {
		lines := strings.Split(r.Doc, "\n")
		if len(lines) < 3 || strings.TrimSpace(lines[0]) == "" || lines[1] != "" {
			t.Errorf("%s: Doc must start with a title line and a blank line", r.Name)
			continue
		}
		if strings.HasSuffix(lines[0], " ") || len(lines[0]) > 120 {
			t.Errorf("%s: title %q is too long or ends in a space", r.Name, lines[0])
		}
		if r.Title() != lines[0] {
			t.Errorf("%s: Title() = %q, want %q", r.Name, r.Title(), lines[0])
		}
		last := -1
		for _, part := range []string{"\nBad:\n", "\nGood:\n", "\nFix: "} {
			i := strings.Index(r.Doc, part)
			if i < 0 {
				t.Errorf("%s: Doc has no %q part", r.Name, strings.TrimSpace(part))
				continue
			}
			if i < last {
				t.Errorf("%s: %q comes before the part it should follow", r.Name, strings.TrimSpace(part))
			}
			last = i
		}
		if r.Severity < design.Info || r.Severity > design.Error {
			t.Errorf("%s: invalid severity %d", r.Name, r.Severity)
		}
	}
}
