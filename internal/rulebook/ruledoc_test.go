package rulebook_test

import (
	"testing"

	"github.com/schemagen/schemagen/internal/rulebook"
)

// TestEveryRuleHasWhyAndFix: `validate --explain` prints a rule's why and fix
// under its first diagnostic, so every rule's documentation must have both.
func TestEveryRuleHasWhyAndFix(t *testing.T) {
	for _, r := range rulebook.All().Rules() {
		if r.Why() == "" {
			t.Errorf("rule %s: no paragraph after the title says why it matters", r.Name)
		}
		if r.Fix() == "" {
			t.Errorf("rule %s: no `Fix:` paragraph", r.Name)
		}
	}
}
