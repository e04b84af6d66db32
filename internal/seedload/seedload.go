// Package seedload loads the seed data of generators/seed into a PostgreSQL
// database: statements run as they come, COPY blocks stream through the
// connection's COPY protocol, all inside the caller's transaction.
package seedload

import (
	"bytes"
	"context"

	"github.com/jackc/pgx/v5"
)

// Sink runs what generators/seed writes on one transaction. It implements seed.Sink.
type Sink struct {
	Ctx context.Context
	Tx  pgx.Tx
}

// Exec runs one statement.
func (s Sink) Exec(stmt string) error {
	_, err := s.Tx.Exec(s.Ctx, stmt)
	return err
}

// Copy runs COPY ... FROM STDIN with data in COPY's text format.
func (s Sink) Copy(stmt string, data []byte) error {
	_, err := s.Tx.Conn().PgConn().CopyFrom(s.Ctx, bytes.NewReader(data), stmt)
	return err
}
