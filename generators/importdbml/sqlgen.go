package importdbml

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/schemagen/schemagen/design"
)

// sqlWriter writes the PostgreSQL DDL a DBML model means, remembering which
// place of the DBML wrote each part so that the SQL import's diagnostics point
// into the DBML file.
type sqlWriter struct {
	m    *model
	buf  bytes.Buffer
	segs []segment
	// types holds each column's PostgreSQL type, by table and column.
	types map[*tbl]map[string]design.Type
}

type segment struct {
	off int
	pos design.Pos
}

// mark says that what is written next comes from p.
func (w *sqlWriter) mark(p lexer.Position) {
	w.segs = append(w.segs, segment{off: w.buf.Len(), pos: w.m.at(p)})
}

// pos is the DBML place that wrote the SQL at off.
func (w *sqlWriter) pos(off int) design.Pos {
	i := sort.Search(len(w.segs), func(i int) bool { return w.segs[i].off > off }) - 1
	if i < 0 {
		return design.Pos{File: w.m.file, Line: 1, Col: 1}
	}
	return w.segs[i].pos
}

func (w *sqlWriter) printf(format string, args ...any) { fmt.Fprintf(&w.buf, format, args...) }

// otherDialects are types of other databases that DBML files often use, with
// the PostgreSQL type that means the same.
var otherDialects = map[string]string{
	"datetime": "timestamp", "datetime2": "timestamp", "nvarchar": "varchar", "nvarchar2": "varchar",
	"varchar2": "varchar", "nchar": "char", "tinyint": "smallint", "mediumint": "integer",
	"double": "double precision", "number": "numeric", "nclob": "text", "clob": "text",
	"tinytext": "text", "mediumtext": "text", "longtext": "text", "blob": "bytea", "tinyblob": "bytea", "mediumblob": "bytea", "longblob": "bytea",
}

func writeSQL(m *model) *sqlWriter {
	w := &sqlWriter{m: m, types: map[*tbl]map[string]design.Type{}}
	for _, e := range m.enums {
		w.enum(e)
	}
	for _, t := range m.tables {
		w.types[t] = map[string]design.Type{}
		for _, c := range t.cols {
			if typ, ok := w.columnType(c); ok {
				w.types[t][c.name] = typ
			}
		}
	}
	for _, t := range m.tables {
		w.prepareIndexes(t)
	}
	w.referencedIndexes()
	for _, t := range m.tables {
		w.table(t)
	}
	for _, t := range m.tables {
		w.indexes(t)
	}
	for _, r := range m.rels {
		w.relation(r)
	}
	m.flushTally()
	return w
}

func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func tableName(t *tbl) string {
	if t.schema == "public" {
		return ident(t.name)
	}
	return ident(t.schema) + "." + ident(t.name)
}

func identList(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = ident(c)
	}
	return strings.Join(q, ", ")
}

func (w *sqlWriter) enum(e *enm) {
	var vals, notes []string
	for _, v := range e.values {
		name := unquote(v.Name)
		vals = append(vals, literal(name))
		for _, s := range v.Settings {
			if str, ok := stringValue(s); ok && key(s) == "note" {
				notes = append(notes, name+": "+str)
			} else {
				w.m.errorf(s.Pos, "unknown enum value setting %q (DBML has note)", key(s))
			}
		}
	}
	w.mark(e.pos)
	w.printf("\nCREATE TYPE %s AS ENUM (%s);", ident(e.sqlName), strings.Join(vals, ", "))
	if len(notes) > 0 {
		w.printf("\nCOMMENT ON TYPE %s IS %s;", ident(e.sqlName), literal(strings.Join(notes, "\n")))
	}
}

