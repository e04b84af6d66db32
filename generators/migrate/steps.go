package migrate

import (
	"fmt"
	"strings"
	"time"

	"github.com/schemagen/schemagen/generators/postgres"
)

// Step is one unit of a migration that a migration runner applies on its
// own: one file for golang-migrate, one statement string for a driver.
// Online plans have several (PostgreSQL cannot build an index concurrently
// inside a transaction, and a constraint is validated only once the
// transaction that added it NOT VALID has committed); simple plans have one,
// or two when enum values are added.
type Step struct {
	// Name says what the step does, in a few words usable in a file name: "main", "index", "validate".
	Name string
	// Transaction is true when the statements must run as one transaction.
	// Steps never hold BEGIN/COMMIT themselves: golang-migrate and drivers
	// send a step as one multi-statement string, which PostgreSQL runs as one
	// implicit transaction and rolls back as a whole on failure, releasing
	// the connection; with psql, run such a step with -1 (--single-transaction).
	// A step with Transaction false holds exactly one statement
	// (CREATE INDEX CONCURRENTLY, a batched backfill that commits as it goes).
	Transaction bool
	// Lock names the strongest lock the step holds and for how long.
	Lock string
	// LockTimeout and StatementTimeout are set at the head of the step
	// (SET lock_timeout, SET statement_timeout) and reset at its end; zero
	// leaves the server's setting.
	LockTimeout, StatementTimeout time.Duration
	// Statements are the SQL statements, each ending in a semicolon.
	Statements []string
}

// SQL is the step as a migration file holds it: what it is, its timeouts
// and its statements, without BEGIN/COMMIT (see Transaction).
func (s Step) SQL(title string) string {
	var b strings.Builder
	b.WriteString("-- schemagen migration, " + title + "\n")
	b.WriteString(s.header())
	if s.Transaction {
		// As in every script schemagen writes: string literals must not
		// depend on the server's setting. (A step outside a transaction is one
		// statement, with no literal of schemagen's: a SET there would open
		// the implicit transaction that CONCURRENTLY refuses.) The whole
		// script (render) sets it once at its head instead.
		b.WriteString("\n" + postgres.StandardStrings + "\n")
	}
	b.WriteString(s.body())
	return b.String()
}

// header describes how the step runs, as comment lines.
func (s Step) header() string {
	var b strings.Builder
	if s.Transaction {
		b.WriteString("-- Runs as one transaction: golang-migrate sends the file as one statement string; with psql, use -1.\n")
	} else {
		b.WriteString("-- Runs outside a transaction, one statement: do not wrap it in BEGIN or run it with psql -1.\n")
	}
	b.WriteString("-- Lock: " + s.Lock + "\n")
	return b.String()
}

// body is the step's SET lines, statements and RESET lines.
func (s Step) body() string {
	var b strings.Builder
	if s.LockTimeout > 0 {
		b.WriteString("\nSET lock_timeout = '" + pgDuration(s.LockTimeout) + "';\n")
	}
	if s.StatementTimeout > 0 {
		if s.LockTimeout <= 0 {
			b.WriteString("\n")
		}
		b.WriteString("SET statement_timeout = '" + pgDuration(s.StatementTimeout) + "';\n")
	}
	for _, st := range s.Statements {
		if !s.Transaction && strings.Contains(st, " CONCURRENTLY ") {
			b.WriteString(concurrentNote)
		}
		b.WriteString("\n" + st + "\n")
	}
	if s.LockTimeout > 0 || s.StatementTimeout > 0 {
		b.WriteString("\n")
	}
	if s.LockTimeout > 0 {
		b.WriteString("RESET lock_timeout;\n")
	}
	if s.StatementTimeout > 0 {
		b.WriteString("RESET statement_timeout;\n")
	}
	return b.String()
}

// concurrentNote explains, before CREATE/DROP INDEX CONCURRENTLY, why the
// step sets no timeout, and tells squawk so.
const concurrentNote = `
-- No lock_timeout or statement_timeout: SET would make this file a multi-statement string, which
-- PostgreSQL runs as an implicit transaction, where CONCURRENTLY is refused. The SHARE UPDATE EXCLUSIVE
-- lock it waits for blocks no read or write, and a statement timeout would leave an INVALID index behind.
-- squawk-ignore require-lock-timeout, require-statement-timeout`

// pgDuration writes a duration the way PostgreSQL reads a time setting.
func pgDuration(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dmin", d/time.Minute)
	case d%time.Second == 0:
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return fmt.Sprintf("%dms", d/time.Millisecond)
}

