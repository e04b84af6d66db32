package migrate

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

// TestPairs runs every pair of designs in testdata/pairs: each file is a
// txtar archive with old.yaml and new.yaml, optionally `flags` (words:
// allow-destructive, allow-locks, empty-down), `want` (the rule names of the
// expected diagnostics, one per line) and `want-online` (the same for the
// online plan, when they differ), `seed.sql` (more rows for the old
// database), `after.sql` and `after.want` (a query run after the up
// migration and its rows, columns separated by |), `down.sql` and `down.want`
// (the same after the down migration). Both plans, simple and online, are
// compared with golden files (testdata/pairs/NAME.golden and
// NAME.online.golden, refreshed with -update) and proved on PostgreSQL.
func TestPairs(t *testing.T) {
	files, err := filepath.Glob("testdata/pairs/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no pairs in testdata/pairs: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			parts := map[string][]byte{}
			for _, f := range ar.Files {
				parts[f.Name] = f.Data
			}
			old := mustCheck(t, name+"/old.yaml", parts["old.yaml"])
			new := mustCheck(t, name+"/new.yaml", parts["new.yaml"])
			flags := strings.Fields(string(parts["flags"]))
			has := func(f string) bool {
				for _, x := range flags {
					if x == f {
						return true
					}
				}
				return false
			}
			// `migrate new` records NEW; `migrate check` then compares NEW
			// with that copy of itself: renames it says it made (renamed_from,
			// swaps included) are not made twice.
			again, err := Diff(new, mustCheck(t, name+"/new.yaml", parts["new.yaml"]), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if again.Changes != 0 {
				t.Errorf("new.yaml compared with itself gives %d statements:\n%s", again.Changes, again.Up)
			}
			for _, mode := range []string{"simple", "online"} {
				t.Run(mode, func(t *testing.T) {
					online := mode == "online"
					plan, err := Diff(old, new, Options{AllowDestructive: has("allow-destructive"), Simple: !online, AllowLocks: has("allow-locks")})
					if err != nil {
						t.Fatal(err)
					}
					golden := filepath.Join("testdata", "pairs", name+".golden")
					want := parts["want"]
					if online {
						golden = filepath.Join("testdata", "pairs", name+".online.golden")
						if w, ok := parts["want-online"]; ok {
							want = w
						}
					}
					checkPair(t, plan, want, golden)
					if has("allow-destructive") || !plan.Destructive() {
						proveData(t, old, new, plan, proof{
							emptyDown: has("empty-down"), seed: string(parts["seed.sql"]),
							query: string(parts["after.sql"]), want: string(parts["after.want"]),
							queryDown: string(parts["down.sql"]), wantDown: string(parts["down.want"]),
						})
					}
				})
			}
		})
	}
}

// checkPair compares a pair's plan with its expected diagnostics and golden file.
func checkPair(t *testing.T, plan *Plan, wantRules []byte, goldenFile string) {
	t.Helper()
	want := strings.Fields(string(wantRules))
	got := strings.Fields(diagnosticRules(plan))
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		var lines []string
		for _, d := range plan.Diagnostics {
			lines = append(lines, d.String())
		}
		t.Errorf("diagnostics: got rules %v, want %v:\n%s", got, want, strings.Join(lines, "\n"))
	}
	if plan.Changes == 0 {
		t.Errorf("no changes found between old.yaml and new.yaml")
	}
	out := string(plan.Up) + "\n-- ======== down ========\n\n" + string(plan.Down)
	golden.Check(t, goldenFile, []byte(out))
}
