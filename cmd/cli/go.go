package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/schemagen/schemagen/generators/golang"
	"github.com/spf13/cobra"
)

func newGoCmd() *cobra.Command {
	var output, pkg string
	var pgx bool
	cmd := &cobra.Command{
		Use:   "go FILE",
		Short: "Generate Go structs, enum types and state machine checks",
		Long: `go writes Go source for a design into a directory: a struct per table
(models.go), a string type with constants, Valid, Scan/Value and, for state
machines, CanTransitionTo, Next and IsTerminal per enum (enums.go), and every
table and column name as a constant (tables.go). The code needs only the
standard library (unless --pgx) and is gofmt-formatted.

The package name defaults to the design name (letters and digits only); the
directory defaults to ./PACKAGE. Nothing is written unless the design has no
errors and every file was generated. A file this command wrote before and no
longer generates (enums.go of a design without enums) is removed.`,
		Example: `  schemagen go examples/rideshare.yaml                 # writes ./rideshare/*.go
  schemagen go examples/rideshare.yaml -o internal/db --package db
  schemagen go examples/auth.yaml --pgx                 # pgx types for inet, interval, ranges...`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := loadForGenerate(args[0], cmd.InOrStdin(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			s := c.schema
			opts := golang.Options{Package: pkg, Pgx: pgx}
			if opts.Package == "" {
				opts.Package = golang.PackageName(s)
			}
			files, err := golang.Generate(s, opts)
			if err != nil {
				return generatorFailed(err)
			}
			dir := output
			if dir == "" {
				dir = opts.Package
			}
			if err := writeGoFiles(dir, files); err != nil {
				return usageError(err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %d files to %s (package %s)\n", len(files), dir, opts.Package)
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "directory to write (default ./PACKAGE)")
	cmd.Flags().StringVar(&pkg, "package", "", "Go package name (default: from the design name)")
	cmd.Flags().BoolVar(&pgx, "pgx", false, "hold interval, inet, bit strings, tsvector, ranges and geometric types in pgx v5 types (adds a dependency on github.com/jackc/pgx/v5)")
	return cmd
}

// writeGoFiles writes every file into dir, each through a temporary file and a
// rename so that no reader ever sees half a file, then removes generated files
// of an earlier run that this run no longer produces.
func writeGoFiles(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := writeFileAtomic(filepath.Join(dir, name), files[name]); err != nil {
			return err
		}
	}
	for _, name := range golang.FileNames {
		if _, keep := files[name]; keep {
			continue
		}
		path := filepath.Join(dir, name)
		if old, err := os.ReadFile(path); err == nil && bytes.HasPrefix(old, []byte(golang.Header)) {
			if err := os.Remove(path); err != nil {
				return err
			}
		}
	}
	return nil
}
