package importsql

import (
	"errors"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
)

// TestImportWritesOnlyValidDesigns: SQL the design format cannot carry is
// refused with import-not-expressible, SQL it can carry validates.
func TestImportWritesOnlyValidDesigns(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		refusal   string // "" when the design must validate
	}{
		{"empty enum label", "CREATE TYPE kind AS ENUM ('', 'a'); CREATE TABLE t (id int PRIMARY KEY, k kind);",
			"the design cannot express this: an enum value must not be empty [invalid-value]"},
		{"type name with a colon", `CREATE TYPE "x: y" AS ENUM ('p'); CREATE TABLE t (id int PRIMARY KEY, k "x: y");`,
			`the design cannot express this: field t.k: "x: y" is not a type [invalid-type]`},
		{"foreign-key column with a space", `CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (id int PRIMARY KEY, "my parent" int REFERENCES parent(id));`, ""},
		{"backslashes", `CREATE TABLE t (id int PRIMARY KEY, s text DEFAULT E'\\' CHECK (s <> E'\\\''));`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, diags, err := Import("in.sql", []byte(c.sql), Options{})
			if c.refusal == "" {
				if err != nil {
					t.Fatalf("Import: %v\n%v", err, diags)
				}
				if _, check := check.Source("in.yaml", out, nil); check.HasErrors() {
					t.Fatalf("the design does not validate: %v\n%s", check, out)
				}
				return
			}
			if !errors.Is(err, ErrNotExpressible) || out != nil {
				t.Fatalf("Import = %d bytes, %v; want ErrNotExpressible", len(out), err)
			}
			found := false
			for _, d := range diags {
				found = found || d.Rule == RuleNotExpressible.Name && strings.Contains(d.Message, c.refusal)
			}
			if !found {
				t.Errorf("no import-not-expressible %q in %v", c.refusal, diags)
			}
		})
	}
}

// TestImportRefusesADesignOverTheSizeLimit: SQL whose design would pass the
// 16 MiB limit of a design file is refused, not written.
func TestImportRefusesADesignOverTheSizeLimit(t *testing.T) {
	// Tables with long comments: a big design from a few statements.
	var b strings.Builder
	comment := strings.Repeat("word ", 1<<18) // 1.25 MB
	for i := 0; b.Len() < design.MaxFileSize+(1<<20); i++ {
		name := "t" + itoa(i)
		b.WriteString("CREATE TABLE " + name + " (id int PRIMARY KEY);\n")
		b.WriteString("COMMENT ON TABLE " + name + " IS '" + comment + "';\n")
	}
	_, diags, err := Import("big.sql", []byte(b.String()), Options{})
	if !errors.Is(err, ErrNotExpressible) || len(diags) == 0 || !strings.Contains(diags[len(diags)-1].Message+diags[0].Message, "MiB a design may have") {
		t.Fatalf("err %v, diags %v", err, diags.Sort()[:min(3, len(diags))])
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