// columnType is the PostgreSQL type of a column: a declared enum or a built-in type.
func (w *sqlWriter) columnType(c *col) (design.Type, bool) {
	tr := c.typ
	arrays := len(tr.Arrays)
	schema, name := split(tr.Name)
	if e := w.m.enumByKey[schema+"."+name]; e != nil && len(tr.Args) == 0 {
		return design.Type{Base: e.sqlName, Array: arrays}, true
	}
	base := strings.ToLower(name)
	if len(tr.Name) == 2 && schema != "pg_catalog" {
		w.m.refuse(tr.Pos, "declare the enum, or write a PostgreSQL type", "type %s.%s of column %s is neither a declared enum nor a PostgreSQL type", schema, name, c.name)
		return design.Type{}, false
	}
	if pg, ok := otherDialects[base]; ok {
		w.m.change("type "+base, "written "+pg+", its PostgreSQL equivalent", tr.Pos)
		base = pg
	}
	spelled := base
	if len(tr.Args) > 0 {
		args := make([]string, len(tr.Args))
		for i, a := range tr.Args {
			args[i] = a.text()
		}
		spelled += "(" + strings.Join(args, ",") + ")"
	}
	spelled += strings.Repeat("[]", arrays)
	t, ok := design.ParseType(spelled)
	if !ok || !t.Known {
		var names []string
		for _, e := range w.m.enums {
			names = append(names, e.sqlName)
		}
		hint := "write a PostgreSQL type, or declare the enum"
		if s := design.Suggest(base, append(design.BuiltinTypes(), names...)); s != "" {
			hint = "did you mean " + s + "?"
		}
		w.m.refuse(tr.Pos, hint, "type %s of column %s is not a PostgreSQL type schemagen knows", spelled, c.name)
		return design.Type{}, false
	}
	return t, true
}

// sqlType spells a column type in SQL: a built-in type as it is, an enum quoted.
func sqlType(t design.Type) string {
	if t.Known || t.Base == "" {
		return t.String()
	}
	return ident(t.Base) + strings.Repeat("[]", t.Array)
}

// text is the number with its signs folded into one.
func (n *number) text() string {
	neg := false
	for _, s := range n.Signs {
		if s == "-" {
			neg = !neg
		}
	}
	if neg {
		return "-" + n.Value
	}
	return n.Value
}

// expr checks that a backtick expression is one PostgreSQL expression and
// returns it ready to stand in parentheses (a line break ends a trailing comment).
func (w *sqlWriter) expr(s string, p lexer.Position, what string) (string, bool) {
	e := strings.TrimSpace(s[1 : len(s)-1])
	tree, err := pg_query.Parse("SELECT (" + e + "\n)")
	if err != nil || len(tree.Stmts) != 1 || e == "" {
		msg := "it is not one expression"
		if err != nil {
			msg = err.Error()
		}
		w.m.refuse(p, "write the expression in PostgreSQL's SQL", "%s `%s` is not a PostgreSQL expression: %s", what, e, msg)
		return "", false
	}
	return e + "\n", true
}

// defaultValue is the SQL of a column's default.
func (w *sqlWriter) defaultValue(v *value, c *col) (string, bool) {
	switch {
	case v.Number != nil:
		return v.Number.text(), true
	case v.String != nil:
		return literal(text(*v.String)), true
	case v.Expr != nil:
		e, ok := w.expr(*v.Expr, v.Pos, "the default of "+c.name)
		return "(" + e + ")", ok
	case len(v.Words) == 1:
		switch word := strings.ToLower(v.Words[0]); word {
		case "null", "true", "false":
			return strings.ToUpper(word), true
		}
	}
	w.m.errorf(v.Pos, "a default is a number, a string, true, false, null or a `backtick expression`")
	return "", false
}

