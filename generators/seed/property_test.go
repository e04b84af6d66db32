package seed

import (
	"bytes"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/seedload"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
	"github.com/schemagen/schemagen/internal/testkit/randdesign"
)

// propertySeeds is how many random designs the property test seeds; -short seeds fewer.
func propertySeeds() int64 {
	if testing.Short() {
		return 10
	}
	return 60
}

// TestRandomDesignsSeed seeds random valid designs on a real server, with
// their DDL and triggers: the load succeeds, every table gets rows, and every
// row's events are a legal walk ending in its state. The designs share one
// database: each runs in a transaction that is rolled back.
func TestRandomDesignsSeed(t *testing.T) {
	conn := pgtest.NewDatabase(t)
	for seed := int64(0); seed < propertySeeds(); seed++ {
		data := randdesign.Generate(seed)
		s, diags := check.Source("random.yaml", data, nil)
		if s == nil || diags.HasErrors() {
			t.Fatalf("seed %d: the random design has errors: %v", seed, diags)
		}
		ddl, err := postgres.Generate(s, postgres.Options{NoTransaction: true})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		opts := Options{Rows: 3 + int(seed%20), Seed: uint64(seed), Format: []Format{Insert, Copy}[seed%2], ForeignKeyName: postgres.ForeignKeyName}
		c := ctx(t)
		tx, err := conn.Begin(c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(c, string(ddl)); err != nil {
			t.Fatalf("seed %d: the DDL does not apply: %s", seed, describe(err))
		}
		if _, err := Generate(s, opts, seedload.Sink{Ctx: c, Tx: tx}); err != nil {
			t.Errorf("seed %d: seeding fails: %s\n%s", seed, describe(err), data)
		} else {
			verify(t, conn, s)
		}
		if err := tx.Rollback(c); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDeterministic: the same seed gives the same bytes, another seed other ones.
func TestDeterministic(t *testing.T) {
	for seed := int64(0); seed < 2*propertySeeds(); seed++ {
		s, _ := check.Source("random.yaml", randdesign.Generate(seed), nil)
		var a, b, other bytes.Buffer
		opts := Options{Seed: 5, ForeignKeyName: postgres.ForeignKeyName}
		if _, err := WriteScript(s, opts, &a); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if _, err := WriteScript(s, opts, &b); err != nil {
			t.Fatal(err)
		}
		opts.Seed = 6
		if _, err := WriteScript(s, opts, &other); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("seed %d: two runs with the same --seed differ", seed)
		}
		if bytes.Equal(a.Bytes(), other.Bytes()) {
			t.Errorf("seed %d: --seed 5 and --seed 6 give the same data", seed)
		}
	}
}
