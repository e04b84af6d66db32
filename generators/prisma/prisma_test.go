package prisma

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/schemagen/schemagen/internal/testkit/npmtool"

	"github.com/schemagen/schemagen/internal/testkit/golden"
)

func testDesigns(t *testing.T) []golden.Design {
	return golden.Examples(t, "../postgres/testdata/*.yaml", "../golang/testdata/designs/*.yaml", "testdata/designs/*.yaml")
}

// TestGolden compares the Prisma schema of every example with testdata/NAME.prisma.
func TestGolden(t *testing.T) {
	for _, d := range golden.Examples(t) {
		got, err := Generate(d.Schema)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := Generate(d.Schema)
		if string(got) != string(again) {
			t.Errorf("%s: output differs between two runs", d.Name)
		}
		golden.Check(t, filepath.Join("testdata", d.Name+".prisma"), got)
	}
}

// TestPrismaValidates runs Prisma's own schema validation (the wasm build
// of its engine, from .ci/npm) on the export of every example and test design.
func TestPrismaValidates(t *testing.T) {
	node, modules := npmtool.PrismaWasm(t)
	dir := t.TempDir()
	var files []string
	for _, d := range testDesigns(t) {
		out, err := Generate(d.Schema)
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, d.Name+".prisma")
		if err := os.WriteFile(f, out, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	// The validator must reject a broken schema, or this test proves nothing.
	broken := filepath.Join(dir, "broken.prisma")
	if err := os.WriteFile(broken, []byte("model A {\n  id Int @id\n  b B\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, append([]string{"testdata/validate.js"}, files...)...)
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("Prisma rejects the export: %v\n%s", err, out)
	}
	cmd = exec.Command(node, "testdata/validate.js", broken)
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	if err := cmd.Run(); err == nil {
		t.Fatal("the validator accepted a broken schema")
	}
}
