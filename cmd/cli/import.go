package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/schemagen/schemagen/cmd/printers"
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/generators/importdbml"
	"github.com/schemagen/schemagen/generators/importsql"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/spf13/cobra"
)

type importFlags struct {
	out  string
	name string
	dsn  string
}

func newImportCmd() *cobra.Command {
	var f importFlags
	cmd := &cobra.Command{
		Use:   "import [SQLFILE | FILE.dbml]",
		Short: "Write a design file from existing PostgreSQL DDL or DBML",
		Long: `import reads PostgreSQL DDL (hand-written files, concatenated migrations or
pg_dump --schema-only output; "-" reads standard input) and writes a design:
tables become entities, foreign keys relationships, enum types enums. What the
format cannot express (views, functions, triggers, policies, partitions, data)
is skipped with one warning per kind. With --dsn it runs pg_dump --schema-only
against a live database instead of reading a file.

A file whose name ends in .dbml is read as DBML (dbdiagram.io): tables, enums,
refs (many-to-many too), indexes, notes and TableGroups become the same design
the equivalent SQL would.

Diagnostics go to standard error; the design goes to -o or standard output.`,
		Example: `  schemagen import schema.sql -o design.yaml
  schemagen import shop.dbml -o shop.yaml
  pg_dump --schema-only mydb | schemagen import - > design.yaml
  schemagen import --dsn "host=localhost dbname=shop" -o shop.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runImport(cmd, args, f)
		},
	}
	cmd.Flags().StringVarP(&f.out, "output", "o", "", "write the design to this file instead of standard output")
	cmd.Flags().StringVar(&f.name, "name", "", "the design's name (default: from the file name)")
	cmd.Flags().StringVar(&f.dsn, "dsn", "", "import from a live database with pg_dump --schema-only (a libpq connection string)")
	return cmd
}

func runImport(cmd *cobra.Command, args []string, f importFlags) error {
	var (
		sql  []byte
		name string
		err  error
	)
	if err := refuseOverwritingInput(f.out, args...); err != nil {
		return usageError(err)
	}
	switch {
	case f.dsn != "" && len(args) > 0:
		return usageError(errors.New("give either SQLFILE or --dsn, not both"))
	case f.dsn != "":
		name = "pg_dump"
		sql, err = pgDump(f.dsn)
		if err != nil {
			return usageError(err)
		}
	case len(args) == 1:
		name = args[0]
		if name == "-" {
			name = "<stdin>"
			sql, err = io.ReadAll(io.LimitReader(cmd.InOrStdin(), 1<<30))
		} else {
			name = displayPath(args[0])
			sql, err = os.ReadFile(args[0])
		}
		if err != nil {
			return usageError(err)
		}
	default:
		return usageError(errors.New("import needs SQLFILE (or - for standard input) or --dsn"))
	}
	var out []byte
	var diags design.Diagnostics
	if len(args) == 1 && strings.EqualFold(filepath.Ext(args[0]), ".dbml") {
		out, diags, err = importdbml.Import(name, sql, importdbml.Options{Name: f.name, SQL: postgres.Checker})
	} else {
		out, diags, err = importsql.Import(name, sql, importsql.Options{Name: f.name, SQL: postgres.Checker})
	}
	printers.Text(cmd.ErrOrStderr(), diags, map[string][]byte{name: sql}, printers.TextOptions{})
	if err != nil {
		if errors.Is(err, importsql.ErrSyntax) || errors.Is(err, importsql.ErrNotExpressible) || errors.Is(err, importdbml.ErrSyntax) {
			return failed()
		}
		return usageError(err)
	}
	if f.out == "" {
		_, err = cmd.OutOrStdout().Write(out)
		if err != nil {
			return usageError(err)
		}
		return nil
	}
	if err := writeFileAtomic(f.out, out); err != nil {
		return usageError(err)
	}
	if diags.Count(design.Warning) > 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s (%s)\n", f.out, printers.Summary(diags))
	}
	return nil
}

// pgDump runs pg_dump --schema-only against a connection string.
func pgDump(dsn string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	c := exec.Command("pg_dump", "--schema-only", "--no-owner", "--no-privileges", "--dbname", dsn)
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Run(); err != nil {
		return nil, fmt.Errorf("pg_dump: %v: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	return stdout.Bytes(), nil
}
