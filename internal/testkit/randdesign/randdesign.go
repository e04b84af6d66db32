// Package randdesign writes random, valid designs for property tests: every
// seed gives a design that check.Source accepts without errors, and the same
// seed always gives the same bytes.
//
// The designs go out of their way to be awkward: names that are PostgreSQL
// reserved words (user, order, group), upper case, Unicode letters (größe,
// 名前), Go keywords (type, range, func) and names that start with a digit once
// the leading underscore is gone (_1st_place); arrays, numeric(p,s), enums,
// jsonb and uuid columns; 1-1, 1-n and n-n relationships with roles, optional
// keys and on_delete actions; state machines that pass the lint rules; events;
// failure modes with retries. Every name, derived names included
// (`<singular>_events`, `<role>_id`), stays within 63 bytes.
package randdesign

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// Name pools. Each is short enough that derived names stay under 63 bytes.
var (
	entityStems = []string{
		"customers", "invoices", "shipments", "notes", "tags", "accounts", "devices", "tickets",
		"user", "order", "group", "table", "select", "check", "window", // reserved words
		"type", "range", "func", "map", "chan", "interface", "package", // Go keywords
		"größe", "名前", "cafés", "ñandúes", "straßen", "数量", // Unicode
		"Customers", "OrderLines", "HTTPLogs", "Users", // upper case
		"_1st_place", "_2fa_codes", "_3d_models", // a digit after the underscore
		"people", "categories", "addresses", "statuses", "boxes",
	}
	fieldStems = []string{
		"name", "title", "email", "amount", "price_cents", "quantity", "note", "created_at", "due_on",
		"user", "order", "group", "default", "limit", "offset", "column", "check", // reserved
		"type", "range", "func", "go", "var", "select", "import", "struct", // Go keywords
		"größe", "名前", "café", "über_cents", "Zähler",
		"CreatedAt", "URL", "HTMLBody", "iD_code",
		"_1st_place", "_2nd_try", "_9lives",
		"payload", "tags", "scores", "ratio", "flag", "ip", "blob", "span",
	}
	roleStems   = []string{"owner", "author", "parent", "buyer", "seller", "order", "user", "type", "größe", "Main", "_1st", "reviewer"}
	enumStems   = []string{"color", "kind", "priority", "user_role", "Level", "größe_art", "order", "type", "range", "_1st_choice"}
	valueStems  = []string{"red", "green", "blue", "low", "high", "Medium", "über", "名", "a b", "it's", "x-y", "_1", "default"}
	stateStems  = []string{"new", "active", "paused", "done", "failed", "cancelled", "archived", "Review", "geprüft", "in progress", "order", "_2nd", "retrying"}
	eventStems  = []string{"created", "updated", "deleted", "paid", "shipped", "Failed", "geprüft", "type", "order", "_1st_seen"}
	schemaNames = []string{"billing", "Audit", "order", "größe"}
)

// Generate returns the YAML of a random valid design for seed.
func Generate(seed int64) []byte {
	g := &gen{r: rand.New(rand.NewPCG(uint64(seed), 0x5eed)), relations: map[string]bool{}}
	return g.design(seed)
}

type gen struct {
	r *rand.Rand
	// relations are the names taken in each schema's namespace of tables and
	// types (schema + "\x00" + folded name).
	relations map[string]bool
	entities  []*entity
	enums     []*enumDef
	b         strings.Builder
}

type entity struct {
	name, schema, singular string
	pk                     string // "" for the implicit id
	pkType                 string // type of the referenced key
	junction               bool   // declared junction of an n-n relationship
	cols                   map[string]bool
	fields                 []field
	indexes                []string
	uniques                [][]string
	machine                *machine
	events                 []string
	retry                  bool
}

type field struct {
	name, spec string
	typ        string // base type, for indexes and checks
}

type enumDef struct {
	name   string
	values []string
}

type machine struct {
	name, column, initial string
	states                []string
	next                  map[string][]string
	terminal              []string
}

func (g *gen) intn(n int) int { return g.r.IntN(n) }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func pick[T any](g *gen, list []T) T { return list[g.r.IntN(len(list))] }

// claim takes a name in a schema's namespace of tables and types, or reports that it is taken.
func (g *gen) claim(schema, name string) bool {
	if schema == "" {
		schema = "public"
	}
	key := schema + "\x00" + sqlname.FoldName(name)
	if g.relations[key] || len(name) > sqlname.MaxIdentifierBytes {
		return false
	}
	g.relations[key] = true
	return true
}

