package importsql

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iancoleman/strcase"
	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// entity is a table on its way into the design.
type entity struct {
	t        *sqlTable
	key      string // entity key in the design
	singular string
	group    string
	fields   []*field
	pk       []string // primary key in design order (pk fields in field order)
	implicit bool     // the key is the implicit id of the format
	uniques  [][]string
	indexes  []*index
	// consumed marks multi-column unique keys that a 1-1 relationship re-creates.
	consumed map[int]bool
	// keyOrder is set when the primary key's column order is not field order:
	// the entity then says `primary_key: [...]`.
	keyOrder bool
	// uniqueOptions holds the unique keys of uniques (by index) that have
	// DEFERRABLE or NULLS NOT DISTINCT.
	uniqueOptions map[int]*sqlKey
	// partitionKey is the printed partition key of a partitioned table.
	partitionKey []string
}

// field is a column on its way into the design.
type field struct {
	c           *sqlColumn
	name        string
	typ         string
	nullable    bool
	pk          bool
	unique      bool
	identity    bool
	always      bool   // with identity: GENERATED ALWAYS
	collate     string // the collation's name as the design writes it
	def         string
	generated   string
	check       string
	description string
	omit        bool // a foreign-key column the relationship creates
	enum        *sqlEnum
}

type index struct {
	name    string
	columns []string
	unique  bool
	where   string
	using   string
	include []string
}

// builder turns the collected tables into design entities and relationships.
type builder struct {
	c        *collector
	entities []*entity
	byTable  map[*sqlTable]*entity
	rels     []*relationship
	pending  []pendingExpr
	domains  []*domainEntry // the domains that columns use, in file order
	pos      func(int) design.Pos
	diags    design.Diagnostics
	// blockAfter is the `after` list of each SQL block.
	blockAfter map[*sqlBlock][]string
}

func (b *builder) changed(kind string, loc int, note string) { b.c.change(kind, loc, note) }

// entityKeys names every table: its snake_case name, prefixed with its schema
// when two schemas hold tables of the same name (the schema with most tables keeps the plain name).
func (b *builder) entityKeys() {
	perSchema := map[string]int{}
	for _, t := range b.c.tables {
		perSchema[t.schema]++
	}
	base := func(t *sqlTable) string { return snake(t.name) }
	byBase := map[string][]*sqlTable{}
	for _, t := range b.c.tables {
		byBase[base(t)] = append(byBase[base(t)], t)
	}
	used := map[string]bool{}
	for _, t := range b.c.tables {
		e := &entity{t: t, consumed: map[int]bool{}}
		same := byBase[base(t)]
		key := base(t)
		if len(same) > 1 {
			owner := same[0]
			for _, o := range same[1:] {
				if perSchema[o.schema] > perSchema[owner.schema] || o.schema == "public" && owner.schema != "public" {
					owner = o
				}
			}
			if owner != t {
				key = snake(t.schema) + "_" + key
			}
		}
		for n := 2; used[key]; n++ {
			key = fmt.Sprintf("%s_%d", strings.TrimRight(key, "_0123456789"), n)
		}
		used[key] = true
		e.key = key
		e.singular = design.Singular(key)
		b.entities = append(b.entities, e)
		b.byTable[t] = e
	}
}

// Snake makes a valid lower snake_case name of any identifier, the way the
// import names entities (for other front ends such as the DBML import).
func Snake(s string) string { return snake(s) }

// snake makes a valid lower snake_case name of any SQL identifier.
func snake(s string) string {
	out := strcase.ToSnake(s)
	var sb strings.Builder
	for _, r := range out {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			sb.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			sb.WriteRune(r + 'a' - 'A')
		default:
			sb.WriteByte('_')
		}
	}
	res := strings.Trim(sb.String(), "_")
	for strings.Contains(res, "__") {
		res = strings.ReplaceAll(res, "__", "_")
	}
	if res == "" || res[0] >= '0' && res[0] <= '9' {
		res = "t_" + res
	}
	return res
}

func (b *builder) callsLocalFunction(n *pg_query.Node) bool {
	for _, f := range inspect(n).funcs {
		if b.c.funcs[f] && b.lateFunction(f) {
			return true
		}
	}
	return false
}

// expr returns a placeholder for the SQL text of an expression; printExprs
// replaces the placeholders with the text of all expressions, printed in one
// call to pg_query's deparser (one cgo call per expression would cost more
// than the parse on a schema as large as MusicBrainz).
func (b *builder) expr(n *pg_query.Node, loc int) (string, bool) {
	b.qualifyLocal(n)
	b.pending = append(b.pending, pendingExpr{node: n, loc: loc})
	return fmt.Sprintf("\x00%d\x00", len(b.pending)-1), true
}

type pendingExpr struct {
	node *pg_query.Node
	loc  int
}

