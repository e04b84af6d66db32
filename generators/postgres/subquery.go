package postgres

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// hasSubquery reports whether a design expression holds a subquery (a
// SubLink: EXISTS (SELECT ...), x IN (VALUES ...), ARRAY(TABLE t), ...).
// It parses as one expression either way, but PostgreSQL refuses a subquery
// in every place a design writes expressions: a check constraint, a default,
// a generated column, an index expression and an index predicate. Only
// expressions that hold one of the words a subquery needs are parsed again.
func hasSubquery(e designExpr) bool {
	lower := strings.ToLower(e.expr)
	if !strings.Contains(lower, "select") && !strings.Contains(lower, "values") && !strings.Contains(lower, "table") {
		return false
	}
	tree, err := pg_query.ParseToJSON(e.wrap())
	if err != nil {
		return false // the parse reports it
	}
	return strings.Contains(tree, `"SubLink":`)
}
