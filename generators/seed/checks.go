package seed

import (
	"math"
	"regexp/syntax"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// rule is what a column's CHECK asks of its values, as far as seed
// understands it: numeric bounds, a list of allowed or refused values,
// bounds on the length, and a regular expression the text must match.
type rule struct {
	lo, hi       float64 // inclusive numeric bounds; ±Inf when open
	loOpen       bool    // lo itself is excluded (x > lo)
	hiOpen       bool    // hi itself is excluded (x < hi)
	in           []string
	notIn        []string
	minLen       int
	maxLen       int // 0: no bound
	regex        *syntax.Regexp
	regexFold    bool // ~* : case-insensitive
	alwaysNull   bool // NULL is the one value seed can promise satisfies the check
	notNull      bool // the check asks for a value (x IS NOT NULL)
	understood   bool // the whole check was read
	unhandledWhy string
}

func newRule() rule { return rule{lo: math.Inf(-1), hi: math.Inf(1), understood: true} }

// parseCheck reads a column's CHECK expression with PostgreSQL's parser and
// returns what it asks of column col. A check seed cannot read comes back
// with understood false and the reason.
func parseCheck(expr, col string, nullable bool) rule {
	r := newRule()
	if strings.TrimSpace(expr) == "" {
		return r
	}
	tree, err := pg_query.Parse("SELECT 1 WHERE (" + expr + ")")
	if err != nil || len(tree.Stmts) != 1 {
		r.understood, r.unhandledWhy = false, "it does not parse"
		return r
	}
	sel := tree.Stmts[0].Stmt.GetSelectStmt()
	if sel == nil || sel.WhereClause == nil {
		r.understood, r.unhandledWhy = false, "it does not parse"
		return r
	}
	if !r.read(sel.WhereClause, col, nullable) {
		r.understood = false
		if r.unhandledWhy == "" {
			r.unhandledWhy = "its form is not one seed reads (comparisons, BETWEEN, IN, length, ~ with a pattern)"
		}
	}
	return r
}

// read adds what n asks of col to r and reports whether it understood n.
func (r *rule) read(n *pg_query.Node, col string, nullable bool) bool {
	switch {
	case n.GetBoolExpr() != nil:
		b := n.GetBoolExpr()
		switch b.Boolop {
		case pg_query.BoolExprType_AND_EXPR:
			for _, a := range b.Args {
				if !r.read(a, col, nullable) {
					return false
				}
			}
			return true
		case pg_query.BoolExprType_OR_EXPR:
			// Satisfying one branch satisfies the whole: take the first
			// branch seed reads that asks for a value (not `col IS NULL`).
			nullBranch := false
			for _, a := range b.Args {
				if nt := a.GetNullTest(); nt != nil && nt.Nulltesttype == pg_query.NullTestType_IS_NULL && isColumn(nt.Arg, col) {
					nullBranch = true
					continue
				}
				try := *r
				if try.read(a, col, nullable) {
					*r = try
					return true
				}
			}
			if nullBranch && nullable {
				r.alwaysNull = true
				return true
			}
			return false
		}
		return false
	case n.GetNullTest() != nil:
		nt := n.GetNullTest()
		if isColumn(nt.Arg, col) && nt.Nulltesttype == pg_query.NullTestType_IS_NOT_NULL {
			r.notNull = true
			return true
		}
		return false
	case n.GetAExpr() != nil:
		return r.readAExpr(n.GetAExpr(), col)
	}
	return false
}

func (r *rule) readAExpr(e *pg_query.A_Expr, col string) bool {
	op := ""
	if len(e.Name) == 1 {
		op = e.Name[0].GetString_().GetSval()
	}
	switch e.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP:
		left, right, flipped := e.Lexpr, e.Rexpr, false
		if !isColumn(left, col) && lengthOf(left, col) == nil {
			left, right, flipped = right, left, true
		}
		v, ok := constant(right)
		if !ok {
			return false
		}
		if flipped {
			op = map[string]string{"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "<>": "<>", "!=": "!="}[op]
		}
		if lengthOf(left, col) != nil {
			n, err := strconv.Atoi(v)
			if err != nil {
				return false
			}
			switch op {
			case ">":
				r.minLen = max(r.minLen, n+1)
			case ">=":
				r.minLen = max(r.minLen, n)
			case "<":
				r.setMaxLen(n - 1)
			case "<=":
				r.setMaxLen(n)
			case "=":
				r.minLen = max(r.minLen, n)
				r.setMaxLen(n)
			default:
				return false
			}
			return true
		}
		if !isColumn(left, col) {
			return false
		}
		switch op {
		case "=":
			r.in = []string{v}
			return true
		case "<>", "!=":
			r.notIn = append(r.notIn, v)
			return true
		case "~", "~*":
			if flipped {
				return false
			}
			re, err := syntax.Parse(v, syntax.Perl)
			if err != nil {
				return false
			}
			r.regex, r.regexFold = re.Simplify(), op == "~*"
			return true
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return false
		}
		switch op {
		case ">":
			r.raiseLo(f, true)
		case ">=":
			r.raiseLo(f, false)
		case "<":
			r.lowerHi(f, true)
		case "<=":
			r.lowerHi(f, false)
		default:
			return false
		}
		return true
	case pg_query.A_Expr_Kind_AEXPR_IN:
		if !isColumn(e.Lexpr, col) || e.Rexpr.GetList() == nil {
			return false
		}
		var vals []string
		for _, item := range e.Rexpr.GetList().Items {
			v, ok := constant(item)
			if !ok {
				return false
			}
			vals = append(vals, v)
		}
		if op == "<>" {
			r.notIn = append(r.notIn, vals...)
		} else {
			r.in = vals
		}
		return true
	case pg_query.A_Expr_Kind_AEXPR_OP_ANY:
		arr := e.Rexpr.GetAArrayExpr()
		if op != "=" || !isColumn(e.Lexpr, col) || arr == nil {
			return false
		}
		var vals []string
		for _, item := range arr.Elements {
			v, ok := constant(item)
			if !ok {
				return false
			}
			vals = append(vals, v)
		}
		r.in = vals
		return true
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN:
		bounds := e.Rexpr.GetList()
		if bounds == nil || len(bounds.Items) != 2 {
			return false
		}
		lo, ok1 := constant(bounds.Items[0])
		hi, ok2 := constant(bounds.Items[1])
		if !ok1 || !ok2 {
			return false
		}
		if lengthOf(e.Lexpr, col) != nil {
			a, err1 := strconv.Atoi(lo)
			b, err2 := strconv.Atoi(hi)
			if err1 != nil || err2 != nil {
				return false
			}
			r.minLen = max(r.minLen, a)
			r.setMaxLen(b)
			return true
		}
		a, err1 := strconv.ParseFloat(lo, 64)
		b, err2 := strconv.ParseFloat(hi, 64)
		if !isColumn(e.Lexpr, col) || err1 != nil || err2 != nil {
			return false
		}
		r.raiseLo(a, false)
		r.lowerHi(b, false)
		return true
	}
	return false
}

func (r *rule) setMaxLen(n int) {
	if n < 0 {
		n = 0
	}
	if r.maxLen == 0 || n < r.maxLen {
		r.maxLen = n
		if n == 0 {
			r.maxLen = -1 // only the empty string
		}
	}
}

func (r *rule) raiseLo(f float64, open bool) {
	if f > r.lo || (f == r.lo && open) {
		r.lo, r.loOpen = f, open
	}
}

func (r *rule) lowerHi(f float64, open bool) {
	if f < r.hi || (f == r.hi && open) {
		r.hi, r.hiOpen = f, open
	}
}

// isColumn reports whether n names column col (possibly cast).
func isColumn(n *pg_query.Node, col string) bool {
	if n == nil {
		return false
	}
	if tc := n.GetTypeCast(); tc != nil {
		return isColumn(tc.Arg, col)
	}
	ref := n.GetColumnRef()
	if ref == nil || len(ref.Fields) == 0 {
		return false
	}
	name := ref.Fields[len(ref.Fields)-1].GetString_().GetSval()
	return name == col
}

// lengthOf returns the call when n is length(col), char_length(col),
// character_length(col) or octet_length(col), possibly of btrim/trim(col).
func lengthOf(n *pg_query.Node, col string) *pg_query.FuncCall {
	fc := n.GetFuncCall()
	if fc == nil || len(fc.Args) != 1 || len(fc.Funcname) == 0 {
		return nil
	}
	switch fc.Funcname[len(fc.Funcname)-1].GetString_().GetSval() {
	case "length", "char_length", "character_length", "octet_length":
	default:
		return nil
	}
	arg := fc.Args[0]
	if inner := arg.GetFuncCall(); inner != nil && len(inner.Args) == 1 && len(inner.Funcname) > 0 {
		switch inner.Funcname[len(inner.Funcname)-1].GetString_().GetSval() {
		case "btrim", "trim", "lower", "upper":
			arg = inner.Args[0]
		}
	}
	if !isColumn(arg, col) {
		return nil
	}
	return fc
}

// constant returns the text of a constant (possibly cast), as PostgreSQL would read it.
func constant(n *pg_query.Node) (string, bool) {
	if n == nil {
		return "", false
	}
	if tc := n.GetTypeCast(); tc != nil {
		return constant(tc.Arg)
	}
	c := n.GetAConst()
	if c == nil || c.Isnull {
		return "", false
	}
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Ival:
		return strconv.Itoa(int(v.Ival.Ival)), true
	case *pg_query.A_Const_Fval:
		return v.Fval.Fval, true
	case *pg_query.A_Const_Sval:
		return v.Sval.Sval, true
	case *pg_query.A_Const_Boolval:
		return strconv.FormatBool(v.Boolval.Boolval), true
	}
	return "", false
}
