package postgres

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	pgparser "github.com/pganalyze/pg_query_go/v5/parser"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
)

// ParseCheck parses SQL text with PostgreSQL's own parser (pg_query) and
// returns its syntax error, if any. It checks grammar only: names are not
// looked up, and function bodies are not parsed (see ParsePLpgSQL).
func ParseCheck(sql string) error {
	_, err := pg_query.Parse(sql)
	return err
}

// checkChunk is how many statements checkOutput hands the parser at once.
const checkChunk = 64

// checkOutput parses a whole generated file with PostgreSQL's grammar.
// SplitWithParser runs the real parser over every statement but does not
// serialise the parse tree, which makes it about four times cheaper than
// Parse. The file goes to the parser in pieces of checkChunk statements,
// cut where statements end (ends holds those offsets): every byte is parsed
// once, and the parser's cost stays linear instead of growing with the size
// of one huge input. The statements of skip are left out (see outputChecks).
func checkOutput(out []byte, ends []int, skip []span) error {
	return runChecks(outputChecks(out, ends, skip))
}

// span is where a statement is in the output: out[start:end].
type span struct{ start, end int }

// outputChecks cuts the output into the pieces checkOutput parses, one check
// each. The statements of skip (sorted, each ending in ";") are parsed
// elsewhere, whole, by PostgreSQL's grammar: the CREATE FUNCTION statements,
// which the PL/pgSQL check parses with the same raw parser before it parses
// their bodies. Parsing them here too cost a third of the output check. In a
// piece each becomes its line breaks and its final ";", so that the
// statements around them parse as they do in the file and an error keeps its line.
func outputChecks(out []byte, ends []int, skip []span) []func() error {
	var checks []func() error
	start := 0
	for i := checkChunk - 1; start < len(out); i += checkChunk {
		end := len(out)
		if i < len(ends)-1 {
			end = ends[i]
		}
		from := start
		var blanks []span
		for len(skip) > 0 && skip[0].start < end {
			blanks = append(blanks, skip[0])
			skip = skip[1:]
		}
		checks = append(checks, func() error {
			chunk := blanked(out, from, end, blanks)
			if _, err := pg_query.SplitWithParser(chunk, false); err != nil {
				return fmt.Errorf("line %d: %w", errorLine(out[:from], chunk, err), err)
			}
			return nil
		})
		start = end
	}
	return checks
}

// blanked is out[from:end] with each span of blanks (inside it, in order)
// reduced to its line breaks and its last byte, the ";". The parser's cost
// is in reading every byte (the body of a function is one string token), so
// spaces in place of the text would save nothing.
func blanked(out []byte, from, end int, blanks []span) string {
	var b strings.Builder
	b.Grow(end - from)
	for _, bl := range blanks {
		b.Write(out[from:bl.start])
		for range bytes.Count(out[bl.start:bl.end], []byte("\n")) {
			b.WriteByte('\n')
		}
		b.WriteByte(';')
		from = bl.end
	}
	b.Write(out[from:end])
	return b.String()
}

// runChecks runs independent parser checks on every CPU (parsePool) and
// returns the error of the first failing check in list order, so that the
// message never depends on scheduling.
func runChecks(checks []func() error) error {
	p := newParsePool()
	errs := p.add(checks)
	p.wait()
	return firstError(errs)
}

// errorLine is the line of the output where a parse error of chunk (which
// follows before in the output) points; PostgreSQL's cursor counts characters from 1.
func errorLine(before []byte, chunk string, err error) int {
	line := 1 + bytes.Count(before, []byte("\n"))
	var pe *pgparser.Error
	if !errors.As(err, &pe) || pe.Cursorpos <= 0 {
		return line
	}
	n := 0
	for _, r := range chunk {
		n++
		if n >= pe.Cursorpos {
			break
		}
		if r == '\n' {
			line++
		}
	}
	return line
}

// ParsePLpgSQL parses a CREATE FUNCTION statement's PL/pgSQL body with
// pg_query's PL/pgSQL parser and returns its syntax error, if any.
func ParsePLpgSQL(createFunction string) error {
	_, err := pg_query.ParsePlPgSqlToJSON(createFunction)
	return err
}

