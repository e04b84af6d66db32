package pgrows

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

// Every example gets a row in every table: checks, foreign keys (cycles and
// self-references too), enums and state-machine triggers accept them.
func TestInsertFillsEveryTable(t *testing.T) {
	files, _ := filepath.Glob("../../../examples/*.yaml")
	if len(files) == 0 {
		t.Fatal("no examples")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			s, diags := check.Source(f, data, nil)
			if diags.HasErrors() {
				t.Fatalf("%s has errors", f)
			}
			ddl, err := postgres.Generate(s, postgres.Options{})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			conn := pgtest.NewDatabase(t)
			if _, err := conn.Exec(ctx, string(ddl)); err != nil {
				t.Fatal(err)
			}
			rows, err := Insert(ctx, conn, s)
			if err != nil {
				t.Fatal(err)
			}
			for _, tb := range s.Tables {
				if n := len(rows[tb.QualifiedName()]); n != 1 {
					t.Errorf("%s has %d rows, want 1", tb.QualifiedName(), n)
				}
			}
			again, err := Read(ctx, conn, s)
			if err != nil {
				t.Fatal(err)
			}
			if len(again.Tables()) != len(s.Tables) {
				t.Errorf("Read found %d tables, want %d", len(again.Tables()), len(s.Tables))
			}
		})
	}
}
