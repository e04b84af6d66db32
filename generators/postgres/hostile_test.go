package postgres

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/sqlname"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

// insufficientPrivilege is the SQLSTATE of "must be owner" and "permission denied".
const insufficientPrivilege = "42501"

var hostileRoles atomic.Int64

// hostile is a database built from a design's DDL with two sessions: the
// owner (a superuser) and an unprivileged role that may SELECT, INSERT,
// UPDATE, DELETE and TRUNCATE every table and create objects in a schema of
// its own, as an application role with a careless grant would.
type hostile struct {
	owner, role *pgx.Conn
	name        string // the role's name, also the name of its schema
	dsn         string // the database's connection string, as the role
	schemas     []string
}

// newHostile applies ddl on a fresh database, drops every foreign key (the
// attacks are about the triggers, not about parent rows), creates the role and
// connects as it.
func newHostile(t *testing.T, s *schema.Schema, ddl []byte) *hostile {
	t.Helper()
	owner, dsn := pgtest.NewDatabaseDSN(t)
	if _, err := owner.Exec(ctx(t), string(ddl)); err != nil {
		t.Fatalf("the generated DDL does not apply: %s", describe(err))
	}
	h := &hostile{owner: owner, name: fmt.Sprintf("sg_hostile_%d_%d", os.Getpid(), hostileRoles.Add(1))}
	seen := map[string]bool{}
	use := func(schema string) {
		if schema == "" {
			schema = "public"
		}
		if !seen[schema] {
			seen[schema] = true
			h.schemas = append(h.schemas, schema)
		}
	}
	for _, e := range s.Enums {
		use(e.Schema)
	}
	for _, tb := range s.Tables {
		use(tb.Schema)
		for _, fk := range tb.ForeignKeys {
			exec(t, owner, "ALTER TABLE "+QualifiedTable(tb)+" DROP CONSTRAINT "+sqlname.QuoteIdent(ForeignKeyName(fk)))
		}
	}
	exec(t, owner, "CREATE ROLE "+h.name+" LOGIN")
	t.Cleanup(func() {
		// Before pgtest drops the database: the role has privileges in it.
		if h.role != nil {
			h.role.Close(ctx(t))
		}
		for _, sql := range []string{"DROP OWNED BY " + h.name, "DROP ROLE " + h.name} {
			if _, err := owner.Exec(ctx(t), sql); err != nil {
				t.Errorf("%s: %s", sql, describe(err))
			}
		}
	})
	exec(t, owner, "CREATE SCHEMA "+h.name+" AUTHORIZATION "+h.name)
	for _, schema := range h.schemas {
		q := sqlname.QuoteIdent(schema)
		exec(t, owner, "GRANT USAGE ON SCHEMA "+q+" TO "+h.name)
		exec(t, owner, "GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA "+q+" TO "+h.name)
	}
	h.dsn = dsn + " user=" + h.name
	h.role = h.connect(t)
	return h
}

// connect opens another session as the role, closed when the test ends
// (before the role is dropped).
func (h *hostile) connect(t *testing.T) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(ctx(t), h.dsn)
	if err != nil {
		t.Fatalf("connecting as %s: %v", h.name, err)
	}
	t.Cleanup(func() { conn.Close(ctx(t)) })
	return conn
}

// searchPath is the role's own schema first, then pg_catalog, then the design's schemas.
func (h *hostile) searchPath() string {
	parts := []string{h.name, "pg_catalog"}
	for _, s := range h.schemas {
		parts = append(parts, sqlname.QuoteIdent(s))
	}
	return strings.Join(parts, ", ")
}

