package drift

import (
	"fmt"
	"strings"
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/schemagen/schemagen/internal/sqlname"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// The canonical forms below are PostgreSQL's parser's view of a text, printed
// back by its deparser: spacing, parentheses, keyword case and the spelling
// of built-in types (timestamptz, timestamp with time zone) no longer differ.
// Casts of constants are dropped on both sides ('a'::text and 'a' are the
// same default of a text column), and so is the public schema. What differs
// after that (x IN (1, 2) against x = ANY (ARRAY[1, 2])) is settled by the
// server itself, see serverCanon.

// canonicalType is a type name as the parser reads it: "numeric(12,2)",
// "timestamptz", "text[]", "ride_status", "billing.status". A text that does
// not parse as a type is kept as it is.
func canonicalType(t string) string {
	return typeCache.get(t, parseType)
}

func parseType(t string) string {
	tree, err := pg_query.Parse("SELECT NULL::" + t)
	if err != nil {
		return t
	}
	tc := tree.Stmts[0].Stmt.GetSelectStmt().GetTargetList()[0].GetResTarget().GetVal().GetTypeCast()
	if tc == nil || tc.TypeName == nil {
		return t
	}
	return typeText(tc.TypeName)
}

func typeText(tn *pg_query.TypeName) string {
	var names []string
	for _, n := range tn.Names {
		names = append(names, n.GetString_().GetSval())
	}
	if len(names) == 2 && (names[0] == "pg_catalog" || names[0] == "public") {
		names = names[1:]
	}
	for i, n := range names {
		if typeKeywords[n] || sqlname.NeedsQuotes(n) {
			names[i] = `"` + strings.ReplaceAll(n, `"`, `""`) + `"`
		}
	}
	var b strings.Builder
	b.WriteString(strings.Join(names, "."))
	if len(tn.Typmods) > 0 {
		var mods []string
		for _, m := range tn.Typmods {
			if c := m.GetAConst(); c != nil && c.GetIval() != nil {
				mods = append(mods, fmt.Sprint(c.GetIval().Ival))
			} else {
				mods = append(mods, deparseExpr(m))
			}
		}
		b.WriteString("(" + strings.Join(mods, ",") + ")")
	}
	for range tn.ArrayBounds {
		b.WriteString("[]")
	}
	return b.String()
}

// textCache remembers canonical forms: a schema has few distinct types and
// defaults (integer, now(), 0), and each parse is a call into the C parser.
type textCache struct {
	mu sync.Mutex
	m  map[string]string
}

var typeCache, exprCache = &textCache{m: map[string]string{}}, &textCache{m: map[string]string{}}

func (c *textCache) get(key string, compute func(string) string) string {
	c.mu.Lock()
	v, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = compute(key)
	c.mu.Lock()
	if len(c.m) > 100000 { // a bound, for a long-lived process comparing many designs
		c.m = map[string]string{}
	}
	c.m[key] = v
	c.mu.Unlock()
	return v
}

// typeKeywords are type names the grammar reads as keywords: a type that the
// parser names so was quoted ("char", the one-byte type, is not char, which is
// bpchar), and must stay quoted to mean the same.
var typeKeywords = map[string]bool{
	"char": true, "character": true, "varchar": true, "nchar": true, "national": true, "int": true, "integer": true,
	"smallint": true, "bigint": true, "real": true, "float": true, "double": true, "decimal": true, "dec": true,
	"numeric": true, "boolean": true, "bit": true, "time": true, "timestamp": true, "interval": true, "setof": true,
}

// canonicalExpr is an expression as the parser reads it, constant casts
// dropped. A text that does not parse is kept as it is, so that it differs.
func canonicalExpr(e string) string {
	if strings.TrimSpace(e) == "" {
		return ""
	}
	return exprCache.get(e, parseExpr)
}

func parseExpr(e string) string {
	tree, err := pg_query.Parse("SELECT " + e)
	if err != nil || len(tree.Stmts) != 1 {
		return e
	}
	val := tree.Stmts[0].Stmt.GetSelectStmt().GetTargetList()[0].GetResTarget().GetVal()
	if c := val.GetAConst(); c != nil && c.Isnull {
		return "" // DEFAULT NULL is no default: PostgreSQL stores none
	}
	return deparseExpr(normalize(val))
}

// normalize drops the casts of constants and the public schema from function
// names in the tree under n, in place, and returns n.
func normalize[M proto.Message](n M) M {
	walk(n.ProtoReflect(), func(m proto.Message) {
		switch x := m.(type) {
		case *pg_query.Node:
			for {
				tc := x.GetTypeCast()
				if tc == nil || tc.Arg == nil || tc.Arg.GetAConst() == nil && tc.Arg.GetTypeCast() == nil {
					break
				}
				x.Node = tc.Arg.Node
			}
		case *pg_query.FuncCall:
			if len(x.Funcname) == 2 && x.Funcname[0].GetString_().GetSval() == "public" {
				x.Funcname = x.Funcname[1:]
			}
		}
	})
	return n
}

// walk calls fn on every message under m, parents first.
func walk(m protoreflect.Message, fn func(proto.Message)) {
	fn(m.Interface())
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				walk(l.Get(i).Message(), fn)
			}
		case fd.Message() != nil && !fd.IsMap() && !fd.IsList():
			walk(v.Message(), fn)
		}
		return true
	})
}

