// Package npmtool finds the Node tools that .ci/install-deps installs into
// .cache/npm (pinned by .ci/npm) for the interop tests: the test skips
// without them, and fails instead under SCHEMAGEN_REQUIRE_NODE. It is for
// tests only.
package npmtool

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/schemagen/schemagen/internal/testkit/golden"
)

// Modules is .cache/npm/node_modules of the repository.
func Modules(t testing.TB) string {
	return filepath.Join(golden.ModuleRoot(t), ".cache", "npm", "node_modules")
}

// missing skips the test, or fails it when CI requires the Node tools.
func missing(t testing.TB, msg string) {
	t.Helper()
	msg += " (run .ci/install-deps)"
	if os.Getenv("SCHEMAGEN_REQUIRE_NODE") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// DBML2SQL is the dbml2sql command of @dbml/cli.
func DBML2SQL(t testing.TB) string {
	t.Helper()
	path := filepath.Join(Modules(t), ".bin", "dbml2sql")
	if _, err := os.Stat(path); err != nil {
		missing(t, "@dbml/cli is not installed in .cache/npm")
	}
	return path
}

// RunDBML2SQL runs `dbml2sql FILE --postgres` and returns the DDL. It runs in
// a temporary directory, where dbml2sql writes its dbml-error.log.
func RunDBML2SQL(t testing.TB, tool, file string) []byte {
	t.Helper()
	src, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tool, src, "--postgres")
	cmd.Dir = t.TempDir()
	ddl, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("dbml2sql: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("dbml2sql: %v", err)
	}
	return ddl
}

// PrismaWasm returns node and the node_modules that hold
// @prisma/prisma-schema-wasm, Prisma's schema validation.
func PrismaWasm(t testing.TB) (node, modules string) {
	t.Helper()
	modules = Modules(t)
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(modules, "@prisma", "prisma-schema-wasm"))
	}
	if err != nil {
		missing(t, "node or @prisma/prisma-schema-wasm (.cache/npm) is missing: "+err.Error())
	}
	return node, modules
}
