package golang

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"

	"github.com/schemagen/schemagen/internal/sqlname"
)

// trickyWords are names that are hard to turn into Go identifiers: Go
// keywords and predeclared names, PostgreSQL reserved words, names that start
// with digits, Unicode, initialisms, and names that collide after conversion.
var trickyWords = []string{
	"type", "range", "func", "go", "map", "chan", "select", "default", "string", "int",
	"error", "nil", "true", "len", "any", "package", "import", "var", "const", "interface",
	"struct", "return", "user_id", "userId", "user_id2", "api_url", "apiURL", "1st", "2nd",
	"3", "café", "名前", "ñame", "values", "initial", "table", "columns", "order", "user",
	"http", "json_data", "x", "_x", "ids", "in-progress", "in_progress", "Status", "status2",
	"uuid", "ip", "next", "s", "src", "valid", "scan", "value", "string_", "String",
}

var randomTypes = []string{
	"text", "integer", "bigint", "smallint", "numeric(12,2)", "real", "double precision",
	"boolean", "uuid", "jsonb", "json", "bytea", "timestamptz", "date", "time", "interval",
	"inet", "cidr", "money", "text[]", "integer[]", "int4range", "xml", "varchar(20)",
}

// randomDesign writes a random design full of tricky names. It is valid most
// of the time; the caller checks it and skips the few that are not.
func randomDesign(seed int64) []byte {
	rng := rand.New(rand.NewSource(seed))
	q := strconv.Quote
	pick := func(n int, used map[string]bool) []string {
		var out []string
		for _, i := range rng.Perm(len(trickyWords)) {
			w := trickyWords[i]
			if used[sqlname.FoldName(w)] {
				continue
			}
			used[sqlname.FoldName(w)] = true
			out = append(out, w)
			if len(out) == n {
				break
			}
		}
		return out
	}
	var b strings.Builder
	fmt.Fprintf(&b, "schemagen: 1\nname: %s\n", q(fmt.Sprintf("random_%d", seed)))
	global := map[string]bool{} // tables and types share one namespace
	entities := pick(2+rng.Intn(4), global)
	var enums []string
	for i := 0; i < rng.Intn(3); i++ {
		enums = append(enums, "e_"+strconv.Itoa(i)+"_"+pick(1, map[string]bool{})[0])
	}
	b.WriteString("entities:\n")
	for _, e := range entities {
		fmt.Fprintf(&b, "  %s:\n    fields:\n      id: %s\n", q(e), q([]string{"uuid pk", "bigint pk identity", "serial pk", "text pk"}[rng.Intn(4)]))
		used := map[string]bool{"id": true}
		for _, f := range pick(rng.Intn(8), used) {
			if strings.HasSuffix(f, "_id") || strings.HasSuffix(f, "Id") {
				continue // might clash with a foreign key a relationship adds
			}
			typ := randomTypes[rng.Intn(len(randomTypes))]
			if len(enums) > 0 && rng.Intn(4) == 0 {
				typ = enums[rng.Intn(len(enums))]
				if rng.Intn(3) == 0 {
					typ += "[]"
				}
			}
			if rng.Intn(2) == 0 {
				typ += "?"
			}
			fmt.Fprintf(&b, "      %s: %s\n", q(f), q(typ))
		}
	}
	if len(enums) > 0 {
		b.WriteString("enums:\n")
		for _, e := range enums {
			var vals []string
			for _, v := range pick(1+rng.Intn(5), map[string]bool{}) {
				vals = append(vals, q(v))
			}
			fmt.Fprintf(&b, "  %s: [%s]\n", q(e), strings.Join(vals, ", "))
		}
	}
	b.WriteString("relationships:\n")
	for i := 1; i < len(entities); i++ {
		parent := entities[rng.Intn(i)]
		fmt.Fprintf(&b, "  - %s\n", q(fmt.Sprintf("%s 1-n %s%s", parent, entities[i], []string{"", " optional"}[rng.Intn(2)])))
	}
	b.WriteString("states:\n")
	for i, e := range entities {
		if rng.Intn(2) == 0 {
			continue
		}
		states := pick(2+rng.Intn(4), map[string]bool{})
		fmt.Fprintf(&b, "  %s:\n    entity: %s\n    column: %s\n    initial: %s\n    transitions:\n",
			q(fmt.Sprintf("m_%d_%s", i, states[0])), q(e), q(fmt.Sprintf("state_%d", i)), q(states[0]))
		for j := 0; j < len(states)-1; j++ {
			next := []string{q(states[j+1])}
			for k := 0; k < rng.Intn(3); k++ {
				next = append(next, q(states[rng.Intn(len(states))]))
			}
			fmt.Fprintf(&b, "      %s: [%s]\n", q(states[j]), strings.Join(next, ", "))
		}
		fmt.Fprintf(&b, "    terminal: [%s]\n", q(states[len(states)-1]))
	}
	b.WriteString("events:\n")
	for _, e := range entities {
		if rng.Intn(3) == 0 {
			var types []string
			for _, v := range pick(1+rng.Intn(3), map[string]bool{}) {
				types = append(types, q(v))
			}
			fmt.Fprintf(&b, "  %s: [%s]\n", q(e), strings.Join(types, ", "))
		}
	}
	return []byte(b.String())
}