// free reports whether a name is still free in a schema's namespace.
func (g *gen) free(schema, name string) bool {
	if schema == "" {
		schema = "public"
	}
	return !g.relations[schema+"\x00"+sqlname.FoldName(name)] && len(name) <= sqlname.MaxIdentifierBytes
}

// uniqueName returns stem, or stem with a number, that ok accepts.
func uniqueName(stem string, ok func(string) bool) string {
	if ok(stem) {
		return stem
	}
	for i := 2; ; i++ {
		if s := fmt.Sprintf("%s_%d", stem, i); ok(s) {
			return s
		}
	}
}

// column takes a column name in an entity, or reports that it is taken.
func (e *entity) column(name string) bool {
	k := sqlname.FoldName(name)
	if e.cols[k] || len(name) > 40 {
		return false
	}
	e.cols[k] = true
	return true
}

// sqlIdent is a name as it must appear inside a design's SQL expression.
func sqlIdent(name string) string { return sqlname.QuoteIdent(name) }

func (g *gen) design(seed int64) []byte {
	name := fmt.Sprintf("random_%d", seed)
	if seed < 0 {
		name = fmt.Sprintf("random_n%d", -seed)
	}
	g.declareEnums()
	g.declareEntities()
	g.declareMachines()
	rels := g.declareRelationships()
	g.declareEvents()
	failures := g.declareFailures()

	b := &g.b
	fmt.Fprintf(b, "schemagen: 1\nname: %s\ndescription: %s\n\n", name, yq(fmt.Sprintf("A random design (seed %d) for property tests.", seed)))
	g.writeFlow()
	if len(g.enums) > 0 {
		b.WriteString("enums:\n")
		for _, e := range g.enums {
			fmt.Fprintf(b, "  %s: %s\n", yq(e.name), yqList(e.values))
		}
		b.WriteString("\n")
	}
	g.writeEntities()
	if len(rels) > 0 {
		b.WriteString("relationships:\n")
		for _, r := range rels {
			b.WriteString("  - " + r + "\n")
		}
		b.WriteString("\n")
	}
	g.writeMachines()
	g.writeEvents()
	if len(failures) > 0 {
		b.WriteString("failures:\n")
		for _, f := range failures {
			b.WriteString(f)
		}
	}
	return []byte(b.String())
}

func (g *gen) declareEnums() {
	for i, n := 0, g.intn(3); i < n; i++ {
		name := uniqueName(pick(g, enumStems), func(s string) bool { return g.claim("public", s) })
		vals := g.distinct(valueStems, 2+g.intn(4))
		g.enums = append(g.enums, &enumDef{name: name, values: vals})
	}
}

// distinct picks n different strings of a pool (fewer if the pool is smaller).
func (g *gen) distinct(pool []string, n int) []string {
	idx := g.r.Perm(len(pool))
	if n > len(idx) {
		n = len(idx)
	}
	out := make([]string, n)
	for i := 0; i < n; i++ {
		out[i] = pool[idx[i]]
	}
	return out
}

func (g *gen) declareEntities() {
	n := 2 + g.intn(6)
	for i := 0; i < n; i++ {
		e := &entity{cols: map[string]bool{"id": true}}
		if g.chance(0.2) {
			e.schema = pick(g, schemaNames)
		}
		e.name = uniqueName(pick(g, entityStems), func(s string) bool {
			// The entity's singular names its event table and enum; keep both free.
			sg := design.Singular(s)
			return len(sg)+len("_event_type") <= sqlname.MaxIdentifierBytes && g.free(e.schema, sg+"_events") &&
				g.free(e.schema, sg+"_event_type") && g.singularFree(sg) && g.claim(e.schema, s)
		})
		e.singular = design.Singular(e.name)
		switch g.intn(4) {
		case 0:
			e.pk, e.pkType = "id", "uuid"
			e.fields = append(e.fields, field{name: "id", spec: "uuid pk default gen_random_uuid()", typ: "uuid"})
		case 1:
			e.pk, e.pkType = "id", "bigint"
			e.fields = append(e.fields, field{name: "id", spec: "bigint pk identity", typ: "bigint"})
		case 2:
			e.pk, e.pkType = "code", "text"
			e.cols["code"] = true
			e.fields = append(e.fields, field{name: "code", spec: "text pk", typ: "text"})
		default:
			e.pkType = "bigint" // the implicit id
		}
		for _, reserved := range []string{"status", "attempts", "last_error", "next_attempt_at"} {
			e.cols[reserved] = true // state and retry columns
		}
		for j, nf := 0, 1+g.intn(6); j < nf; j++ {
			g.addField(e)
		}
		g.addIndexes(e)
		g.entities = append(g.entities, e)
	}
}

