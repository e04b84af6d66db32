package seed

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

func mustCheck(t *testing.T, path string) *schema.Schema {
	t.Helper()
	s, diags, err := golden.CheckFile(path)
	if err != nil || diags.HasErrors() {
		t.Fatalf("%s: %v %v", path, err, diags)
	}
	return s
}

// TestCannotSeed: designs that cannot be seeded get a clear error at their line, and no output.
func TestCannotSeed(t *testing.T) {
	rideshare := mustCheck(t, "../../examples/rideshare.yaml")
	stories := mustCheck(t, "testdata/stories.yaml")
	for _, tc := range []struct {
		name string
		s    *schema.Schema
		opts Options
		want string
	}{
		{"required parent without rows", rideshare, Options{TableRows: map[string]int{"users": 0}},
			"examples/rideshare.yaml:36:3: cannot seed: rides needs rows of users (a required foreign key), which gets none"},
		{"cycle without constraint names", stories, Options{},
			"cannot seed: required foreign keys form a cycle through teams and players; deferring them needs the constraint names"},
		{"unknown table", rideshare, Options{TableRows: map[string]int{"riders": 3}},
			"--rows names tables the design does not have (or event tables, whose rows come from the state machines): riders"},
		{"event table", rideshare, Options{TableRows: map[string]int{"ride_events": 3}}, "ride_events"},
		{"format", rideshare, Options{Format: "csv"}, `unknown format "csv"`},
	} {
		var out strings.Builder
		_, err := WriteScript(tc.s, tc.opts, &out)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
		if strings.Contains(out.String(), "INSERT") {
			t.Errorf("%s: rows were written before the error", tc.name)
		}
	}
	var se *Error
	if _, err := Generate(rideshare, Options{TableRows: map[string]int{"users": 0}}, discard{}); !errors.As(err, &se) {
		t.Errorf("a design that cannot be seeded gives a *seed.Error, not %T", err)
	}
}

// TestRowCounts: --rows per table, lowered where unique keys allow fewer
// rows, each lowering noted.
func TestRowCounts(t *testing.T) {
	s, _ := check.Source("t.yaml", []byte(`schemagen: 1
name: counts
enums:
  tier: [free, pro, team]
entities:
  plans:
    fields:
      tier: tier pk
  users:
    fields:
      id: uuid pk
  profiles:
    fields:
      id: uuid pk
relationships:
  - users 1-1 profiles
`), nil)
	rep, err := Generate(s, Options{Rows: 10, TableRows: map[string]int{"users": 4}}, discard{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, tr := range rep.Tables {
		got[tr.Table] = tr.Rows
	}
	if got["plans"] != 3 || got["users"] != 4 || got["profiles"] != 4 {
		t.Errorf("rows: %v", got)
	}
	var notes []string
	for _, n := range rep.Notes {
		notes = append(notes, n.String())
	}
	joined := strings.Join(notes, "\n")
	for _, want := range []string{"plans: 3 rows instead of 10: tier must be distinct", "profiles: 4 rows instead of 10: each row needs its own row of users"} {
		if !strings.Contains(joined, want) {
			t.Errorf("notes lack %q:\n%s", want, joined)
		}
	}
	if _, err := WriteScript(s, Options{}, io.Discard); err != nil {
		t.Fatal(err)
	}
}