// printExprs prints every pending expression and puts the text in place of its placeholder.
func (b *builder) printExprs() {
	texts := deparseAll(b.pending)
	for i, t := range texts {
		if t == "" {
			b.c.skip("expressions pg_query cannot print back", b.pending[i].loc)
		}
	}
	fill := func(s string) string {
		if !strings.Contains(s, "\x00") {
			return s
		}
		var out strings.Builder
		for {
			i := strings.IndexByte(s, 0)
			if i < 0 {
				out.WriteString(s)
				return out.String()
			}
			j := strings.IndexByte(s[i+1:], 0) + i + 1
			out.WriteString(s[:i])
			var k int
			fmt.Sscanf(s[i+1:j], "%d", &k)
			out.WriteString(texts[k])
			s = s[j+1:]
		}
	}
	for _, d := range b.domains {
		d.def = fill(d.def)
		for i := range d.checks {
			d.checks[i] = fill(d.checks[i])
		}
	}
	for _, e := range b.entities {
		for _, f := range e.fields {
			f.def, f.generated, f.check = fill(f.def), fill(f.generated), fill(f.check)
		}
		for _, ix := range e.indexes {
			for i, c := range ix.columns {
				ix.columns[i] = fill(c)
			}
			ix.where = fill(ix.where)
		}
	}
	b.pending = nil
}

// sequenceUse counts the columns whose default draws from each sequence.
func (b *builder) sequenceUse() map[*sqlSequence][]*sqlColumn {
	use := map[*sqlSequence][]*sqlColumn{}
	for _, t := range b.c.tables {
		for _, col := range t.columns {
			if col.def == nil || col.inherited {
				continue
			}
			if s := b.sequence(nextvalSequence(col.def), t.schema); s != nil {
				use[s] = append(use[s], col)
			}
		}
	}
	return use
}

func (b *builder) sequence(name, schema string) *sqlSequence {
	if name == "" {
		return nil
	}
	name = strings.ReplaceAll(name, `"`, "")
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return b.c.seqs[name]
	}
	if s := b.c.seqs[schema+"."+name]; s != nil {
		return s
	}
	for _, sp := range append(append([]string{}, b.c.searchPath...), "public") {
		if s := b.c.seqs[sp+"."+name]; s != nil {
			return s
		}
	}
	for _, s := range b.c.seqOrder {
		if s.name == name {
			return s
		}
	}
	return nil
}

// domainOf follows a type to the domain it names, if any.
func (b *builder) domainOf(tn *pg_query.TypeName) *sqlDomain {
	_, base, schema := typeText(tn)
	if schema == "pg_catalog" {
		return nil
	}
	return b.c.domains[base]
}

