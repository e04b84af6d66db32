package postgres

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

// SQLSTATEs the server tests expect besides the triggers' own.
const (
	uniqueViolation  = "23505"
	notNullViolation = "23502"
	fkViolation      = "23503"
)

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

// apply runs a generated file on a fresh database and returns the connection.
func apply(t testing.TB, ddl []byte) *pgx.Conn {
	t.Helper()
	conn := pgtest.NewDatabase(t)
	if _, err := conn.Exec(ctx(t), string(ddl)); err != nil {
		t.Fatalf("the generated DDL does not apply: %v", describe(err))
	}
	return conn
}

func describe(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code + " " + pe.Message + " (" + pe.Detail + ") at " + pe.Where
	}
	return err.Error()
}

func exec(t *testing.T, conn *pgx.Conn, sql string, args ...any) {
	t.Helper()
	if _, err := conn.Exec(ctx(t), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, describe(err))
	}
}

func queryOne[T any](t *testing.T, conn *pgx.Conn, sql string, args ...any) T {
	t.Helper()
	var v T
	if err := conn.QueryRow(ctx(t), sql, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", sql, describe(err))
	}
	return v
}

// reject runs a statement that must fail with the given SQLSTATE, and returns the error.
func reject(t *testing.T, conn *pgx.Conn, code, sql string, args ...any) *pgconn.PgError {
	t.Helper()
	_, err := conn.Exec(ctx(t), sql, args...)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		t.Fatalf("%s: want SQLSTATE %s, got %v", sql, code, err)
	}
	if pe.Code != code {
		t.Fatalf("%s: want SQLSTATE %s, got %s", sql, code, describe(err))
	}
	return pe
}

func contains(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s %q does not contain %q", what, got, w)
		}
	}
}

// TestEveryDesignApplies applies every example and test design on a fresh database.
func TestEveryDesignApplies(t *testing.T) {
	pgtest.ServerDSN(t)
	for _, path := range designFiles(t) {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".yaml"), func(t *testing.T) {
			ddl := generate(t, path)
			conn := apply(t, ddl)
			// Every table of the design exists, every state machine has its triggers.
			s := load(t, path)
			for _, tb := range s.Tables {
				n := queryOne[int](t, conn, "SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind = 'r'", tb.Schema, tb.Name)
				if n != 1 {
					t.Errorf("table %s.%s was not created", tb.Schema, tb.Name)
				}
			}
			for _, m := range s.Machines {
				n := queryOne[int](t, conn, "SELECT count(*)::int FROM pg_trigger WHERE tgname IN ($1, $2)", StateTriggerName(m), StateInsertTriggerName(m))
				if n != 2 {
					t.Errorf("state machine %s has %d of its 2 triggers", m.Name, n)
				}
			}
		})
	}
}

