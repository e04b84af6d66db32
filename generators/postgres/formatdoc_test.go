package postgres

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/internal/testkit/docexamples"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

// TestFormatDocExamplesApply generates the DDL of every example of
// docs/format.md that checks without errors (their SQL expressions parsed by
// PostgreSQL's parser) and applies it to a fresh database: the format
// reference shows only designs that build. The examples that show an error
// are checked by design's TestFormatDocExamples.
func TestFormatDocExamplesApply(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(golden.ModuleRoot(t), "docs", "format.md"))
	if err != nil {
		t.Fatal(err)
	}
	built := 0
	for _, ex := range docexamples.YAMLBlocks(string(data)) {
		text, _, err := docexamples.Wrap(ex.Text)
		if err != nil {
			t.Fatalf("docs/format.md:%d: %v", ex.Line, err)
		}
		s, diags := check.Source("format.md", []byte(text), nil)
		if diags.HasErrors() {
			continue
		}
		built++
		t.Run(fmt.Sprintf("line_%d", ex.Line), func(t *testing.T) {
			ddl, err := Generate(s, Options{})
			if err != nil {
				t.Fatalf("docs/format.md:%d: %v", ex.Line, err)
			}
			apply(t, ddl)
		})
	}
	if built < 15 {
		t.Errorf("only %d examples of docs/format.md check without errors; the reference should show working designs", built)
	}
}
