// Package sqlrefs finds the relations and types that SQL statements name, so
// that SQL carried as text (the design's SQL blocks) can be placed after the
// tables it needs. It reads PostgreSQL's own parse tree (pg_query): names in
// string literals (function bodies, dynamic SQL) are not references, which is
// what the DDL needs when check_function_bodies is off.
package sqlrefs

import (
	"sort"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Name is a relation or type named in SQL; Schema is "" when unqualified.
type Name struct {
	Schema, Name string
}

// Refs lists the relations (tables, views, ... as in FROM, ON or REFERENCES)
// and the type names that a parsed statement mentions, each once, in the order
// of the parse tree.
func Refs(stmt *pg_query.Node) []Name {
	var out []Name
	seen := map[Name]bool{}
	add := func(n Name) {
		if n.Name != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	walk(stmt.ProtoReflect(), func(m protoreflect.ProtoMessage) {
		switch v := m.(type) {
		case *pg_query.RangeVar:
			add(Name{Schema: v.Schemaname, Name: v.Relname})
		case *pg_query.TypeName:
			var parts []string
			for _, p := range v.Names {
				if s := p.GetString_(); s != nil {
					parts = append(parts, s.Sval)
				}
			}
			switch len(parts) {
			case 1:
				add(Name{Name: parts[0]})
			case 2:
				if !strings.EqualFold(parts[0], "pg_catalog") {
					add(Name{Schema: parts[0], Name: parts[1]})
				}
			}
		}
	})
	return out
}

// Walk calls fn on every node message (FuncCall, RangeVar, ...) of the tree
// under n, n's own message included, so that a caller may also change them.
func Walk(n *pg_query.Node, fn func(protoreflect.ProtoMessage)) {
	walk(n.ProtoReflect(), fn)
}

// walk calls fn on every message of the tree under m, m included, in the
// order of the fields' numbers: Message.Range's order changes from one build
// to the next, and the order of the names found is output. Range visits only
// the fields that are set (a Node has one of some 260), so its fields are
// gathered and sorted rather than every declared field asked in turn.
func walk(m protoreflect.Message, fn func(protoreflect.ProtoMessage)) {
	if !m.IsValid() {
		return
	}
	fn(m.Interface())
	type field struct {
		fd protoreflect.FieldDescriptor
		v  protoreflect.Value
	}
	var set []field
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind {
			set = append(set, field{fd, v})
		}
		return true
	})
	if len(set) > 1 {
		sort.Slice(set, func(i, j int) bool { return set[i].fd.Number() < set[j].fd.Number() })
	}
	for _, f := range set {
		switch {
		case f.fd.IsList():
			l := f.v.List()
			for i := 0; i < l.Len(); i++ {
				walk(l.Get(i).Message(), fn)
			}
		case f.fd.IsMap():
		default:
			walk(f.v.Message(), fn)
		}
	}
}

// Drops returns the DROP ... IF EXISTS statements that undo what a parsed
// script creates, last object first: functions and procedures (with their
// argument types), aggregates, views, materialized views, triggers, policies,
// rules, indexes, types and collations. Statements that create nothing to drop
// (COMMENT, DO, GRANT, ALTER ...) add none.
func Drops(tree *pg_query.ParseResult) []string {
	var out []string
	for i := len(tree.Stmts) - 1; i >= 0; i-- {
		if d := dropOf(tree.Stmts[i].Stmt); d != nil {
			text, err := pg_query.Deparse(&pg_query.ParseResult{Stmts: []*pg_query.RawStmt{{Stmt: &pg_query.Node{Node: &pg_query.Node_DropStmt{DropStmt: d}}}}})
			if err == nil {
				out = append(out, text+";")
			}
		}
	}
	return out
}

func names(parts ...string) *pg_query.Node {
	items := make([]*pg_query.Node, 0, len(parts))
	for _, p := range parts {
		if p != "" {
			items = append(items, pg_query.MakeStrNode(p))
		}
	}
	return pg_query.MakeListNode(items)
}

