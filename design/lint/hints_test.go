package lint_test

import (
	"os"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
)

// TestDidYouMean checks the hints that make a typo a one-second fix.
func TestDidYouMean(t *testing.T) {
	base := "schemagen: 1\nname: t\n"
	for _, c := range []struct {
		name, src, rule, hint string
		line                  int
	}{
		{"top-level key", "relationship: []\n", "unknown-key", "did you mean `relationships`?", 3},
		{"entity key", "entities:\n  users:\n    feilds: {}\n", "unknown-key", "did you mean `fields`?", 5},
		{"field key", "entities:\n  users:\n    fields:\n      id: {type: uuid, pk: true, nulable: true}\n", "unknown-key", "did you mean `nullable`?", 6},
		{"machine key", "states:\n  s:\n    entity: a\n    intial: x\n", "unknown-key", "did you mean `initial`?", 6},
		{"type", "entities:\n  users:\n    fields: {id: uuid pk, n: \"nummeric(12,2)\"}\n", "invalid-type", "did you mean `numeric`?", 5},
		{"enum type", "enums: {user_role: [a]}\nentities:\n  users:\n    fields: {id: uuid pk, r: user_rol}\n", "invalid-type", "did you mean `user_role`?", 6},
		{"entity", "entities:\n  users: {fields: {id: uuid pk}}\n  rides: {fields: {id: uuid pk}}\nrelationships: [user 1-n rides]\n", "unknown-entity", "did you mean `users`?", 6},
		{"event", "entities:\n  rides: {fields: {id: uuid pk}}\nevents: {rides: [accepted]}\nflow:\n  - {step: s, event: rides.acepted}\n", "unknown-event", "did you mean `accepted`?", 7},
		{"column", "entities:\n  rides:\n    fields: {id: uuid pk, placed_at: timestamptz}\n    indexes: [{columns: [placd_at]}]\n", "unknown-column", "did you mean `placed_at`?", 6},
		{"relationship word", "entities:\n  users: {fields: {id: uuid pk}}\n  rides: {fields: {id: uuid pk}}\nrelationships: [users 1-n rides optinal]\n", "invalid-relationship", "did you mean `optional`?", 6},
		{"many-to-many", "entities:\n  drivers: {fields: {id: uuid pk}}\n  locations: {fields: {id: uuid pk}}\nrelationships: [drivers n-n locations]\n", "many-to-many-needs-junction", "add `via driver_locations`", 6},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, diags := check.Source("t.yaml", []byte(base+c.src), nil)
			for _, d := range diags {
				if d.Rule == c.rule && d.Hint == c.hint && d.Pos.Line == c.line {
					return
				}
			}
			t.Errorf("want %s on line %d with hint %q, got:\n%v", c.rule, c.line, c.hint, hintsOf(diags))
		})
	}
}

func hintsOf(diags design.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.String() + " hint: " + d.Hint + "\n")
	}
	return b.String()
}

// TestSyntaxErrorIsADiagnostic checks that broken YAML is a positioned
// diagnostic without the parser's Go error prefix.
func TestSyntaxErrorIsADiagnostic(t *testing.T) {
	for _, c := range []struct {
		src  string
		line int
	}{
		{"schemagen: 1\nname: t\nentities:\n  users:\n    fields: [a, b\n", 5},
		{"schemagen: 1\nname: t\nflow:\n  - a\n  b: c\n", 5},
		{"schemagen: 1\nname: 'unterminated\n", 2},
		{"schemagen: 1\nname: t\ndescription: >\n  fine text\n  more text\nentities: {a: [}\n", 6},
		// An unclosed flow list that spans lines: reported where it opens.
		{"schemagen: 1\nname: t\nenums:\n  e: [a,\n    b,\n    c\nentities: {}\n", 4},
	} {
		_, diags := check.Source("t.yaml", []byte(c.src), nil)
		if len(diags) != 1 || diags[0].Rule != "yaml-syntax" {
			t.Errorf("%q: want one yaml-syntax diagnostic, got %v", c.src, diags)
			continue
		}
		d := diags[0]
		if d.Pos.Line != c.line || strings.Contains(d.Message, "yaml:") || !strings.HasPrefix(d.Message, "invalid YAML: ") {
			t.Errorf("%q: got %s, want line %d", c.src, d, c.line)
		}
	}
}

