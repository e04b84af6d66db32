package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/generators/migrate"
	"github.com/spf13/cobra"
)

// planFlags are the flags of migrate diff and migrate new that shape the plan.
type planFlags struct {
	allowDestructive bool
	allowLocks       bool
	online           bool
	timeouts         migrate.Timeouts
	dsn              string
	legacyEventEnums bool
}

func (f *planFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.BoolVar(&f.allowDestructive, "allow-destructive", false, "write destructive changes (they become warnings)")
	fs.BoolVar(&f.legacyEventEnums, "legacy-event-enums", false, legacyEventEnumsUsage)
	fs.BoolVar(&f.allowLocks, "allow-locks", false, "write changes that lock a busy table for a scan or a rewrite (table-rewrite, table-scan-lock become warnings)")
	fs.BoolVar(&f.online, "online", true, "write the forms that keep a busy database available, in steps; false: plain DDL in one transaction, for an empty or idle database")
	fs.DurationVar(&f.timeouts.Lock, "lock-timeout", migrate.DefaultLockTimeout, "online steps: how long a statement waits for a lock before it fails")
	fs.DurationVar(&f.timeouts.Statement, "statement-timeout", migrate.DefaultStatementTimeout, "online steps: the statement timeout of steps that do not scan")
	fs.DurationVar(&f.timeouts.Scan, "scan-timeout", migrate.DefaultScanTimeout, "online steps: the statement timeout of steps that scan a table without blocking writes (VALIDATE), and of the --dsn queries")
	fs.StringVar(&f.dsn, "dsn", "", "a PostgreSQL database of the old design: count, read-only, the rows that new constraints would reject (exit 1 when any)")
}

func (f *planFlags) options(from, to string) migrate.Options {
	return migrate.Options{
		AllowDestructive: f.allowDestructive, AllowLocks: f.allowLocks, Simple: !f.online,
		Timeouts: f.timeouts, From: from, To: to,
	}
}

// checkRows runs the plan's data checks on the database at dsn in a
// read-only transaction and turns the plan's existing-rows-may-violate
// warnings into the answer: nothing for a constraint no row violates, an
// existing-rows-violate error with the count and a few keys otherwise.
func checkRows(ctx context.Context, dsn string, scanTimeout time.Duration, plan *migrate.Plan) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Errorf("--dsn: %w", err)
	}
	defer conn.Close(ctx)
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return fmt.Errorf("--dsn: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read-only: nothing to keep
	if scanTimeout > 0 {
		if _, err := tx.Exec(ctx, fmt.Sprintf("SET LOCAL statement_timeout = %d", scanTimeout.Milliseconds())); err != nil {
			return fmt.Errorf("--dsn: %w", err)
		}
	}
	var found design.Diagnostics
	for _, c := range plan.Checks {
		var n int64
		if err := tx.QueryRow(ctx, c.Violations).Scan(&n); err != nil {
			return fmt.Errorf("--dsn: checking %s: %w", c.Constraint, err)
		}
		if n == 0 {
			continue
		}
		rows, err := tx.Query(ctx, c.Examples)
		if err != nil {
			return fmt.Errorf("--dsn: checking %s: %w", c.Constraint, err)
		}
		keys, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("--dsn: checking %s: %w", c.Constraint, err)
		}
		what := "rows violate"
		if strings.HasPrefix(c.Constraint, "UNIQUE") {
			what = "values are held by more than one row for"
		}
		if n == 1 {
			what = strings.Replace(strings.Replace(what, "rows violate", "row violates", 1), "values are", "value is", 1)
		}
		found = append(found, design.Diagnostic{
			Pos: c.Pos, Severity: design.Error, Rule: migrate.RuleRowsViolate,
			Message: fmt.Sprintf("%d %s %s (for example %s): the migration would fail", n, what, c.Constraint, strings.Join(keys, ", ")),
			Hint:    "fix those rows before the deploy, or change the constraint",
		})
	}
	kept := plan.Diagnostics[:0:0]
	for _, d := range plan.Diagnostics {
		if d.Rule != migrate.RuleExistingRows {
			kept = append(kept, d)
		}
	}
	plan.Diagnostics = append(kept, found...).Sort()
	return nil
}
