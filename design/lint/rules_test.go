package lint_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/lint"
	"github.com/schemagen/schemagen/internal/rulebook"
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
			if _, ok := rulebook.All().Lookup(r); !ok {
				t.Fatalf("line %d: `# want: %s` names no rule", i+1, r)
			}
			wants[want{line: i + 1, rule: r}] = true
		}
	}
	return wants
}

// TestRules runs check.Source over every design in testdata/rules and requires
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
			_, diags := check.Source(f, data, nil)
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
	all := design.Rules()
	for _, r := range lint.Rules() {
		all = append(all, &r.Rule)
	}
	for _, r := range all {
		if !covered[r.Name] && r.Name != design.RuleInputTooLarge.Name {
			t.Errorf("rule %s has no `# want: %s` case in testdata/rules", r.Name, r.Name)
		}
	}
}

// TestUnusedEnumNamedInBlock: an enum that only a SQL block uses is used.
func TestUnusedEnumNamedInBlock(t *testing.T) {
	src := `schemagen: 1
name: t
enums:
  entity_kind: [artist, label]
  leftover: [a, b]
sql:
  - name: kinds
    body: CREATE FUNCTION kinds() RETURNS SETOF entity_kind LANGUAGE sql AS $$ SELECT 'artist'::entity_kind $$;
`
	_, diags := check.Source("t.yaml", []byte(src), nil)
	var got []string
	for _, d := range diags {
		if d.Rule == "unused-enum" {
			got = append(got, d.Message)
		}
	}
	if len(got) != 1 || !strings.Contains(got[0], "leftover") {
		t.Errorf("unused-enum: got %q, want only leftover", got)
	}
}
