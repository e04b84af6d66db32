package importdbml

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/testkit/golden"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

// importFeatures imports testdata/features.dbml, which uses every construct the import reads.
func importFeatures(t *testing.T) ([]byte, design.Diagnostics) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "features.dbml"))
	if err != nil {
		t.Fatal(err)
	}
	out, diags, err := Import("features.dbml", data, Options{SQL: postgres.Checker})
	if err != nil {
		t.Fatalf("%v\n%v", err, diags)
	}
	return out, diags
}

// TestFeatures compares the design of testdata/features.dbml with
// testdata/features.yaml and checks that it validates.
func TestFeatures(t *testing.T) {
	out, diags := importFeatures(t)
	for _, d := range diags {
		if d.Rule != "import-status-enum" && d.Rule != "import-changed" && d.Rule != "import-skipped" {
			t.Errorf("unexpected diagnostic: %s", d)
		}
	}
	golden.Check(t, filepath.Join("testdata", "features.yaml"), out)
	if _, diags := check.Source("features.yaml", out, postgres.Checker); diags.HasErrors() {
		t.Fatalf("the design does not validate:\n%v", diags)
	}
	again, _ := importFeatures(t)
	if string(again) != string(out) {
		t.Error("two imports of the same file differ")
	}
}

// TestFeaturesApplyOnPostgres applies the DDL of the imported design.
func TestFeaturesApplyOnPostgres(t *testing.T) {
	pgtest.ServerDSN(t)
	out, _ := importFeatures(t)
	s, diags := check.Source("features.yaml", out, postgres.Checker)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	ddl, err := postgres.Generate(s, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := apply(t, ddl); err != nil {
		t.Fatalf("%v\n%s", err, ddl)
	}
}
