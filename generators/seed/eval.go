package seed

import (
	"regexp"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// rowCheck is a check that reads more than its own column (`ended = true OR
// end_year IS NULL`): seed evaluates it on each generated row and draws the
// row's free columns again until it holds.
type rowCheck struct {
	expr    string
	column  string
	where   *pg_query.Node
	columns []string // the columns it reads
}

// parseRowCheck returns the check as a rowCheck when seed can evaluate it on
// a row of the table (every column it reads exists and every construct is one
// eval knows), or nil.
func parseRowCheck(expr, column string, has func(string) bool) *rowCheck {
	tree, err := pg_query.Parse("SELECT 1 WHERE (" + expr + ")")
	if err != nil || len(tree.Stmts) != 1 || tree.Stmts[0].Stmt.GetSelectStmt() == nil {
		return nil
	}
	rc := &rowCheck{expr: expr, column: column, where: tree.Stmts[0].Stmt.GetSelectStmt().WhereClause}
	ok := true
	probe := func(name string) (string, bool) {
		if !has(name) {
			ok = false
			return "", false
		}
		rc.columns = append(rc.columns, name)
		return "1", true
	}
	if _, evaluable := eval(rc.where, probe); !evaluable || !ok {
		return nil
	}
	return rc
}

// holds reports whether the check accepts the row (true or NULL, as CHECK does).
func (rc *rowCheck) holds(row func(string) (string, bool)) bool {
	v, ok := eval(rc.where, row)
	return !ok || v == null || truth(v)
}

func truth(v string) bool {
	switch strings.ToLower(v) {
	case "t", "true", "yes", "on", "1":
		return true
	}
	return false
}

func boolText(b bool) string { return strconv.FormatBool(b) }

// eval computes an expression on a row, in SQL's three-valued logic (null
// for NULL). ok is false for constructs it does not know.
func eval(n *pg_query.Node, row func(string) (string, bool)) (string, bool) {
	if n == nil {
		return "", false
	}
	switch {
	case n.GetColumnRef() != nil:
		f := n.GetColumnRef().Fields
		if len(f) == 0 || f[len(f)-1].GetString_() == nil {
			return "", false
		}
		return row(f[len(f)-1].GetString_().GetSval())
	case n.GetAConst() != nil:
		if n.GetAConst().Isnull {
			return null, true
		}
		return constant(n)
	case n.GetTypeCast() != nil:
		return eval(n.GetTypeCast().Arg, row)
	case n.GetBoolExpr() != nil:
		b := n.GetBoolExpr()
		vals := make([]string, len(b.Args))
		for i, a := range b.Args {
			v, ok := eval(a, row)
			if !ok {
				return "", false
			}
			vals[i] = v
		}
		switch b.Boolop {
		case pg_query.BoolExprType_NOT_EXPR:
			if vals[0] == null {
				return null, true
			}
			return boolText(!truth(vals[0])), true
		case pg_query.BoolExprType_AND_EXPR:
			sawNull := false
			for _, v := range vals {
				if v == null {
					sawNull = true
				} else if !truth(v) {
					return "false", true
				}
			}
			if sawNull {
				return null, true
			}
			return "true", true
		case pg_query.BoolExprType_OR_EXPR:
			sawNull := false
			for _, v := range vals {
				if v == null {
					sawNull = true
				} else if truth(v) {
					return "true", true
				}
			}
			if sawNull {
				return null, true
			}
			return "false", true
		}
	case n.GetNullTest() != nil:
		nt := n.GetNullTest()
		v, ok := eval(nt.Arg, row)
		if !ok {
			return "", false
		}
		return boolText((v == null) == (nt.Nulltesttype == pg_query.NullTestType_IS_NULL)), true
	case n.GetBooleanTest() != nil:
		bt := n.GetBooleanTest()
		v, ok := eval(bt.Arg, row)
		if !ok {
			return "", false
		}
		isTrue, isFalse := v != null && truth(v), v != null && !truth(v)
		switch bt.Booltesttype {
		case pg_query.BoolTestType_IS_TRUE:
			return boolText(isTrue), true
		case pg_query.BoolTestType_IS_NOT_TRUE:
			return boolText(!isTrue), true
		case pg_query.BoolTestType_IS_FALSE:
			return boolText(isFalse), true
		case pg_query.BoolTestType_IS_NOT_FALSE:
			return boolText(!isFalse), true
		case pg_query.BoolTestType_IS_UNKNOWN:
			return boolText(v == null), true
		case pg_query.BoolTestType_IS_NOT_UNKNOWN:
			return boolText(v != null), true
		}
	case n.GetFuncCall() != nil:
		fc := n.GetFuncCall()
		if len(fc.Args) != 1 || len(fc.Funcname) == 0 {
			return "", false
		}
		v, ok := eval(fc.Args[0], row)
		if !ok {
			return "", false
		}
		if v == null {
			return null, true
		}
		switch fc.Funcname[len(fc.Funcname)-1].GetString_().GetSval() {
		case "length", "char_length", "character_length":
			return strconv.Itoa(len([]rune(v))), true
		case "octet_length":
			return strconv.Itoa(len(v)), true
		case "lower":
			return strings.ToLower(v), true
		case "upper":
			return strings.ToUpper(v), true
		case "btrim", "trim":
			return strings.TrimSpace(v), true
		}
	case n.GetAExpr() != nil:
		return evalAExpr(n.GetAExpr(), row)
	}
	return "", false
}

func evalAExpr(e *pg_query.A_Expr, row func(string) (string, bool)) (string, bool) {
	op := ""
	if len(e.Name) == 1 {
		op = e.Name[0].GetString_().GetSval()
	}
	left, ok := eval(e.Lexpr, row)
	if !ok {
		return "", false
	}
	switch e.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP:
		right, ok := eval(e.Rexpr, row)
		if !ok {
			return "", false
		}
		if left == null || right == null {
			return null, true
		}
		if op == "~" || op == "~*" {
			pattern := right
			if op == "~*" {
				pattern = "(?i)" + pattern
			}
			re, err := regexp.Compile(pattern)
			if err != nil {
				return "", false
			}
			return boolText(re.MatchString(left)), true
		}
		c, ok := compare(left, right)
		if !ok {
			return "", false
		}
		switch op {
		case "=":
			return boolText(c == 0), true
		case "<>", "!=":
			return boolText(c != 0), true
		case "<":
			return boolText(c < 0), true
		case "<=":
			return boolText(c <= 0), true
		case ">":
			return boolText(c > 0), true
		case ">=":
			return boolText(c >= 0), true
		}
	case pg_query.A_Expr_Kind_AEXPR_IN:
		list := e.Rexpr.GetList()
		if list == nil {
			return "", false
		}
		if left == null {
			return null, true
		}
		found := false
		for _, item := range list.Items {
			v, ok := eval(item, row)
			if !ok {
				return "", false
			}
			if c, ok := compare(left, v); ok && c == 0 {
				found = true
			}
		}
		return boolText(found == (op == "=")), true
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN:
		list := e.Rexpr.GetList()
		if list == nil || len(list.Items) != 2 {
			return "", false
		}
		lo, ok1 := eval(list.Items[0], row)
		hi, ok2 := eval(list.Items[1], row)
		if !ok1 || !ok2 {
			return "", false
		}
		if left == null || lo == null || hi == null {
			return null, true
		}
		a, ok1 := compare(left, lo)
		b, ok2 := compare(left, hi)
		if !ok1 || !ok2 {
			return "", false
		}
		return boolText(a >= 0 && b <= 0), true
	}
	return "", false
}

// compare orders two values: as numbers when both are, as booleans when
// both are, else as text (dates and times as seed writes them sort as text).
func compare(a, b string) (int, bool) {
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	if err1 == nil && err2 == nil {
		switch {
		case x < y:
			return -1, true
		case x > y:
			return 1, true
		}
		return 0, true
	}
	if isBool(a) && isBool(b) {
		if truth(a) == truth(b) {
			return 0, true
		}
		if truth(a) {
			return 1, true
		}
		return -1, true
	}
	return strings.Compare(a, b), true
}

func isBool(s string) bool {
	switch strings.ToLower(s) {
	case "t", "true", "f", "false":
		return true
	}
	return false
}
