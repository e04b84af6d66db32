package golang

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/sqlname"
	"github.com/schemagen/schemagen/internal/testkit/pgrows"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

// pathsFromInitial returns, for every state, the shortest list of states that
// leads there from the initial state along declared transitions (BFS).
func pathsFromInitial(m *schema.Machine) map[string][]string {
	paths := map[string][]string{m.Initial: {}}
	queue := []string{m.Initial}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, next := range m.Next(s) {
			if _, seen := paths[next]; !seen {
				paths[next] = append(append([]string{}, paths[s]...), next)
				queue = append(queue, next)
			}
		}
	}
	return paths
}

// TestCanTransitionToAgreesWithDatabase builds the database of every example
// and test design from the SQL generator's DDL, and for every state machine
// tries every (from, to) pair against the transition trigger: the row moves
// from its initial state to `from` along legal transitions, then tries
// `UPDATE ... SET column = to` in a savepoint. The database must accept the
// update exactly when the generated CanTransitionTo says yes, for every pair,
// a state set to itself included (the trigger lets that through, and so
// does CanTransitionTo).
func TestCanTransitionToAgreesWithDatabase(t *testing.T) {
	pgtest.ServerDSN(t)     // skip before building anything when there is no server
	fixed := testDesigns(t) // examples and testdata: every one must be tried
	random := map[string]bool{}
	for _, d := range append(randomDesigns(t, 12), teamRandomDesigns(t, 12)...) {
		random[d.name] = true
	}
	all := append(fixed, randomDesigns(t, 12)...)
	designs := append(all, teamRandomDesigns(t, 12)...)
	results := buildAndCheck(t, designs)
	ctx := context.Background()
	pairs, randomTried := 0, 0
	for i, d := range designs {
		if len(d.schema.Machines) == 0 {
			continue
		}
		got := results[fmt.Sprintf("p%d", i)]
		t.Run(d.name, func(t *testing.T) {
			conn := pgtest.NewDatabase(t)
			ddl, err := postgres.Generate(d.schema, postgres.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := conn.Exec(ctx, string(ddl)); err != nil {
				t.Fatalf("applying the DDL: %v", err)
			}
			if _, err := pgrows.Insert(ctx, conn, d.schema); err != nil {
				if random[d.name] {
					// pgrows cannot fill every random design yet (cycles of
					// required foreign keys); the fixed designs must all work.
					t.Skipf("pgrows cannot fill this design: %v", err)
				}
				t.Fatalf("inserting a row per table: %v", err)
			}
			if random[d.name] {
				randomTried++
			}
			for _, m := range d.schema.Machines {
				can := got.Machines[m.Name].Can
				table := sqlName(m.Table.Schema, m.Table.Name)
				column := sqlname.QuoteIdent(m.Column)
				var start string
				err := conn.QueryRow(ctx, fmt.Sprintf("SELECT %s::text FROM %s", column, table)).Scan(&start)
				if errors.Is(err, pgx.ErrNoRows) && random[d.name] {
					// pgrows leaves a table empty when a cycle of required
					// foreign keys cannot be satisfied.
					t.Logf("%s: pgrows left %s empty; machine not tried", m.Name, table)
					continue
				}
				if err != nil {
					t.Fatalf("%s: reading the row of %s: %v", m.Name, table, err)
				}
				if start != m.Initial || got.Machines[m.Name].Initial != m.Initial {
					t.Errorf("%s: new row starts in %q, Go initial %q, design %q", m.Name, start, got.Machines[m.Name].Initial, m.Initial)
				}
				set := func(state string) error {
					_, err := conn.Exec(ctx, fmt.Sprintf("UPDATE %s SET %s = %s", table, column, sqlname.QuoteLiteral(state)))
					return err
				}
				paths := pathsFromInitial(m)
				tx, err := conn.Begin(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, from := range m.States {
					for _, to := range m.States {
						pairs++
						mustExec(t, conn, "SAVEPOINT pair")
						for _, step := range paths[from] {
							if err := set(step); err != nil {
								t.Fatalf("%s: moving along a legal path to %q failed at %q: %v", m.Name, from, step, err)
							}
						}
						err := set(to)
						dbAllows := err == nil
						if err != nil {
							var pgErr *pgconn.PgError
							if !errors.As(err, &pgErr) || pgErr.Code != "23514" || !strings.Contains(pgErr.Message, "illegal transition") {
								t.Errorf("%s: %s -> %s failed for another reason than the transition trigger: %v", m.Name, from, to, err)
							}
						}
						if want := can[from][to]; dbAllows != want {
							t.Errorf("%s: %s -> %s: database allows %v, CanTransitionTo says %v", m.Name, from, to, dbAllows, can[from][to])
						}
						mustExec(t, conn, "ROLLBACK TO SAVEPOINT pair")
					}
				}
				if err := tx.Rollback(ctx); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	t.Logf("%d (from, to) pairs tried against the database, %d random designs", pairs, randomTried)
	if randomTried < 6 {
		t.Errorf("only %d random designs reached the database", randomTried)
	}
}

func mustExec(t *testing.T, conn interface {
	Exec(context.Context, string, ...any) (pgconn.CommandTag, error)
}, sql string) {
	t.Helper()
	if _, err := conn.Exec(context.Background(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}
