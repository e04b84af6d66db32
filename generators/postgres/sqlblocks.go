package postgres

import (
	"errors"
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	pgparser "github.com/pganalyze/pg_query_go/v5/parser"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/sqlrefs"
)

// RuleInvalidSQLBlock is reported for a SQL block whose body PostgreSQL
// cannot parse, or that would break the script it is run in.
var RuleInvalidSQLBlock = &design.Rule{Name: "invalid-sql-block", Severity: design.Error, Doc: `A SQL block whose body is not SQL that schemagen can run.

A block's body goes into the DDL as written, so schemagen parses it with
PostgreSQL's own parser (pg_query) and reports a typo at its line, instead of
letting it break the migration halfway. The generated script runs in one
transaction: a block may not end or start one itself.

Bad:
    sql:
      - name: active_users
        body: CREATE VIEW active_users AS SELEC * FROM users;
Good:
    sql:
      - name: active_users
        after: [users]
        body: CREATE VIEW active_users AS SELECT * FROM users;

Fix: correct the statement; leave BEGIN, COMMIT and ROLLBACK out of blocks.`}

// RuleSQLBlockNeedsAfter is reported for a SQL block that names a table of
// the design without listing it in `after`.
var RuleSQLBlockNeedsAfter = &design.Rule{Name: "sql-block-needs-after", Severity: design.Error, Doc: `A SQL block names a table of the design but does not list it in ` + "`after`" + `.

A block without ` + "`after`" + ` runs before the tables, so that checks, defaults
and indexes may call the functions it defines. A view, a trigger or a function
whose signature uses a table's row type needs that table to exist first: the
script would fail on a fresh database. (Names inside a function's body are
not needed when the function is created, and are not counted.)

Bad:
    sql:
      - name: recent_orders
        body: CREATE VIEW recent_orders AS SELECT * FROM orders;
Good:
    sql:
      - name: recent_orders
        after: [orders]
        body: CREATE VIEW recent_orders AS SELECT * FROM orders;

Fix: add the tables to the block's ` + "`after`" + ` list.`}

// checkBlocks parses every SQL block and reports the bad ones.
func checkBlocks(s *schema.Schema) design.Diagnostics {
	var diags design.Diagnostics
	if len(s.Blocks) == 0 {
		return nil
	}
	tables := map[sqlrefs.Name]*schema.Table{}
	for _, t := range s.Tables {
		tables[sqlrefs.Name{Schema: t.Schema, Name: t.Name}] = t
		if _, dup := tables[sqlrefs.Name{Name: t.Name}]; !dup {
			tables[sqlrefs.Name{Name: t.Name}] = t
		}
	}
	for _, b := range s.Blocks {
		tree, err := pg_query.Parse(b.Body)
		if err != nil {
			diags = append(diags, design.Diagnostic{
				Pos: blockErrorPos(b, err), Severity: design.Error, Rule: RuleInvalidSQLBlock.Name,
				Message: fmt.Sprintf("SQL block %q does not parse: %v", b.Name, err),
				Hint:    "correct the statement",
			})
			continue
		}
		if len(tree.Stmts) == 0 {
			diags = append(diags, design.Diagnostic{
				Pos: b.Pos, Severity: design.Error, Rule: RuleInvalidSQLBlock.Name,
				Message: fmt.Sprintf("SQL block %q has no statement", b.Name),
				Hint:    "write the SQL in `body`, or remove the block",
			})
			continue
		}
		for _, raw := range tree.Stmts {
			if _, tx := raw.Stmt.Node.(*pg_query.Node_TransactionStmt); tx {
				diags = append(diags, design.Diagnostic{
					Pos: b.BodyPos, Severity: design.Error, Rule: RuleInvalidSQLBlock.Name,
					Message: fmt.Sprintf("SQL block %q starts or ends a transaction; the generated script runs in one", b.Name),
					Hint:    "remove BEGIN, COMMIT and ROLLBACK from the block",
				})
				break
			}
			if b.Late {
				continue
			}
			for _, ref := range sqlrefs.Refs(raw.Stmt) {
				if t := tables[ref]; t != nil {
					diags = append(diags, design.Diagnostic{
						Pos: b.Pos, Severity: design.Error, Rule: RuleSQLBlockNeedsAfter.Name,
						Message: fmt.Sprintf("SQL block %q names table %s but runs before the tables", b.Name, t.QualifiedName()),
						Hint:    fmt.Sprintf("add `after: [%s]`", t.Entity),
					})
					break
				}
			}
		}
	}
	return diags
}

// blockErrorPos is where in the design a parse error of a block's body is.
func blockErrorPos(b *schema.Block, err error) design.Pos {
	var pe *pgparser.Error
	if !errors.As(err, &pe) || pe.Cursorpos <= 0 || b.BodyPos.Line == 0 {
		return b.Pos
	}
	pos := b.BodyPos
	n := 0
	for _, r := range b.Body {
		n++
		if n >= pe.Cursorpos {
			break
		}
		if r == '\n' {
			pos.Line++
		}
	}
	return pos
}

// blockSection is the text of the SQL blocks that run before the tables
// (late false) or after everything else (late true). Function bodies are
// checked when they are called, not when they are created, as pg_dump does:
// a function may then name tables that come later.
func blockSection(s *schema.Schema, late bool) []string {
	var out []string
	resetPath := false
	for _, b := range s.Blocks {
		if b.Late != late {
			continue
		}
		if len(out) == 0 {
			out = append(out, "SET check_function_bodies = false;")
		}
		out = append(out, "-- SQL block: "+oneLine(b.Name)+"\n"+terminated(b.Body))
		resetPath = resetPath || strings.Contains(strings.ToLower(b.Body), "search_path")
	}
	if len(out) > 0 {
		out = append(out, "RESET check_function_bodies;")
		if resetPath {
			out = append(out, "RESET search_path;")
		}
	}
	return out
}

// terminated is a block's body ending with a semicolon, on a line of its own
// when the last line ends with a -- comment.
func terminated(body string) string {
	body = strings.TrimSpace(body)
	if strings.HasSuffix(body, ";") {
		return body
	}
	last := body[strings.LastIndexByte(body, '\n')+1:]
	if strings.Contains(last, "--") {
		return body + "\n;"
	}
	return body + ";"
}
