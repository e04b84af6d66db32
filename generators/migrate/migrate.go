// Package migrate writes the SQL that takes a PostgreSQL database built from
// one design to another design: the up migration, the down migration that
// undoes it, and a diagnostic for every change that can lose data.
//
// Objects are paired by name and by `renamed_from` (entities, fields, state
// machines, enums), and so is everything derived from them (foreign-key
// columns, event tables and their enum types, constraints, indexes,
// triggers): a rename is an ALTER ... RENAME, never a drop and a re-create.
// New objects are created with the same DDL as `schemagen sql` (package
// postgres), and objects are named the same way, so that later migrations can
// alter what the first DDL created.
package migrate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
)

// Options tunes Diff.
type Options struct {
	// AllowDestructive turns destructive changes from errors into warnings and
	// writes their SQL.
	AllowDestructive bool
	// From and To name the two designs in the header comment of the SQL
	// (file names, or git revisions); empty means the designs' own file names.
	From, To string
	// Simple writes plain DDL in one transaction (two when enum values are
	// added), for an empty or idle database and for tests. By default the up
	// migration is online: safe on a busy database (online.go), in steps.
	Simple bool
	// AllowLocks turns the lock diagnostics of an online plan (table-rewrite,
	// table-scan-lock) from errors into warnings and writes their SQL.
	AllowLocks bool
	// Timeouts are the lock and statement timeouts of online steps.
	Timeouts Timeouts
}

// Plan is a migration between two designs.
type Plan struct {
	// Up is the SQL that takes a database built from the old design to the
	// new one: its steps one after the other, for review and for psql -f
	// (each step in a transaction is wrapped in BEGIN/COMMIT).
	Up []byte
	// Down is the SQL that takes it back, in the same form.
	Down []byte
	// UpSteps are the steps of Up, each to be applied on its own (one
	// golang-migrate file each), in order.
	UpSteps []Step
	// DownSteps are the steps of Down. The down migration is always simple:
	// it undoes the change as a whole.
	DownSteps []Step
	// Checks are the new constraints that existing rows may violate, with
	// the queries that count them on a database of the old design.
	Checks []DataCheck
	// Diagnostics are the destructive changes of Up (errors unless
	// AllowDestructive, warnings otherwise) and what Down cannot restore (warnings).
	Diagnostics design.Diagnostics
	// Changes is the number of SQL statements in Up; zero means the designs
	// describe the same database.
	Changes int
}

// Destructive reports whether the plan has a destructive change that was not allowed.
func (p *Plan) Destructive() bool { return p.Diagnostics.HasErrors() }

// Rule names of migration diagnostics. They are stable: CI configurations and
// reviews refer to them.
const (
	RuleDropTable      = "destructive-drop-table"
	RuleDropColumn     = "destructive-drop-column"
	RuleDropEnumValue  = "destructive-drop-enum-value"
	RuleDropState      = "destructive-drop-state"
	RuleDropEventType  = "destructive-drop-event-type"
	RuleNarrowType     = "destructive-narrow-type"
	RuleNotNull        = "destructive-not-null"
	RuleGenerated      = "destructive-change-generated"
	RuleIrreversible   = "irreversible-down"
	diagnosticsComment = "-- schemagen: "
)

// Diff compares two resolved designs and returns the migration between them.
// Both designs must be free of errors.
func Diff(old, new *schema.Schema, opts Options) (*Plan, error) {
	if old == nil || new == nil {
		return nil, errors.New("migrate: both designs are needed")
	}
	m := match(old, new)
	up := newPlanner(old, new, m, opts.AllowDestructive, false)
	up.online, up.allowLocks, up.timeouts = !opts.Simple, opts.AllowLocks, opts.Timeouts.withDefaults()
	up.plan()
	down := newPlanner(new, old, m.reverse(), true, true)
	down.plan()

	from, to := opts.From, opts.To
	if from == "" {
		from = old.File
	}
	if to == "" {
		to = new.File
	}
	p := &Plan{Changes: up.count(), Checks: up.checks}
	p.Diagnostics = append(p.Diagnostics, up.diags...)
	for _, d := range up.diags {
		if !opts.AllowDestructive {
			break
		}
		switch d.Rule {
		case RuleDropTable, RuleDropColumn, RuleGenerated:
			msg := "the up migration drops data (" + d.Message + "); the down migration restores the structure, not the data"
			down.notes = append(down.notes, RuleIrreversible+": "+msg)
			p.Diagnostics = append(p.Diagnostics, design.Diagnostic{Pos: d.Pos, Severity: design.Warning, Rule: RuleIrreversible, Message: msg})
		}
	}
	for _, d := range down.diags {
		p.Diagnostics = append(p.Diagnostics, design.Diagnostic{
			Pos: d.Pos, Severity: design.Warning, Rule: RuleIrreversible,
			Message: "down migration: " + d.Message, Hint: d.Hint,
		})
	}
	p.Diagnostics = p.Diagnostics.Sort()
	p.UpSteps = up.steps(opts.Timeouts)
	p.DownSteps = down.steps(opts.Timeouts)
	p.Up = []byte(up.render(fmt.Sprintf("up: %s -> %s", from, to), p.UpSteps))
	p.Down = []byte(down.render(fmt.Sprintf("down: %s -> %s", to, from), p.DownSteps))
	return p, nil
}

// render writes a planner's steps as one SQL file for review and for psql -f:
// each step that is a transaction in BEGIN/COMMIT. Enum values are added in
// a transaction of their own, since PostgreSQL lets a new enum value be used
// (in a default, a trigger, a row) only after the transaction that added it
// has committed.
func (p *planner) render(title string, steps []Step) string {
	var b strings.Builder
	b.WriteString("-- schemagen migration, " + title + "\n")
	b.WriteString("-- The file manages its own transactions: run it as it is (not inside another transaction).\n")
	for _, d := range p.diags {
		b.WriteString(diagnosticsComment + d.Rule + ": " + d.Message + "\n")
	}
	for _, c := range p.notes {
		b.WriteString(diagnosticsComment + c + "\n")
	}
	if p.count() == 0 {
		b.WriteString("-- No changes.\n")
		return b.String()
	}
	// Before anything else, as in every script schemagen writes: string
	// literals must not depend on the server's setting.
	b.WriteString("\n" + postgres.StandardStrings + "\n")
	for i, s := range steps {
		if p.online {
			fmt.Fprintf(&b, "\n-- Step %d of %d: %s\n", i+1, len(steps), s.Name)
			b.WriteString(s.header())
		}
		if s.Transaction {
			b.WriteString("\nBEGIN;\n")
		}
		b.WriteString(s.body())
		if s.Transaction {
			b.WriteString("\nCOMMIT;\n")
		}
	}
	return b.String()
}
