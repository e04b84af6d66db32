package migrate

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/generators/postgres"
)

// FuzzDiff checks the differ on any two designs that validate: it never
// panics or fails, its up and down SQL parse with PostgreSQL's parser, and a
// design compared with itself needs no migration.
//
//	go test ./generators/migrate -run '^$' -fuzz FuzzDiff -fuzztime 1m
func FuzzDiff(f *testing.F) {
	pairs, _ := filepath.Glob("testdata/pairs/*.txtar")
	for _, file := range pairs {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		ar := txtar.Parse(data)
		var old, cur []byte
		for _, fl := range ar.Files {
			switch filepath.Base(fl.Name) {
			case "old.yaml":
				old = fl.Data
			case "new.yaml":
				cur = fl.Data
			}
		}
		if old != nil && cur != nil {
			f.Add(old, cur)
		}
	}
	f.Fuzz(func(t *testing.T, oldSrc, newSrc []byte) {
		old, diags := check.Source("old.yaml", oldSrc, nil)
		if old == nil || diags.HasErrors() || len(postgres.Checker.CheckSQL(old)) > 0 {
			return
		}
		cur, diags := check.Source("new.yaml", newSrc, nil)
		if cur == nil || diags.HasErrors() || len(postgres.Checker.CheckSQL(cur)) > 0 {
			return
		}
		plan, err := Diff(old, cur, Options{AllowDestructive: true})
		if err != nil {
			return // a refusal with a reason (a change the format cannot migrate)
		}
		for _, sql := range []string{string(plan.Up), string(plan.Down)} {
			if err := postgres.ParseCheck(sql); err != nil {
				t.Fatalf("the migration does not parse: %v\n%s", err, sql)
			}
		}
		same, err := Diff(cur, cur, Options{})
		if err != nil || same.Changes != 0 {
			t.Fatalf("a design against itself: %v, %d changes\n%s", err, same.Changes, same.Up)
		}
	})
}