// singularFree reports whether no other entity has the same singular (their
// foreign-key columns and event tables would clash).
func (g *gen) singularFree(sg string) bool {
	for _, e := range g.entities {
		if sqlname.FoldName(e.singular) == sqlname.FoldName(sg) {
			return false
		}
	}
	return true
}

func (g *gen) addField(e *entity) {
	name := uniqueName(pick(g, fieldStems), e.column)
	q := sqlIdent(name)
	var f field
	f.name = name
	nullable := ""
	if g.chance(0.3) {
		nullable = "?"
	}
	switch k := g.intn(16); k {
	case 0:
		f.typ, f.spec = "text", "text"+nullable
		if g.chance(0.3) {
			f.spec += " default 'x'"
		}
		if g.chance(0.3) {
			f.spec += fmt.Sprintf(" check (length(%s) > 0)", q)
		}
	case 1:
		f.typ, f.spec = "integer", "integer"+nullable
		if g.chance(0.5) {
			f.spec += " default 0"
		}
		if g.chance(0.5) {
			f.spec += fmt.Sprintf(" check (%s >= 0)", q)
		}
	case 2:
		f.typ, f.spec = "bigint", "bigint"+nullable
	case 3:
		p := 4 + g.intn(15)
		f.typ, f.spec = "numeric", fmt.Sprintf("numeric(%d,%d)%s", p, g.intn(p/2+1), nullable)
		if g.chance(0.4) {
			f.spec += fmt.Sprintf(" check (%s > 0)", q)
		}
	case 4:
		f.typ, f.spec = "boolean", "boolean"+nullable+" default false"
	case 5:
		f.typ, f.spec = "timestamptz", "timestamptz"+nullable
		if g.chance(0.6) {
			f.spec += " default now()"
		}
	case 6:
		f.typ, f.spec = "uuid", "uuid"+nullable
		if g.chance(0.3) {
			f.spec += " unique"
		}
	case 7:
		f.typ, f.spec = "jsonb", "jsonb"+nullable
		if g.chance(0.4) {
			f.spec += " default '{}'"
		}
	case 8:
		f.typ, f.spec = "array", "text[]"+nullable
	case 9:
		f.typ, f.spec = "array", "integer[]"+nullable+" default '{}'"
	case 10:
		f.typ, f.spec = "date", "date"+nullable
	case 11:
		f.typ, f.spec = "text", fmt.Sprintf("varchar(%d)%s", 10+g.intn(200), nullable)
		if g.chance(0.4) {
			f.spec += " unique"
		}
	case 12:
		if len(g.enums) == 0 {
			f.typ, f.spec = "text", "text"+nullable
			break
		}
		en := pick(g, g.enums)
		f.typ, f.spec = "enum", yamlSafe(en.name)+nullable
		if g.chance(0.5) {
			f.spec += " default " + sqlname.QuoteLiteral(pick(g, en.values))
		}
	case 13:
		if len(g.enums) == 0 {
			f.typ, f.spec = "integer", "smallint"+nullable
			break
		}
		f.typ, f.spec = "array", yamlSafe(pick(g, g.enums).name)+"[]"+nullable
	case 14:
		// A stored generated column computed from an earlier integer field.
		for _, other := range e.fields {
			if other.typ == "integer" && !strings.Contains(other.spec, "generated") {
				f.typ, f.spec = "bigint", fmt.Sprintf("bigint? generated (%s * 2)", sqlIdent(other.name))
				break
			}
		}
		if f.spec == "" {
			f.typ, f.spec = "interval", "interval"+nullable
		}
	default:
		f.typ, f.spec = "double precision", "double precision"+nullable
	}
	e.fields = append(e.fields, f)
}

// yamlSafe is a type name as written in a field spec. Enum names are used as
// written; the spec is quoted as a whole when written out.
func yamlSafe(s string) string { return s }