// Default timeouts of online plans.
const (
	// DefaultLockTimeout is how long a step waits for a lock before it fails,
	// rather than queueing every query of the table behind it.
	DefaultLockTimeout = 5 * time.Second
	// DefaultStatementTimeout bounds every statement of a step that does not
	// scan a table: such statements are quick unless something is wrong.
	DefaultStatementTimeout = time.Minute
	// DefaultScanTimeout bounds the statements that scan a table without
	// blocking its writers (VALIDATE CONSTRAINT).
	DefaultScanTimeout = time.Hour
)

// stepKind groups consecutive phases into steps.
type stepKind struct {
	name        string
	from, to    phase // phases [from, to)
	transaction bool  // false: one step per statement, outside a transaction
	scans       bool  // statements scan a table without blocking writes: the scan timeout applies
	lock        string
}

// simpleSteps are the steps of a plan for an empty or idle database.
var simpleSteps = []stepKind{
	{name: "enum_values", from: phaseAddValues, to: phaseAddValues + 1, transaction: true,
		lock: "the altered enum types, brief"},
	{name: "main", from: phaseAddValues + 1, to: numPhases, transaction: true,
		lock: "ACCESS EXCLUSIVE on every altered table until the end of the transaction, table scans and rewrites included"},
}

// onlineSteps are the steps of a plan for a database in use.
var onlineSteps = []stepKind{
	{name: "enum_values", from: phaseAddValues, to: phaseAddValues + 1, transaction: true,
		lock: "the altered enum types, brief"},
	{name: "drop_index", from: phaseDropIndexes, to: phaseDropIndexes + 1,
		lock: "SHARE UPDATE EXCLUSIVE: reads and writes go on while the index is dropped"},
	{name: "main", from: phaseDropTriggers, to: phaseBackfill, transaction: true,
		lock: "ACCESS EXCLUSIVE on the altered tables until the end of the transaction; no statement scans or rewrites a table unless a table-rewrite or table-scan-lock diagnostic says so"},
	{name: "backfill", from: phaseBackfill, to: phaseBackfill + 1, scans: true,
		lock: "ROW EXCLUSIVE, and the row locks of one batch at a time: each batch commits"},
	{name: "index", from: phaseCreateIndexes, to: phaseCreateIndexes + 1,
		lock: "SHARE UPDATE EXCLUSIVE: reads and writes go on while the index is built"},
	{name: "constraints", from: phaseAddNotValid, to: phaseAddNotValid + 1, transaction: true,
		lock: "ACCESS EXCLUSIVE on the altered tables and SHARE ROW EXCLUSIVE on referenced tables, brief: NOT VALID and USING INDEX do not scan"},
	{name: "validate", from: phaseValidate, to: phaseSetNotNull + 1, transaction: true, scans: true,
		lock: "SHARE UPDATE EXCLUSIVE while VALIDATE scans (reads and writes go on), then ACCESS EXCLUSIVE, brief, for SET NOT NULL (the validated check spares its scan)"},
}

// Timeouts are the lock and statement timeouts of online plans; zero fields take the defaults.
type Timeouts struct {
	// Lock is how long a statement waits for a lock (DefaultLockTimeout).
	Lock time.Duration
	// Statement bounds each statement of steps that do not scan (DefaultStatementTimeout).
	Statement time.Duration
	// Scan bounds each statement of steps that scan without blocking writers (DefaultScanTimeout).
	Scan time.Duration
}

func (t Timeouts) withDefaults() Timeouts {
	if t.Lock == 0 {
		t.Lock = DefaultLockTimeout
	}
	if t.Statement == 0 {
		t.Statement = DefaultStatementTimeout
	}
	if t.Scan == 0 {
		t.Scan = DefaultScanTimeout
	}
	return t
}

// steps groups the planner's statements into steps. Online steps get
// timeouts; a step outside a transaction gets none, since SET would make its
// file a multi-statement string, which PostgreSQL runs in an implicit
// transaction where CREATE INDEX CONCURRENTLY and COMMIT are refused. Such
// steps only ever wait for locks that do not block reads or writes.
func (p *planner) steps(t Timeouts) []Step {
	kinds := simpleSteps
	if p.online {
		kinds = onlineSteps
	}
	t = t.withDefaults()
	var out []Step
	for _, k := range kinds {
		var stmts []string
		for ph := k.from; ph < k.to; ph++ {
			stmts = append(stmts, p.stmts[ph]...)
		}
		if len(stmts) == 0 {
			continue
		}
		if !k.transaction {
			for _, s := range stmts {
				out = append(out, Step{Name: k.name, Lock: k.lock, Statements: []string{s}})
			}
			continue
		}
		s := Step{Name: k.name, Transaction: true, Lock: k.lock, Statements: stmts}
		if p.online {
			s.LockTimeout, s.StatementTimeout = t.Lock, t.Statement
			if k.scans {
				s.StatementTimeout = t.Scan
			}
		}
		out = append(out, s)
	}
	return out
}