// plantOperator defines, in the role's schema, a `text = text` that is true
// unless its left side is TG_OP: with that schema before pg_catalog, an
// unpinned transition function would take every CASE branch, find every new
// state allowed and skip its INSERT check. It also defines look-alikes of the
// sequence functions the event-id trigger (SECURITY DEFINER) calls; if that
// trigger ever ran one of them, it would run the role's code with the
// owner's rights, and the look-alike writes who ran it into <role>.pwned.
func (h *hostile) plantOperator(t *testing.T) {
	t.Helper()
	n := h.name
	exec(t, h.role, "CREATE FUNCTION "+n+".eq(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT NOT (a OPERATOR(pg_catalog.=) ANY (ARRAY['INSERT', 'UPDATE'])) $$")
	exec(t, h.role, "CREATE OPERATOR "+n+".= (LEFTARG = text, RIGHTARG = text, FUNCTION = "+n+".eq)")
	exec(t, h.role, "CREATE TABLE "+n+".pwned (who text)")
	exec(t, h.role, "GRANT INSERT ON "+n+".pwned TO PUBLIC")
	for _, f := range []string{"currval(regclass)", "nextval(regclass)"} {
		name := f[:strings.Index(f, "(")]
		exec(t, h.role, "CREATE FUNCTION "+n+"."+f+" RETURNS bigint LANGUAGE sql AS $$ INSERT INTO "+n+".pwned VALUES (current_user); SELECT pg_catalog."+name+"($1) $$")
	}
	exec(t, h.role, "CREATE FUNCTION "+n+".pg_get_serial_sequence(text, text) RETURNS text LANGUAGE sql AS $$ INSERT INTO "+n+".pwned VALUES (current_user); SELECT pg_catalog.pg_get_serial_sequence($1, $2) $$")
	exec(t, h.role, "SET search_path = "+h.searchPath())
}

// checkNotPwned fails the test if the owner ever ran the role's look-alikes.
func (h *hostile) checkNotPwned(t *testing.T, label string) {
	t.Helper()
	if who := queryOne[string](t, h.owner, "SELECT coalesce(string_agg(DISTINCT who, ', '), '') FROM "+h.name+".pwned"); who != "" {
		t.Errorf("%s: a generated function ran the role's own code as %s", label, who)
	}
}

// refuse runs sql as the role and wants it to fail with code; it returns the error.
func (h *hostile) refuse(t *testing.T, label, code, sql string, args ...any) *pgconn.PgError {
	t.Helper()
	_, err := h.role.Exec(ctx(t), sql, args...)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != code {
		t.Errorf("%s: %s: want SQLSTATE %s, got %v", label, sql, code, err)
		return &pgconn.PgError{}
	}
	return pe
}

// copyRow sends one row through COPY FROM STDIN as the role: the columns'
// values are SQL expressions, turned into COPY's text format by the server.
func (h *hostile) copyRow(t *testing.T, table string, cols, exprs []string) error {
	t.Helper()
	text := make([]string, len(exprs))
	for i, e := range exprs {
		text[i] = "(" + e + ")::pg_catalog.text"
	}
	var line string
	if err := h.role.QueryRow(ctx(t), "SELECT pg_catalog.concat_ws(E'\\t', "+strings.Join(text, ", ")+")").Scan(&line); err != nil {
		t.Fatalf("COPY line for %s: %s", table, describe(err))
	}
	_, err := h.role.PgConn().CopyFrom(ctx(t), strings.NewReader(line+"\n"), "COPY "+table+" ("+strings.Join(cols, ", ")+") FROM STDIN")
	return err
}

// requiredValues are the columns insertRow fills and their values.
func requiredValues(tb *schema.Table) (cols, vals []string) {
	for _, c := range tb.Columns {
		if c.Identity != "" || c.Generated != "" || c.Default != "" || c.Nullable || c.Machine != nil {
			continue
		}
		cols = append(cols, sqlname.QuoteIdent(c.Name))
		vals = append(vals, sampleValue(c))
	}
	return cols, vals
}

