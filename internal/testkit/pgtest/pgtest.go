// Package pgtest gives tests a fresh database on the PostgreSQL server that
// `make test` starts (.ci/with-postgres exports its address as
// SCHEMAGEN_TEST_POSTGRES). Without a server, tests skip with a clear message,
// unless SCHEMAGEN_REQUIRE_POSTGRES=1, when they fail instead.
package pgtest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvDSN names the variable that holds the server's connection string.
const EnvDSN = "SCHEMAGEN_TEST_POSTGRES"

// EnvRequire names the variable that turns a missing server into a failure.
const EnvRequire = "SCHEMAGEN_REQUIRE_POSTGRES"

var counter atomic.Int64

// ServerDSN returns the server's connection string, skipping (or failing, when
// PostgreSQL is required) the test when there is none.
func ServerDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(EnvDSN)
	if dsn == "" {
		if os.Getenv(EnvRequire) == "1" {
			t.Fatalf("%s=1 but %s is not set: run the tests with `make test`, which starts PostgreSQL", EnvRequire, EnvDSN)
		}
		t.Skipf("no PostgreSQL server: %s is not set (run `make test` to start one)", EnvDSN)
	}
	return dsn
}

// NewDatabase creates an empty database for the test, returns a connection to
// it, and drops the database when the test ends.
func NewDatabase(t testing.TB) *pgx.Conn {
	t.Helper()
	conn, _ := NewDatabaseDSN(t)
	return conn
}

// NewDatabaseDSN is NewDatabase that also returns the new database's connection string.
func NewDatabaseDSN(t testing.TB) (*pgx.Conn, string) {
	t.Helper()
	dsn := ServerDSN(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connecting to PostgreSQL (%s): %v", dsn, err)
	}
	defer admin.Close(ctx)
	name := fmt.Sprintf("sgtest_%d_%d", os.Getpid(), counter.Add(1))
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("creating database %s: %v", name, err)
	}
	dbDSN := withDatabase(dsn, name)
	conn, err := pgx.Connect(ctx, dbDSN)
	if err != nil {
		t.Fatalf("connecting to %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn.Close(ctx)
		admin, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("dropping database %s: %v", name, err)
			return
		}
		defer admin.Close(ctx)
		if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("dropping database %s: %v", name, err)
		}
	})
	return conn, dbDSN
}

// withDatabase replaces (or adds) dbname in a key=value connection string.
func withDatabase(dsn, db string) string {
	fields := strings.Fields(dsn)
	out := fields[:0]
	for _, f := range fields {
		if !strings.HasPrefix(f, "dbname=") {
			out = append(out, f)
		}
	}
	return strings.Join(append(out, "dbname="+db), " ")
}
