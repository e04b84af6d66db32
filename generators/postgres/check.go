package postgres

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/schemagen/schemagen/design"
)

// ParseCheck parses SQL text with PostgreSQL's own parser (pg_query) and
// returns its syntax error, if any. It checks grammar only: names are not
// looked up, and function bodies are not parsed (see ParsePLpgSQL).
func ParseCheck(sql string) error {
	_, err := pg_query.Parse(sql)
	return err
}

// checkWhole parses a whole generated file. SplitWithParser runs the real
// grammar over every statement but skips building the parse tree, which
// costs a multiple of the parse itself on large files.
func checkWhole(sql string) error {
	_, err := pg_query.SplitWithParser(sql, false)
	return err
}

// ParsePLpgSQL parses a CREATE FUNCTION statement's PL/pgSQL body with
// pg_query's PL/pgSQL parser and returns its syntax error, if any.
func ParsePLpgSQL(createFunction string) error {
	_, err := pg_query.ParsePlPgSqlToJSON(createFunction)
	return err
}

// DesignError reports parts of a valid-looking design that PostgreSQL would
// reject: an expression that does not parse, or generated names that clash.
// Each diagnostic points at the line of the design that causes it.
type DesignError struct {
	Diagnostics design.Diagnostics
}

func (e *DesignError) Error() string {
	lines := make([]string, len(e.Diagnostics))
	for i, d := range e.Diagnostics {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// RuleInvalidExpression names the diagnostic for a design's SQL expression
// (check, default, generated, index expression or where) that does not parse.
const RuleInvalidExpression = "invalid-expression"

// checkExpression parses one SQL expression from the design on its own, so
// that a typo is reported at its line rather than as a broken file. It must
// be exactly one expression: `x > 0); DROP TABLE t; --` is rejected.
func checkExpression(expr string) error {
	res, err := pg_query.Parse("SELECT (" + expr + "\n)")
	if err != nil {
		return err
	}
	if len(res.Stmts) != 1 {
		return fmt.Errorf("it is not one expression")
	}
	return nil
}

// checkExpressions parses every SQL expression the design carries.
func checkExpressions(s *design.Schema) design.Diagnostics {
	var diags design.Diagnostics
	report := func(pos design.Pos, what, expr string, err error) {
		diags = append(diags, design.Diagnostic{
			Pos: pos, Severity: design.Error, Rule: RuleInvalidExpression,
			Message: fmt.Sprintf("%s %q is not valid SQL: %v", what, expr, err),
			Hint:    "write a PostgreSQL expression",
		})
	}
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			for _, e := range []struct{ what, expr string }{
				{"check of " + t.Entity + "." + c.Name, c.Check},
				{"default of " + t.Entity + "." + c.Name, c.Default},
				{"generated expression of " + t.Entity + "." + c.Name, c.Generated},
			} {
				if e.expr == "" {
					continue
				}
				if err := checkExpression(e.expr); err != nil {
					report(c.Pos, e.what, e.expr, err)
				}
			}
		}
		for _, ix := range t.Indexes {
			if ix.Where != "" {
				if err := checkExpression(ix.Where); err != nil {
					report(ix.Pos, "index condition on "+t.Entity, ix.Where, err)
				}
			}
			for _, col := range ix.Columns {
				if strings.HasPrefix(strings.TrimSpace(col), "(") {
					if err := checkExpression(col); err != nil {
						report(ix.Pos, "index expression on "+t.Entity, col, err)
					}
				}
			}
		}
	}
	return diags
}
