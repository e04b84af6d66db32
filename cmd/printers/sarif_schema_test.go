package printers

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

// requireNode makes missing Node.js packages fail the test instead of
// skipping it (CI).
const requireNode = "SCHEMAGEN_REQUIRE_NODE"

// nodeModules returns node and the node_modules directory that
// .ci/install-deps fills from .ci/npm, or skips the test.
func nodeModules(t *testing.T) (node, modules string) {
	t.Helper()
	modules = filepath.Join(golden.ModuleRoot(t), ".cache", "npm", "node_modules")
	node, err := exec.LookPath("node")
	if err == nil {
		if _, err = os.Stat(filepath.Join(modules, "ajv-draft-04")); err == nil {
			return node, modules
		}
	}
	msg := "node or the packages of .ci/npm are missing (run .ci/install-deps): " + err.Error()
	if os.Getenv(requireNode) != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return "", ""
}

// TestSARIFValidatesWithOddPaths validates SARIF logs against the official
// SARIF 2.1.0 schema with ajv, URI formats included, for file names that are
// not URIs as they are: a space, a percent sign, standard input, a colon
// that would read as a URI scheme, non-ASCII letters and an absolute path.
func TestSARIFValidatesWithOddPaths(t *testing.T) {
	node, modules := nodeModules(t)
	names := []string{"shop.yaml", "my designs/shop.yaml", "100%.yaml", "<stdin>", "c:blog.yaml",
		"größe/ölfeld.yaml", "/abs/path with space/shop.yaml", "a#b?c.yaml"}
	dir := t.TempDir()
	var files []string
	for i, name := range names {
		_, diags := check.Source(name, []byte(sample), nil)
		if len(diags) == 0 {
			t.Fatal("the sample gives no diagnostics")
		}
		var buf bytes.Buffer
		if err := SARIF(&buf, diags, nil); err != nil {
			t.Fatal(err)
		}
		var log struct {
			Runs []struct {
				ColumnKind string
				Results    []struct {
					Locations []struct {
						PhysicalLocation struct{ ArtifactLocation struct{ URI string } }
					}
				}
			}
		}
		if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		if log.Runs[0].ColumnKind != "unicodeCodePoints" {
			t.Errorf("columnKind = %q, want unicodeCodePoints", log.Runs[0].ColumnKind)
		}
		uri := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI
		t.Logf("%s -> %s", name, uri)
		file := filepath.Join(dir, filepath.Base(filepath.Clean("log"+string(rune('a'+i))))+".sarif")
		if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}
	cmd := exec.Command(node, append([]string{"testdata/validate-sarif.js"}, files...)...)
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the SARIF logs do not validate: %v\n%s", err, out)
	}
}