// TestRideshareEnforcesTheDesign checks the promises of the contract's example
// on a real server: legal rows and moves pass, everything else fails with the
// right SQLSTATE and a message that says what went wrong.
func TestRideshareEnforcesTheDesign(t *testing.T) {
	conn := apply(t, generate(t, "../../examples/rideshare.yaml"))
	user := queryOne[string](t, conn, "INSERT INTO users (id, email, password_hash, name) VALUES (gen_random_uuid(), 'a@example.com', 'x', 'Ann') RETURNING id::text")
	driver := queryOne[string](t, conn, "INSERT INTO drivers (id, name, license_number) VALUES (gen_random_uuid(), 'Dan', 'L1') RETURNING id::text")
	location := queryOne[string](t, conn, "INSERT INTO locations (id, city) VALUES (gen_random_uuid(), 'Oslo') RETURNING id::text")
	newRide := func() string {
		return queryOne[string](t, conn, "INSERT INTO rides (id, pickup, dropoff, user_id) VALUES (gen_random_uuid(), 'a', 'b', $1) RETURNING id::text", user)
	}
	ride := newRide()
	if got := queryOne[string](t, conn, "SELECT status::text FROM rides WHERE id = $1", ride); got != "requested" {
		t.Fatalf("a new ride starts in %q, want requested", got)
	}

	t.Run("legal transitions and other updates pass", func(t *testing.T) {
		exec(t, conn, "UPDATE rides SET pickup = 'c' WHERE id = $1", ride)
		exec(t, conn, "UPDATE rides SET status = 'requested' WHERE id = $1", ride) // same state
		exec(t, conn, "UPDATE rides SET status = 'accepted', driver_id = $2 WHERE id = $1", ride, driver)
		exec(t, conn, "UPDATE rides SET status = 'in_progress' WHERE id = $1", ride)
		exec(t, conn, "UPDATE rides SET fare_cents = 1200, status = 'completed' WHERE id = $1", ride)
		exec(t, conn, "UPDATE rides SET dropoff = 'd' WHERE id = $1", ride) // a terminal row can still change other columns
	})

	t.Run("illegal transition", func(t *testing.T) {
		r := newRide()
		pe := reject(t, conn, StateViolation, "UPDATE rides SET status = 'completed' WHERE id = $1", r)
		contains(t, "message", pe.Message, "ride_status", `"requested"`, `"completed"`)
		contains(t, "detail", pe.Detail, "rides.status", "accepted, cancelled")
		if pe.TableName != "rides" || pe.ColumnName != "status" || pe.SchemaName != "public" || pe.DataTypeName != "ride_status" {
			t.Errorf("error fields: table %q column %q schema %q type %q", pe.TableName, pe.ColumnName, pe.SchemaName, pe.DataTypeName)
		}
		if pe.ConstraintName != "rides_status_transition" {
			t.Errorf("constraint %q, want the trigger's name", pe.ConstraintName)
		}
		if got := queryOne[string](t, conn, "SELECT status::text FROM rides WHERE id = $1", r); got != "requested" {
			t.Errorf("the rejected update changed the row to %q", got)
		}
	})

	t.Run("out of a terminal state", func(t *testing.T) {
		pe := reject(t, conn, StateViolation, "UPDATE rides SET status = 'cancelled' WHERE id = $1", ride)
		contains(t, "message", pe.Message, "ride_status", `"completed"`, `"cancelled"`)
		contains(t, "detail", pe.Detail, "terminal")
	})

	t.Run("one bad row fails the whole statement", func(t *testing.T) {
		a, b := newRide(), newRide()
		exec(t, conn, "UPDATE rides SET status = 'accepted' WHERE id = $1", a)
		// b may move to cancelled, a (accepted) may too; to in_progress only a may.
		reject(t, conn, StateViolation, "UPDATE rides SET status = 'in_progress' WHERE id IN ($1, $2)", a, b)
		if got := queryOne[string](t, conn, "SELECT status::text FROM rides WHERE id = $1", a); got != "accepted" {
			t.Errorf("a partly rejected statement changed a row to %q", got)
		}
		exec(t, conn, "UPDATE rides SET status = 'cancelled' WHERE id IN ($1, $2)", a, b)
	})

	t.Run("insert must start in the initial state", func(t *testing.T) {
		pe := reject(t, conn, StateViolation, "INSERT INTO rides (id, pickup, dropoff, user_id, status) VALUES (gen_random_uuid(), 'a', 'b', $1, 'completed')", user)
		contains(t, "message", pe.Message, "ride_status", `"requested"`, `"completed"`)
		exec(t, conn, "INSERT INTO rides (id, pickup, dropoff, user_id, status) VALUES (gen_random_uuid(), 'a', 'b', $1, 'requested')", user)
	})

	t.Run("a BEFORE trigger cannot sneak a state past the machine", func(t *testing.T) {
		exec(t, conn, `CREATE FUNCTION sneak() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.status := 'completed'; RETURN NEW; END $$`)
		exec(t, conn, "CREATE TRIGGER a_sneak BEFORE UPDATE ON rides FOR EACH ROW WHEN (NEW.pickup = 'sneak') EXECUTE FUNCTION sneak()")
		r := newRide()
		reject(t, conn, StateViolation, "UPDATE rides SET pickup = 'sneak' WHERE id = $1", r)
		exec(t, conn, "DROP TRIGGER a_sneak ON rides")
	})

	t.Run("the triggers work under any search_path", func(t *testing.T) {
		r := newRide()
		exec(t, conn, "SET search_path = pg_catalog")
		defer exec(t, conn, "RESET search_path")
		exec(t, conn, "UPDATE public.rides SET status = 'accepted' WHERE id = $1", r)
		pe := reject(t, conn, StateViolation, "UPDATE public.rides SET status = 'requested' WHERE id = $1", r)
		contains(t, "message", pe.Message, `"accepted"`, `"requested"`)
		reject(t, conn, AppendOnlyViolation, "TRUNCATE public.ride_events")
	})

	t.Run("checks", func(t *testing.T) {
		pe := reject(t, conn, "23514", "INSERT INTO rides (id, pickup, dropoff, user_id, fare_cents) VALUES (gen_random_uuid(), 'a', 'b', $1, -5)", user)
		if pe.ConstraintName != "rides_fare_cents_check" {
			t.Errorf("constraint %q", pe.ConstraintName)
		}
		reject(t, conn, "23514", "INSERT INTO payments (id, amount_cents, reference, ride_id) VALUES (gen_random_uuid(), 0, 'r0', $1)", ride)
	})

	t.Run("one-to-one allows one row", func(t *testing.T) {
		exec(t, conn, "INSERT INTO payments (id, amount_cents, reference, ride_id) VALUES (gen_random_uuid(), 100, 'r1', $1)", ride)
		pe := reject(t, conn, uniqueViolation, "INSERT INTO payments (id, amount_cents, reference, ride_id) VALUES (gen_random_uuid(), 100, 'r2', $1)", ride)
		if pe.ConstraintName != "payments_ride_id_key" {
			t.Errorf("constraint %q", pe.ConstraintName)
		}
	})

	t.Run("required foreign key", func(t *testing.T) {
		pe := reject(t, conn, notNullViolation, "INSERT INTO rides (id, pickup, dropoff, user_id) VALUES (gen_random_uuid(), 'a', 'b', NULL)")
		if pe.ColumnName != "user_id" {
			t.Errorf("column %q", pe.ColumnName)
		}
		reject(t, conn, fkViolation, "INSERT INTO rides (id, pickup, dropoff, user_id) VALUES (gen_random_uuid(), 'a', 'b', gen_random_uuid())")
		// The optional one may be NULL.
		exec(t, conn, "INSERT INTO rides (id, pickup, dropoff, user_id, driver_id) VALUES (gen_random_uuid(), 'a', 'b', $1, NULL)", user)
	})

	t.Run("junction rows are unique", func(t *testing.T) {
		exec(t, conn, "INSERT INTO driver_locations (driver_id, location_id) VALUES ($1, $2)", driver, location)
		reject(t, conn, uniqueViolation, "INSERT INTO driver_locations (driver_id, location_id) VALUES ($1, $2)", driver, location)
		reject(t, conn, notNullViolation, "INSERT INTO driver_locations (driver_id, location_id) VALUES ($1, NULL)", driver)
	})

	t.Run("retry columns", func(t *testing.T) {
		p := queryOne[string](t, conn, "SELECT id::text FROM payments WHERE ride_id = $1", ride)
		if n := queryOne[int](t, conn, "SELECT attempts FROM payments WHERE id = $1", p); n != 0 {
			t.Errorf("attempts start at %d", n)
		}
		exec(t, conn, "UPDATE payments SET status = 'failed', attempts = attempts + 1, last_error = 'declined', next_attempt_at = now() WHERE id = $1", p)
		exec(t, conn, "UPDATE payments SET status = 'pending' WHERE id = $1", p) // the retry path
		reject(t, conn, "23514", "UPDATE payments SET attempts = -1 WHERE id = $1", p)
		exec(t, conn, "UPDATE payments SET status = 'succeeded' WHERE id = $1", p)
		pe := reject(t, conn, StateViolation, "UPDATE payments SET status = 'failed' WHERE id = $1", p)
		contains(t, "message", pe.Message, "payment_status", `"succeeded"`, `"failed"`)
	})

	t.Run("event tables are append-only", func(t *testing.T) {
		exec(t, conn, "INSERT INTO ride_events (ride_id, type, payload) VALUES ($1, 'requested', '{\"by\": \"app\"}')", ride)
		exec(t, conn, "INSERT INTO ride_events (ride_id, type) VALUES ($1, 'accepted')", ride)
		pe := reject(t, conn, AppendOnlyViolation, "UPDATE ride_events SET payload = '{}'")
		contains(t, "message", pe.Message, "ride_events", "append-only", "UPDATE")
		if pe.TableName != "ride_events" {
			t.Errorf("table %q", pe.TableName)
		}
		pe = reject(t, conn, AppendOnlyViolation, "DELETE FROM ride_events")
		contains(t, "message", pe.Message, "DELETE")
		pe = reject(t, conn, AppendOnlyViolation, "TRUNCATE ride_events")
		contains(t, "message", pe.Message, "TRUNCATE")
		reject(t, conn, AppendOnlyViolation, "TRUNCATE rides CASCADE")
		if n := queryOne[int](t, conn, "SELECT count(*)::int FROM ride_events"); n != 2 {
			t.Errorf("%d events left, want 2", n)
		}
		// The entity cannot be deleted from under its history either.
		r := newRide()
		exec(t, conn, "INSERT INTO ride_events (ride_id, type) VALUES ($1, 'requested')", r)
		pe = reject(t, conn, fkViolation, "DELETE FROM rides WHERE id = $1", r)
		if pe.ConstraintName != "ride_events_ride_id_fkey" {
			t.Errorf("constraint %q", pe.ConstraintName)
		}
	})

	t.Run("descriptions become comments", func(t *testing.T) {
		got := queryOne[string](t, conn, "SELECT obj_description('users'::regclass, 'pg_class')")
		if got != "A person who requests rides." {
			t.Errorf("comment on users: %q", got)
		}
	})
}