func (w *sqlWriter) table(t *tbl) {
	var defs []string
	var pk []string
	var comments []string
	w.mark(t.pos)
	w.printf("\nCREATE TABLE %s (", tableName(t))
	for i, c := range t.cols {
		if i > 0 {
			w.printf(",")
		}
		w.mark(c.pos)
		typ := w.types[t][c.name]
		w.printf("\n  %s %s", ident(c.name), sqlType(typ))
		notNull, null := false, false
		for _, s := range c.settings {
			switch k := key(s); k {
			case "pk", "primary key":
				pk = append(pk, c.name)
			case "unique":
				w.printf(" UNIQUE")
			case "not null":
				notNull = true
			case "null":
				null = true
			case "increment":
				switch {
				case typ.IsSerial():
				case typ.Array == 0 && (typ.Base == "smallint" || typ.Base == "integer" || typ.Base == "bigint"):
					w.printf(" GENERATED BY DEFAULT AS IDENTITY")
				case typ.Base != "":
					w.m.refuse(s.Pos, "use smallint, integer or bigint", "increment on column %s of type %s: only integer columns can be numbered", c.name, typ)
				}
			case "default":
				if s.Value == nil {
					w.m.errorf(s.Pos, "default needs a value")
				} else if d, ok := w.defaultValue(s.Value, c); ok {
					w.printf(" DEFAULT %s", d)
				}
			case "note":
				if str, ok := stringValue(s); ok {
					comments = append(comments, fmt.Sprintf("\nCOMMENT ON COLUMN %s.%s IS %s;", tableName(t), ident(c.name), literal(str)))
				} else {
					w.m.errorf(s.Pos, "note needs a string")
				}
			case "check":
				if s.Value == nil || s.Value.Expr == nil {
					w.m.errorf(s.Pos, "check needs a `backtick expression`")
				} else if e, ok := w.expr(*s.Value.Expr, s.Value.Pos, "the check of "+c.name); ok {
					w.printf(" CHECK (%s)", e)
				}
			case "ref":
			default:
				w.m.errorf(s.Pos, "unknown column setting %q", k)
			}
		}
		if notNull && null {
			w.m.errorf(c.pos, "column %s is both null and not null", c.name)
		}
		if notNull {
			w.printf(" NOT NULL")
		}
	}
	if len(pk) > 0 {
		defs = append(defs, "PRIMARY KEY ("+identList(pk)+")")
	}
	for _, ix := range t.indexes {
		switch {
		case ix.pk && len(ix.columns) > 0:
			if len(t.pk) > 0 || len(pk) > 0 {
				w.m.errorf(ix.pos, "table %s has two primary keys", display(t.schema, t.name))
			}
			t.pk = ix.columns
			w.mark(ix.pos)
			w.printf(",\n  PRIMARY KEY (%s)", identList(ix.columns))
		case ix.asConstraint:
			w.mark(ix.pos)
			w.printf(",\n  UNIQUE (%s)", identList(ix.columns))
		}
	}
	for _, d := range defs {
		w.printf(",\n  %s", d)
	}
	if len(pk) > 0 {
		t.pk = pk
	}
	for _, k := range t.checks {
		e, ok := w.expr(k.Expr, k.Pos, "the check")
		if !ok {
			continue
		}
		name := ""
		for _, s := range k.Settings {
			if str, ok := stringValue(s); ok && key(s) == "name" {
				name = "CONSTRAINT " + ident(str) + " "
			} else {
				w.m.errorf(s.Pos, "unknown check setting %q (DBML has name)", key(s))
			}
		}
		w.mark(k.Pos)
		w.printf(",\n  %sCHECK (%s)", name, e)
	}
	w.printf("\n);")
	if t.note != "" {
		w.mark(t.pos)
		w.printf("\nCOMMENT ON TABLE %s IS %s;", tableName(t), literal(t.note))
	}
	for _, c := range comments {
		w.printf("%s", c)
	}
}