func (b *builder) fields(e *entity, seqUse map[*sqlSequence][]*sqlColumn) {
	t := e.t
	pkSet := map[string]bool{}
	if t.pk != nil {
		for _, c := range t.pk.columns {
			pkSet[c] = true
		}
	}
	var checks []*sqlCheck
	for _, col := range t.columns {
		f := &field{c: col, name: col.name, description: col.comment, pk: pkSet[col.name]}
		typ := col.typ
		notNull, def := col.notNull, col.def
		if d := b.domainOf(typ); d != nil {
			// Kept as the domain: its name, exactly as PostgreSQL spells it.
			f.typ = d.name + strings.Repeat("[]", len(typ.ArrayBounds))
		} else {
			text, base, schema := typeText(typ)
			f.typ = b.c.qualifyBlockType(text, base, schema)
			if e := b.c.enum(base); e != nil {
				f.enum = e
				f.typ = strings.Replace(text, base, e.name, 1)
			}
		}
		f.nullable = !notNull && !f.pk
		if def != nil && !col.inherited {
			if s := b.sequence(nextvalSequence(def), t.schema); s != nil {
				users := seqUse[s]
				serial := map[string]string{"integer": "serial", "bigint": "bigserial", "smallint": "smallserial"}[f.typ]
				if len(users) == 1 && serial != "" && (s.ownedBy == "" || s.ownedBy == t.key()+"."+col.name) {
					f.typ = serial
					def = nil
					b.renameSerialSequence(e, col, s)
				} else if !b.keepSequence(s) {
					b.changed("sequences beyond serials", col.loc, "a default that draws from a sequence created inside CREATE SCHEMA, or not created in the file, is dropped")
					def = nil
				}
			} else if nextvalSequence(def) != "" {
				b.changed("sequences beyond serials", col.loc, "a default that draws from a sequence created inside CREATE SCHEMA, or not created in the file, is dropped")
				def = nil
			}
		}
		if def != nil {
			if b.callsLocalFunction(def) {
				b.c.skip("defaults that call functions defined in the file", col.loc)
			} else if s, ok := b.expr(def, col.loc); ok {
				f.def = s
			}
		}
		if col.generated != nil {
			if b.callsLocalFunction(col.generated) {
				b.c.skip("generated-column expressions that call functions defined in the file (the column is kept as a plain column)", col.loc)
			} else if s, ok := b.expr(col.generated, col.loc); ok {
				f.generated = s
			}
		}
		switch col.identity {
		case "d":
			f.identity = true
		case "a":
			if col.name == "id" && f.typ == "bigint" && len(e.fields) == 0 && t.pk != nil && len(t.pk.columns) == 1 &&
				t.pk.columns[0] == "id" && col.comment == "" {
				e.implicit = true
				f.omit = true
			} else {
				f.identity, f.always = true, true
			}
		}
		if len(col.collate) > 0 {
			// A collation the file creates after this table cannot be used here.
			if name := col.collate[len(col.collate)-1]; b.c.collations[strings.ToLower(name)] && b.lateCollation(name) {
				b.changed("column collations created after their table", col.loc, "the collation is dropped from the column")
			} else {
				f.collate = qualified(b.localCollation(slices.Clone(col.collate)))
			}
		}
		e.fields = append(e.fields, f)
	}
	// Primary key order: the design lists pk fields in field order.
	if t.pk != nil {
		for _, f := range e.fields {
			if f.pk {
				e.pk = append(e.pk, f.name)
			}
		}
		if strings.Join(e.pk, ",") != strings.Join(t.pk.columns, ",") {
			// Written as `primary_key:`, in the table's order.
			e.pk = append([]string(nil), t.pk.columns...)
			e.keyOrder = true
		}
	}
	// Unique keys.
	seen := map[string]bool{}
	for _, u := range t.uniques {
		key := strings.Join(u.columns, ",")
		if seen[key] {
			b.changed("duplicate UNIQUE constraints", u.loc, "a second UNIQUE constraint on the same columns is dropped")
			continue
		}
		seen[key] = true
		if u.nullsNotDistinct || u.deferrable != "" {
			// The map form of a `unique` entry keeps the options.
			if e.uniqueOptions == nil {
				e.uniqueOptions = map[int]*sqlKey{}
			}
			e.uniqueOptions[len(e.uniques)] = u
			e.uniques = append(e.uniques, u.columns)
			continue
		}
		if len(u.columns) == 1 {
			if f := e.field(u.columns[0]); f != nil {
				f.unique = true
			}
			continue
		}
		e.uniques = append(e.uniques, u.columns)
	}
	// CHECK constraints: each on a column of its own, preferring a column it mentions.
	checks = append(checks, t.checks...)
	for _, k := range checks {
		if b.callsLocalFunction(k.expr) {
			b.c.skip("CHECK constraints that call functions defined in the file", k.loc)
			continue
		}
		text, ok := b.expr(k.expr, k.loc)
		if !ok {
			continue
		}
		var target *field
		candidates := inspect(k.expr).columns
		if k.column != "" {
			candidates = append([]string{k.column}, candidates...)
		}
		for _, name := range candidates {
			if f := e.field(name); f != nil && f.check == "" && !f.omit {
				target = f
				break
			}
		}
		if target == nil {
			for _, f := range e.fields {
				if f.check == "" && !f.omit {
					target = f
					break
				}
			}
		}
		if target == nil {
			for _, name := range candidates {
				if f := e.field(name); f != nil && !f.omit {
					target = f
					break
				}
			}
			if target == nil && len(e.fields) > 0 {
				target = e.fields[len(e.fields)-1]
			}
			if target == nil {
				continue
			}
			b.changed("CHECK constraints merged", k.loc, "a table with more CHECK constraints than columns gets some of them joined with AND")
			target.check = "(" + target.check + ") AND (" + text + ")"
			continue
		}
		target.check = text
	}
	// Indexes.
	for _, ix := range t.indexes {
		if ix.where != nil && b.callsLocalFunction(ix.where) {
			b.c.skip("indexes that call functions defined in the file", ix.loc)
			continue
		}
		out := &index{name: sqlname.TruncateIdentifier(ix.name, sqlname.MaxIdentifierBytes), unique: ix.unique, using: ix.using, include: ix.include}
		skip := ""
		for _, p := range ix.params {
			var col string
			if p.Expr != nil {
				if b.callsLocalFunction(p.Expr) {
					skip = "indexes that call functions defined in the file"
					break
				}
				s, good := b.expr(p.Expr, ix.loc)
				if !good {
					skip = "indexes with an expression that cannot be printed"
					break
				}
				// The SQL generator writes an entry that starts with a
				// parenthesized expression as written, options included:
				// `(lower(name)) text_pattern_ops DESC`.
				col = "(" + s + ")"
			} else {
				col = p.Name
			}
			if opclass := strs(p.Opclass); len(opclass) > 0 && b.c.opclasses[strings.ToLower(opclass[len(opclass)-1])] {
				skip = "indexes that use operator classes defined in the file"
				break
			}
			// Without its collation the index would be another index (and
			// often a copy of a plain one on the same column): skip it.
			if coll := strs(p.Collation); len(coll) > 0 && b.c.collations[strings.ToLower(coll[len(coll)-1])] && b.lateCollation(coll[len(coll)-1]) {
				skip = "indexes that use collations defined in the file"
				break
			}
			opts := b.indexElemOptions(p, ix.loc)
			// A column alone is written as it is named (the design matches
			// it whole, "B" or "my col"); before options it is quoted, so
			// that the name and its options can be told apart.
			if p.Expr == nil && opts != "" && sqlname.NeedsQuotes(col) {
				col = sqlname.QuoteIdent(col)
			}
			col += opts
			out.columns = append(out.columns, col)
		}
		if skip != "" {
			b.c.skip(skip, ix.loc)
			continue
		}
		if ix.where != nil {
			s, good := b.expr(ix.where, ix.loc)
			if !good {
				continue
			}
			out.where = s
		}
		e.indexes = append(e.indexes, out)
	}
}