func deparseExpr(n *pg_query.Node) string {
	sel := &pg_query.SelectStmt{TargetList: []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: n}}}}}
	out, err := deparseStmt(&pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}})
	if err != nil {
		return fmt.Sprintf("%v", n)
	}
	return strings.TrimPrefix(out, "SELECT ")
}

func deparseStmt(n *pg_query.Node) (string, error) {
	return pg_query.Deparse(&pg_query.ParseResult{Stmts: []*pg_query.RawStmt{{Stmt: n}}})
}

// parseOne parses a text that holds one statement.
func parseOne(sql string) (*pg_query.Node, error) {
	tree, err := pg_query.Parse(sql)
	if err != nil {
		return nil, err
	}
	if len(tree.Stmts) != 1 {
		return nil, fmt.Errorf("%d statements where one was expected", len(tree.Stmts))
	}
	return tree.Stmts[0].Stmt, nil
}

// canonicalIndex reads a CREATE INDEX statement (pg_get_indexdef's or the
// generator's); its Def is the statement without the index name, in canonical form.
func canonicalIndex(def string) (*Index, error) {
	n, err := parseOne(def)
	if err != nil {
		return nil, err
	}
	ix := n.GetIndexStmt()
	if ix == nil {
		return nil, fmt.Errorf("not a CREATE INDEX statement: %s", def)
	}
	return canonicalIndexStmt(ix)
}

func canonicalIndexStmt(ix *pg_query.IndexStmt) (*Index, error) {
	ix = proto.Clone(ix).(*pg_query.IndexStmt)
	name := ix.Idxname
	ix.Idxname = ""
	ix.IfNotExists, ix.Concurrent = false, false
	if ix.AccessMethod == "" {
		ix.AccessMethod = "btree"
	}
	fixRelation(ix.Relation)
	normalize(ix)
	def, err := deparseStmt(&pg_query.Node{Node: &pg_query.Node_IndexStmt{IndexStmt: ix}})
	if err != nil {
		return nil, err
	}
	// The shape is the statement with its expressions taken out, for the
	// server to compare them when only they differ (lower(name) on a
	// varchar column is lower(name::text) in pg_get_indexdef).
	var exprs []string
	for i, p := range ix.IndexParams {
		if el := p.GetIndexElem(); el != nil && el.Expr != nil {
			exprs = append(exprs, deparseExpr(el.Expr))
			el.Expr, el.Name = nil, fmt.Sprintf("expression_%d", i+1)
		}
	}
	if ix.WhereClause != nil {
		exprs = append(exprs, deparseExpr(ix.WhereClause))
		ix.WhereClause = &pg_query.Node{Node: &pg_query.Node_ColumnRef{ColumnRef: &pg_query.ColumnRef{Fields: []*pg_query.Node{pg_query.MakeStrNode("where_clause")}}}}
	}
	shape, err := deparseStmt(&pg_query.Node{Node: &pg_query.Node_IndexStmt{IndexStmt: ix}})
	if err != nil {
		return nil, err
	}
	return &Index{Name: name, Def: def, shape: shape, exprs: exprs}, nil
}

// canonicalTrigger is a CREATE TRIGGER statement in canonical form.
func canonicalTrigger(def string) (string, error) {
	n, err := parseOne(def)
	if err != nil {
		return "", err
	}
	tg := n.GetCreateTrigStmt()
	if tg == nil {
		return "", fmt.Errorf("not a CREATE TRIGGER statement: %s", def)
	}
	return canonicalTriggerStmt(tg)
}

func canonicalTriggerStmt(tg *pg_query.CreateTrigStmt) (string, error) {
	tg = proto.Clone(tg).(*pg_query.CreateTrigStmt)
	tg.Replace = false
	fixRelation(tg.Relation)
	if len(tg.Funcname) == 2 && tg.Funcname[0].GetString_().GetSval() == "public" {
		tg.Funcname = tg.Funcname[1:]
	}
	normalize(tg)
	return deparseStmt(&pg_query.Node{Node: &pg_query.Node_CreateTrigStmt{CreateTrigStmt: tg}})
}

// fixRelation spells a table the same way on both sides: with its schema, inherited.
func fixRelation(rv *pg_query.RangeVar) {
	if rv == nil {
		return
	}
	if rv.Schemaname == "" {
		rv.Schemaname = "public"
	}
	rv.Inh = true
	rv.Relpersistence = "p"
	rv.Location = 0
}

// rangeVarName is the qualified name of a table reference.
func rangeVarName(rv *pg_query.RangeVar) string {
	schema := rv.Schemaname
	if schema == "" {
		schema = "public"
	}
	return qualified(schema, rv.Relname)
}
