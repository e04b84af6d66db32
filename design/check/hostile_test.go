package check_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/rulebook"
	"github.com/schemagen/schemagen/internal/testkit/golden"
	"gopkg.in/yaml.v3"
)

// checkSane runs Check and verifies what must hold for any input: no panic, every
// diagnostic has a known rule, a message, a line, and the file name; the result
// is the same on a second run.
func checkSane(t *testing.T, name string, data []byte) (*schema.Schema, design.Diagnostics) {
	t.Helper()
	s, diags := checkOnce(t, name, data)
	_, again := check.Source(name, data, nil)
	if fmt.Sprint(diags) != fmt.Sprint(again) {
		t.Errorf("Check is not deterministic:\n%v\n%v", diags, again)
	}
	return s, diags
}

// checkOnce is checkSane without the second run.
func checkOnce(t *testing.T, name string, data []byte) (*schema.Schema, design.Diagnostics) {
	t.Helper()
	s, diags := check.Source(name, data, nil)
	for _, d := range diags {
		if _, ok := rulebook.All().Lookup(d.Rule); !ok {
			t.Errorf("%s: unknown rule %q", d, d.Rule)
		}
		if d.Message == "" || d.Pos.Line < 1 || d.Pos.File != name {
			t.Errorf("malformed diagnostic %+v", d)
		}
	}
	return s, diags
}

func hasRule(diags design.Diagnostics, rule string) bool {
	for _, d := range diags {
		if d.Rule == rule {
			return true
		}
	}
	return false
}

