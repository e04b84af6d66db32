package design_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
)

// want is one expected diagnostic: a rule reported on a line.
type want struct {
	line int
	rule string
}

func (w want) String() string { return fmt.Sprintf("line %d: %s", w.line, w.rule) }

var wantRE = regexp.MustCompile(`#\s*want:\s*(.*)$`)

// parseWants reads the `# want: rule-a rule-b` annotations of a test design.
func parseWants(t *testing.T, data []byte) map[want]bool {
	t.Helper()
	wants := map[want]bool{}
	for i, line := range strings.Split(string(data), "\n") {
		m := wantRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		rules := strings.Fields(m[1])
		if len(rules) == 0 {
			t.Fatalf("line %d: `# want:` names no rule", i+1)
		}
		for _, r := range rules {
			if _, ok := design.LookupRule(r); !ok {
				t.Fatalf("line %d: `# want: %s` names no rule", i+1, r)
			}
			wants[want{line: i + 1, rule: r}] = true
		}
	}
	return wants
}

// TestRules runs design.Check over every design in testdata/rules and requires
// the reported (line, rule) pairs to equal the file's `# want:` annotations,
// analysistest style.
func TestRules(t *testing.T) {
	files, err := filepath.Glob("testdata/rules/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no test designs in testdata/rules")
	}
	covered := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		wants := parseWants(t, data)
		for w := range wants {
			covered[w.rule] = true
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			_, diags := design.Check(f, data)
			got := map[want]bool{}
			for _, d := range diags {
				got[want{line: d.Pos.Line, rule: d.Rule}] = true
				if d.Pos.File != f {
					t.Errorf("%s: diagnostic names file %q", d, d.Pos.File)
				}
				if d.Message == "" {
					t.Errorf("%s: empty message", d)
				}
			}
			var missing, extra []string
			for w := range wants {
				if !got[w] {
					missing = append(missing, w.String())
				}
			}
			for _, d := range diags {
				if w := (want{line: d.Pos.Line, rule: d.Rule}); !wants[w] {
					extra = append(extra, d.String())
				}
			}
			sort.Strings(missing)
			sort.Strings(extra)
			for _, m := range missing {
				t.Errorf("missing diagnostic: %s", m)
			}
			for _, e := range extra {
				t.Errorf("unexpected diagnostic: %s", e)
			}
		})
	}
	// Every rule must be proven by at least one test design; input-too-large
	// needs a 16 MiB file and is proven by TestHostileInput instead.
	for _, r := range design.All {
		if !covered[r.Name] && r.Name != design.RuleInputTooLarge.Name {
			t.Errorf("rule %s has no `# want: %s` case in testdata/rules", r.Name, r.Name)
		}
	}
}

// TestRuleNamesUnique fails when two rules share a name, or a name is not kebab-case.
func TestRuleNamesUnique(t *testing.T) {
	seen := map[string]bool{}
	kebab := regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	for _, r := range design.All {
		if seen[r.Name] {
			t.Errorf("rule %q registered twice", r.Name)
		}
		seen[r.Name] = true
		if !kebab.MatchString(r.Name) {
			t.Errorf("rule name %q is not kebab-case", r.Name)
		}
		if got, ok := design.LookupRule(r.Name); !ok || got != r {
			t.Errorf("LookupRule(%q) does not return the rule", r.Name)
		}
	}
}

// TestContractRules requires every rule of DESIGN-FORMAT.md's table, with its severity.
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
		r, ok := design.LookupRule(name)
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
	for _, r := range design.All {
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
