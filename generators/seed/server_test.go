package seed

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/seedload"
	"github.com/schemagen/schemagen/internal/testkit/golden"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return c
}

func describe(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code + " " + pe.Message + " (" + pe.Detail + ") at " + pe.Where
	}
	return err.Error()
}

// withDDL returns a fresh database with the design's DDL applied, triggers on.
func withDDL(t testing.TB, s *schema.Schema) *pgx.Conn {
	t.Helper()
	return withDDLAfter(t, s, "")
}

// withDDLAfter is withDDL that runs pre (CREATE EXTENSION of an imported schema) first.
func withDDLAfter(t testing.TB, s *schema.Schema, pre string) *pgx.Conn {
	t.Helper()
	ddl, err := postgres.Generate(s, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	conn := pgtest.NewDatabase(t)
	if _, err := conn.Exec(ctx(t), pre+string(ddl)); err != nil {
		t.Fatalf("the DDL does not apply: %s", describe(err))
	}
	return conn
}

// load seeds a database through the loader that `schemagen seed --dsn` uses.
func load(t testing.TB, conn *pgx.Conn, s *schema.Schema, opts Options) (*Report, error) {
	t.Helper()
	c := ctx(t)
	tx, err := conn.Begin(c)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Generate(s, opts, seedload.Sink{Ctx: c, Tx: tx})
	if err != nil {
		_ = tx.Rollback(c)
		return nil, err
	}
	return rep, tx.Commit(c)
}

func testOptions(format Format) Options {
	return Options{Rows: 25, Seed: 7, Format: format, ForeignKeyName: postgres.ForeignKeyName}
}

// TestSeedDesigns seeds every example and every test design, through the
// loader with COPY and as an INSERT script run as it is, on a database with
// the generated DDL and its triggers: no error, every table has rows, and
// every row's events are a legal walk of its machine ending in its state.
func TestSeedDesigns(t *testing.T) {
	for _, d := range golden.Examples(t, "../postgres/testdata/*.yaml", "testdata/*.yaml") {
		t.Run(d.Name, func(t *testing.T) {
			t.Run("copy", func(t *testing.T) {
				conn := withDDL(t, d.Schema)
				rep, err := load(t, conn, d.Schema, testOptions(Copy))
				if err != nil {
					t.Fatalf("seeding: %s", describe(err))
				}
				for _, n := range rep.Notes {
					t.Log(n)
				}
				verify(t, conn, d.Schema)
				verifyStory(t, conn, d.Schema)
			})
			t.Run("insert script", func(t *testing.T) {
				conn := withDDL(t, d.Schema)
				var script bytes.Buffer
				if _, err := WriteScript(d.Schema, testOptions(Insert), &script); err != nil {
					t.Fatal(err)
				}
				if _, err := conn.Exec(ctx(t), script.String()); err != nil {
					t.Fatalf("the script does not load: %s", describe(err))
				}
				verify(t, conn, d.Schema)
			})
		})
	}
}

// verify checks a seeded database: every table has rows, and every row of
// a table with a state machine and events has an event history that starts
// in the initial state, follows declared transitions in time order and
// ends in the row's current state.
func verify(t testing.TB, conn *pgx.Conn, s *schema.Schema, empty ...string) {
	t.Helper()
	c := ctx(t)
	for _, tb := range s.Tables {
		var n int
		if err := conn.QueryRow(c, "SELECT count(*) FROM "+qualified(tb)).Scan(&n); err != nil {
			t.Fatalf("%s: %s", tb.QualifiedName(), describe(err))
		}
		if n == 0 && !slices.Contains(empty, tb.QualifiedName()) {
			t.Errorf("%s has no rows", tb.QualifiedName())
		}
	}
	for _, m := range s.Machines {
		tb := m.Table
		if tb.Events == nil || len(tb.PrimaryKey) == 0 {
			continue
		}
		key := keyText(tb.PrimaryKey, "")
		states := map[string]string{}
		rows, err := conn.Query(c, fmt.Sprintf("SELECT %s, %s::text FROM %s", key, quote(m.Column), qualified(tb)))
		if err != nil {
			t.Fatal(describe(err))
		}
		for rows.Next() {
			var k string
			var st *string
			if err := rows.Scan(&k, &st); err != nil {
				t.Fatal(err)
			}
			states[k] = "NULL"
			if st != nil {
				states[k] = *st
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(describe(err))
		}
		type ev struct {
			p  Payload
			at time.Time
		}
		history := map[string][]ev{}
		rows, err = conn.Query(c, fmt.Sprintf("SELECT %s, payload::text, occurred_at FROM %s WHERE payload->>'machine' = $1 ORDER BY id",
			keyText(tb.Events.ForeignKeys[0].Columns, ""), qualified(tb.Events)), m.Name)
		if err != nil {
			t.Fatal(describe(err))
		}
		for rows.Next() {
			var k, payload string
			var at time.Time
			if err := rows.Scan(&k, &payload, &at); err != nil {
				t.Fatal(err)
			}
			var p Payload
			if err := json.Unmarshal([]byte(payload), &p); err != nil {
				t.Fatal(err)
			}
			history[k] = append(history[k], ev{p, at})
		}
		if err := rows.Err(); err != nil {
			t.Fatal(describe(err))
		}
		moved := 0
		for k, state := range states {
			h := history[k]
			if len(h) == 0 {
				t.Errorf("%s row %s (%s): no events", tb.QualifiedName(), k, state)
				continue
			}
			if h[0].p.From != "" || h[0].p.To != m.Initial {
				t.Errorf("%s row %s: the first event is %+v, not the start in %q", tb.QualifiedName(), k, h[0].p, m.Initial)
			}
			cur := m.Initial
			for i, e := range h[1:] {
				if e.p.From != cur || !m.CanTransition(e.p.From, e.p.To) {
					t.Errorf("%s row %s: event %d moves %q -> %q from state %q", tb.QualifiedName(), k, i+1, e.p.From, e.p.To, cur)
				}
				if e.at.Before(h[i].at) {
					t.Errorf("%s row %s: event %d happens before the one it follows", tb.QualifiedName(), k, i+1)
				}
				cur = e.p.To
				moved++
			}
			if cur != state {
				t.Errorf("%s row %s: the events end in %q but the row is in %q", tb.QualifiedName(), k, cur, state)
			}
		}
		if moved == 0 && len(m.Transitions) > 0 {
			t.Errorf("machine %s: no row moved", m.Name)
		}
	}
}

func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// keyText is an SQL expression that joins key columns as text.
func keyText(cols []string, alias string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = "coalesce(" + alias + quote(c) + "::text, '')"
	}
	return strings.Join(parts, " || '|' || ")
}