// attack runs every attack on a design's database as the unprivileged role.
// It returns how many of the design's machines two sessions raced.
func attack(t *testing.T, label string, s *schema.Schema, ddl []byte) (races int) {
	t.Helper()
	h := newHostile(t, s, ddl)
	h.plantOperator(t)

	// The role cannot switch the triggers off, drop them or replace their functions.
	h.refuse(t, label, insufficientPrivilege, "SET session_replication_role = replica")
	for _, tb := range s.Tables {
		var triggers, functions []string
		for _, m := range tb.Machines {
			triggers = append(triggers, StateTriggerName(m), StateInsertTriggerName(m))
			functions = append(functions, fullName(tb.Schema, StateFunctionName(m)))
		}
		if tb.Kind == schema.EventTable {
			triggers = append(triggers, EventGuardTriggerName(tb), EventTruncateTriggerName(tb), EventIDTriggerName(tb))
			functions = append(functions, fullName(tb.Schema, EventGuardFunctionName(tb)), fullName(tb.Schema, EventIDFunctionName(tb)))
		}
		for _, tr := range triggers {
			h.refuse(t, label, insufficientPrivilege, "ALTER TABLE "+QualifiedTable(tb)+" DISABLE TRIGGER "+sqlname.QuoteIdent(tr))
			h.refuse(t, label, insufficientPrivilege, "DROP TRIGGER "+sqlname.QuoteIdent(tr)+" ON "+QualifiedTable(tb))
		}
		if len(triggers) > 0 {
			h.refuse(t, label, insufficientPrivilege, "ALTER TABLE "+QualifiedTable(tb)+" DISABLE TRIGGER ALL")
		}
		for _, fn := range functions {
			h.refuse(t, label, insufficientPrivilege, "CREATE OR REPLACE FUNCTION "+fn+"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$")
		}
	}

	for _, m := range s.Machines {
		if m.Table != nil && m.Enum != nil && attackMachine(t, h, label, m) {
			races++
		}
	}
	for _, tb := range s.Tables {
		if tb.Kind == schema.EventTable {
			attackEvents(t, h, label, tb)
		}
	}
	h.checkNotPwned(t, label)
	return races
}