// indexElemOptions writes what follows an index entry's column or
// expression, in CREATE INDEX order: COLLATE, operator class (with its
// parameters), ASC/DESC, NULLS FIRST/LAST. (An index with a collation the
// file creates is skipped before this.)
func (b *builder) indexElemOptions(p *pg_query.IndexElem, loc int) string {
	var out strings.Builder
	if coll := strs(p.Collation); len(coll) > 0 {
		out.WriteString(" COLLATE " + qualified(b.localCollation(coll)))
	}
	if len(p.Opclass) > 0 {
		out.WriteString(" " + qualified(strs(p.Opclass)))
		if params := b.opclassParams(p.Opclassopts, loc); params != "" {
			out.WriteString("(" + params + ")")
		}
	}
	switch p.Ordering {
	case pg_query.SortByDir_SORTBY_DESC:
		out.WriteString(" DESC")
	case pg_query.SortByDir_SORTBY_ASC:
		out.WriteString(" ASC")
	}
	switch p.NullsOrdering {
	case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
		out.WriteString(" NULLS FIRST")
	case pg_query.SortByNulls_SORTBY_NULLS_LAST:
		out.WriteString(" NULLS LAST")
	}
	return out.String()
}

// opclassParams writes an operator class's parameters (`siglen = 32`); a
// parameter whose value is not a number or a string is dropped, with an
// import-changed warning.
func (b *builder) opclassParams(opts []*pg_query.Node, loc int) string {
	var parts []string
	for _, o := range opts {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		var v string
		switch a := d.Arg.GetNode().(type) {
		case *pg_query.Node_Integer:
			v = fmt.Sprint(a.Integer.Ival)
		case *pg_query.Node_Float:
			v = a.Float.Fval
		case *pg_query.Node_String_:
			v = sqlname.QuoteLiteral(a.String_.Sval)
		default:
			b.changed("operator class parameters", loc, "an operator class parameter that is not a number or a string is dropped")
			continue
		}
		name := d.Defname
		if sqlname.NeedsQuotes(name) {
			name = sqlname.QuoteIdent(name)
		}
		parts = append(parts, name+" = "+v)
	}
	return strings.Join(parts, ", ")
}

func qualified(names []string) string {
	for i, n := range names {
		if sqlname.NeedsQuotes(n) {
			names[i] = sqlname.QuoteIdent(n)
		}
	}
	return strings.Join(names, ".")
}

func (e *entity) field(name string) *field {
	for _, f := range e.fields {
		if f.name == name {
			return f
		}
	}
	return nil
}

// statusInfo suggests a state machine for enum columns named like a status.
func (b *builder) statusInfo() {
	for _, e := range b.entities {
		for _, f := range e.fields {
			if f.enum == nil || strings.HasSuffix(f.typ, "[]") {
				continue
			}
			n := f.name
			if n == "status" || n == "state" || strings.HasSuffix(n, "_status") || strings.HasSuffix(n, "_state") {
				b.diags = append(b.diags, design.Diagnostic{
					Pos: b.pos(f.c.loc), Severity: RuleStatusEnum.Severity, Rule: RuleStatusEnum.Name,
					Message: fmt.Sprintf("column %s.%s holds a status (enum %s): a state machine would say which changes are allowed",
						e.key, f.name, f.enum.name),
					Hint: fmt.Sprintf("replace enum `%s` with a `states:` entry (entity: %s, column: %s) and write its transitions", f.enum.name, e.key, f.name),
				})
			}
		}
	}
}