// prepareIndexes reads the settings of a table's indexes. An unnamed
// unique index on columns (DBML's only way to say "unique together") is
// written as a UNIQUE constraint, the design's unique; so is a named one that
// a Ref references, since a foreign key needs its key before the indexes exist.
func (w *sqlWriter) prepareIndexes(t *tbl) {
	for _, ix := range t.indexes {
		for _, s := range ix.settings {
			switch k := key(s); k {
			case "pk", "primary key":
				ix.pk = true
			case "unique":
				ix.unique = true
			case "name":
				if str, ok := stringValue(s); ok {
					ix.name = str
				} else {
					w.m.errorf(s.Pos, "name needs a string")
				}
			case "type":
				if s.Value == nil || len(s.Value.Words) != 1 {
					w.m.errorf(s.Pos, "type needs an index method (btree, hash, gin, gist, brin, spgist)")
					continue
				}
				ix.using = strings.ToLower(s.Value.Words[0])
			case "note":
				w.m.skip("index notes", s.Pos)
			default:
				w.m.errorf(s.Pos, "unknown index setting %q", k)
			}
		}
		for _, p := range ix.parts {
			if p.Expr != nil {
				ix.columns = nil
				break
			}
			c := unquote(*p.Column)
			if t.column(c) == nil {
				w.m.errorf(p.Pos, "column %s does not exist in table %s", c, display(t.schema, t.name))
			}
			ix.columns = append(ix.columns, c)
		}
		if ix.using == "hash" && (ix.unique || len(ix.parts) > 1) {
			w.m.change("hash indexes that are unique or on several columns", "PostgreSQL's hash indexes are neither; the index is a B-tree", ix.pos)
			ix.using = ""
		}
		if ix.using == "btree" {
			ix.using = ""
		}
		if ix.pk && len(ix.columns) == 0 {
			w.m.errorf(ix.pos, "a primary key is made of columns, not expressions")
		}
		ix.asConstraint = !ix.pk && ix.unique && len(ix.columns) > 0 && ix.using == "" && ix.name == ""
	}
}

// referencedIndexes marks the named unique indexes that Refs reference as constraints.
func (w *sqlWriter) referencedIndexes() {
	for _, r := range w.m.rels {
		child, parent := r.ends()
		for _, e := range []end{parent, child} {
			for _, ix := range e.t.indexes {
				if !ix.pk && ix.unique && ix.using == "" && len(ix.columns) > 0 && sameSet(ix.columns, e.cols) && !ix.asConstraint {
					ix.asConstraint = true
					w.m.change("named unique indexes that a Ref references", "written as a UNIQUE constraint, without the name, so that the foreign key can be created", ix.pos)
				}
			}
			if r.op != "<>" {
				break
			}
		}
	}
}

// ends are a relation's child (the foreign key's table) and parent.
func (r *relation) ends() (child, parent end) {
	switch {
	case r.op == "<":
		return r.right, r.left
	case r.op == "-" && !r.inline:
		return r.right, r.left // DBML's tools put a top-level one-to-one's key on the right
	}
	return r.left, r.right
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	set := map[string]bool{}
	for _, c := range a {
		set[c] = true
	}
	for _, c := range b {
		if !set[c] {
			return false
		}
	}
	return true
}

func (w *sqlWriter) indexes(t *tbl) {
	for _, ix := range t.indexes {
		if ix.pk || ix.asConstraint {
			continue
		}
		var parts []string
		for _, p := range ix.parts {
			if p.Expr != nil {
				if e, ok := w.expr(*p.Expr, p.Pos, "the index expression"); ok {
					parts = append(parts, "("+e+")")
				}
				continue
			}
			parts = append(parts, ident(unquote(*p.Column)))
		}
		if len(parts) != len(ix.parts) {
			continue
		}
		w.mark(ix.pos)
		w.printf("\nCREATE ")
		if ix.unique {
			w.printf("UNIQUE ")
		}
		w.printf("INDEX ")
		if ix.name != "" {
			w.printf("%s ", ident(ix.name))
		}
		w.printf("ON %s", tableName(t))
		if ix.using != "" {
			w.printf(" USING %s", ident(ix.using))
		}
		w.printf(" (%s);", strings.Join(parts, ", "))
	}
}

// isKey reports whether cols are a table's primary key or unique together, as
// PostgreSQL requires of the columns a foreign key references.
func (w *sqlWriter) isKey(t *tbl, cols []string) bool {
	if sameSet(t.pk, cols) {
		return true
	}
	if len(cols) == 1 {
		if c := t.column(cols[0]); c != nil {
			for _, s := range c.settings {
				if key(s) == "unique" {
					return true
				}
			}
		}
	}
	for _, ix := range t.indexes {
		if ix.asConstraint && sameSet(ix.columns, cols) {
			return true
		}
	}
	return false
}