func (g *gen) addIndexes(e *entity) {
	var plain []field
	for _, f := range e.fields {
		if f.name != e.pk && !strings.Contains(f.spec, "generated") {
			plain = append(plain, f)
		}
	}
	if len(plain) == 0 {
		return
	}
	for i, n := 0, g.intn(3); i < n; i++ {
		f := pick(g, plain)
		q := sqlIdent(f.name)
		switch {
		case (f.typ == "jsonb" || f.typ == "array") && g.chance(0.7):
			e.indexes = append(e.indexes, fmt.Sprintf("{columns: [%s], using: gin}", yq(f.name)))
		case f.typ == "text" && g.chance(0.5):
			e.indexes = append(e.indexes, fmt.Sprintf("{columns: [%s], unique: %v}", yq("(lower("+q+"))"), g.chance(0.3)))
		case g.chance(0.3):
			e.indexes = append(e.indexes, fmt.Sprintf("{columns: [%s], where: %s}", yq(f.name), yq(q+" IS NOT NULL")))
		case g.chance(0.5) && f.typ != "jsonb" && f.typ != "array":
			e.indexes = append(e.indexes, fmt.Sprintf("{columns: [%s], name: %s}", yq(f.name+" desc"),
				yq(sqlname.ObjectName(e.name, f.name, "custom", fmt.Sprint(i)))))
		case f.typ != "jsonb" && f.typ != "array":
			e.indexes = append(e.indexes, fmt.Sprintf("[%s]", yq(f.name)))
		}
	}
	if len(plain) >= 2 && g.chance(0.3) {
		a, b := plain[0], plain[1]
		if a.typ != "jsonb" && b.typ != "jsonb" && a.typ != "array" && b.typ != "array" {
			e.uniques = append(e.uniques, []string{a.name, b.name})
		}
	}
}

