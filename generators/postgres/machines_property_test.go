package postgres

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/sqlname"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

// TestRandomMachinesOnTheServer walks every state machine of many random
// designs on the server: from each state (reached along legal moves), every
// move the machine allows must pass and every other must fail with 23514 and
// a message naming the machine and both states. State names include quotes,
// spaces, upper case and Unicode.
func TestRandomMachinesOnTheServer(t *testing.T) {
	conn := pgtest.NewDatabase(t)
	machines := 0
	for seed := int64(0); seed < propertySeeds()/2; seed++ {
		s, _ := randomDDL(t, seed)
		if len(s.Machines) == 0 {
			continue
		}
		bare, err := Generate(s, Options{NoTransaction: true})
		if err != nil {
			t.Fatal(err)
		}
		tx, err := conn.Begin(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx(t), string(bare)); err != nil {
			t.Fatalf("seed %d: %s", seed, describe(err))
		}
		for _, m := range s.Machines {
			walkMachine(t, tx, fmt.Sprintf("seed %d", seed), m)
			machines++
		}
		if err := tx.Rollback(ctx(t)); err != nil {
			t.Fatal(err)
		}
	}
	if machines == 0 {
		t.Fatal("no random design had a state machine")
	}
	t.Logf("walked %d state machines", machines)
}

// TestExampleMachinesOnTheServer walks every state machine of every example
// and test design the same way.
func TestExampleMachinesOnTheServer(t *testing.T) {
	conn := pgtest.NewDatabase(t)
	for _, path := range designFiles(t) {
		s := load(t, path)
		bare, err := Generate(s, Options{NoTransaction: true})
		if err != nil {
			t.Fatal(err)
		}
		tx, err := conn.Begin(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx(t), string(bare)); err != nil {
			t.Fatalf("%s: %s", path, describe(err))
		}
		for _, m := range s.Machines {
			walkMachine(t, tx, path, m)
		}
		if err := tx.Rollback(ctx(t)); err != nil {
			t.Fatal(err)
		}
	}
}

func walkMachine(t *testing.T, tx pgx.Tx, label string, m *schema.Machine) {
	t.Helper()
	// Foreign keys would need parent rows; this test is about the machine.
	for _, fk := range m.Table.ForeignKeys {
		sql := "ALTER TABLE " + QualifiedTable(m.Table) + " DROP CONSTRAINT " + sqlname.QuoteIdent(ForeignKeyName(fk))
		if _, err := tx.Exec(ctx(t), sql); err != nil {
			t.Fatalf("%s, %s: %s: %s", label, m.Name, sql, describe(err))
		}
	}
	walkStates(t, tx, label, m)
}

