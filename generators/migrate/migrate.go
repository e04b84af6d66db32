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
}

// Plan is a migration between two designs.
type Plan struct {
	// Up is the SQL that takes a database built from the old design to the new one.
	Up string
	// Down is the SQL that takes it back.
	Down string
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

// RuleDocs explains every migration rule, for documentation and `--explain`.
var RuleDocs = map[string]string{
	RuleDropTable:     "A table of the old design is gone from the new one: DROP TABLE deletes its rows.",
	RuleDropColumn:    "A column of the old design is gone from the new one: DROP COLUMN deletes its values. To keep the data under another name, say `renamed_from`.",
	RuleDropEnumValue: "An enum value is removed: the type is rebuilt, and the migration fails if a row still holds the value.",
	RuleDropState:     "A state is removed from a state machine: its enum type is rebuilt, and the migration fails if a row is still in that state.",
	RuleDropEventType: "An event type is removed: the event enum is rebuilt, and the migration fails if an event of that type was recorded.",
	RuleNarrowType:    "A column's type changes to one that cannot hold every value of the old one: the conversion can fail or lose precision.",
	RuleNotNull:       "A column becomes NOT NULL (or a NOT NULL column is added) without a default: the migration fails on a table that has rows with no value for it. Give it a default.",
	RuleGenerated:     "A column becomes generated (or its expression changes): PostgreSQL cannot change that in place, so the column is dropped and added again, and its stored values are recomputed.",
	RuleIrreversible:  "The down migration cannot fully undo the up migration: it restores the schema, not the data that the up migration dropped, or it drops what the up migration added.",
}

// Diff compares two resolved designs and returns the migration between them.
// Both designs must be free of errors.
func Diff(old, new *design.Schema, opts Options) (*Plan, error) {
	if old == nil || new == nil {
		return nil, errors.New("migrate: both designs are needed")
	}
	m := match(old, new)
	up := newPlanner(old, new, m, opts.AllowDestructive, false)
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
	p := &Plan{Changes: up.count()}
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
	p.Up = up.render(fmt.Sprintf("up: %s -> %s", from, to))
	p.Down = down.render(fmt.Sprintf("down: %s -> %s", to, from))
	return p, nil
}

// render writes a planner's statements as one SQL file, in one transaction,
// or two when enum values are added: ALTER TYPE ... ADD VALUE runs first in its
// own, since PostgreSQL lets a new enum value be used (in a default, a
// trigger, a row) only after the transaction that added it has committed.
func (p *planner) render(title string) string {
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
	block := func(from, to phase) {
		n := 0
		for ph := from; ph < to; ph++ {
			n += len(p.stmts[ph])
		}
		if n == 0 {
			return
		}
		b.WriteString("\nBEGIN;\n")
		for ph := from; ph < to; ph++ {
			for _, s := range p.stmts[ph] {
				b.WriteString("\n" + s + "\n")
			}
		}
		b.WriteString("\nCOMMIT;\n")
	}
	if len(p.stmts[phaseAddValues]) == 0 {
		block(0, numPhases)
	} else {
		block(phaseAddValues, phaseAddValues+1)
		block(phaseAddValues+1, numPhases)
	}
	return b.String()
}
