package importsql

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

func typeName(n *pg_query.Node) string { return fmt.Sprintf("%T", n.Node) }

// deparse turns an expression tree back into SQL text with pg_query's deparser,
// so that what the design holds is PostgreSQL's own spelling of it.
func deparse(n *pg_query.Node) (string, error) {
	sel := &pg_query.SelectStmt{TargetList: []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: n}}}}}
	out, err := pg_query.Deparse(&pg_query.ParseResult{Stmts: []*pg_query.RawStmt{{Stmt: &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}}}}})
	if err != nil {
		return "", err
	}
	out = strings.TrimPrefix(out, "SELECT ")
	return out, nil
}

// deparseAll prints many expressions with one call to the deparser: each is a
// `SELECT expr` statement of one parse tree, and pg_query's scanner splits the
// result back into statements. When that does not give one text per
// expression, it falls back to one call each. A text is "" when the
// expression cannot be printed.
func deparseAll(pending []pendingExpr) []string {
	texts := make([]string, len(pending))
	if len(pending) == 0 {
		return texts
	}
	tree := &pg_query.ParseResult{}
	for _, p := range pending {
		sel := &pg_query.SelectStmt{TargetList: []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: p.node}}}}}
		tree.Stmts = append(tree.Stmts, &pg_query.RawStmt{Stmt: &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}}})
	}
	if out, err := pg_query.Deparse(tree); err == nil {
		if parts, err := pg_query.SplitWithScanner(out, true); err == nil && len(parts) == len(pending) {
			ok := true
			for i, part := range parts {
				if !strings.HasPrefix(part, "SELECT ") {
					ok = false
					break
				}
				texts[i] = strings.TrimPrefix(part, "SELECT ")
			}
			if ok {
				return texts
			}
		}
	}
	for i, p := range pending {
		texts[i], _ = deparse(p.node)
	}
	return texts
}

// walk calls fn on every message in the tree under m, depth first; fn returns
// false to skip a message's children.
func walk(m protoreflect.Message, fn func(proto.Message) bool) {
	if !fn(m.Interface()) {
		return
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList():
			l := v.List()
			if fd.Message() != nil {
				for i := 0; i < l.Len(); i++ {
					walk(l.Get(i).Message(), fn)
				}
			}
		case fd.Message() != nil && !fd.IsMap():
			walk(v.Message(), fn)
		}
		return true
	})
}

// exprInfo is what an expression refers to.
type exprInfo struct {
	columns []string // column names, in order of first mention
	funcs   []string // called function names (last name part, lower case)
}

func inspect(n *pg_query.Node) exprInfo {
	var info exprInfo
	if n == nil {
		return info
	}
	seen := map[string]bool{}
	walk(n.ProtoReflect(), func(m proto.Message) bool {
		switch x := m.(type) {
		case *pg_query.ColumnRef:
			names := strs(x.Fields)
			if len(names) > 0 {
				name := names[len(names)-1]
				if !seen[name] {
					seen[name] = true
					info.columns = append(info.columns, name)
				}
			}
		case *pg_query.FuncCall:
			names := strs(x.Funcname)
			if len(names) > 0 {
				info.funcs = append(info.funcs, strings.ToLower(names[len(names)-1]))
			}
		}
		return true
	})
	return info
}

// nextvalSequence returns the sequence a `nextval('seq'::regclass)` default draws from, or "".
func nextvalSequence(n *pg_query.Node) string {
	fc := n.GetFuncCall()
	if fc == nil || len(fc.Args) != 1 {
		return ""
	}
	names := strs(fc.Funcname)
	if len(names) == 0 || names[len(names)-1] != "nextval" {
		return ""
	}
	arg := fc.Args[0]
	if tc := arg.GetTypeCast(); tc != nil {
		arg = tc.Arg
	}
	if a := arg.GetAConst(); a != nil && a.GetSval() != nil {
		return a.GetSval().Sval
	}
	return ""
}