// walkStates is walkMachine on a table without foreign keys: it needs only
// DELETE, INSERT and UPDATE on the table, so an unprivileged role can run it.
func walkStates(t *testing.T, tx pgx.Tx, label string, m *schema.Machine) {
	t.Helper()
	tb := m.Table
	run := func(sql string, args ...any) error {
		_, err := tx.Exec(ctx(t), sql, args...)
		return err
	}
	must := func(sql string, args ...any) {
		t.Helper()
		if err := run(sql, args...); err != nil {
			t.Fatalf("%s, %s: %s: %s", label, m.Name, sql, describe(err))
		}
	}
	insert := insertRow(tb)
	col := sqlname.QuoteIdent(m.Column)
	set := "UPDATE " + QualifiedTable(tb) + " SET " + col + " = $1::text::" + QualifiedEnum(m.Enum)
	// reach resets the table to one new row and moves it along legal moves to state.
	parent := map[string]string{m.Initial: ""}
	queue := []string{m.Initial}
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		for _, next := range m.Next(st) {
			if _, seen := parent[next]; !seen {
				parent[next] = st
				queue = append(queue, next)
			}
		}
	}
	reach := func(state string) {
		t.Helper()
		must("DELETE FROM " + QualifiedTable(tb))
		must(insert)
		var path []string
		for st := state; st != m.Initial; st = parent[st] {
			path = append([]string{st}, path...)
		}
		for _, st := range path {
			must(set, st)
		}
	}
	for _, from := range m.States {
		if _, ok := parent[from]; !ok {
			t.Fatalf("%s: state %q of %s is unreachable in a valid design", label, from, m.Name)
		}
		reach(from)
		for _, to := range m.States {
			must("SAVEPOINT try")
			err := run(set, to)
			legal := to == from || m.CanTransition(from, to)
			var pe *pgconn.PgError
			switch {
			case legal && err != nil:
				t.Errorf("%s, %s: legal move %q -> %q failed: %s", label, m.Name, from, to, describe(err))
			case !legal && err == nil:
				t.Errorf("%s, %s: illegal move %q -> %q passed", label, m.Name, from, to)
			case !legal && !errors.As(err, &pe):
				t.Errorf("%s, %s: %v", label, m.Name, err)
			case !legal && (pe.Code != StateViolation || !strings.Contains(pe.Message, m.Name) ||
				!strings.Contains(pe.Message, fmt.Sprintf("%q", from)) || !strings.Contains(pe.Message, fmt.Sprintf("%q", to))):
				t.Errorf("%s, %s: move %q -> %q: %s %s", label, m.Name, from, to, pe.Code, pe.Message)
			}
			must("ROLLBACK TO SAVEPOINT try")
		}
		// A new row may only start in the initial state.
		must("SAVEPOINT try")
		must("DELETE FROM " + QualifiedTable(tb))
		err := run(insertRowIn(tb, m), from)
		if from == m.Initial && err != nil {
			t.Errorf("%s, %s: a new row in the initial state %q failed: %s", label, m.Name, from, describe(err))
		}
		var pe *pgconn.PgError
		if from != m.Initial && (!errors.As(err, &pe) || pe.Code != StateViolation || !strings.Contains(pe.Message, fmt.Sprintf("%q", m.Initial))) {
			t.Errorf("%s, %s: a new row in state %q: got %v", label, m.Name, from, err)
		}
		must("ROLLBACK TO SAVEPOINT try")
	}
	must("DELETE FROM " + QualifiedTable(tb))
}

// insertRowIn is insertRow with the machine's state given as $1.
func insertRowIn(t *schema.Table, m *schema.Machine) string {
	row := insertRow(t)
	state := sqlname.QuoteIdent(m.Column)
	value := "$1::text::" + QualifiedEnum(m.Enum)
	if strings.HasSuffix(row, " DEFAULT VALUES") {
		return strings.TrimSuffix(row, " DEFAULT VALUES") + " (" + state + ") VALUES (" + value + ")"
	}
	open := strings.Index(row, " (")
	mid := strings.LastIndex(row, ") VALUES (")
	return row[:open] + " (" + state + ", " + row[open+2:mid] + ") VALUES (" + value + ", " + row[mid+len(") VALUES ("):]
}

// insertRow inserts one row into t with a value for every required column
// that has no default; the values satisfy the checks randdesign writes.
func insertRow(t *schema.Table) string {
	var cols, vals []string
	for _, c := range t.Columns {
		if c.Identity != "" || c.Generated != "" || c.Default != "" || c.Nullable || c.Machine != nil {
			continue
		}
		cols = append(cols, sqlname.QuoteIdent(c.Name))
		vals = append(vals, sampleValue(c))
	}
	if len(cols) == 0 {
		return "INSERT INTO " + QualifiedTable(t) + " DEFAULT VALUES"
	}
	return "INSERT INTO " + QualifiedTable(t) + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(vals, ", ") + ")"
}

func sampleValue(c *schema.Column) string {
	if c.TypeInfo.Array > 0 {
		return "'{}'"
	}
	if c.Enum != nil {
		return sqlname.QuoteLiteral(c.Enum.Values[0]) + "::" + QualifiedEnum(c.Enum)
	}
	switch c.TypeInfo.Base {
	case "integer", "bigint", "smallint", "numeric", "real", "double precision":
		return "1"
	case "boolean":
		return "true"
	case "timestamptz", "timestamp":
		return "now()"
	case "date":
		return "current_date"
	case "uuid":
		return "gen_random_uuid()"
	case "json", "jsonb":
		return "'{}'"
	case "interval":
		return "'1 day'"
	case "int4range":
		return "'empty'"
	}
	return "'x'"
}
