package golang

import (
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design/check"
)

// TestRefusesColumnNamedDash: db:"-" would tell sqlx and pgx to skip the
// field, so the column would silently never be read or written.
func TestRefusesColumnNamedDash(t *testing.T) {
	src := "schemagen: 1\nname: dash\nentities:\n  things:\n    fields:\n      id: bigint pk\n      \"-\": text?\n"
	s, diags := check.Source("dash.yaml", []byte(src), nil)
	if s == nil || diags.HasErrors() {
		t.Fatalf("the design should be valid: %v", diags)
	}
	_, err := Generate(s, Options{})
	if err == nil || !strings.Contains(err.Error(), `dash.yaml:7:7: column things."-": a Go struct tag cannot name it`) {
		t.Fatalf("Generate error = %v", err)
	}
}
