// Package lintcorpus holds the lint's precision test over the public schemas
// of the shared corpus: it imports each one and fixes how many times each
// rule fires, so that a new false alarm or a lost true finding fails.
package lintcorpus

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/generators/importsql"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

// expected is, per corpus schema, how many diagnostics of each rule the import
// and the validation of the imported design report (warnings and infos; an
// error fails the test). Each count was reviewed against the schema: change
// one only after judging the findings it adds or removes.
var expected = map[string]map[string]int{
	"adventureworks": {
		// Functions, views and materialized views are kept as SQL blocks,
		// domains, extensions and composite key order as written.
		"import-changed": 1, "import-skipped": 4,
		"reserved-word": 2, // productproductphoto.primary, salesterritory.group
		"serial-column": 1, // 36 serial keys: one schema-wide finding
		// 102 timestamp columns in 20 groups (modifieddate in 68 tables is one).
		"timestamp-without-time-zone": 20,
	},
	"chinook": {
		// GENERATED ALWAYS is kept (identity always): no import-changed.
		"redundant-index":             1,
		"timestamp-without-time-zone": 3, // birth_date and hire_date are told to use date
	},
	"guacamole": {
		"import-changed":  1,
		"redundant-index": 15, // prefixes of composite keys, all true
		"serial-column":   1,
		// password_salt, password_date and password_history_id are not passwords: 0.
	},
	"musicbrainz": {
		// Functions, triggers, views, the collation and the text search
		// configuration are kept as SQL blocks, and so are the checks and
		// indexes that call them: 3 kinds are still skipped.
		// Partitioned tables keep their partitions, and the indexes of one
		// partition are blocks (no import-skipped); column collations are
		// kept (collate), so the one import-changed is unindexed foreign keys.
		// DEFERRABLE uniques and domains are kept too.
		"import-changed": 1, "import-status-enum": 1,
		"plaintext-password": 1, // editor.password (a bcrypt hash under a plain name)
		"plaintext-secret":   3, // application.oauth_secret, editor_oauth_token's bearer tokens
		// 9 true ones; the indexes on `name COLLATE musicbrainz` are not
		// redundant (another collation, another order).
		"redundant-index": 9,
		"serial-column":   1, // 240 serial keys: one finding
		// ratable_entity_type and taggable_entity_type are used by functions,
		// now SQL blocks of the design, which unused-enum counts as uses.
		"unused-enum": 0,
		// No token-without-expiry: a "link" here relates entities, and
		// editor_oauth_token has expire_time. No cascade-into-restrict: the
		// cascades reach 1-1 extensions of protected parents.
	},
	"pagila": {
		// Functions, views, triggers are blocks; payment keeps its partitions;
		// the domain `year` and the key order of payment are kept.
		// The 18 indexes and 18 foreign keys of single partitions are blocks: 1 kind is skipped.
		"import-changed": 1, "import-skipped": 1,
		"plaintext-password": 1, // staff.password (a SHA-1 hash under a plain name)
		"serial-column":      1,
		// payment.customer_id, staff_id, rental_id: the keys were declared on
		// partitions the import skips.
		"undeclared-foreign-key": 3,
	},
	"quartz": {
		"redundant-index": 4,
		"status-as-text":  2, // trigger_state, state: WAITING, PAUSED, ACQUIRED, ... as varchar(16)
	},
	"sakila": {
		// functions, views, triggers, rules: blocks; the domain `year` is kept.
		// payment.rental_id keeps ON DELETE SET NULL on a NOT NULL column:
		// one set-null-on-required warning instead of an import-changed.
		"import-changed": 2, "import-skipped": 2,
		"set-null-on-required":       1,
		"plaintext-password":         1,
		"required-foreign-key-cycle": 1, // store <-> staff
		"serial-column":              1,
		// last_update in 14 tables, payment_date in payment and its 6
		// inherited copies, rental_date, return_date.
		"timestamp-without-time-zone": 4,
	},
	"temporal": {
		"import-skipped":              1,
		"serial-column":               1,
		"timestamp-without-time-zone": 5,
		"undeclared-foreign-key":      1, // shard_id in 20 tables, no foreign key at all
	},
	"temporal-visibility": {
		// The DO block, its function and the generated columns that call it are kept.
		"import-skipped":              0,
		"naming-convention":           1, // _version: unusual, but legal unquoted
		"timestamp-without-time-zone": 9,
	},
	"world-v2": {
		"import-changed": 1, "import-skipped": 1,
		// country.head_of_state is a person, not a status: no status-as-text.
	},
}

func corpusDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(golden.ModuleRoot(t), "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST.md")); err != nil {
		t.Skipf("the PostgreSQL corpus is not at %s: skipping the lint precision test", dir)
	}
	return dir
}

// ruleCounts imports one corpus file, validates the design and counts the
// diagnostics of both steps by rule.
func ruleCounts(t *testing.T, file string) map[string]int {
	t.Helper()
	name := strings.TrimSuffix(filepath.Base(file), ".sql")
	sql, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	out, importDiags, err := importsql.Import(filepath.Base(file), sql, importsql.Options{})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	_, diags := check.Source(name+".yaml", out, nil)
	counts := map[string]int{}
	for _, d := range append(importDiags, diags...) {
		if d.Severity == design.Error {
			t.Errorf("%s", d)
		}
		counts[d.Rule]++
	}
	return counts
}

// TestCorpusPrecision fixes the count of each rule on each corpus schema.
func TestCorpusPrecision(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpusDir(t), "*.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(expected) {
		t.Errorf("the corpus has %d schemas, the test expects %d", len(files), len(expected))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".sql")
		t.Run(name, func(t *testing.T) {
			want, ok := expected[name]
			if !ok {
				t.Fatalf("no expected counts for %s", name)
			}
			got := ruleCounts(t, file)
			var rules []string
			for r := range got {
				rules = append(rules, r)
			}
			for r := range want {
				if _, ok := got[r]; !ok {
					rules = append(rules, r)
				}
			}
			sort.Strings(rules)
			var lines []string
			for _, r := range rules {
				lines = append(lines, fmt.Sprintf("%q: %d,", r, got[r]))
				if got[r] != want[r] {
					t.Errorf("%s: %d diagnostics, want %d", r, got[r], want[r])
				}
			}
			if t.Failed() {
				t.Logf("counts now:\n%s", strings.Join(lines, "\n"))
			}
		})
	}
}