func dropOf(n *pg_query.Node) *pg_query.DropStmt {
	drop := func(kind pg_query.ObjectType, obj *pg_query.Node) *pg_query.DropStmt {
		return &pg_query.DropStmt{RemoveType: kind, Objects: []*pg_query.Node{obj}, Behavior: pg_query.DropBehavior_DROP_RESTRICT, MissingOk: true}
	}
	switch s := n.Node.(type) {
	case *pg_query.Node_CreateFunctionStmt:
		f := s.CreateFunctionStmt
		owa := &pg_query.ObjectWithArgs{Objname: f.Funcname}
		for _, p := range f.Parameters {
			fp := p.GetFunctionParameter()
			if fp == nil || fp.Mode == pg_query.FunctionParameterMode_FUNC_PARAM_OUT || fp.Mode == pg_query.FunctionParameterMode_FUNC_PARAM_TABLE {
				continue
			}
			owa.Objargs = append(owa.Objargs, &pg_query.Node{Node: &pg_query.Node_TypeName{TypeName: fp.ArgType}})
		}
		kind := pg_query.ObjectType_OBJECT_FUNCTION
		if f.IsProcedure {
			kind = pg_query.ObjectType_OBJECT_PROCEDURE
		}
		return drop(kind, &pg_query.Node{Node: &pg_query.Node_ObjectWithArgs{ObjectWithArgs: owa}})
	case *pg_query.Node_ViewStmt:
		return drop(pg_query.ObjectType_OBJECT_VIEW, names(s.ViewStmt.View.Schemaname, s.ViewStmt.View.Relname))
	case *pg_query.Node_CreateTableAsStmt:
		if s.CreateTableAsStmt.Objtype == pg_query.ObjectType_OBJECT_MATVIEW && s.CreateTableAsStmt.Into != nil {
			rv := s.CreateTableAsStmt.Into.Rel
			return drop(pg_query.ObjectType_OBJECT_MATVIEW, names(rv.Schemaname, rv.Relname))
		}
	case *pg_query.Node_CreateTrigStmt:
		rv := s.CreateTrigStmt.Relation
		return drop(pg_query.ObjectType_OBJECT_TRIGGER, names(rv.Schemaname, rv.Relname, s.CreateTrigStmt.Trigname))
	case *pg_query.Node_CreatePolicyStmt:
		rv := s.CreatePolicyStmt.Table
		return drop(pg_query.ObjectType_OBJECT_POLICY, names(rv.Schemaname, rv.Relname, s.CreatePolicyStmt.PolicyName))
	case *pg_query.Node_RuleStmt:
		rv := s.RuleStmt.Relation
		return drop(pg_query.ObjectType_OBJECT_RULE, names(rv.Schemaname, rv.Relname, s.RuleStmt.Rulename))
	case *pg_query.Node_IndexStmt:
		if s.IndexStmt.Idxname != "" {
			return drop(pg_query.ObjectType_OBJECT_INDEX, names(s.IndexStmt.Relation.Schemaname, s.IndexStmt.Idxname))
		}
	case *pg_query.Node_CompositeTypeStmt:
		rv := s.CompositeTypeStmt.Typevar
		return drop(pg_query.ObjectType_OBJECT_TYPE, &pg_query.Node{Node: &pg_query.Node_TypeName{TypeName: &pg_query.TypeName{Names: names(rv.Schemaname, rv.Relname).GetList().Items}}})
	case *pg_query.Node_CreateRangeStmt:
		return drop(pg_query.ObjectType_OBJECT_TYPE, &pg_query.Node{Node: &pg_query.Node_TypeName{TypeName: &pg_query.TypeName{Names: s.CreateRangeStmt.TypeName}}})
	case *pg_query.Node_DefineStmt:
		d := s.DefineStmt
		switch d.Kind {
		case pg_query.ObjectType_OBJECT_COLLATION, pg_query.ObjectType_OBJECT_TSCONFIGURATION, pg_query.ObjectType_OBJECT_TSDICTIONARY:
			return drop(d.Kind, pg_query.MakeListNode(d.Defnames))
		case pg_query.ObjectType_OBJECT_AGGREGATE:
			owa := &pg_query.ObjectWithArgs{Objname: d.Defnames}
			if len(d.Args) > 0 {
				if l := d.Args[0].GetList(); l != nil {
					for _, a := range l.Items {
						if fp := a.GetFunctionParameter(); fp != nil {
							owa.Objargs = append(owa.Objargs, &pg_query.Node{Node: &pg_query.Node_TypeName{TypeName: fp.ArgType}})
						}
					}
				}
			}
			return drop(d.Kind, &pg_query.Node{Node: &pg_query.Node_ObjectWithArgs{ObjectWithArgs: owa}})
		}
	}
	return nil
}