// TestSyntaxHints checks the hints for the YAML mistakes designs make most.
func TestSyntaxHints(t *testing.T) {
	for src, hint := range map[string]string{
		"schemagen: 1\nname: t\nentities:\n  a:\n    fields: {id: uuid pk, b: {type: text?}}\n": "quote a nullable type",
		"schemagen: 1\nname: t\nenums:\n  e: [a?, b]\n":                                         "quote a nullable type",
		"schemagen: 1\nname: t\nentities:\n\tusers: {}\n":                                       "indent with spaces",
		"schemagen: 1\nname: t\nentities: {a: [}\n":                                             "check the indentation",
	} {
		_, diags := check.Source("t.yaml", []byte(src), nil)
		if len(diags) != 1 || !strings.Contains(diags[0].Hint, hint) {
			t.Errorf("%q: want hint %q, got %v", src, hint, hintsOf(diags))
		}
	}
}

// TestUnquotedUnusualName: a leading underscore is not lower snake_case, but
// PostgreSQL reads it unquoted, so the message must not say it needs quotes.
func TestUnquotedUnusualName(t *testing.T) {
	src := "schemagen: 1\nname: t\nentities:\n  a:\n    fields: {id: uuid pk, _version: integer, createdAt: integer}\n"
	_, diags := check.Source("t.yaml", []byte(src), nil)
	quoted := map[string]bool{}
	for _, d := range diags {
		if d.Rule == "naming-convention" {
			quoted[strings.Split(d.Message, "\"")[1]] = strings.Contains(d.Message, "must quote")
		}
	}
	if q, ok := quoted["_version"]; !ok || q {
		t.Errorf("_version: want a naming-convention info without \"must quote\", got %v", hintsOf(diags))
	}
	if q, ok := quoted["createdAt"]; !ok || !q {
		t.Errorf("createdAt: want a naming-convention info that says it must be quoted, got %v", hintsOf(diags))
	}
}

// TestRepeatsAreGrouped: a column repeated across tables, and serial columns
// above a handful, are one diagnostic that still names every table.
func TestRepeatsAreGrouped(t *testing.T) {
	for _, c := range []struct {
		file, rule, message, hint string
	}{
		{"testdata/rules/data-types.yaml", "timestamp-without-time-zone", "column modifieddate is a timestamp without time zone in 2 tables: products, countries", "use `timestamptz`"},
		{"testdata/rules/data-types.yaml", "timestamp-without-time-zone", "products.birth_date is a timestamp without time zone", "use `date` for a calendar date, else `timestamptz`"},
		{"testdata/rules/serial-many.yaml", "serial-column", "6 columns are serial or bigserial, a schema-wide choice; an identity column does the same without a separate sequence to manage: a.id, b.id, c.id, d.id, e.id, f.id", "use identity columns (`integer identity`, `bigint identity`) throughout"},
	} {
		data, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		_, diags := check.Source(c.file, data, nil)
		found := false
		for _, d := range diags {
			found = found || d.Rule == c.rule && d.Message == c.message && d.Hint == c.hint
		}
		if !found {
			t.Errorf("%s: want %q with hint %q, got:\n%s", c.file, c.message, c.hint, hintsOf(diags))
		}
	}
}

// TestRedundantIndexNamesBoth: the message names the redundant index and the
// one that covers it, so that a reader can tell which to drop.
func TestRedundantIndexNamesBoth(t *testing.T) {
	src := "schemagen: 1\nname: t\nentities:\n  artists:\n    fields: {id: uuid pk, name: text, born: date}\n" +
		"    indexes:\n      - {name: artist_idx_name, columns: [name]}\n      - {name: artist_idx_name_born, columns: [name, born]}\n"
	_, diags := check.Source("t.yaml", []byte(src), nil)
	want := "index artist_idx_name on artists(name) is redundant: index artist_idx_name_born on (name, born) already serves its lookups"
	for _, d := range diags {
		if d.Rule == "redundant-index" && d.Message == want {
			return
		}
	}
	t.Errorf("want %q, got:\n%s", want, hintsOf(diags))
}
