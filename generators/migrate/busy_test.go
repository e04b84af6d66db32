package migrate

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/testkit/pgcatalog"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

var busyRows = flag.Int("busy-rows", 1_000_000, "rows of the busy table in BenchmarkBusyTable")

// The busy table of the load test and benchmark: the new design adds an
// index, a foreign key (with the index on its column), a CHECK, a UNIQUE
// and a NOT NULL with a default, all on a table that is being written.
const busyOld = `schemagen: 1
name: busy
entities:
  customers:
    fields:
      id: bigint pk identity
      name: text
  accounts:
    fields:
      id: bigint pk identity
      email: text
      currency: text?
      balance: integer
`

const busyNew = `schemagen: 1
name: busy
entities:
  customers:
    fields:
      id: bigint pk identity
      name: text
  accounts:
    fields:
      id: bigint pk identity
      email: text unique
      currency: text default 'usd'
      balance: integer check (balance >= 0)
    indexes:
      - [balance]
relationships:
  - customers 1-n accounts optional
`

// busyDatabase builds the old design and fills accounts with n rows, a third of them without currency.
func busyDatabase(t testing.TB, n int) (*pgx.Conn, string, *schema.Schema, *schema.Schema) {
	t.Helper()
	old, new := mustCheck(t, "busy_old.yaml", []byte(busyOld)), mustCheck(t, "busy_new.yaml", []byte(busyNew))
	ctx := context.Background()
	conn, dsn := pgtest.NewDatabaseDSN(t)
	ddl := mustDDL(t, old)
	if _, err := conn.Exec(ctx, ddl); err != nil {
		t.Fatal(err)
	}
	fill := fmt.Sprintf(`INSERT INTO customers (name) SELECT 'customer ' || g FROM generate_series(1, 100) g;
INSERT INTO accounts (email, currency, balance)
    SELECT 'a' || g || '@example.com', CASE WHEN g %% 3 = 0 THEN NULL ELSE 'eur' END, g %% 1000 FROM generate_series(1, %d) g;
ANALYZE;`, n)
	if _, err := conn.Exec(ctx, fill); err != nil {
		t.Fatal(err)
	}
	return conn, dsn, old, new
}

// writer inserts and updates one row at a time, as an application does,
// until stopped, and records its longest statement.
type writer struct {
	stop    atomic.Bool
	longest atomic.Int64 // nanoseconds
	writes  atomic.Int64
	err     error
	done    sync.WaitGroup
}

func startWriter(t testing.TB, dsn string, rows int) *writer {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	w := &writer{}
	w.done.Add(1)
	go func() {
		defer w.done.Done()
		defer conn.Close(context.Background())
		ctx := context.Background()
		for i := 0; !w.stop.Load(); i++ {
			start := time.Now()
			if i%2 == 0 {
				_, err = conn.Exec(ctx, `INSERT INTO accounts (email, currency, balance) VALUES ($1, 'usd', 1)`, fmt.Sprintf("writer%d@example.com", i))
			} else {
				_, err = conn.Exec(ctx, `UPDATE accounts SET balance = balance + 1 WHERE id = $1`, 1+(i*7919)%rows)
			}
			if err != nil {
				w.err = err
				return
			}
			if d := time.Since(start).Nanoseconds(); d > w.longest.Load() {
				w.longest.Store(d)
			}
			w.writes.Add(1)
		}
	}()
	// Let it run before the migration starts.
	for w.writes.Load() < 20 && w.err == nil {
		time.Sleep(time.Millisecond)
	}
	return w
}

func (w *writer) finish(t testing.TB) time.Duration {
	t.Helper()
	w.stop.Store(true)
	w.done.Wait()
	if w.err != nil {
		t.Fatalf("the writer failed: %v", w.err)
	}
	return time.Duration(w.longest.Load())
}

// scanUnderLock is a statement that read rows of a table while its
// transaction held a lock on that table that blocks writers.
type scanUnderLock struct {
	statement, table, lock string
	rows                   int64
}

