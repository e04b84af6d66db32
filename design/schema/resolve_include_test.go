package schema_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design/check"
)

// TestIndexIncludeColumns: an index's INCLUDE columns reach the resolved
// index, and one that names no column is an error at its line.
func TestIndexIncludeColumns(t *testing.T) {
	const src = "schemagen: 1\nname: i\nentities:\n  users:\n    fields:\n      id: uuid pk\n      org: text\n      handle: text\n    indexes:\n      - {columns: [org], include: [%s]}\n"
	s := mustResolve(t, strings.Replace(src, "%s", "handle", 1))
	if ix := table(t, s, "users").Indexes[0]; len(ix.Include) != 1 || ix.Include[0] != "handle" {
		t.Errorf("include %v", ix.Include)
	}
	_, diags := check.Source("t.yaml", []byte(strings.Replace(src, "%s", "nickname", 1)), nil)
	if !diags.HasErrors() || !strings.Contains(fmt.Sprint(diags), "t.yaml:10:") || !strings.Contains(fmt.Sprint(diags), "nickname") {
		t.Errorf("want an error at line 10 naming nickname, got:\n%v", diags)
	}
}
