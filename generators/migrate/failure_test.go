package migrate

import (
	"context"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/testkit/pgcatalog"
)

// A migration that cannot run on the data it finds (here: a row still holds
// an enum value the new design removes) fails as a whole: the schema and the
// rows stay as they were, apart from enum values added in the first
// transaction, and running it again after fixing the data works.
func TestFailedMigrationChangesNothing(t *testing.T) {
	ctx := context.Background()
	old := mustCheck(t, "old.yaml", []byte(`schemagen: 1
name: shop
entities:
  customers:
    fields:
      id: uuid pk default gen_random_uuid()
      tier: customer_tier default 'standard'
      note: text?
enums:
  customer_tier: [standard, gold]
  channel: [web, phone]
`))
	new := mustCheck(t, "new.yaml", []byte(`schemagen: 1
name: shop
entities:
  customers:
    fields:
      id: uuid pk default gen_random_uuid()
      tier: customer_tier default 'standard'
      remark: {type: text, nullable: true, renamed_from: note}
      since: timestamptz default now()
enums:
  customer_tier: [standard, silver]
  channel: [web, app, phone]
`))
	plan, err := Diff(old, new, Options{AllowDestructive: true})
	if err != nil {
		t.Fatal(err)
	}
	db := build(t, old)
	before := catalog(t, db)
	if _, err := db.Exec(ctx, `INSERT INTO customers (tier, note) VALUES ('gold', 'keep me')`); err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(ctx, string(plan.Up))
	if err == nil || !strings.Contains(err.Error(), "gold") {
		t.Fatalf("the up migration should fail on the row holding 'gold', got %v", err)
	}
	// The session is left in the failed transaction, as psql's would be.
	if _, err := db.Exec(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	after := catalog(t, db)
	diff := pgcatalog.Diff(before, after)
	joined := strings.Join(diff, "\n")
	if len(diff) != 2 || !strings.Contains(joined, "- enum public.channel ('web', 'phone')") || !strings.Contains(joined, "+ enum public.channel ('web', 'app', 'phone')") {
		t.Fatalf("after a failed migration only the enum value added first may differ:\n%s", strings.Join(diff, "\n"))
	}
	var note string
	if err := db.QueryRow(ctx, `SELECT note FROM customers`).Scan(&note); err != nil || note != "keep me" {
		t.Fatalf("the row changed: %q, %v", note, err)
	}
	if _, err := db.Exec(ctx, `UPDATE customers SET tier = 'standard'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, string(plan.Up)); err != nil {
		t.Fatalf("running the migration again after fixing the data: %v", err)
	}
	if d := pgcatalog.Diff(catalog(t, build(t, new)), catalog(t, db)); len(d) > 0 {
		t.Fatalf("after the second run the schema differs from new.yaml's:\n%s", strings.Join(d, "\n"))
	}
	if err := db.QueryRow(ctx, `SELECT remark FROM customers`).Scan(&note); err != nil || note != "keep me" {
		t.Fatalf("the renamed column lost its value: %q, %v", note, err)
	}
}