// attackMachine tries every move of the machine under the role's own `=`
// (walkStates: exactly the declared moves pass), then new rows in later states
// through MERGE, COPY, ON CONFLICT and a CTE, illegal moves through MERGE and
// a CTE, and two sessions racing one row.
// It reports whether the machine could be raced.
func attackMachine(t *testing.T, h *hostile, label string, m *schema.Machine) bool {
	t.Helper()
	tx, err := h.role.Begin(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	walkStates(t, tx, label+" as "+h.name+" with its own =", m)
	if err := tx.Rollback(ctx(t)); err != nil {
		t.Fatal(err)
	}

	table := QualifiedTable(m.Table)
	cols, vals := requiredValues(m.Table)
	cols = append(cols, sqlname.QuoteIdent(m.Column))
	state := "$1::pg_catalog.text::" + QualifiedEnum(m.Enum)
	list, values := strings.Join(cols, ", "), strings.Join(append(append([]string{}, vals...), state), ", ")
	wantState := func(what, from, to string, err error) {
		t.Helper()
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != StateViolation || !strings.Contains(pe.Message, m.Name) || !strings.Contains(pe.Message, fmt.Sprintf("%q", to)) {
			t.Errorf("%s, %s: %s from %q to %q: want SQLSTATE %s from the machine, got %v", label, m.Name, what, from, to, StateViolation, err)
		}
	}
	for _, st := range m.States {
		if st == m.Initial {
			continue
		}
		for _, try := range [][2]string{
			{"MERGE INSERT", "MERGE INTO " + table + " AS t USING (SELECT 1) AS s ON false WHEN NOT MATCHED THEN INSERT (" + list + ") VALUES (" + values + ")"},
			{"ON CONFLICT", "INSERT INTO " + table + " (" + list + ") VALUES (" + values + ") ON CONFLICT DO NOTHING"},
			{"INSERT in a CTE", "WITH i AS (INSERT INTO " + table + " (" + list + ") VALUES (" + values + ") RETURNING 1) SELECT count(*) FROM i"},
			// ON CONFLICT: the second row may clash with the first on a unique column.
			{"multi-row INSERT", "INSERT INTO " + table + " (" + list + ") SELECT " + values + " FROM pg_catalog.generate_series(1, 2) ON CONFLICT DO NOTHING"},
		} {
			_, err := h.role.Exec(ctx(t), try[1], st)
			wantState(try[0], "(new row)", st, err)
		}
		exprs := append(append([]string{}, vals...), sqlname.QuoteLiteral(st))
		wantState("COPY", "(new row)", st, h.copyRow(t, table, cols, exprs))
	}
	// Illegal moves of an existing row, by MERGE and in a CTE.
	exec(t, h.role, "DELETE FROM "+table)
	exec(t, h.role, insertRow(m.Table))
	for _, to := range m.States {
		if to == m.Initial || m.CanTransition(m.Initial, to) {
			continue
		}
		set := sqlname.QuoteIdent(m.Column) + " = " + state
		_, err := h.role.Exec(ctx(t), "MERGE INTO "+table+" AS t USING (SELECT 1) AS s ON true WHEN MATCHED THEN UPDATE SET "+set, to)
		wantState("MERGE UPDATE", m.Initial, to, err)
		_, err = h.role.Exec(ctx(t), "WITH u AS (UPDATE "+table+" SET "+set+" RETURNING 1) SELECT count(*) FROM u", to)
		wantState("UPDATE in a CTE", m.Initial, to, err)
	}
	exec(t, h.role, "DELETE FROM "+table)
	return raceMachine(t, h, label, m)
}

// raceMachine moves one row from two sessions at once: from a state a that
// may move to b and to c, where b may not move to c, the first session moves
// the row to b and holds its transaction open while the second tries c and
// waits for the row lock. When the first commits, the second must see the
// row in b (READ COMMITTED re-reads it) and fail: the machine cannot be
// raced past.
// It reports whether the machine has such states.
func raceMachine(t *testing.T, h *hostile, label string, m *schema.Machine) bool {
	t.Helper()
	path := map[string][]string{m.Initial: {}}
	queue := []string{m.Initial}
	for len(queue) > 0 {
		a := queue[0]
		queue = queue[1:]
		for _, n := range m.Next(a) {
			if _, seen := path[n]; !seen {
				path[n] = append(append([]string{}, path[a]...), n)
				queue = append(queue, n)
			}
		}
	}
	for _, a := range m.States {
		for _, b := range m.Next(a) {
			for _, c := range m.Next(a) {
				if b == c || m.CanTransition(b, c) {
					continue
				}
				race(t, h, label, m, path[a], b, c)
				return true
			}
		}
	}
	return false
}

func race(t *testing.T, h *hostile, label string, m *schema.Machine, path []string, b, c string) {
	t.Helper()
	table := QualifiedTable(m.Table)
	set := "UPDATE " + table + " SET " + sqlname.QuoteIdent(m.Column) + " = $1::pg_catalog.text::" + QualifiedEnum(m.Enum)
	exec(t, h.role, "DELETE FROM "+table)
	exec(t, h.role, insertRow(m.Table))
	for _, st := range path {
		exec(t, h.role, set, st)
	}
	first, err := h.role.Begin(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	defer first.Rollback(ctx(t))
	if _, err := first.Exec(ctx(t), set, b); err != nil {
		t.Fatalf("%s, %s: the first session's legal move to %q failed: %s", label, m.Name, b, describe(err))
	}
	second := h.connect(t)
	done := make(chan error, 1)
	c2 := ctx(t)
	go func() {
		_, err := second.Exec(c2, set, c)
		done <- err
	}()
	// Wait until the second session waits for the first one's row lock.
	pid := second.PgConn().PID()
	for waiting := false; !waiting; {
		select {
		case err := <-done:
			t.Fatalf("%s, %s: the second session did not wait for the first: %v", label, m.Name, err)
		default:
		}
		waiting = queryOne[bool](t, h.owner, "SELECT coalesce(bool_or(wait_event_type = 'Lock'), false) FROM pg_stat_activity WHERE pid = $1", pid)
	}
	if err := first.Commit(ctx(t)); err != nil {
		t.Fatal(err)
	}
	err = <-done
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != StateViolation || !strings.Contains(pe.Message, fmt.Sprintf("from %q to %q", b, c)) {
		t.Errorf("%s, %s: after the first session moved the row to %q, the second's move to %q: want %s from %q, got %v", label, m.Name, b, c, StateViolation, b, err)
	}
	exec(t, h.role, "DELETE FROM "+table)
}

// fullName is schema.name, always qualified: the role's own schema comes first in its search_path.
func fullName(schema, name string) string {
	if schema == "" {
		schema = "public"
	}
	return sqlname.QuoteIdent(schema) + "." + sqlname.QuoteIdent(name)
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}

// attackEvents tries to change and remove events, and to plant events with
// ids ahead of the sequence through INSERT, MERGE and COPY; afterwards the
// owner's normal inserts must all get their ids.
func attackEvents(t *testing.T, h *hostile, label string, tb *schema.Table) {
	t.Helper()
	table := QualifiedTable(tb)
	cols, vals := requiredValues(tb)
	insert := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(vals, ", ") + ")"
	exec(t, h.role, insert)

	pe := h.refuse(t, label, AppendOnlyViolation, "UPDATE "+table+" SET payload = '{}'")
	if pe.ConstraintName != EventGuardTriggerName(tb) {
		t.Errorf("%s: UPDATE of %s: constraint %q, want %q", label, tb.Name, pe.ConstraintName, EventGuardTriggerName(tb))
	}
	h.refuse(t, label, AppendOnlyViolation, "DELETE FROM "+table)
	h.refuse(t, label, AppendOnlyViolation, "WITH d AS (DELETE FROM "+table+" RETURNING 1) SELECT count(*) FROM d")
	h.refuse(t, label, AppendOnlyViolation, "MERGE INTO "+table+" AS t USING (SELECT 1) AS s ON true WHEN MATCHED THEN DELETE")
	pe = h.refuse(t, label, AppendOnlyViolation, "TRUNCATE "+table)
	if pe.ConstraintName != EventTruncateTriggerName(tb) {
		t.Errorf("%s: TRUNCATE of %s: constraint %q, want %q", label, tb.Name, pe.ConstraintName, EventTruncateTriggerName(tb))
	}

	// Plant the next ids, and one far ahead, by every way of naming the id.
	next := queryOne[int64](t, h.owner, "SELECT max(id) FROM "+table) + 1
	idCols := "id, " + strings.Join(cols, ", ")
	idVals := "$1::bigint, " + strings.Join(vals, ", ")
	far := int64(1) << 40
	exec(t, h.role, "INSERT INTO "+table+" ("+idCols+") OVERRIDING SYSTEM VALUE VALUES ("+idVals+")", next+1)
	exec(t, h.role, "INSERT INTO "+table+" ("+idCols+") OVERRIDING SYSTEM VALUE VALUES ("+idVals+") ON CONFLICT DO NOTHING", far)
	exec(t, h.role, "MERGE INTO "+table+" AS t USING (SELECT 1) AS s ON false WHEN NOT MATCHED THEN INSERT ("+idCols+") OVERRIDING SYSTEM VALUE VALUES ("+idVals+")", next+3)
	if err := h.copyRow(t, table, append([]string{"id"}, cols...), append([]string{fmt.Sprint(next + 4)}, vals...)); err != nil {
		t.Errorf("%s: COPY into %s: %s", label, tb.Name, describe(err))
	}
	if n := queryOne[int](t, h.owner, "SELECT count(*)::int FROM "+table+" WHERE id = $1", far); n != 0 {
		t.Errorf("%s: %s holds the id %d that the sequence never handed out", label, tb.Name, far)
	}
	// The owner's session has drawn nothing yet: its inserts must all pass.
	for i := 0; i < 6; i++ {
		if _, err := h.owner.Exec(ctx(t), insert); err != nil {
			t.Errorf("%s: a normal insert into %s after the attack failed: %s", label, tb.Name, describe(err))
		}
	}
	if bad := queryOne[int](t, h.owner, "SELECT count(*)::int FROM "+table+" WHERE id > pg_sequence_last_value(pg_get_serial_sequence($1, 'id')::regclass)", table); bad != 0 {
		t.Errorf("%s: %d events of %s have ids the sequence has not reached", label, bad, tb.Name)
	}
	if n := queryOne[int](t, h.owner, "SELECT count(*)::int FROM "+table); n != 11 {
		t.Errorf("%s: %s has %d events, want 11", label, tb.Name, n)
	}
}

// TestHostileRoleAgainstExamples runs every attack on the DDL of every example
// and test design, as a role with SELECT, INSERT, UPDATE, DELETE and TRUNCATE
// on every table and CREATE on a schema of its own.
func TestHostileRoleAgainstExamples(t *testing.T) {
	pgtest.ServerDSN(t)
	races := 0
	for _, path := range designFiles(t) {
		name := strings.TrimSuffix(path[strings.LastIndex(path, "/")+1:], ".yaml")
		t.Run(name, func(t *testing.T) {
			races += attack(t, name, load(t, path), generate(t, path))
		})
	}
	if races == 0 {
		t.Error("no machine of the examples was raced by two sessions")
	}
	t.Logf("%d machines raced by two sessions", races)
}

// TestHostileRoleAgainstRandomDesigns runs every attack on random designs
// with state machines or events (quoted names, other schemas, nullable state
// columns). Each needs its own committed database, so there are fewer of them
// than in the other property tests.
func TestHostileRoleAgainstRandomDesigns(t *testing.T) {
	pgtest.ServerDSN(t)
	tried := 0
	for seed := int64(0); tried < int(propertySeeds()/6) && seed < 500; seed++ {
		s, ddl := randomDDL(t, seed)
		events := false
		for _, tb := range s.Tables {
			events = events || tb.Kind == schema.EventTable
		}
		if len(s.Machines) == 0 && !events {
			continue
		}
		tried++
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			attack(t, fmt.Sprintf("seed %d", seed), s, ddl)
		})
	}
}