// applyWatched applies a plan's steps on conn like applySteps, but runs the
// statements of a transactional step one by one inside BEGIN/COMMIT, and
// after each reads, from pg_stat_xact_user_tables and pg_locks, the rows the
// transaction has read from each table and the locks it holds. A statement
// that read rows of a table on which the transaction then holds a lock that
// blocks writes (SHARE or stronger) held that lock during a scan, or took it
// for one: the writer waits for the length of the scan. Structural, not timed.
func applyWatched(t testing.TB, conn *pgx.Conn, steps []Step) []scanUnderLock {
	t.Helper()
	ctx := context.Background()
	readRows := func() map[string]int64 {
		rows, err := conn.Query(ctx, `SELECT relname, coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) FROM pg_stat_xact_user_tables`)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int64{}
		for rows.Next() {
			var name string
			var n int64
			if err := rows.Scan(&name, &n); err != nil {
				t.Fatal(err)
			}
			out[name] = n
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	blocking := func() map[string]string {
		rows, err := conn.Query(ctx, `SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
			WHERE l.pid = pg_backend_pid() AND l.granted AND c.relkind = 'r'
			  AND l.mode IN ('ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')`)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for rows.Next() {
			var name, mode string
			if err := rows.Scan(&name, &mode); err != nil {
				t.Fatal(err)
			}
			out[name] = mode
		}
		return out
	}
	var found []scanUnderLock
	for i, s := range steps {
		if !s.Transaction {
			sql := s.SQL(fmt.Sprintf("step %d", i+1))
			if _, err := conn.Exec(ctx, sql); err != nil {
				t.Fatalf("step %d: %v\n%s", i+1, err, sql)
			}
			continue
		}
		if _, err := conn.Exec(ctx, "BEGIN"); err != nil {
			t.Fatal(err)
		}
		for _, stmt := range s.Statements {
			before := readRows()
			if _, err := conn.Exec(ctx, stmt); err != nil {
				t.Fatalf("step %d: %v\n%s", i+1, err, stmt)
			}
			after, locks := readRows(), blocking()
			for table, n := range after {
				if d := n - before[table]; d > 0 && locks[table] != "" {
					found = append(found, scanUnderLock{statement: firstLine(stmt), table: table, lock: locks[table], rows: d})
				}
			}
		}
		if _, err := conn.Exec(ctx, "COMMIT"); err != nil {
			t.Fatal(err)
		}
	}
	return found
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func mustDDL(t testing.TB, s *schema.Schema) string {
	t.Helper()
	ddl, err := postgres.Generate(s, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return string(ddl)
}

// TestBusyTable applies the busy-table migration while a writer inserts and
// updates rows: the online plan never reads a table's rows while holding a
// lock that blocks its writers, ends in the new design's catalog and keeps
// the rows; the simple plan does read under such locks (the check can fail).
// The writer's longest statement is logged, not asserted: see BenchmarkBusyTable.
func TestBusyTable(t *testing.T) {
	const rows = 20_000
	for _, simple := range []bool{false, true} {
		name := map[bool]string{false: "online", true: "simple"}[simple]
		t.Run(name, func(t *testing.T) {
			conn, dsn, old, new := busyDatabase(t, rows)
			plan, err := Diff(old, new, Options{Simple: simple})
			if err != nil || plan.Destructive() {
				t.Fatalf("plan: %v %v", err, plan.Diagnostics)
			}
			w := startWriter(t, dsn, rows)
			found := applyWatched(t, conn, plan.UpSteps)
			stall := w.finish(t)
			t.Logf("%s plan: %d steps, %d writes during the migration, longest write %v", name, len(plan.UpSteps), w.writes.Load(), stall)
			if simple {
				if len(found) == 0 {
					t.Fatalf("the simple plan should read rows under a lock that blocks writers (CREATE INDEX, ADD CONSTRAINT): the check found none")
				}
				return
			}
			for _, f := range found {
				t.Errorf("%q read %d rows of %s while holding %s, which blocks its writers", f.statement, f.rows, f.table, f.lock)
			}
			if d := pgcatalog.Diff(catalog(t, build(t, new)), catalog(t, conn)); len(d) > 0 {
				t.Fatalf("after the online migration the schema differs from the new design's:\n%s", strings.Join(d, "\n"))
			}
			var n, nulls int
			if err := conn.QueryRow(context.Background(), `SELECT count(*), count(*) FILTER (WHERE currency IS NULL) FROM accounts`).Scan(&n, &nulls); err != nil {
				t.Fatal(err)
			}
			if n < rows || nulls != 0 {
				t.Fatalf("accounts has %d rows (want at least %d) and %d NULL currencies", n, rows, nulls)
			}
		})
	}
}

// BenchmarkBusyTable applies the busy-table migration to a table of
// -busy-rows rows (a million by default) while a writer inserts and updates
// one row at a time, and reports the writer's longest statement (max_stall_ms)
// for the online and the simple plan.
func BenchmarkBusyTable(b *testing.B) {
	for _, simple := range []bool{false, true} {
		name := map[bool]string{false: "online", true: "simple"}[simple]
		b.Run(name, func(b *testing.B) {
			var longest, total time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				conn, dsn, old, new := busyDatabase(b, *busyRows)
				plan, err := Diff(old, new, Options{Simple: simple})
				if err != nil || plan.Destructive() {
					b.Fatalf("plan: %v %v", err, plan.Diagnostics)
				}
				w := startWriter(b, dsn, *busyRows)
				b.StartTimer()
				start := time.Now()
				for j, s := range plan.UpSteps {
					if _, err := conn.Exec(context.Background(), s.SQL(fmt.Sprintf("step %d", j+1))); err != nil {
						b.Fatalf("step %d: %v", j+1, err)
					}
				}
				total += time.Since(start)
				b.StopTimer()
				longest = max(longest, w.finish(b))
			}
			b.ReportMetric(float64(longest.Microseconds())/1000, "max_stall_ms")
			b.ReportMetric(total.Seconds()/float64(b.N), "migration_s")
		})
	}
}