// aliasBomb is the YAML "billion laughs": nine levels of ten aliases each.
func aliasBomb(under string) []byte {
	var b strings.Builder
	b.WriteString("schemagen: 1\nname: bomb\nlol0: &l0 [lol]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "lol%d: &l%d [", i, i)
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString(under)
	return []byte(b.String())
}

// aliasedEntity is a design whose first entity has fields fields and is
// aliased copies times: a small file that stands for a large design.
func aliasedEntity(fields, copies int) []byte {
	var b strings.Builder
	b.WriteString("schemagen: 1\nname: aliased\nentities:\n  e0: &e\n    fields:\n      id: bigint pk\n")
	for i := 0; i < fields; i++ {
		fmt.Fprintf(&b, "      f%d: text\n", i)
	}
	for i := 1; i <= copies; i++ {
		fmt.Fprintf(&b, "  e%d: *e\n", i)
	}
	return []byte(b.String())
}

// mergeBomb nests YAML merge keys ten wide and nine deep, under a field map.
func mergeBomb() []byte {
	var b strings.Builder
	b.WriteString("schemagen: 1\nname: bomb\nentities:\n  base:\n    fields:\n      m0: &m0 {a: text}\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "      m%d: &m%d {<<: [", i, i)
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*m%d", i-1)
		}
		b.WriteString("]}\n")
	}
	b.WriteString("  users:\n    fields:\n      <<: *m9\n")
	return []byte(b.String())
}

// TestHostileInput feeds broken and malicious files to Check: none may crash or
// hang, and each gets the diagnostic it deserves.
func TestHostileInput(t *testing.T) {
	big := bytes.Repeat([]byte("# padding line of a design that is far too large\n"), 50<<20/49+1) // > 50 MB
	deepList := []byte("schemagen: 1\nname: deep\nflow: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n")
	var deepMap strings.Builder
	deepMap.WriteString("schemagen: 1\nname: deep\nentities:\n")
	for i := 0; i < 5000; i++ {
		deepMap.WriteString(strings.Repeat(" ", 2+i) + "a:\n")
	}
	binary := make([]byte, 4096)
	for i := range binary {
		binary[i] = byte(i * 7 % 256)
	}
	long := strings.Repeat("x", 200)
	cases := []struct {
		name string
		data []byte
		want []string // rules that must be reported
		// bad says the design must have errors.
		bad bool
	}{
		{name: "empty", data: nil, want: []string{"missing-key"}, bad: true},
		{name: "whitespace", data: []byte("  \n\n\t\n"), want: []string{"yaml-syntax"}, bad: true},
		{name: "comments only", data: []byte("# nothing\n# here\n"), want: []string{"missing-key"}, bad: true},
		{name: "document separator only", data: []byte("---\n...\n"), want: []string{"missing-key"}, bad: true},
		{name: "scalar document", data: []byte("hello\n"), want: []string{"invalid-value"}, bad: true},
		{name: "list document", data: []byte("- a\n- b\n"), want: []string{"invalid-value"}, bad: true},
		{name: "binary", data: binary, want: []string{"yaml-syntax"}, bad: true},
		{name: "NUL byte", data: []byte("schemagen: 1\nname: x\x00\n"), want: []string{"yaml-syntax"}, bad: true},
		{name: "invalid UTF-8", data: []byte("schemagen: 1\nname: caf\xe9\n"), want: []string{"yaml-syntax"}, bad: true},
		{name: "UTF-8 BOM", data: []byte("\xef\xbb\xbfschemagen: 1\nname: bom\n"), bad: false},
		{name: "50 MB", data: big, want: []string{"input-too-large"}, bad: true},
		{name: "deeply nested lists", data: deepList, bad: true},
		{name: "deeply nested maps", data: []byte(deepMap.String()), bad: true},
		{name: "alias bomb in flow", data: aliasBomb("flow: *l9\n"), want: []string{"input-too-large"}, bad: true},
		{name: "alias bomb in entities", data: aliasBomb("entities: {a: {fields: {f: *l9}}}\n"), bad: true},
		{name: "alias bomb in relationships", data: aliasBomb("relationships: *l9\n"), bad: true},
		{name: "merge-key bomb", data: mergeBomb(), want: []string{"input-too-large"}, bad: true},
		{name: "alias multiplying a 1000-field entity", data: aliasedEntity(1000, 150), want: []string{"input-too-large"}, bad: true},
		// The worst case: 156 KB that took 3 minutes and 5.75 GB.
		{name: "alias multiplying a 1000-field entity 14000 times", data: aliasedEntity(1000, 14000), want: []string{"input-too-large"}, bad: true},
		{name: "small aliases within the budget", data: aliasedEntity(10, 200), bad: false},
		{name: "recursive alias", data: []byte("schemagen: 1\nname: r\nentities: &e\n  a: *e\n"), bad: true},
		{name: "undefined alias", data: []byte("schemagen: 1\nname: r\nentities: *nope\n"), want: []string{"yaml-syntax"}, bad: true},
		{name: "duplicate top-level key", data: []byte("schemagen: 1\nname: a\nname: b\n"), want: []string{"duplicate-key"}, bad: true},
		{name: "duplicate entities section", data: []byte("schemagen: 1\nname: a\nentities: {a: {fields: {id: uuid pk}}}\nentities: {b: {}}\n"), want: []string{"duplicate-key"}, bad: true},
		{name: "non-scalar key", data: []byte("schemagen: 1\nname: a\n? [x, y]\n: z\n"), want: []string{"invalid-value"}, bad: true},
		{name: "huge version number", data: []byte("schemagen: 99999999999999999999999\nname: a\n"), want: []string{"invalid-value"}, bad: true},
		{name: "tags", data: []byte("schemagen: !!str 1\nname: !custom a\nentities: !!map {}\n"), bad: false},
		{name: "multiple documents", data: []byte("schemagen: 1\nname: a\n---\nschemagen: 1\nname: b\n"), want: []string{"yaml-syntax"}, bad: true},
		{name: "second document does not parse", data: []byte("---\nschemagen: 1\nname: a\n---\n[\n"), want: []string{"yaml-syntax"}, bad: true},
		{name: "trailing document separator", data: []byte("---\nschemagen: 1\nname: a\n---\n"), bad: false},
		{name: "name with quote", data: []byte("schemagen: 1\nname: a\nentities:\n  \"us\\\"ers\":\n    fields: {\"na'me\": text, id: uuid pk}\n"), want: []string{"naming-convention"}},
		{name: "name with semicolon", data: []byte("schemagen: 1\nname: a\nentities:\n  \"users; drop table x\":\n    fields: {id: uuid pk, \"a;b\": text}\n"), want: []string{"naming-convention"}},
		{name: "name with spaces", data: []byte("schemagen: 1\nname: a\nentities:\n  \"my users\":\n    fields: {id: uuid pk, \"first name\": text}\n"), want: []string{"naming-convention"}},
		{name: "unicode names", data: []byte("schemagen: 1\nname: a\nentities:\n  ユーザー:\n    fields: {id: uuid pk, 名前: text, émoji_😀: text}\n"), want: []string{"naming-convention"}},
		{name: "unicode name over 63 bytes", data: []byte("schemagen: 1\nname: a\nentities:\n  " + strings.Repeat("ü", 40) + ":\n    fields: {id: uuid pk}\n"), want: []string{"identifier-too-long"}, bad: true},
		{name: "200-character names", data: []byte("schemagen: 1\nname: " + long + "\nentities:\n  " + long + ":\n    fields: {id: uuid pk, " + long + ": text}\nenums:\n  " + long + ": [" + long + "]\n"), want: []string{"identifier-too-long"}, bad: true},
		{name: "empty names", data: []byte("schemagen: 1\nname: \"\"\nentities:\n  \"\":\n    fields: {\"\": text}\n"), bad: true},
		{name: "null everywhere", data: []byte("schemagen: 1\nname: a\nflow:\nentities:\nenums:\nrelationships:\nstates:\nevents:\nfailures:\n"), bad: false},
		{name: "null items", data: []byte("schemagen: 1\nname: a\nflow: [~]\nentities: {a: ~}\nenums: {e: ~}\nrelationships: [~]\nstates: {s: ~}\nevents: {a: ~}\nfailures: [~]\n"), bad: true},
		{name: "numbers as names", data: []byte("schemagen: 1\nname: 42\nentities:\n  1:\n    fields: {2: integer, id: uuid pk}\n"), want: []string{"naming-convention"}},
		{name: "very long line", data: []byte("schemagen: 1\nname: a\ndescription: " + strings.Repeat("word ", 200000) + "\n"), bad: false},
		{name: "many entities with errors", data: func() []byte {
			var b strings.Builder
			b.WriteString("schemagen: 1\nname: many\nentities:\n")
			for i := 0; i < 3000; i++ {
				fmt.Fprintf(&b, "  e%d: {fields: {id: nosuchtype pk}}\n", i)
			}
			return []byte(b.String())
		}(), want: []string{"invalid-type"}, bad: true},
		{name: "state machine of 20000 states", data: func() []byte {
			// Rules that scanned every transition for every state took minutes on this.
			var b strings.Builder
			b.WriteString("schemagen: 1\nname: big\nentities:\n  a: {fields: {id: uuid pk}}\nstates:\n  s:\n    entity: a\n    initial: s0\n    transitions:\n")
			for i := 0; i < 20000; i++ {
				fmt.Fprintf(&b, "      s%d: [s%d, failed]\n", i, i+1)
			}
			b.WriteString("    terminal: [s20000, failed]\nfailures:\n")
			for i := 0; i < 2000; i++ {
				fmt.Fprintf(&b, "  - {name: f%d, when: w, entity: a, state: s%d, retry: {max_attempts: 2}}\n", i, i*10)
			}
			return []byte(b.String())
		}(), bad: false},
		{name: "table of 20000 fields, 5000 foreign keys and 3000 indexes", data: func() []byte {
			// Column lookups, foreign-key indexing and redundant-index were quadratic here.
			var b strings.Builder
			b.WriteString("schemagen: 1\nname: big\nentities:\n  child:\n    fields:\n      id: uuid pk\n")
			for i := 0; i < 20000; i++ {
				fmt.Fprintf(&b, "      f%d: text\n", i)
			}
			b.WriteString("    indexes:\n")
			for i := 0; i < 3000; i++ {
				fmt.Fprintf(&b, "      - [f%d, f%d]\n", i, i+1)
			}
			for i := 0; i < 2000; i++ {
				fmt.Fprintf(&b, "  p%d: {fields: {id: uuid pk}}\n", i)
			}
			b.WriteString("relationships:\n")
			for i := 0; i < 2000; i++ {
				fmt.Fprintf(&b, "  - p%d 1-n child on delete cascade\n", i)
			}
			for i := 0; i < 3000; i++ {
				fmt.Fprintf(&b, "  - p0 1-n child as r%d optional\n", i)
			}
			return []byte(b.String())
		}(), bad: false},
		{name: "state machine cycle and self loops", data: []byte(`schemagen: 1
name: a
entities: {a: {fields: {id: uuid pk}}}
states:
  s:
    entity: a
    initial: x
    transitions: {x: [x, y], y: [x, y]}
failures: [{name: f, when: w, entity: a, state: y, retry: {max_attempts: 2}}]
`), bad: false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, diags := checkSane(t, "hostile.yaml", c.data)
			for _, r := range c.want {
				if !hasRule(diags, r) {
					t.Errorf("want a %s diagnostic, got:\n%v", r, diags)
				}
			}
			if c.bad && !diags.HasErrors() {
				t.Errorf("want errors, got:\n%v", diags)
			}
			if !c.bad && diags.HasErrors() {
				t.Errorf("want no errors, got:\n%v", diags)
			}
		})
	}
}

// TestLoadFileTooLarge checks that CheckFile refuses a huge file without reading it.
func TestLoadFileTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil { // a 50 MB sparse file
		t.Fatal(err)
	}
	f.Close()
	s, diags, err := golden.CheckFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if s != nil || len(diags) != 1 || diags[0].Rule != "input-too-large" || diags[0].Pos.Line != 1 {
		t.Fatalf("got %v, %v", s, diags)
	}
	if _, _, err := golden.CheckFile(t.TempDir()); err == nil {
		t.Error("a directory must be an I/O error")
	}
	if _, _, err := golden.CheckFile(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("a missing file must be an I/O error")
	}
}

// TestWrongTypeEverywhere replaces, one at a time, every value of a rich design
// with a value of each other kind (text, number, list, map, null). Nothing may
// crash, and a map where a single value belongs is always an error.
func TestWrongTypeEverywhere(t *testing.T) {
	base, err := os.ReadFile("../../examples/marketplace.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(base, &root); err != nil {
		t.Fatal(err)
	}
	replacements := map[string]*yaml.Node{
		"text":   {Kind: yaml.ScalarNode, Tag: "!!str", Value: "surprise"},
		"number": {Kind: yaml.ScalarNode, Tag: "!!int", Value: "-7"},
		"list":   {Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: "x"}}},
		"map":    {Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: "k"}, {Kind: yaml.ScalarNode, Tag: "!!str", Value: "v"}}},
		"null":   {Kind: yaml.ScalarNode, Tag: "!!null", Value: ""},
	}
	kinds := []string{"text", "number", "list", "map", "null"}
	// Collect every value slot: the value of each mapping pair and each list item.
	var slots []**yaml.Node
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch n.Kind {
		case yaml.DocumentNode:
			walk(n.Content[0])
		case yaml.MappingNode:
			for i := 1; i < len(n.Content); i += 2 {
				slots = append(slots, &n.Content[i])
				walk(n.Content[i])
			}
		case yaml.SequenceNode:
			for i := range n.Content {
				slots = append(slots, &n.Content[i])
				walk(n.Content[i])
			}
		}
	}
	walk(&root)
	if len(slots) < 300 {
		t.Fatalf("only %d value slots in the example", len(slots))
	}
	runs := 0
	for _, slot := range slots {
		orig := *slot
		for _, k := range kinds {
			*slot = replacements[k]
			out, err := yaml.Marshal(&root)
			if err != nil {
				t.Fatal(err)
			}
			_, diags := checkOnce(t, "wrong.yaml", out)
			runs++
			if k == "map" && orig.Kind == yaml.ScalarNode && !diags.HasErrors() {
				t.Errorf("a map in place of %q (line %d) gave no error", orig.Value, orig.Line)
			}
		}
		*slot = orig
	}
	t.Logf("%d slots, %d designs checked", len(slots), runs)
}