// TestSearchPathAttackNeedsThePin shows that the attack is real: the same
// functions without their pinned search_path let the role insert a ride that
// is already completed and move it back to requested.
func TestSearchPathAttackNeedsThePin(t *testing.T) {
	path := "../../examples/rideshare.yaml"
	s := load(t, path)
	ddl := generate(t, path)
	unpinned := strings.ReplaceAll(string(ddl), "\n    "+pinnedSearchPath+"\n", "\n")
	if unpinned == string(ddl) {
		t.Fatal("the DDL has no pinned search_path to remove")
	}
	for _, pinned := range []bool{true, false} {
		t.Run(fmt.Sprintf("pinned=%v", pinned), func(t *testing.T) {
			h := newHostile(t, s, []byte(pick(pinned, string(ddl), unpinned)))
			user := queryOne[string](t, h.owner, "INSERT INTO users (id, email, password_hash, name) VALUES (gen_random_uuid(), 'a@example.com', 'x', 'Ann') RETURNING id::text")
			h.plantOperator(t)
			var ride string
			err := h.role.QueryRow(ctx(t), "INSERT INTO rides (id, pickup, dropoff, user_id, status) VALUES (gen_random_uuid(), 'a', 'b', $1, 'completed') RETURNING id::text", user).Scan(&ride)
			if pinned {
				var pe *pgconn.PgError
				if !errors.As(err, &pe) || pe.Code != StateViolation {
					t.Fatalf("a completed ride was inserted under the role's own =: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("without the pin the attack should work, but: %s", describe(err))
			}
			if _, err := h.role.Exec(ctx(t), "UPDATE rides SET status = 'requested' WHERE id = $1", ride); err != nil {
				t.Fatalf("without the pin the move back should work, but: %s", describe(err))
			}
		})
	}
}

// TestStateMessagesNameTheProblem checks the messages for what used to be
// unclear: a NULL state, and a state column renamed by hand.
func TestStateMessagesNameTheProblem(t *testing.T) {
	conn := apply(t, generate(t, "testdata/awkward.yaml"))
	task := queryOne[int64](t, conn, `INSERT INTO tasks (title, phase) VALUES ('t', NULL) RETURNING id`)
	pe := reject(t, conn, StateViolation, `UPDATE tasks SET phase = 'doing' WHERE id = $1`, task)
	contains(t, "message", pe.Message, `from NULL to "doing"`)
	contains(t, "detail", pe.Detail, `from NULL to: todo`)
	exec(t, conn, `UPDATE tasks SET phase = 'todo' WHERE id = $1`, task)
	pe = reject(t, conn, StateViolation, `UPDATE tasks SET phase = NULL WHERE id = $1`, task)
	contains(t, "message", pe.Message, `from "todo" to NULL`)

	exec(t, conn, `ALTER TABLE tasks RENAME COLUMN phase TO stage`)
	pe = reject(t, conn, "42703", `UPDATE tasks SET stage = 'doing' WHERE id = $1`, task)
	contains(t, "message", pe.Message, "task_phase", `tasks has no column "phase"`)
	contains(t, "hint", pe.Hint, "renamed_from")
	if pe.TableName != "tasks" || pe.ColumnName != "phase" || pe.ConstraintName == "" {
		t.Errorf("error fields: table %q column %q constraint %q", pe.TableName, pe.ColumnName, pe.ConstraintName)
	}
}
