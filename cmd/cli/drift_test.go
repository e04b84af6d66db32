package cli

import (
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestDriftConnectErrors checks the words drift uses for each way a
// connection fails (the testscript drift.txtar meets the missing database and
// the unreachable host on a real server; a wrong password needs a server
// that asks for one).
func TestDriftConnectErrors(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("failed to connect: %w", &pgconn.PgError{Code: "28P01", Message: `password authentication failed for user "app"`}), "cannot log in: password authentication failed"},
		{&pgconn.PgError{Code: "3D000", Message: `database "nope" does not exist`}, `no such database: database "nope" does not exist`},
		{&pgconn.PgError{Code: "53300", Message: "too many connections"}, "cannot connect: too many connections (SQLSTATE 53300)"},
	} {
		if got := connectError(c.err).Error(); !strings.Contains(got, c.want) {
			t.Errorf("connectError(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
