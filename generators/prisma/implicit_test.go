package prisma

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/testkit/npmtool"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/generators/importsql"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

// TestImplicitGolden compares the export of testdata/designs (junctions in
// Prisma's implicit shape and near misses) with testdata/designs/NAME.prisma.
func TestImplicitGolden(t *testing.T) {
	for _, d := range golden.Examples(t, "testdata/designs/*.yaml")[len(golden.Examples(t)):] {
		got, err := Generate(d.Schema)
		if err != nil {
			t.Fatal(err)
		}
		golden.Check(t, filepath.Join("testdata", "designs", d.Name+".prisma"), got)
	}
}

// TestImplicitFromPrismaDatabase imports the DDL `prisma migrate` writes for
// an implicit many-to-many relation and exports the design back to Prisma:
// the relation is implicit again (list fields, no model for _CategoryToPost).
func TestImplicitFromPrismaDatabase(t *testing.T) {
	sql, err := os.ReadFile(filepath.Join("testdata", "prisma_implicit.sql"))
	if err != nil {
		t.Fatal(err)
	}
	design, diags, err := importsql.Import("prisma_implicit.sql", sql, importsql.Options{SQL: postgres.Checker})
	if err != nil {
		t.Fatalf("%v\n%v", err, diags)
	}
	s, diags := check.Source("prisma_implicit.yaml", design, postgres.Checker)
	if diags.HasErrors() {
		t.Fatalf("%v\n%s", diags, design)
	}
	out, err := Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{"  posts Post[]\n", "  categories Category[]\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in:\n%s", want, text)
		}
	}
	if strings.Contains(text, "_CategoryToPost") {
		t.Errorf("the junction is written as a model:\n%s", text)
	}
}

// TestImplicitFromPrismaDatabaseValidates runs Prisma's own validation on the
// export of the database `prisma migrate` built (see TestImplicitFromPrismaDatabase).
func TestImplicitFromPrismaDatabaseValidates(t *testing.T) {
	node, modules := npmtool.PrismaWasm(t)
	sql, err := os.ReadFile(filepath.Join("testdata", "prisma_implicit.sql"))
	if err != nil {
		t.Fatal(err)
	}
	design, diags, err := importsql.Import("prisma_implicit.sql", sql, importsql.Options{SQL: postgres.Checker})
	if err != nil {
		t.Fatalf("%v\n%v", err, diags)
	}
	s, _ := check.Source("prisma_implicit.yaml", design, postgres.Checker)
	out, err := Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "prisma_implicit.prisma")
	if err := os.WriteFile(f, out, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "testdata/validate.js", f)
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("Prisma rejects the export: %v\n%s\n%s", err, msg, out)
	}
}
