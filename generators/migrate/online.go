package migrate

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// Online plans keep a busy table available: no statement holds a lock that
// blocks reads or writes while it scans or rewrites the table, unless a
// diagnostic (table-rewrite, table-scan-lock) says so. Each operation on a
// table that already exists takes its safe form:
//
//	index            CREATE INDEX CONCURRENTLY, a step of its own (outside a transaction)
//	dropped index    DROP INDEX CONCURRENTLY IF EXISTS, a step of its own, before the main step
//	UNIQUE           CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... UNIQUE USING INDEX
//	CHECK            ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a later step
//	FOREIGN KEY      the same (new tables' keys too: the referenced table is busy)
//	SET NOT NULL     backfill of the default, CHECK (col IS NOT NULL) NOT VALID, VALIDATE,
//	                 SET NOT NULL (PostgreSQL 12+ trusts the validated check), DROP the check
//	new column with a volatile default
//	                 added without it, default set, rows backfilled in batches, then NOT NULL as above
//	type change      a table rewrite: diagnostic table-rewrite

// Rule names of the lock diagnostics of online plans and of the data checks.
const (
	RuleTableRewrite = "table-rewrite"
	RuleTableScan    = "table-scan-lock"
	// RuleExistingRows warns that a new constraint fails on existing rows that violate it.
	RuleExistingRows = "existing-rows-may-violate"
	// RuleRowsViolate reports the rows of a live database that violate a new
	// constraint (`migrate diff --dsn`).
	RuleRowsViolate = "existing-rows-violate"
)

// backfillPages is how many heap pages one backfill batch updates before it commits.
const backfillPages = 64