// checkFunctions parses the PL/pgSQL bodies of CREATE FUNCTION statements
// one at a time: pg_query's PL/pgSQL parser re-reads its whole input for
// every function in it, so batching them is slower (BenchmarkGenerateParts).
func checkFunctions(functions []string) error {
	return runChecks(functionChecks(functions))
}

// functionChecks is one check per CREATE FUNCTION statement.
func functionChecks(functions []string) []func() error {
	checks := make([]func() error, len(functions))
	for i, fn := range functions {
		checks[i] = func() error {
			if err := ParsePLpgSQL(fn); err != nil {
				first, _, _ := strings.Cut(fn, "\n")
				return fmt.Errorf("%s: %w", first, err)
			}
			return nil
		}
	}
	return checks
}

// RuleInvalidExpression is reported for a design's SQL expression (check,
// default, generated, index expression or where) that PostgreSQL cannot parse.
var RuleInvalidExpression = &design.Rule{Name: "invalid-expression", Severity: design.Error, Doc: `A SQL expression in the design that PostgreSQL cannot parse.

Checks, defaults, generated columns, index expressions and partial-index
conditions go into the DDL as written. schemagen parses each one with
PostgreSQL's own parser (pg_query), so a typo is reported at its line instead
of breaking the migration, and an expression can never smuggle in another
statement (` + "`x > 0); DROP TABLE t; --`" + `). A subquery parses but
PostgreSQL refuses it in all of these places, so it is reported too.

Bad:
    fare_cents: integer check (fare_cents >= )
    driver_id: uuid check (EXISTS (SELECT 1 FROM drivers))
Good:
    fare_cents: integer check (fare_cents >= 0)

Fix: write one PostgreSQL expression; use /* ... */ rather than -- for comments.`}

// Rules lists the rules this package reports, for internal/rulebook.
func Rules() []*design.Rule {
	return []*design.Rule{RuleInvalidExpression, RuleInvalidSQLBlock, RuleSQLBlockNeedsAfter}
}

// Checker is the check.SQLChecker that every command passes to the design
// check: PostgreSQL's parser over the design's expressions, and the names of
// generated objects (which only this package knows) checked for clashes.
var Checker check.SQLChecker = sqlChecker{}

type sqlChecker struct{}

// CheckSQL reports expressions that do not parse and generated names that clash.
func (sqlChecker) CheckSQL(s *schema.Schema) design.Diagnostics {
	diags := checkExpressions(s)
	diags = append(diags, checkBlocks(s)...)
	diags = append(diags, checkPartitions(s)...)
	return append(diags, checkNameClashes(s, tableNamesOf(s))...)
}

// checkStatement parses one wrapped expression of the design on its own, so
// that a typo is reported at its line rather than as a broken file. It must
// stay one statement: `x > 0); DROP TABLE t; --` is rejected.
func checkStatement(wrapped string) error {
	res, err := pg_query.Parse(wrapped)
	if err != nil {
		return err
	}
	if len(res.Stmts) != 1 {
		return fmt.Errorf("it is not one expression")
	}
	return nil
}

// designExpr is one SQL expression of the design, with where it was written.
type designExpr struct {
	pos        design.Pos
	what, expr string
	// indexEntry is set for an index entry that is a column with options
	// (`created_at desc`, `name text_pattern_ops`): it is checked as written
	// in CREATE INDEX rather than as an expression.
	indexEntry bool
}

// wrap makes an expression (or index entry) a statement of its own.
func (e designExpr) wrap() string {
	if e.indexEntry {
		return "CREATE INDEX i ON t (" + indexColumn(e.expr) + "\n)"
	}
	return wrapExpression(e.expr)
}

