package migrate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/testkit/pgcatalog"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

// From an empty database to each example and back: the first migration of a
// directory. Up must give the database `schemagen sql` builds; down must
// leave nothing behind (types, functions and schemas included).
func TestFromEmptyAndBack(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.yaml")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			s := mustCheck(t, f, data)
			plan, err := Diff(&schema.Schema{}, s, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if plan.Destructive() {
				t.Fatalf("creating a schema is not destructive: %v", plan.Diagnostics)
			}
			ctx := context.Background()
			db := pgtest.NewDatabase(t)
			empty := catalog(t, db)
			if _, err := db.Exec(ctx, string(plan.Up)); err != nil {
				t.Fatalf("up: %v\n%s", err, string(plan.Up))
			}
			if d := pgcatalog.Diff(catalog(t, build(t, s)), catalog(t, db)); len(d) > 0 {
				t.Fatalf("up from empty differs from schemagen sql:\n%s", strings.Join(d, "\n"))
			}
			if _, err := db.Exec(ctx, string(plan.Down)); err != nil {
				t.Fatalf("down: %v\n%s", err, string(plan.Down))
			}
			if d := pgcatalog.Diff(empty, catalog(t, db)); len(d) > 0 {
				t.Fatalf("down to empty left:\n%s", strings.Join(d, "\n"))
			}
		})
	}
}