func (g *gen) declareMachines() {
	for _, e := range g.entities {
		if !g.chance(0.5) {
			continue
		}
		m := &machine{next: map[string][]string{}}
		m.name = uniqueName(sqlname.TruncateIdentifier(e.singular, 30)+"_status", func(s string) bool { return g.claim(e.schema, s) })
		m.column = "status"
		if g.chance(0.3) {
			m.column = uniqueName(pick(g, []string{"state", "phase", "Stage", "größe_status", "type"}), e.column)
		}
		m.states = g.distinct(stateStems, 2+g.intn(5))
		m.initial = m.states[0]
		// A tree from the initial state makes every state reachable.
		for i := 1; i < len(m.states); i++ {
			from := m.states[g.intn(i)]
			m.next[from] = append(m.next[from], m.states[i])
		}
		// Some extra moves, and leaves that go back or end.
		for _, s := range m.states {
			if len(m.next[s]) > 0 && g.chance(0.3) {
				to := pick(g, m.states)
				if to != s && !contains(m.next[s], to) {
					m.next[s] = append(m.next[s], to)
				}
			}
		}
		for _, s := range m.states {
			if len(m.next[s]) == 0 {
				if s != m.initial && g.chance(0.3) {
					m.next[s] = []string{m.initial}
				} else {
					m.terminal = append(m.terminal, s)
				}
			}
		}
		e.machine = m
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

// declareRelationships returns relationships as YAML flow items.
func (g *gen) declareRelationships() []string {
	var out []string
	n := g.intn(len(g.entities) + 2)
	for i := 0; i < n; i++ {
		a, b := pick(g, g.entities), pick(g, g.entities)
		if a.junction || b.junction {
			continue
		}
		switch k := g.intn(10); {
		case k < 6:
			if r := g.oneTo(a, b, false); r != "" {
				out = append(out, r)
			}
		case k < 8:
			if r := g.oneTo(a, b, true); r != "" {
				out = append(out, r)
			}
		default:
			if a == b {
				continue
			}
			if r := g.manyToMany(a, b); r != "" {
				out = append(out, r)
			}
		}
	}
	return out
}

// fkColumn picks a role (or none) so that the foreign-key column is free on child.
func (g *gen) fkColumn(child, parent *entity, needRole bool) (role string, ok bool) {
	ref := parent.pk
	if ref == "" {
		ref = "id"
	}
	if !needRole && child.column(design.ForeignKeyColumnName("", parent.singular, ref)) {
		return "", true
	}
	for try := 0; try < 5; try++ {
		role = pick(g, roleStems)
		if try > 0 {
			role = fmt.Sprintf("%s_%d", role, try)
		}
		if child.column(design.ForeignKeyColumnName(role, parent.singular, ref)) {
			return role, true
		}
	}
	return "", false
}

func (g *gen) oneTo(a, b *entity, oneToOne bool) string {
	role, ok := g.fkColumn(b, a, a == b)
	if !ok {
		return ""
	}
	optional := g.chance(0.4) || a == b // a required self-reference could never get a first row
	onDelete := pick(g, []string{"", "restrict", "cascade", "no action"})
	if optional && g.chance(0.4) {
		onDelete = "set null"
	}
	kind := "1-n"
	if oneToOne {
		kind = "1-1"
	}
	if g.chance(0.5) {
		s := fmt.Sprintf("%s %s %s", a.name, kind, b.name)
		if role != "" {
			s += " as " + role
		}
		if optional {
			s += " optional"
		}
		if onDelete != "" {
			s += " on delete " + onDelete
		}
		return yq(s)
	}
	var parts []string
	if oneToOne {
		parts = append(parts, "one: "+yq(a.name), "one_of: "+yq(b.name))
	} else {
		parts = append(parts, "one: "+yq(a.name), "many: "+yq(b.name))
	}
	if role != "" {
		parts = append(parts, "as: "+yq(role))
	}
	if optional {
		parts = append(parts, "optional: true")
	}
	if onDelete != "" {
		parts = append(parts, "on_delete: "+yq(onDelete))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func (g *gen) manyToMany(a, b *entity) string {
	schema := a.schema
	name := uniqueName(sqlname.TruncateIdentifier(a.singular, 20)+"_"+sqlname.TruncateIdentifier(b.name, 20), func(s string) bool {
		sg := design.Singular(s)
		return g.singularFree(sg) && g.claim(schema, s)
	})
	j := &entity{name: name, schema: schema, singular: design.Singular(name), junction: true, cols: map[string]bool{}}
	refA, refB := a.pk, b.pk
	if refA == "" {
		refA = "id"
	}
	if refB == "" {
		refB = "id"
	}
	j.column(design.ForeignKeyColumnName("", a.singular, refA))
	role := ""
	if !j.column(design.ForeignKeyColumnName("", b.singular, refB)) {
		return ""
	}
	declared := g.chance(0.4)
	if declared {
		j.fields = append(j.fields, field{name: "created_at", spec: "timestamptz default now()", typ: "timestamptz"})
		j.cols["created_at"] = true
		g.entities = append(g.entities, j)
	}
	onDelete := pick(g, []string{"", "restrict", "cascade"})
	s := fmt.Sprintf("%s n-n %s via %s", a.name, b.name, name)
	if role != "" {
		s += " as " + role
	}
	if onDelete != "" {
		s += " on delete " + onDelete
	}
	return yq(s)
}

func (g *gen) declareEvents() {
	for _, e := range g.entities {
		if e.junction || !g.chance(0.4) {
			continue
		}
		if !g.claim(e.schema, e.singular+"_events") || !g.claim(e.schema, e.singular+"_event_type") {
			continue
		}
		e.events = g.distinct(eventStems, 1+g.intn(4))
	}
}

func (g *gen) declareFailures() []string {
	var out []string
	names := map[string]bool{}
	failureName := func(stem string) string {
		return uniqueName(stem, func(s string) bool {
			if names[s] {
				return false
			}
			names[s] = true
			return true
		})
	}
	for _, e := range g.entities {
		m := e.machine
		if m == nil {
			continue
		}
		// A failure that lands in a state with a way out, retried.
		var recoverable []string
		for _, s := range m.states {
			if len(m.next[s]) > 0 {
				recoverable = append(recoverable, s)
			}
		}
		var b strings.Builder
		fmt.Fprintf(&b, "  - name: %s\n    when: %s\n    entity: %s\n", yq(failureName("fails")), yq("Something outside goes wrong."), yq(e.name))
		if len(recoverable) > 0 && g.chance(0.6) {
			fmt.Fprintf(&b, "    state: %s\n    retry: { max_attempts: %d }\n", yq(pick(g, recoverable)), 1+g.intn(5))
			e.retry = true
		} else {
			fmt.Fprintf(&b, "    state: %s\n", yq(pick(g, m.states)))
		}
		if len(e.events) > 0 && g.chance(0.5) {
			fmt.Fprintf(&b, "    event: %s\n", yq(pick(g, e.events)))
		}
		out = append(out, b.String())
	}
	if g.chance(0.5) {
		out = append(out, fmt.Sprintf("  - name: %s\n    when: %s\n    handling: %s\n",
			yq(failureName("network_down")), yq("The network is down."), yq("Clients retry; nothing is stored.")))
	}
	return out
}

func (g *gen) writeFlow() {
	b := &g.b
	b.WriteString("flow:\n  - A plain step\n")
	for _, e := range g.entities {
		fmt.Fprintf(b, "  - step: %s\n    creates: %s\n", yq("Create "+e.name), yq(e.name))
		if len(e.events) > 0 {
			fmt.Fprintf(b, "    event: %s\n", yq(e.name+"."+e.events[0]))
		}
	}
	b.WriteString("\n")
}

func (g *gen) writeEntities() {
	b := &g.b
	b.WriteString("entities:\n")
	for _, e := range g.entities {
		fmt.Fprintf(b, "  %s:\n", yq(e.name))
		if g.chance(0.5) {
			fmt.Fprintf(b, "    description: %s\n", yq("The "+e.name+" it's about."))
		}
		if e.schema != "" {
			fmt.Fprintf(b, "    schema: %s\n", yq(e.schema))
		}
		b.WriteString("    fields:\n")
		if len(e.fields) == 0 {
			b.WriteString("      {}\n")
		}
		for _, f := range e.fields {
			if g.chance(0.2) {
				toks := splitSpec(f.spec)
				n := 0
				for n < len(toks) && !isKeyword(toks[n]) {
					n++
				}
				fmt.Fprintf(b, "      %s:\n        type: %s\n        description: %s\n", yq(f.name), yq(strings.Join(toks[:n], " ")), yq("The "+f.name+"."))
				mapForm(b, toks[n:])
				continue
			}
			fmt.Fprintf(b, "      %s: %s\n", yq(f.name), yq(f.spec))
		}
		if len(e.indexes) > 0 {
			b.WriteString("    indexes:\n")
			for _, ix := range e.indexes {
				b.WriteString("      - " + ix + "\n")
			}
		}
		if len(e.uniques) > 0 {
			b.WriteString("    unique:\n")
			for _, u := range e.uniques {
				b.WriteString("      - " + yqList(u) + "\n")
			}
		}
	}
	b.WriteString("\n")
}

// mapForm writes the keywords of a short-form spec tail as map keys.
func mapForm(b *strings.Builder, toks []string) {
	for i := 0; i < len(toks); i++ {
		switch toks[i] {
		case "pk", "unique", "identity":
			fmt.Fprintf(b, "        %s: true\n", toks[i])
		case "default":
			j := i + 1
			for j < len(toks) && !isKeyword(toks[j]) {
				j++
			}
			fmt.Fprintf(b, "        default: %s\n", yq(strings.Join(toks[i+1:j], " ")))
			i = j - 1
		case "check", "generated":
			fmt.Fprintf(b, "        %s: %s\n", toks[i], yq(toks[i+1]))
			i++
		}
	}
}

func isKeyword(s string) bool {
	switch s {
	case "pk", "unique", "identity", "default", "check", "generated":
		return true
	}
	return false
}

// splitSpec splits a spec on spaces outside parentheses and quotes.
func splitSpec(s string) []string {
	var out []string
	depth, start := 0, 0
	inQuote := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inQuote != 0:
			if c == inQuote {
				inQuote = 0
			}
		case c == '\'' || c == '"':
			inQuote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ' ' && depth == 0:
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func (g *gen) writeMachines() {
	b := &g.b
	first := true
	for _, e := range g.entities {
		m := e.machine
		if m == nil {
			continue
		}
		if first {
			b.WriteString("states:\n")
			first = false
		}
		fmt.Fprintf(b, "  %s:\n    entity: %s\n", yq(m.name), yq(e.name))
		if m.column != "status" {
			fmt.Fprintf(b, "    column: %s\n", yq(m.column))
		}
		fmt.Fprintf(b, "    initial: %s\n    transitions:\n", yq(m.initial))
		for _, s := range m.states {
			if len(m.next[s]) > 0 {
				fmt.Fprintf(b, "      %s: %s\n", yq(s), yqList(m.next[s]))
			}
		}
		if len(m.terminal) > 0 {
			fmt.Fprintf(b, "    terminal: %s\n", yqList(m.terminal))
		}
		if g.chance(0.3) {
			fmt.Fprintf(b, "    states: %s\n", yqList(m.states))
		}
	}
	if !first {
		b.WriteString("\n")
	}
}

func (g *gen) writeEvents() {
	b := &g.b
	first := true
	for _, e := range g.entities {
		if len(e.events) == 0 {
			continue
		}
		if first {
			b.WriteString("events:\n")
			first = false
		}
		fmt.Fprintf(b, "  %s: %s\n", yq(e.name), yqList(e.events))
	}
	if !first {
		b.WriteString("\n")
	}
}

// yq is s as a double-quoted YAML scalar.
func yq(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

func yqList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = yq(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
