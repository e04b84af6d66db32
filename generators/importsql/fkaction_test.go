package importsql

import (
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
)

// TestSetNullAndSetDefaultOnRequiredColumnsAreKept: ON DELETE SET NULL on a
// NOT NULL column (Sakila's payment.rental_id) and SET DEFAULT on one are
// imported as written; the design validates, with a set-null-on-required
// warning for the first only.
func TestSetNullAndSetDefaultOnRequiredColumnsAreKept(t *testing.T) {
	const sql = `CREATE TABLE rental (id int PRIMARY KEY);
CREATE TABLE payment (
  id int PRIMARY KEY,
  rental_id int NOT NULL REFERENCES rental ON DELETE SET NULL,
  fallback_id int NOT NULL DEFAULT 0 REFERENCES rental ON DELETE SET DEFAULT
);
`
	out, diags, err := Import("pay.sql", []byte(sql), Options{})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	for _, d := range diags {
		if d.Rule == RuleChanged.Name && strings.Contains(d.Message, "ON DELETE") {
			t.Errorf("unexpected warning: %s", d)
		}
	}
	s, vd := check.Source("pay.yaml", out, nil)
	if vd.HasErrors() {
		t.Fatalf("the imported design has errors:\n%s\n%s", diagText(vd), out)
	}
	warned := 0
	for _, d := range vd {
		if d.Rule == "set-null-on-required" && d.Severity == design.Warning {
			warned++
		}
	}
	if warned != 1 {
		t.Errorf("want one set-null-on-required warning, got:\n%s", diagText(vd))
	}
	got := map[string]string{}
	for _, fk := range s.Table("payment").ForeignKeys {
		got[fk.Columns[0]] = fk.OnDelete
	}
	if got["rental_id"] != "set null" || got["fallback_id"] != "set default" {
		t.Errorf("ON DELETE actions %v, want rental_id: set null, fallback_id: set default\n%s", got, out)
	}
}
