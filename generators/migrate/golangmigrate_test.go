package migrate

import (
	"context"
	"errors"
	"fmt"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	gomigrate "github.com/golang-migrate/migrate/v4"
	migratepgx "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	_ "github.com/golang-migrate/migrate/v4/source/file" // the file:// source
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/testkit/golden"
	"github.com/schemagen/schemagen/internal/testkit/pgcatalog"
	"github.com/schemagen/schemagen/internal/testkit/pgtest"
)

// writeMigrations writes a golang-migrate directory: version 1 builds old
// with `schemagen sql`'s DDL, then the plan's step files from version 2.
func writeMigrations(t *testing.T, plan *Plan, oldDDL []byte) (dir string, files []StepFile) {
	t.Helper()
	dir = t.TempDir()
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("0001_init.up.sql", string(oldDDL))
	write("0001_init.down.sql", "-- the test never goes below version 1\n")
	files = plan.StepFiles(Migration{Version: 2, Name: "change"}, "old.yaml", "new.yaml")
	for _, f := range files {
		write(f.Migration.Base()+".up.sql", string(f.Up))
		write(f.Migration.Base()+".down.sql", string(f.Down))
	}
	return dir, files
}

// golangMigrate opens golang-migrate, as a library, on the directory and database.
func golangMigrate(t *testing.T, dir, dsn string) *gomigrate.Migrate {
	t.Helper()
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDB(*cfg)
	t.Cleanup(func() { db.Close() })
	driver, err := migratepgx.WithInstance(db, &migratepgx.Config{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := gomigrate.NewWithDatabaseInstance("file://"+dir, "pgx5", driver)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// retryOld and retryNew: the new design adds a CHECK that the row with
// currency 'eur' violates, a UNIQUE, an index, NOT NULL with a default.
const retryOld = `schemagen: 1
name: shop
entities:
  customers:
    fields:
      id: bigint pk identity
      email: text
  orders:
    fields:
      id: bigint pk identity
      currency: text?
      amount_cents: integer
relationships:
  - customers 1-n orders optional
`

const retryNew = `schemagen: 1
name: shop
entities:
  customers:
    fields:
      id: bigint pk identity
      email: text unique
  orders:
    fields:
      id: bigint pk identity
      currency: text default 'usd' check (currency = 'usd')
      amount_cents: integer check (amount_cents >= 0)
      note: text?
    indexes:
      - [amount_cents]
relationships:
  - customers 1-n orders optional
`

// The deploy: a CHECK that an existing row violates fails during
// the migration. The failed step rolls back as a whole and leaves the
// connection usable, so golang-migrate, in the same process, can Force the
// version back and apply the rest once the row is fixed; then down and up
// again, every step through golang-migrate.
func TestGolangMigrateRetriesAfterAFailedStep(t *testing.T) {
	ctx := context.Background()
	old, new := mustCheck(t, "old.yaml", []byte(retryOld)), mustCheck(t, "new.yaml", []byte(retryNew))
	plan, err := Diff(old, new, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Destructive() {
		t.Fatalf("the plan has errors: %v", plan.Diagnostics)
	}
	ddl, err := postgres.Generate(old, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir, files := writeMigrations(t, plan, ddl)
	conn, dsn := pgtest.NewDatabaseDSN(t)
	m := golangMigrate(t, dir, dsn)
	if err := m.Migrate(1); err != nil {
		t.Fatalf("migrating to version 1: %v", err)
	}
	if _, err := conn.Exec(ctx, `INSERT INTO customers (email) VALUES ('a@example.com');
		INSERT INTO orders (currency, amount_cents, customer_id) VALUES ('usd', 100, 1), (NULL, 200, 1), ('eur', 300, NULL)`); err != nil {
		t.Fatal(err)
	}

	err = m.Up()
	if err == nil || !strings.Contains(err.Error(), "orders_currency_check") {
		t.Fatalf("the up migration should fail on the row with currency 'eur', got %v", err)
	}
	version, dirty, verr := m.Version()
	if verr != nil || !dirty {
		t.Fatalf("after the failure golang-migrate should record a dirty version: %d %v %v", version, dirty, verr)
	}
	failed := files[int(version)-2]
	if failed.Migration.Name != "change_validate" {
		t.Fatalf("the failing step should be the validation, not %s", failed.Migration.Base())
	}
	var locks int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'`).Scan(&locks); err != nil || locks != 0 {
		t.Fatalf("after the failure golang-migrate's advisory lock should be released: %d held (%v)", locks, err)
	}

	if _, err := conn.Exec(ctx, `UPDATE orders SET currency = 'usd' WHERE currency = 'eur'`); err != nil {
		t.Fatal(err)
	}
	if err := m.Force(int(version) - 1); err != nil {
		t.Fatalf("Force in the same process: %v", err)
	}
	if err := m.Up(); err != nil {
		t.Fatalf("retrying the migration in the same process: %v", err)
	}
	wantNew := catalog(t, build(t, new))
	if d := withoutMigrationsTable(pgcatalog.Diff(wantNew, catalog(t, conn))); len(d) > 0 {
		t.Fatalf("after golang-migrate up the schema differs from new.yaml's:\n%s", strings.Join(d, "\n"))
	}
	var nulls int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM orders WHERE currency IS NULL`).Scan(&nulls); err != nil || nulls != 0 {
		t.Fatalf("the backfill left %d NULL currencies (%v)", nulls, err)
	}

	if err := m.Migrate(1); err != nil {
		t.Fatalf("golang-migrate down to version 1: %v", err)
	}
	if d := withoutMigrationsTable(pgcatalog.Diff(catalog(t, build(t, old)), catalog(t, conn))); len(d) > 0 {
		t.Fatalf("after golang-migrate down the schema differs from old.yaml's:\n%s", strings.Join(d, "\n"))
	}
	if err := m.Up(); err != nil && !errors.Is(err, gomigrate.ErrNoChange) {
		t.Fatalf("golang-migrate up again: %v", err)
	}
	if d := withoutMigrationsTable(pgcatalog.Diff(wantNew, catalog(t, conn))); len(d) > 0 {
		t.Fatalf("after up, down and up the schema differs from new.yaml's:\n%s", strings.Join(d, "\n"))
	}
	var rows int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM orders`).Scan(&rows); err != nil || rows != 3 {
		t.Fatalf("orders has %d rows after up, down and up, want 3 (%v)", rows, err)
	}
}

// withoutMigrationsTable drops golang-migrate's own table from a catalog diff.
func withoutMigrationsTable(diff []string) []string {
	var out []string
	for _, d := range diff {
		if !strings.Contains(d, "schema_migrations") {
			out = append(out, d)
		}
	}
	return out
}

// migrateCLI finds golang-migrate's command (built with -tags postgres by
// .ci/install-deps into .cache/bin, or named by SCHEMAGEN_MIGRATE); the test
// skips without it unless SCHEMAGEN_REQUIRE_MIGRATE=1.
func migrateCLI(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("SCHEMAGEN_MIGRATE")
	if bin == "" {
		bin = filepath.Join(golden.ModuleRoot(t), ".cache", "bin", "migrate")
	}
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("SCHEMAGEN_REQUIRE_MIGRATE") == "1" {
			t.Fatalf("SCHEMAGEN_REQUIRE_MIGRATE=1 but golang-migrate's command is missing (%v): run .ci/install-deps", err)
		}
		t.Skipf("golang-migrate's command is not installed (%v): run .ci/install-deps", err)
	}
	return bin
}

// The same deploy with golang-migrate's command and its lib/pq driver: the
// failed step leaves a dirty version and nothing half-applied; force, fix,
// up; then down to version 1 and up again.
func TestGolangMigrateCLI(t *testing.T) {
	bin := migrateCLI(t)
	ctx := context.Background()
	old, new := mustCheck(t, "old.yaml", []byte(retryOld)), mustCheck(t, "new.yaml", []byte(retryNew))
	plan, err := Diff(old, new, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ddl, err := postgres.Generate(old, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir, files := writeMigrations(t, plan, ddl)
	conn, dsn := pgtest.NewDatabaseDSN(t)
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	url := (&neturl.URL{Scheme: "postgres", User: neturl.User(cfg.User), Host: "", Path: "/" + cfg.Database,
		RawQuery: neturl.Values{"host": {cfg.Host}, "port": {fmt.Sprint(cfg.Port)}, "sslmode": {"disable"}}.Encode()}).String()
	run := func(args ...string) (string, error) {
		out, err := exec.Command(bin, append([]string{"-path", dir, "-database", url}, args...)...).CombinedOutput()
		return string(out), err
	}
	if out, err := run("goto", "1"); err != nil {
		t.Fatalf("migrate goto 1: %v\n%s", err, out)
	}
	if _, err := conn.Exec(ctx, `INSERT INTO customers (email) VALUES ('a@example.com');
		INSERT INTO orders (currency, amount_cents, customer_id) VALUES ('usd', 100, 1), (NULL, 200, 1), ('eur', 300, NULL)`); err != nil {
		t.Fatal(err)
	}
	out, err := run("up")
	if err == nil || !strings.Contains(out, "orders_currency_check") {
		t.Fatalf("migrate up should fail on the row with currency 'eur': %v\n%s", err, out)
	}
	var version int
	var dirty bool
	if err := conn.QueryRow(ctx, `SELECT version, dirty FROM schema_migrations`).Scan(&version, &dirty); err != nil || !dirty {
		t.Fatalf("after the failure: version %d, dirty %v, %v", version, dirty, err)
	}
	if name := files[version-2].Migration.Name; name != "change_validate" {
		t.Fatalf("the failing step should be the validation, not %s", name)
	}
	if _, err := conn.Exec(ctx, `UPDATE orders SET currency = 'usd' WHERE currency = 'eur'`); err != nil {
		t.Fatal(err)
	}
	if out, err := run("force", fmt.Sprint(version-1)); err != nil {
		t.Fatalf("migrate force: %v\n%s", err, out)
	}
	if out, err := run("up"); err != nil {
		t.Fatalf("migrate up after the fix: %v\n%s", err, out)
	}
	wantNew := catalog(t, build(t, new))
	if d := withoutMigrationsTable(pgcatalog.Diff(wantNew, catalog(t, conn))); len(d) > 0 {
		t.Fatalf("after migrate up the schema differs from new.yaml's:\n%s", strings.Join(d, "\n"))
	}
	if out, err := run("goto", "1"); err != nil {
		t.Fatalf("migrate goto 1 (down): %v\n%s", err, out)
	}
	if d := withoutMigrationsTable(pgcatalog.Diff(catalog(t, build(t, old)), catalog(t, conn))); len(d) > 0 {
		t.Fatalf("after migrate down the schema differs from old.yaml's:\n%s", strings.Join(d, "\n"))
	}
	if out, err := run("up"); err != nil {
		t.Fatalf("migrate up again: %v\n%s", err, out)
	}
	if d := withoutMigrationsTable(pgcatalog.Diff(wantNew, catalog(t, conn))); len(d) > 0 {
		t.Fatalf("after up, down and up the schema differs from new.yaml's:\n%s", strings.Join(d, "\n"))
	}
}
