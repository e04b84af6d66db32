package cli

import (
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/spf13/cobra"
)

type sqlFlags struct {
	out           string
	noTransaction bool
	noComments    bool
}

func newSQLCmd() *cobra.Command {
	var f sqlFlags
	cmd := &cobra.Command{
		Use:   "sql FILE",
		Short: "Generate PostgreSQL DDL that enforces the design",
		Long: `sql writes the PostgreSQL DDL of a design: schemas, enum types, tables,
keys, indexes and comments, plus triggers that make the database enforce the
state machines (an UPDATE to a state the design does not allow fails) and keep
event tables append-only. The file applies in one transaction on an empty
database (PostgreSQL 14 or later) and is meant to be the first migration.

A design with errors gets no output: the diagnostics are printed and the exit
status is 1. With -o, the file is written only once generation succeeded.`,
		Example: `  schemagen sql examples/rideshare.yaml
  schemagen sql examples/rideshare.yaml -o migrations/0001_init.sql
  schemagen sql design.yaml | psql -v ON_ERROR_STOP=1 mydb`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSQL(cmd, args[0], f)
		},
	}
	cmd.Flags().StringVarP(&f.out, "output", "o", "", "write the DDL to this file instead of standard output")
	cmd.Flags().BoolVar(&f.noTransaction, "no-transaction", false, "leave out BEGIN/COMMIT (for migration tools that add their own)")
	cmd.Flags().BoolVar(&f.noComments, "no-comments", false, "leave out COMMENT ON statements")
	return cmd
}

func runSQL(cmd *cobra.Command, path string, f sqlFlags) error {
	stderr := cmd.ErrOrStderr()
	if err := refuseOverwritingInput(f.out, path); err != nil {
		return usageError(err)
	}
	c, err := loadForGenerate(path, cmd.InOrStdin(), stderr)
	if err != nil {
		return err
	}
	out, err := postgres.Generate(c.schema, postgres.Options{NoTransaction: f.noTransaction, NoComments: f.noComments})
	if err != nil {
		return generatorFailed(err)
	}
	if f.out == "" || f.out == "-" {
		_, err := cmd.OutOrStdout().Write(out)
		return err
	}
	if err := writeFileAtomic(f.out, out); err != nil {
		return usageError(err)
	}
	return nil
}
