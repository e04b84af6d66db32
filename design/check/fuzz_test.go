package check_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/rulebook"
	"github.com/schemagen/schemagen/internal/sqlname"
	"gopkg.in/yaml.v3"
)

// addSeeds seeds a fuzz target with the examples and the rule test designs.
func addSeeds(f *testing.F) {
	for _, pattern := range []string{"../../examples/*.yaml", "../lint/testdata/rules/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte(""))
	f.Add([]byte("schemagen: 1\nname: a\nentities: {a: {fields: {id: uuid pk}}}\nrelationships: [a 1-n a as parent optional]\n"))
}

// FuzzLoad checks that loading never panics and that every diagnostic points
// at a line of the file.
func FuzzLoad(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		d, diags := design.Load("fuzz.yaml", data)
		if d == nil {
			t.Fatal("Load returned no design")
		}
		for _, diag := range diags {
			if diag.Pos.Line < 1 || diag.Message == "" {
				t.Fatalf("malformed diagnostic %+v", diag)
			}
		}
	})
}

// FuzzCheck checks loading, resolution and every rule: nothing panics, and a
// design without errors resolves into a schema that generators can trust.
func FuzzCheck(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, diags := check.Source("fuzz.yaml", data, nil)
		for _, diag := range diags {
			if diag.Pos.Line < 1 || diag.Message == "" {
				t.Fatalf("malformed diagnostic %+v", diag)
			}
			if _, ok := rulebook.All().Lookup(diag.Rule); !ok {
				t.Fatalf("unknown rule in %v", diag)
			}
		}
		if s == nil || diags.HasErrors() {
			return
		}
		assertSchemaConsistent(t, s)
	})
}

// assertSchemaConsistent checks what every generator assumes of a schema
// without errors: keys and foreign keys name existing columns, every column
// has a type, enum columns know their enum, machines know their table, and no
// two tables or columns share a folded SQL name.
func assertSchemaConsistent(t *testing.T, s *schema.Schema) {
	t.Helper()
	tables := map[string]bool{}
	for _, tb := range s.Tables {
		key := tb.Schema + "." + sqlname.FoldName(tb.Name)
		if tables[key] {
			t.Fatalf("two tables named %s", key)
		}
		tables[key] = true
		cols := map[string]bool{}
		for _, c := range tb.Columns {
			if c.Type == "" {
				t.Fatalf("%s.%s has no type", tb.Name, c.Name)
			}
			if cols[sqlname.FoldName(c.Name)] {
				t.Fatalf("%s has two columns named %s", tb.Name, c.Name)
			}
			cols[sqlname.FoldName(c.Name)] = true
			if c.TypeInfo.Base != "" && !c.TypeInfo.Known && c.Enum == nil {
				t.Fatalf("%s.%s: type %s is neither built in nor an enum", tb.Name, c.Name, c.Type)
			}
		}
		for _, pk := range tb.PrimaryKey {
			if tb.Column(pk) == nil {
				t.Fatalf("%s: primary key column %s does not exist", tb.Name, pk)
			}
		}
		if tb.Kind != schema.JunctionTable && len(tb.PrimaryKey) == 0 {
			t.Fatalf("%s has no primary key", tb.Name)
		}
		for _, fk := range tb.ForeignKeys {
			if len(fk.Columns) == 0 || len(fk.Columns) != len(fk.RefColumns) {
				t.Fatalf("%s: foreign key %v -> %v", tb.Name, fk.Columns, fk.RefColumns)
			}
			for i, c := range fk.Columns {
				col, ref := tb.Column(c), fk.RefTable.Column(fk.RefColumns[i])
				if col == nil || ref == nil {
					t.Fatalf("%s: foreign key %v -> %s%v names a missing column", tb.Name, fk.Columns, fk.RefTable.Name, fk.RefColumns)
				}
			}
		}
		for _, ix := range tb.Indexes {
			if len(ix.Columns) == 0 {
				t.Fatalf("%s: index without columns", tb.Name)
			}
		}
	}
	for _, m := range s.Machines {
		if m.Table == nil || m.Enum == nil {
			t.Fatalf("machine %s has no table or enum", m.Name)
		}
		if m.Table.Column(m.Column) == nil {
			t.Fatalf("machine %s: column %s.%s does not exist", m.Name, m.Table.Name, m.Column)
		}
		for _, tr := range m.Transitions {
			if !contains(m.States, tr.From) || !contains(m.States, tr.To) {
				t.Fatalf("machine %s: transition %v names an unknown state", m.Name, tr)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// FuzzResolveParts builds always-valid YAML from fuzzed names, field specs,
// relationships and states, so that the fuzzer spends its time in resolution
// and the rules rather than in the YAML parser.
func FuzzResolveParts(f *testing.F) {
	f.Add("users", "email", "text unique", "users 1-n rides as driver optional", "pending", "failed", "rides", uint8(3))
	f.Add("people", "id", "uuid pk", "people n-n rides via people_rides", "a", "a", "people_rides", uint8(0))
	f.Add("Order", "user", "numeric(12,2)? check (user > 0) default 1", "rides 1-1 Order", "x", "", "order_events", uint8(1))
	f.Add("a", "b_ids", "uuid[]", "a n-n a via a as b", "s", "t", "a", uint8(200))
	f.Fuzz(func(t *testing.T, entity, field, spec, rel, state1, state2, other string, retry uint8) {
		str := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
		mapping := func(kv ...*yaml.Node) *yaml.Node {
			return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: kv}
		}
		seq := func(items ...*yaml.Node) *yaml.Node {
			return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: items}
		}
		failure := mapping(str("name"), str("f"), str("when"), str("w"), str("entity"), str(entity), str("state"), str(state2))
		if retry > 0 {
			failure.Content = append(failure.Content, str("retry"), mapping(str("max_attempts"), str(strconv.Itoa(int(retry)))))
		}
		doc := mapping(
			str("schemagen"), str("1"),
			str("name"), str("fuzz"),
			str("flow"), seq(mapping(str("step"), str("s"), str("creates"), str(entity), str("event"), str(entity+".created"))),
			str("enums"), mapping(str(other+"_kind"), seq(str(state1), str(state2))),
			str("entities"), mapping(
				str(entity), mapping(str("fields"), mapping(str(field), str(spec)), str("indexes"), seq(str(field))),
				str("rides"), mapping(str("fields"), mapping(str("id"), str("uuid pk"))),
				str(other), mapping(str("table"), str(other), str("fields"), mapping(str("kind"), str(other+"_kind"))),
			),
			str("relationships"), seq(str(rel), str("rides 1-n "+entity+" optional")),
			str("states"), mapping(str(entity+"_status"), mapping(
				str("entity"), str(entity), str("initial"), str(state1),
				str("transitions"), mapping(str(state1), seq(str(state2))),
				str("terminal"), seq(str(state2)))),
			str("events"), mapping(str(entity), seq(str("created"), str(state2))),
			str("failures"), seq(failure),
		)
		data, err := yaml.Marshal(doc)
		if err != nil {
			t.Skip()
		}
		s, diags := check.Source("fuzz.yaml", data, nil)
		for _, diag := range diags {
			if diag.Pos.Line < 1 || diag.Message == "" {
				t.Fatalf("malformed diagnostic %+v\n%s", diag, data)
			}
		}
		if s != nil && !diags.HasErrors() {
			assertSchemaConsistent(t, s)
		}
	})
}
