package migrate

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/schemagen/schemagen/internal/testkit/golden"
	"github.com/schemagen/schemagen/internal/testkit/randdesign"
)

// squawkBin finds squawk, the migration linter, installed by .ci/install-deps
// from .ci/squawk (or named by SCHEMAGEN_SQUAWK); the test skips without it
// unless SCHEMAGEN_REQUIRE_SQUAWK=1.
func squawkBin(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("SCHEMAGEN_SQUAWK")
	if bin == "" {
		bin = filepath.Join(golden.ModuleRoot(t), ".cache", "squawk", "node_modules", "@squawk-cli", "linux-x64", "bin", "squawk")
	}
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("SCHEMAGEN_REQUIRE_SQUAWK") == "1" {
			t.Fatalf("SCHEMAGEN_REQUIRE_SQUAWK=1 but squawk is missing (%v): run .ci/install-deps", err)
		}
		t.Skipf("squawk is not installed (%v): run .ci/install-deps", err)
	}
	return bin
}

// squawkStyleRules are squawk's rules about what a change means for the
// application, not about locks or scans. They stay on in a team's CI, and
// are accepted here: the drops and renames are what the design asks for
// (destructive ones are refused without --allow-destructive), the types are
// the design's choice, and prefer-robust-stmts wants IF [NOT] EXISTS on
// statements that run in a transaction that rolls back as a whole.
var squawkStyleRules = map[string]bool{
	"prefer-robust-stmts": true, "ban-drop-column": true, "ban-drop-table": true, "ban-drop-not-null": true,
	"renaming-column": true, "renaming-table": true, "prefer-bigint-over-int": true, "prefer-bigint-over-smallint": true,
	"prefer-text-field": true, "prefer-timestamptz": true, "prefer-identity": true, "ban-char-field": true,
	"require-enum-value-ordering": true,
	// A NOT NULL column without a default: destructive-not-null refuses it
	// unless --allow-destructive, and the data checks count the rows.
	"adding-required-field": true,
}

// squawkAcceptedLockRules are the lock rules squawk may report on a plan
// whose table-rewrite or table-scan-lock diagnostics were accepted
// (--allow-locks): the same operations, named by both tools.
var squawkAcceptedLockRules = map[string]bool{
	"changing-column-type": true, "adding-serial-primary-key-field": true, "adding-field-with-default": true,
}

type squawkFinding struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Rule string `json:"rule_name"`
	Msg  string `json:"message"`
}

// TestSquawk lints every up step of the online plans of every pair and of
// random evolutions with squawk: none may have a lock or table-scan finding,
// except the ones schemagen itself reports and the plan accepted.
func TestSquawk(t *testing.T) {
	bin := squawkBin(t)
	type named struct {
		name string
		plan *Plan
	}
	var plans []named
	files, _ := filepath.Glob("testdata/pairs/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		parts := map[string][]byte{}
		for _, f := range ar.Files {
			parts[f.Name] = f.Data
		}
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		old, new := mustCheck(t, name+"/old.yaml", parts["old.yaml"]), mustCheck(t, name+"/new.yaml", parts["new.yaml"])
		plan, err := Diff(old, new, Options{AllowDestructive: true, AllowLocks: true})
		if err != nil {
			t.Fatal(err)
		}
		plans = append(plans, named{name, plan})
	}
	for seed := int64(1); seed <= int64(*seeds); seed++ {
		oldYAML := randdesign.Generate(seed)
		file := fmt.Sprintf("random_%d.yaml", seed)
		m := &mutator{r: rand.New(rand.NewPCG(uint64(seed), 42)), file: file, data: oldYAML}
		newYAML := m.mutate(1 + int(seed%3))
		plan, err := Diff(mustCheck(t, "old_"+file, oldYAML), mustCheck(t, "new_"+file, newYAML), Options{AllowDestructive: true, AllowLocks: true})
		if err != nil {
			t.Fatal(err)
		}
		plans = append(plans, named{fmt.Sprintf("random_%d", seed), plan})
	}

	dir := t.TempDir()
	var inTx, outside []string
	owner := map[string]*Plan{}
	for _, np := range plans {
		for i, s := range np.plan.UpSteps {
			path := filepath.Join(dir, fmt.Sprintf("%s.%02d_%s.up.sql", np.name, i+1, s.Name))
			if err := os.WriteFile(path, []byte(s.SQL(np.name)), 0o644); err != nil {
				t.Fatal(err)
			}
			owner[path] = np.plan
			if s.Transaction {
				inTx = append(inTx, path)
			} else {
				outside = append(outside, path)
			}
		}
	}
	if len(inTx) == 0 || len(outside) == 0 {
		t.Fatalf("expected steps in and outside transactions, got %d and %d", len(inTx), len(outside))
	}
	run := func(files []string, args ...string) []squawkFinding {
		cmd := exec.Command(bin, append(append([]string{"--reporter", "json", "--pg-version", "15"}, args...), files...)...)
		out, err := cmd.Output()
		var findings []squawkFinding
		if jerr := json.Unmarshal(out, &findings); jerr != nil {
			t.Fatalf("squawk: %v, %v: %s", err, jerr, out)
		}
		return findings
	}
	// golang-migrate runs a file as one implicit transaction: say so to squawk.
	findings := append(run(inTx, "--assume-in-transaction"), run(outside)...)
	seen := map[string]int{}
	for _, f := range findings {
		seen[f.Rule]++
		if squawkStyleRules[f.Rule] {
			continue
		}
		plan := owner[f.File]
		if squawkAcceptedLockRules[f.Rule] && plan != nil && hasLockDiagnostic(plan) {
			continue
		}
		data, _ := os.ReadFile(f.File)
		t.Errorf("%s:%d: squawk %s: %s\n%s", filepath.Base(f.File), f.Line, f.Rule, f.Msg, data)
	}
	var summary []string
	for r, n := range seen {
		summary = append(summary, fmt.Sprintf("%s x%d", r, n))
	}
	sort.Strings(summary)
	t.Logf("%d plans, %d step files; squawk findings: %s", len(plans), len(inTx)+len(outside), strings.Join(summary, ", "))
}

func hasLockDiagnostic(p *Plan) bool {
	for _, d := range p.Diagnostics {
		if d.Rule == RuleTableRewrite || d.Rule == RuleTableScan {
			return true
		}
	}
	return false
}