func (w *sqlWriter) relation(r *relation) {
	var actions []string
	for _, s := range r.settings {
		switch k := key(s); k {
		case "delete", "update":
			if s.Value == nil || len(s.Value.Words) == 0 {
				w.m.errorf(s.Pos, "%s needs an action (cascade, restrict, set null, set default, no action)", k)
				continue
			}
			action := strings.ToLower(strings.Join(s.Value.Words, " "))
			switch action {
			case "cascade", "restrict", "set null", "set default", "no action":
				actions = append(actions, " ON "+strings.ToUpper(k)+" "+strings.ToUpper(action))
			default:
				w.m.errorf(s.Value.Pos, "unknown action %q (cascade, restrict, set null, set default, no action)", action)
			}
		case "color":
			w.m.skip("colors", s.Pos)
		default:
			w.m.errorf(s.Pos, "unknown Ref setting %q (DBML has delete, update and color)", k)
		}
	}
	if r.op == "<>" {
		w.junction(r, actions)
		return
	}
	child, parent := r.ends()
	if !w.isKey(parent.t, parent.cols) {
		w.m.skip("Refs to columns that are neither a primary key nor unique (PostgreSQL cannot create such a foreign key)", r.pos)
		return
	}
	if r.op == "-" && !w.isKey(child.t, child.cols) {
		w.m.change("one-to-one Refs on columns that are not unique", "the relationship is one-to-many; add [unique] to the column to keep it one-to-one", r.pos)
	}
	w.mark(r.pos)
	w.printf("\nALTER TABLE %s ADD FOREIGN KEY (%s) REFERENCES %s (%s)%s;", tableName(child.t), identList(child.cols),
		tableName(parent.t), identList(parent.cols), strings.Join(actions, ""))
}

// junction writes the table of a many-to-many Ref the way dbml2sql does:
// <left>_<right> with a column <table>_<column> per key column, the pair its primary key.
func (w *sqlWriter) junction(r *relation, actions []string) {
	for _, e := range []end{r.left, r.right} {
		if !w.isKey(e.t, e.cols) {
			w.m.skip("Refs to columns that are neither a primary key nor unique (PostgreSQL cannot create such a foreign key)", r.pos)
			return
		}
	}
	name := r.left.t.name + "_" + r.right.t.name
	j := &tbl{schema: r.left.t.schema, name: name}
	for n := 2; w.m.byKey[j.key()] != nil; n++ {
		j.name = fmt.Sprintf("%s_%d", name, n)
	}
	w.m.byKey[j.key()] = j
	if w.m.groups != nil {
		if g, ok := w.m.groups[r.left.t.key()]; ok {
			w.m.groups[j.key()] = g
		}
	}
	var cols [2][]string
	var all []string
	used := map[string]bool{}
	w.mark(r.pos)
	w.printf("\nCREATE TABLE %s (", tableName(j))
	for side, e := range []end{r.left, r.right} {
		for _, c := range e.cols {
			cn := e.t.name + "_" + c
			for n := 2; used[cn]; n++ {
				cn = fmt.Sprintf("%s_%s_%d", e.t.name, c, n)
			}
			used[cn] = true
			cols[side] = append(cols[side], cn)
			all = append(all, cn)
			typ := design.KeyTypeFor(w.types[e.t][c])
			w.printf("\n  %s %s NOT NULL,", ident(cn), sqlType(typ))
		}
	}
	w.printf("\n  PRIMARY KEY (%s)\n);", identList(all))
	for side, e := range []end{r.left, r.right} {
		w.printf("\nALTER TABLE %s ADD FOREIGN KEY (%s) REFERENCES %s (%s)%s;", tableName(j), identList(cols[side]),
			tableName(e.t), identList(e.cols), strings.Join(actions, ""))
	}
}
