package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/schemagen/schemagen/cmd/printers"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/migrate"
	"github.com/schemagen/schemagen/internal/drift"
	"github.com/spf13/cobra"
)

// DriftDSNVariable is the environment variable drift reads the connection
// string from when --dsn is not given, so that passwords stay out of command lines and CI logs.
const DriftDSNVariable = "SCHEMAGEN_DSN"

type driftFlags struct {
	dsn              string
	dsnEnv           string
	format           string
	strict           bool
	noComments       bool
	ignore           []string
	sql              bool
	allowDestructive bool
	timeout          time.Duration
}

func newDriftCmd() *cobra.Command {
	var f driftFlags
	cmd := &cobra.Command{
		Use:   "drift DESIGN",
		Short: "Compare a live database with what DESIGN generates",
		Long: `drift reads the catalog of a live PostgreSQL database, read-only, and
compares it with the DDL that ` + "`schemagen sql DESIGN`" + ` writes: schemas,
extensions, enum types and the order of their values, tables, columns (type,
NOT NULL, default, identity, generated), primary, unique, check and foreign
keys (actions, deferrability), indexes, comments, and the triggers and
functions that enforce state machines and append-only event tables (a
disabled or edited trigger is drift).

Differences are listed by table, each at the design line it concerns. Objects
the design does not own (other tables, schemas, enum types, functions,
extensions) are reported only with --strict; --ignore leaves out names that
match a pattern (schema.table, schema.table.object; public. may be left out).

--sql prints the migration that brings the database to the design instead,
planned by the same differ as ` + "`schemagen migrate diff`" + `: destructive changes
are refused unless --allow-destructive.

The connection string comes from --dsn, or from the variable --dsn-env names
(` + DriftDSNVariable + ` by default). Exit status: 0 when the database matches, 1 on
drift, 2 when drift cannot connect, the design has errors or the arguments
are wrong.`,
		Example: `  SCHEMAGEN_DSN=postgres://reader@replica/app schemagen drift design.yaml
  schemagen drift design.yaml --dsn-env DATABASE_URL --format github
  schemagen drift design.yaml --strict --ignore 'audit.*' --ignore 'public.tmp_*'
  schemagen drift design.yaml --sql > repair.sql`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDrift(cmd, args[0], f)
		},
	}
	cmd.Flags().StringVar(&f.dsn, "dsn", "", "connection string (URL or key=value); prefer --dsn-env to keep passwords out of logs")
	cmd.Flags().StringVar(&f.dsnEnv, "dsn-env", DriftDSNVariable, "environment variable that holds the connection string when --dsn is not given")
	cmd.Flags().StringVar(&f.format, "format", "text", "output format: text, json, github or sarif")
	cmd.Flags().BoolVar(&f.strict, "strict", false, "also report objects the design does not own")
	cmd.Flags().BoolVar(&f.noComments, "no-comments", false, "leave comments out (for databases built with schemagen sql --no-comments)")
	cmd.Flags().StringArrayVar(&f.ignore, "ignore", nil, "leave out objects whose name matches this pattern (repeatable)")
	cmd.Flags().BoolVar(&f.sql, "sql", false, "print the migration that repairs the drift instead of the report")
	cmd.Flags().BoolVar(&f.allowDestructive, "allow-destructive", false, "with --sql: write destructive changes (they become warnings)")
	cmd.Flags().DurationVar(&f.timeout, "timeout", 60*time.Second, "give up connecting and reading after this long")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json", "github", "sarif"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runDrift(cmd *cobra.Command, path string, f driftFlags) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	printer, ok := printers.ByName(f.format)
	if !ok {
		return usageError(fmt.Errorf("unknown format %q: use text, json, github or sarif", f.format))
	}
	opts := drift.Options{Strict: f.strict, NoComments: f.noComments, Ignore: f.ignore}
	if err := opts.Validate(); err != nil {
		return usageError(err)
	}
	c, err := checkArg(path, cmd.InOrStdin())
	if err != nil {
		return err
	}
	sources := c.sources()
	if c.schema == nil || c.diags.HasErrors() {
		printErrors(stderr, c.diags, sources)
		return usageError(fmt.Errorf("%s has errors: fix them before comparing it with a database", c.src.Name))
	}
	dsn := f.dsn
	if dsn == "" {
		dsn = os.Getenv(f.dsnEnv)
	}
	if dsn == "" {
		return usageError(fmt.Errorf("no database: give --dsn, or set %s", f.dsnEnv))
	}

	ctx, cancel := context.WithTimeout(cmd.Context(), f.timeout)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return usageError(connectError(err))
	}
	defer conn.Close(context.Background())
	report, err := drift.Check(ctx, conn, c.schema, opts)
	if err != nil {
		var ce *drift.ConnectError
		if errors.As(err, &ce) {
			return usageError(ce)
		}
		return usageError(fmt.Errorf("reading the database: %w", err))
	}

	if f.sql {
		return printRepair(stdout, stderr, report, c, f.allowDestructive, sources)
	}
	if f.format == "text" {
		printDriftText(stdout, report, c.schema)
	} else if err := printer(stdout, report.Diagnostics(c.schema), sources); err != nil {
		return usageError(err)
	}
	if len(report.Findings) > 0 {
		fmt.Fprintf(stderr, "drift: the database differs from %s in %d %s\n", c.src.Name, len(report.Findings), plural(len(report.Findings), "place", "places"))
		return failed()
	}
	fmt.Fprintf(stderr, "no drift: the database matches %s\n", c.src.Name)
	return nil
}

func printRepair(stdout, stderr io.Writer, report *drift.Report, c *checked, allow bool, sources map[string][]byte) error {
	if len(report.Findings) == 0 {
		fmt.Fprintf(stderr, "no drift: the database matches %s, nothing to repair\n", c.src.Name)
		return nil
	}
	rep, err := drift.PlanRepair(report, c.schema, c.src.Data, migrate.Options{AllowDestructive: allow})
	if err != nil {
		return usageError(err)
	}
	printers.Text(stderr, rep.Plan.Diagnostics, sources, printers.TextOptions{})
	if rep.Destructive() {
		fmt.Fprintln(stderr, "schemagen: the repair is destructive; nothing written (review the changes above, then use --allow-destructive)")
		return failed()
	}
	if _, err := io.WriteString(stdout, rep.SQL); err != nil {
		return usageError(err)
	}
	fmt.Fprintf(stderr, "drift: %d %s to repair\n", len(report.Findings), plural(len(report.Findings), "difference", "differences"))
	return failed()
}

// printDriftText lists the differences grouped by table, tables in name order.
func printDriftText(w io.Writer, r *drift.Report, s *schema.Schema) {
	diags := r.Diagnostics(s)
	current := "\x00"
	for i, f := range r.Findings {
		if f.Table != current {
			current = f.Table
			if i > 0 {
				fmt.Fprintln(w)
			}
			if f.Table == "" {
				fmt.Fprintln(w, "database:")
			} else {
				fmt.Fprintf(w, "table %s:\n", strings.TrimPrefix(f.Table, "public."))
			}
		}
		fmt.Fprintf(w, "  %s  %s\n", f, diags[i].Pos)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// connectError says in words why drift could not connect.
func connectError(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000":
			return fmt.Errorf("cannot log in: %s (check the user and password of the connection string)", pe.Message)
		case "3D000":
			return fmt.Errorf("no such database: %s", pe.Message)
		}
		return fmt.Errorf("cannot connect: %s (SQLSTATE %s)", pe.Message, pe.Code)
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("cannot reach the server: %v", err)
	}
	return fmt.Errorf("cannot connect: %v", err)
}
