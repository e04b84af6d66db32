package migrate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design/schema"
)

// A database built with the event enum names of older versions
// (`<singular>_event`) is migrated to the current names by renaming the
// types: the up migration is only renames, and on PostgreSQL it gives the
// database `schemagen sql` builds today, rows kept; down goes back.
func TestLegacyEventEnumNames(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.yaml")
	renamed := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		old, cur := mustCheck(t, f, data), mustCheck(t, f, data)
		schema.UseLegacyEventEnumNames(old)
		plan, err := Diff(old, cur, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, e := range cur.Enums {
			if e.Kind == schema.EventEnum {
				want = append(want, "ALTER TYPE "+schema.LegacyEventEnumName(e.Table.EventsOf.Singular)+" RENAME TO "+e.Name+";")
			}
		}
		for _, stmt := range want {
			if !strings.Contains(string(plan.Up), stmt) {
				t.Errorf("%s: the up migration lacks %q:\n%s", f, stmt, string(plan.Up))
			}
		}
		if plan.Changes != len(want) {
			t.Errorf("%s: %d changes, want only the %d renames:\n%s", f, plan.Changes, len(want), string(plan.Up))
		}
		renamed += len(want)
		t.Run(filepath.Base(f), func(t *testing.T) {
			proveOnPostgres(t, old, cur, plan, false)
		})
	}
	if renamed == 0 {
		t.Fatal("no example has events")
	}
}