// lockRisk records an operation with no safe form on a busy table: an error
// unless the plan allows locks, then a warning.
func (p *planner) lockRisk(pos design.Pos, rule, hint, format string, args ...any) {
	if !p.online || p.down {
		return
	}
	sev := design.Error
	if p.allowLocks {
		sev = design.Warning
	}
	p.diags = append(p.diags, design.Diagnostic{Pos: pos, Severity: sev, Rule: rule, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// concurrently turns CREATE [UNIQUE] INDEX into its CONCURRENTLY form.
func concurrently(createIndex string) string {
	for _, prefix := range []string{"CREATE UNIQUE INDEX ", "CREATE INDEX "} {
		if rest, ok := strings.CutPrefix(createIndex, prefix); ok {
			return prefix + "CONCURRENTLY " + rest
		}
	}
	return createIndex
}

// notValid appends NOT VALID to an ADD CONSTRAINT statement that does not
// have it already (a foreign key the design declares `not_valid`).
func notValid(addConstraint string) string {
	s := strings.TrimSuffix(addConstraint, ";")
	if strings.HasSuffix(s, " NOT VALID") {
		return s + ";"
	}
	return s + " NOT VALID;"
}

// addConstraint adds a primary key, unique, check constraint or index to a
// table that exists already.
func (p *planner) addConstraint(dt *schema.Table, c *constraint) {
	if !p.online {
		p.add(phaseAddConstraints, c.create())
		return
	}
	table := postgres.QualifiedTable(dt)
	switch {
	case c.index:
		p.add(phaseCreateIndexes, concurrently(c.create()))
	case strings.HasPrefix(c.sig, "u:"):
		nulls, deferrable := "", ""
		if c.unique != nil {
			if c.unique.NullsNotDistinct {
				nulls = " NULLS NOT DISTINCT"
			}
			deferrable = deferrableClause(c.unique.Deferrable)
		}
		p.add(phaseCreateIndexes, fmt.Sprintf("CREATE UNIQUE INDEX CONCURRENTLY %s ON %s (%s)%s", q(c.name), table, quoteList(c.cols), nulls))
		p.add(phaseAddNotValid, fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s UNIQUE USING INDEX %s%s", table, q(c.name), q(c.name), deferrable))
	case strings.HasPrefix(c.sig, "c:"):
		p.add(phaseAddNotValid, notValid(c.create()))
		p.add(phaseValidate, fmt.Sprintf("ALTER TABLE %s VALIDATE CONSTRAINT %s", table, q(c.name)))
	default: // a primary key: PostgreSQL has no way to add one without an index build under lock
		p.lockRisk(c.pos, RuleTableScan, "add the key in a migration of its own at a quiet time, or accept the lock (--allow-locks)",
			"primary key %s of %s is built while the table is locked against reads and writes (ACCESS EXCLUSIVE, for a full scan)", c.name, dt.QualifiedName())
		p.add(phaseAddConstraints, c.create())
	}
}

// addForeignKey adds a foreign key: NOT VALID and validated in a later step
// when online, since validating under ADD CONSTRAINT's SHARE ROW EXCLUSIVE
// lock blocks the writes of both tables for the length of a scan.
func (p *planner) addForeignKey(dt *schema.Table, c *constraint) {
	if !p.online {
		p.add(phaseAddForeignKeys, c.create())
		return
	}
	p.add(phaseAddNotValid, notValid(c.create()))
	if c.fk != nil && c.fk.NotValid {
		return // the design wants the key left unvalidated
	}
	p.add(phaseValidate, fmt.Sprintf("ALTER TABLE %s VALIDATE CONSTRAINT %s", postgres.QualifiedTable(dt), q(c.name)))
}

// dropIndex drops an index of a table that stays.
func (p *planner) dropIndex(st *schema.Table, sc *constraint) {
	if !p.online {
		p.add(phaseDropConstraints, "DROP INDEX "+qualify(st.Schema, sc.name))
		return
	}
	p.add(phaseDropIndexes, "DROP INDEX CONCURRENTLY IF EXISTS "+qualify(st.Schema, sc.name))
}

// addColumnOnline adds a column to a table that exists: without its own
// UNIQUE and CHECK constraints (added the safe way by constraints()), and,
// when its default is volatile (evaluated per row, which rewrites the table),
// without the default and NOT NULL, which follow through a backfill.
func (p *planner) addColumnOnline(dt *schema.Table, dc *schema.Column) {
	table := postgres.QualifiedTable(dt)
	if dc.Identity != "" || dc.Generated != "" {
		p.lockRisk(dc.Pos, RuleTableRewrite, "add the column nullable and fill it in batches, or accept the rewrite (--allow-locks)",
			"column %s.%s is added as an identity or generated column: PostgreSQL rewrites %s under ACCESS EXCLUSIVE, blocking reads and writes", dt.QualifiedName(), dc.Name, dt.QualifiedName())
		p.add(phaseAlterColumns, fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s", table, p.columnWithoutConstraints(dt, dc)))
		return
	}
	if dc.Default == "" || !volatile(dc.Default) {
		p.add(phaseAlterColumns, fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s", table, p.columnWithoutConstraints(dt, dc)))
		return
	}
	col := q(dc.Name)
	p.add(phaseAlterColumns, fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s %s", table, col, columnType(dc)))
	p.add(phaseAlterColumns, fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s", table, col, dc.Default))
	p.backfill(dt, dc)
	if !dc.Nullable {
		p.setNotNullOnline(dt, dc)
	}
}

// columnWithoutConstraints is the column's definition without its own UNIQUE and CHECK constraints.
func (p *planner) columnWithoutConstraints(dt *schema.Table, dc *schema.Column) string {
	def := postgres.ColumnDefinition(dt, dc)
	names := postgres.NamesOf(dt)
	if dc.Check != "" {
		def = strings.TrimSuffix(def, " CONSTRAINT "+q(names.Check(dc))+" CHECK ("+dc.Check+")")
	}
	return strings.TrimSuffix(def, " CONSTRAINT "+q(names.Unique([]string{dc.Name}))+" UNIQUE")
}

// volatile reports whether a default expression may be evaluated per row
// (it calls a function other than the current time's), which makes ADD
// COLUMN rewrite the table. It errs on the side of volatile.
func volatile(expr string) bool {
	e := strings.ToLower(expr)
	for _, stable := range []string{"now()", "transaction_timestamp()", "statement_timestamp()", "current_timestamp", "current_date", "localtimestamp"} {
		e = strings.ReplaceAll(e, stable, "")
	}
	return strings.Contains(e, "(")
}

// backfill fills the NULLs of an existing column with its default, in
// batches of heap pages that commit one by one (PostgreSQL 14+ reads a ctid
// range without scanning the table), then the rows that moved meanwhile.
// No row stays locked longer than its batch.
func (p *planner) backfill(dt *schema.Table, dc *schema.Column) {
	table, col := postgres.QualifiedTable(dt), q(dc.Name)
	update := fmt.Sprintf("UPDATE %s SET %s = DEFAULT WHERE", table, col)
	p.add(phaseBackfill, fmt.Sprintf(`DO $schemagen$
DECLARE
    pages bigint := pg_relation_size(%s::regclass) / current_setting('block_size')::bigint;
    page bigint := 0;
BEGIN
    WHILE page <= pages LOOP
        PERFORM set_config('lock_timeout', %s, true);
        %s ctid >= format('(%%s,0)', page)::tid AND ctid < format('(%%s,0)', page + %d)::tid AND %s IS NULL;
        COMMIT;
        page := page + %d;
    END LOOP;
    %s %s IS NULL;
END
$schemagen$`, sqlname.QuoteLiteral(table), sqlname.QuoteLiteral(pgDuration(p.timeouts.Lock)), update, backfillPages, col, backfillPages, update, col))
}

// setNotNullOnline makes an existing column NOT NULL without scanning the
// table under ACCESS EXCLUSIVE: a NOT VALID check, validated in a later step
// under a lock that lets writes go on, proves the column has no NULL, so
// SET NOT NULL skips its scan; the check is then dropped.
func (p *planner) setNotNullOnline(dt *schema.Table, dc *schema.Column) {
	table, col := postgres.QualifiedTable(dt), q(dc.Name)
	check := q(sqlname.ObjectName(dt.Name, dc.Name, "not_null"))
	p.add(phaseAddNotValid, fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID", table, check, col))
	p.add(phaseValidate, fmt.Sprintf("ALTER TABLE %s VALIDATE CONSTRAINT %s", table, check))
	p.add(phaseSetNotNull, fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s SET NOT NULL", table, col))
	p.add(phaseSetNotNull, fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", table, check))
}

// rewritesTable reports whether changing a column's type makes PostgreSQL
// rewrite the table: every change but the binary-compatible ones of text types.
func rewritesTable(sc, dc *schema.Column) bool {
	from, to := sc.TypeInfo, dc.TypeInfo
	if sc.Enum != nil || dc.Enum != nil || from.Array != to.Array {
		return true
	}
	switch {
	case (from.Base == "varchar" || from.Base == "text") && to.Base == "text":
		return false
	case from.Base == "varchar" && to.Base == "varchar":
		return !widens(sc, dc)
	case from.Base == "text" && to.Base == "varchar" && to.Params == "":
		return false
	}
	return true
}
