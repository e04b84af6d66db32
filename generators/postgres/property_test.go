package postgres

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/sqlname"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
	"github.com/schemagen/schemagen/internal/testkit/randdesign"
)

// propertySeeds is how many random designs the property test tries; -short tries fewer.
func propertySeeds() int64 {
	if testing.Short() {
		return 10
	}
	return 60
}

// TestRandomDesignsParse generates the DDL of many random valid designs: it
// must come out (no internal error, no design error), parse with pg_query
// statement by statement, be the same bytes on a second run, and keep every
// generated name within 63 bytes and unique where PostgreSQL needs it.
func TestRandomDesignsParse(t *testing.T) {
	for seed := int64(0); seed < 2*propertySeeds(); seed++ {
		s, ddl := randomDDL(t, seed)
		if err := ParseCheck(string(ddl)); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		s2, _ := check.Source("again.yaml", randdesign.Generate(seed), nil)
		again, err := Generate(s2, Options{})
		if err != nil || !bytes.Equal(ddl, again) {
			t.Fatalf("seed %d: a second run gave different output (err %v)", seed, err)
		}
		checkNames(t, seed, s)
	}
}

// TestRandomDesignsApply applies the DDL of random designs on the server.
// Creating a database per design costs about a second, so the designs share
// one: each file (without its own BEGIN/COMMIT) runs in a transaction that is
// rolled back, which leaves the database empty for the next one. The first
// few also run as written, BEGIN/COMMIT included, on fresh databases.
func TestRandomDesignsApply(t *testing.T) {
	conn := pgtest.NewDatabase(t)
	for seed := int64(0); seed < propertySeeds(); seed++ {
		s, ddl := randomDDL(t, seed)
		bare, err := Generate(s, Options{NoTransaction: true})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		tx, err := conn.Begin(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx(t), string(bare)); err != nil {
			t.Errorf("seed %d: the DDL does not apply: %s\n%s", seed, describe(err), randdesign.Generate(seed))
		}
		if err := tx.Rollback(ctx(t)); err != nil {
			t.Fatal(err)
		}
		if seed < 3 {
			apply(t, ddl)
		}
	}
}

func randomDDL(t *testing.T, seed int64) (*schema.Schema, []byte) {
	t.Helper()
	data := randdesign.Generate(seed)
	s, diags := check.Source(fmt.Sprintf("seed%d.yaml", seed), data, nil)
	if diags.HasErrors() {
		t.Fatalf("seed %d: randdesign wrote an invalid design: %v", seed, diags)
	}
	ddl, err := Generate(s, Options{})
	if err != nil {
		t.Fatalf("seed %d: %v\n%s", seed, err, data)
	}
	return s, ddl
}

// checkNames checks the generated names of a schema: at most 63 bytes, and
// unique per table for constraints and triggers.
func checkNames(t *testing.T, seed int64, s *schema.Schema) {
	t.Helper()
	for _, tb := range s.Tables {
		n := namesOf(tb)
		seen := map[string]string{}
		take := func(name, what string) {
			if len(name) > sqlname.MaxIdentifierBytes {
				t.Errorf("seed %d: %s name %q is %d bytes", seed, what, name, len(name))
			}
			if prev, dup := seen[name]; dup {
				t.Errorf("seed %d: %s and %s of %s are both named %q", seed, prev, what, tb.Name, name)
			}
			seen[name] = what
		}
		if n.pk != "" {
			take(n.pk, "primary key")
		}
		for _, name := range n.unique {
			take(name, "unique")
		}
		for _, name := range n.check {
			take(name, "check")
		}
		for _, name := range n.fk {
			take(name, "foreign key")
		}
		for _, name := range n.index {
			take(name, "index")
		}
		for _, m := range tb.Machines {
			take(StateTriggerName(m), "state trigger")
			take(StateInsertTriggerName(m), "initial-state trigger")
			if len(StateFunctionName(m)) > sqlname.MaxIdentifierBytes {
				t.Errorf("seed %d: function name %q too long", seed, StateFunctionName(m))
			}
		}
	}
}