// expressions lists every SQL expression the design carries.
func expressions(s *schema.Schema) []designExpr {
	var out []designExpr
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			for _, e := range [...]struct{ what, expr string }{
				{"check of ", c.Check},
				{"default of ", c.Default},
				{"generated expression of ", c.Generated},
			} {
				if e.expr != "" {
					out = append(out, designExpr{c.Pos, e.what + t.Entity + "." + c.Name, e.expr, false})
				}
			}
		}
		for _, ix := range t.Indexes {
			if ix.Where != "" {
				out = append(out, designExpr{ix.Pos, "index condition on " + t.Entity, ix.Where, false})
			}
			for _, col := range ix.Columns {
				switch col = strings.TrimSpace(col); {
				case strings.HasPrefix(col, "(") && design.MatchParen(col, 0) == len(col)-1:
					out = append(out, designExpr{ix.Pos, "index expression on " + t.Entity, col, false})
				case strings.HasPrefix(col, "("):
					// An expression with options, `(lower(name)) DESC` or
					// `(lower(name)) text_pattern_ops`: checked as written in CREATE INDEX.
					out = append(out, designExpr{ix.Pos, "index expression on " + t.Entity, col, true})
				case t.Column(col) != nil:
					// A column whose name has a space: quoted whole in the DDL.
				case strings.ContainsAny(col, " \t\n"):
					out = append(out, designExpr{ix.Pos, "index column on " + t.Entity, col, true})
				}
			}
		}
	}
	return out
}

// wrapExpression makes an expression a statement of its own.
func wrapExpression(expr string) string { return "SELECT (" + expr + "\n)" }

// expressionsParse reports whether every expression parses as exactly one
// expression. They go to the parser checkChunk at a time, each as its own
// statement: a chunk is fine when it parses and every statement in it is
// exactly one wrapped expression (so `1); DROP TABLE t; SELECT (1` fails).
func expressionsParse(list []designExpr) bool {
	var checks []func() error
	for start := 0; start < len(list); start += checkChunk {
		chunk := list[start:min(start+checkChunk, len(list))]
		checks = append(checks, func() error {
			var b strings.Builder
			for _, e := range chunk {
				b.WriteString(e.wrap())
				b.WriteString(";\n")
			}
			stmts, err := pg_query.SplitWithParser(b.String(), true)
			if err != nil || len(stmts) != len(chunk) {
				return errNotOneEach
			}
			for i, st := range stmts {
				if st != strings.TrimSpace(chunk[i].wrap()) {
					return errNotOneEach
				}
			}
			return nil
		})
	}
	return runChecks(checks) == nil
}

// errNotOneEach says a chunk of expressions did not parse as one statement each.
var errNotOneEach = errors.New("not one expression each")

// hasLineComment reports whether an expression contains a `--` comment,
// which would swallow the rest of the line it is written on in the DDL.
func hasLineComment(expr string) bool {
	if !strings.Contains(expr, "--") {
		return false
	}
	res, err := pg_query.Scan(expr)
	if err != nil {
		return false // the parse reports it
	}
	for _, tok := range res.Tokens {
		if tok.Token == pg_query.Token_SQL_COMMENT {
			return true
		}
	}
	return false
}

// checkExpressions parses every SQL expression the design carries, all at
// once while they are fine, and one by one to find and report the bad ones.
func checkExpressions(s *schema.Schema) design.Diagnostics {
	list := expressions(s)
	if len(list) == 0 {
		return nil
	}
	var diags design.Diagnostics
	for _, e := range list {
		if hasLineComment(e.expr) {
			diags = append(diags, design.Diagnostic{
				Pos: e.pos, Severity: design.Error, Rule: RuleInvalidExpression.Name,
				Message: fmt.Sprintf("%s %q has a -- comment, which would swallow the rest of its line in the DDL", e.what, design.Excerpt(e.expr)),
				Hint:    "remove the comment, or write it as /* ... */",
			})
		}
	}
	if len(diags) == 0 && expressionsParse(list) {
		for _, e := range list {
			if hasSubquery(e) {
				diags = append(diags, design.Diagnostic{
					Pos: e.pos, Severity: design.Error, Rule: RuleInvalidExpression.Name,
					Message: fmt.Sprintf("%s %q has a subquery, which PostgreSQL does not allow there", e.what, design.Excerpt(e.expr)),
					Hint:    "use a constant or a function call; check other rows with a foreign key or a trigger",
				})
			}
		}
		return diags
	}
	for _, e := range list {
		if err := checkStatement(e.wrap()); err != nil {
			diags = append(diags, design.Diagnostic{
				Pos: e.pos, Severity: design.Error, Rule: RuleInvalidExpression.Name,
				Message: fmt.Sprintf("%s %q is not valid SQL: %v", e.what, design.Excerpt(e.expr), err),
				Hint:    "write one PostgreSQL expression",
			})
		}
	}
	return diags
}