// TestAwkwardNamesEnforceTheDesign runs the state machine of a table named by a
// reserved word, in another schema, on an upper-case column, with a state
// whose name has a quote in it.
func TestAwkwardNamesEnforceTheDesign(t *testing.T) {
	conn := apply(t, generate(t, "testdata/awkward.yaml"))
	user := queryOne[string](t, conn, `INSERT INTO "user" (id, "Name", "select") VALUES (gen_random_uuid(), 'Ann', 1) RETURNING id::text`)
	order := queryOne[int64](t, conn, `INSERT INTO billing."order" (total, user_id) VALUES (10, $1) RETURNING number`, user)
	exec(t, conn, `UPDATE billing."order" SET "Stage" = 'placed' WHERE number = $1`, order)
	exec(t, conn, `UPDATE billing."order" SET "Stage" = 'failed', attempts = 1 WHERE number = $1`, order)
	exec(t, conn, `UPDATE billing."order" SET "Stage" = 'placed' WHERE number = $1`, order)
	exec(t, conn, `UPDATE billing."order" SET "Stage" = 'it''s cancelled' WHERE number = $1`, order)
	pe := reject(t, conn, StateViolation, `UPDATE billing."order" SET "Stage" = 'paid' WHERE number = $1`, order)
	contains(t, "message", pe.Message, "order_state", `"it's cancelled"`, `"paid"`)
	if pe.SchemaName != "billing" || pe.TableName != "order" || pe.ColumnName != "Stage" {
		t.Errorf("error fields: schema %q table %q column %q", pe.SchemaName, pe.TableName, pe.ColumnName)
	}
	reject(t, conn, StateViolation, `INSERT INTO billing."order" (total, user_id, "Stage") VALUES (1, $1, 'paid')`, user)

	// Unique expression index, check on a reserved column, generated column, 1-1, junctions.
	reject(t, conn, uniqueViolation, `INSERT INTO "user" (id, "Name", "select") VALUES (gen_random_uuid(), 'ANN', 1)`)
	reject(t, conn, "23514", `INSERT INTO "user" (id, "Name", "select") VALUES (gen_random_uuid(), 'Bob', -1)`)
	place := queryOne[int64](t, conn, `INSERT INTO _1st_place ("名前", score, user_id) VALUES ('erster', 21, $1) RETURNING id`, user)
	if got := queryOne[int64](t, conn, `SELECT double_score FROM _1st_place WHERE id = $1`, place); got != 42 {
		t.Errorf("generated column gave %d", got)
	}
	reject(t, conn, uniqueViolation, `INSERT INTO _1st_place ("名前", score, user_id) VALUES ('zweiter', 1, $1)`, user)
	exec(t, conn, `INSERT INTO group_members (user_id, _1st_place_id) VALUES ($1, $2)`, user, place)
	reject(t, conn, uniqueViolation, `INSERT INTO group_members (user_id, _1st_place_id) VALUES ($1, $2)`, user, place)
	exec(t, conn, `INSERT INTO billing.order_places (order_number, _1st_place_id) VALUES ($1, $2)`, order, place)
	reject(t, conn, uniqueViolation, `INSERT INTO billing.order_places (order_number, _1st_place_id) VALUES ($1, $2)`, order, place)

	// A nullable state column: NULL is "not in the machine yet".
	task := queryOne[int64](t, conn, `INSERT INTO tasks (title, phase) VALUES ('t', NULL) RETURNING id`)
	reject(t, conn, StateViolation, `INSERT INTO tasks (title, phase) VALUES ('t', 'doing')`)
	reject(t, conn, StateViolation, `UPDATE tasks SET phase = 'doing' WHERE id = $1`, task)
	exec(t, conn, `UPDATE tasks SET phase = 'todo' WHERE id = $1`, task)
	pe = reject(t, conn, StateViolation, `UPDATE tasks SET phase = NULL WHERE id = $1`, task)
	contains(t, "message", pe.Message, "task_phase", `"todo"`)
	exec(t, conn, `UPDATE tasks SET phase = 'doing' WHERE id = $1`, task)
	exec(t, conn, `INSERT INTO tasks (title) VALUES ('default state')`)

	// Events with a '%' in a type name, append-only in another schema.
	exec(t, conn, `INSERT INTO billing.order_events (order_number, type) VALUES ($1, '100%')`, order)
	pe = reject(t, conn, AppendOnlyViolation, `DELETE FROM billing.order_events`)
	if pe.SchemaName != "billing" {
		t.Errorf("schema %q", pe.SchemaName)
	}
}
