package jsonschema

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/schemagen/schemagen/design"
)

var update = flag.Bool("update", false, "rewrite docs/schemagen.schema.json")

// shipped is the copy of the schema the repository ships, for editors to name.
const shipped = "../../docs/schemagen.schema.json"

// TestEveryLoaderKeyIsDescribed fails when the loader accepts a key that the
// schema lacks (Generate refuses), or when the schema describes a key the
// loader no longer accepts.
func TestEveryLoaderKeyIsDescribed(t *testing.T) {
	out, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Properties  map[string]struct{ Description string }
		Definitions map[string]struct {
			Properties map[string]struct{ Description string }
		}
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	accepted := map[string]bool{}
	for _, set := range design.KeySets() {
		props := doc.Properties
		if set.Map != "design" {
			def, ok := doc.Definitions[set.Map]
			if !ok {
				t.Errorf("no definition for the loader's map %q", set.Map)
				continue
			}
			props = def.Properties
		}
		for _, key := range set.Keys {
			accepted[set.Map+"."+key] = true
			if props[key].Description == "" {
				t.Errorf("%s.%s: accepted by the loader, without a description in the schema", set.Map, key)
			}
		}
		if len(props) != len(set.Keys) {
			t.Errorf("%s: the schema has %d keys, the loader accepts %d", set.Map, len(props), len(set.Keys))
		}
	}
	for key := range properties {
		if !accepted[key] {
			t.Errorf("%s is described but the loader does not accept it", key)
		}
	}
}

// TestShippedSchemaIsCurrent keeps docs/schemagen.schema.json equal to what Generate writes.
func TestShippedSchemaIsCurrent(t *testing.T) {
	out, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(shipped, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(shipped)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, out) {
		t.Errorf("%s is stale: run go test ./design/jsonschema -update", shipped)
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, _ := Generate()
	for range 5 {
		if b, _ := Generate(); !bytes.Equal(a, b) {
			t.Fatal("two runs of Generate differ")
		}
	}
}

// TestPatterns checks the short-form patterns against what the loader accepts and refuses.
func TestPatterns(t *testing.T) {
	field := regexp.MustCompile(`^\s*[A-Za-z_"]`) // Go's regexp has no lookahead: test the keyword part apart
	for _, spec := range []string{"uuid pk", "text?", "numeric(12,2) default 0", "double precision", `"Mixed" check (x > 0)`} {
		if !field.MatchString(spec) {
			t.Errorf("field spec %q should match", spec)
		}
	}
	rel := regexp.MustCompile(relationshipPattern)
	for _, spec := range []string{"users 1-n rides", "drivers 1-n rides as driver optional", "posts n-n tags via post_tags", "a 1:1 b", "a N-1 b", "a m-n b via c"} {
		if !rel.MatchString(spec) {
			t.Errorf("relationship %q should match", spec)
		}
	}
	for _, spec := range []string{"users rides", "users 2-n rides", "users"} {
		if rel.MatchString(spec) {
			t.Errorf("relationship %q should not match", spec)
		}
	}
	if !slices.Equal(design.SpecKeywords(), []string{"check", "collate", "default", "generated", "identity", "pk", "unique"}) {
		t.Errorf("the short form's keywords changed: %v; check fieldSpecPattern", design.SpecKeywords())
	}
}

func repoFile(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("../..", rel))
	if err != nil {
		t.Fatal(err)
	}
	return p
}
