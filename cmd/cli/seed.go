package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/spf13/cobra"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/generators/seed"
	"github.com/schemagen/schemagen/internal/seedload"
)

type seedFlags struct {
	rows   string
	seed   uint64
	format string
	out    string
	dsn    string
}

func newSeedCmd() *cobra.Command {
	var f seedFlags
	cmd := &cobra.Command{
		Use:   "seed FILE",
		Short: "Write sample data that lives the design's story",
		Long: `seed writes sample rows for every table of a design, parents first: values
that respect the types, NOT NULL, defaults, checks, unique constraints and
foreign keys, and read like what the columns' names say. Rows of a table
with a state machine are inserted in the initial state and moved along legal
transitions with UPDATEs, so the database's state triggers check every move,
and the entity's event table gets one event per move, in time order.

The output is a psql script for a database with the design's DDL applied
(schemagen sql); with --dsn the rows go straight into that database, in one
transaction. The same --seed always gives the same data. Checks that seed
cannot read, and tables that get fewer rows than asked, are reported on
standard error.`,
		Example: `  schemagen seed examples/rideshare.yaml | psql -v ON_ERROR_STOP=1 mydb
  schemagen seed examples/rideshare.yaml --rows 1000 --format copy -o seed.sql
  schemagen seed examples/rideshare.yaml --rows 50,users=10,rides=500 --seed 42
  schemagen seed design.yaml --dsn postgres://localhost/dev`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSeed(cmd, args[0], f)
		},
	}
	cmd.Flags().StringVar(&f.rows, "rows", "", "rows per table: N, or table=N,... (a bare N sets the others; default 10)")
	cmd.Flags().Uint64Var(&f.seed, "seed", 1, "the same seed gives the same data")
	cmd.Flags().StringVar(&f.format, "format", "insert", "insert (INSERT statements) or copy (COPY blocks, for large loads)")
	cmd.Flags().StringVarP(&f.out, "output", "o", "", "write the script to this file instead of standard output")
	cmd.Flags().StringVar(&f.dsn, "dsn", "", "load the rows into this database (with the design's DDL applied) instead of writing a script")
	return cmd
}

// parseRows reads --rows: `100`, `users=10,rides=500` or both (`50,users=10`).
func parseRows(s string) (int, map[string]int, error) {
	all, per := 0, map[string]int{}
	if strings.TrimSpace(s) == "" {
		return all, per, nil
	}
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		name, count, named := strings.Cut(item, "=")
		if !named {
			count = name
		}
		n, err := strconv.Atoi(strings.TrimSpace(count))
		if err != nil || n < 0 {
			return 0, nil, fmt.Errorf("--rows: %q is not a number of rows (want N or table=N, comma-separated)", item)
		}
		if named {
			per[strings.TrimSpace(name)] = n
		} else {
			all = n
			if n == 0 {
				return 0, nil, fmt.Errorf("--rows: every table needs at least one row")
			}
		}
	}
	return all, per, nil
}

func runSeed(cmd *cobra.Command, path string, f seedFlags) error {
	stderr := cmd.ErrOrStderr()
	if f.out != "" && f.dsn != "" {
		return usageError(errors.New("give -o or --dsn, not both"))
	}
	if f.format != string(seed.Insert) && f.format != string(seed.Copy) {
		return usageError(fmt.Errorf("--format %q: want insert or copy", f.format))
	}
	if err := refuseOverwritingInput(f.out, path); err != nil {
		return usageError(err)
	}
	all, per, err := parseRows(f.rows)
	if err != nil {
		return usageError(err)
	}
	c, err := loadForGenerate(path, cmd.InOrStdin(), stderr)
	if err != nil {
		return err
	}
	opts := seed.Options{Rows: all, TableRows: per, Seed: f.seed, Format: seed.Format(f.format), ForeignKeyName: postgres.ForeignKeyName}
	var rep *seed.Report
	switch {
	case f.dsn != "":
		rep, err = loadSeed(cmd.Context(), f.dsn, c.schema, opts)
	case f.out == "" || f.out == "-":
		w := bufio.NewWriterSize(cmd.OutOrStdout(), 1<<16)
		rep, err = seed.WriteScript(c.schema, opts, w)
		if ferr := w.Flush(); err == nil {
			err = ferr
		}
	default:
		var buf bytes.Buffer
		rep, err = seed.WriteScript(c.schema, opts, &buf)
		if err == nil {
			if werr := writeFileAtomic(f.out, buf.Bytes()); werr != nil {
				return usageError(werr)
			}
		}
	}
	if rep != nil {
		printSeedNotes(stderr, rep)
	}
	if err != nil {
		var se *seed.Error
		var pe *pgconn.PgError
		switch {
		case errors.As(err, &se):
			return generatorFailed(err)
		case errors.As(err, &pe):
			return generatorFailed(fmt.Errorf("loading the rows: %s (SQLSTATE %s)%s", pe.Message, pe.Code, detail(pe)))
		}
		return usageError(err)
	}
	if f.dsn != "" {
		total := 0
		for _, t := range rep.Tables {
			total += t.Rows
		}
		fmt.Fprintf(stderr, "seed: loaded %d rows into %d tables\n", total, len(rep.Tables))
	}
	return nil
}

func detail(pe *pgconn.PgError) string {
	if pe.Detail == "" {
		return ""
	}
	return ": " + pe.Detail
}

func printSeedNotes(w io.Writer, rep *seed.Report) {
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "seed: note: %s\n", n)
	}
}

// loadSeed writes the rows into the database at dsn, in one transaction.
func loadSeed(ctx context.Context, dsn string, s *schema.Schema, opts seed.Options) (*seed.Report, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, connectError(err)
	}
	defer conn.Close(context.Background())
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, err
	}
	rep, err := seed.Generate(s, opts, seedload.Sink{Ctx: ctx, Tx: tx})
	if err != nil {
		_ = tx.Rollback(context.Background())
		return rep, err
	}
	return rep, tx.Commit(ctx)
}
