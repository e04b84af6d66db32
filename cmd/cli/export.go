package cli

import (
	"fmt"
	"sort"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/dbml"
	"github.com/schemagen/schemagen/generators/prisma"
	"github.com/spf13/cobra"
)

// exporter writes a design in another tool's format.
type exporter struct {
	format   string // the command-line name: `schemagen export FORMAT`
	what     string // one line for the help text
	generate func(*schema.Schema) ([]byte, error)
}

// exporters lists every export format: adding a format is a generator
// package and one line here.
var exporters = []exporter{
	{"dbml", "DBML for dbdiagram.io: tables, references, enums, notes, table groups", dbml.Generate},
	{"prisma", "a Prisma schema: models, relations, enums, @map/@@map, @db. native types", prisma.Generate},
}

func exporterFor(format string) (exporter, bool) {
	for _, e := range exporters {
		if e.format == format {
			return e, true
		}
	}
	return exporter{}, false
}

type exportFlags struct {
	out string
}

func newExportCmd() *cobra.Command {
	var f exportFlags
	var formats []string
	for _, e := range exporters {
		formats = append(formats, "  "+e.format+": "+e.what)
	}
	sort.Strings(formats)
	cmd := &cobra.Command{
		Use:   "export FORMAT DESIGN",
		Short: "Write a design in another tool's format (" + strings.Join(exportFormats(), ", ") + ")",
		Long: `export writes the resolved schema of a design (derived foreign keys, junction
and event tables included) in the format of another tool. A design with
errors gets no output. Formats:

` + strings.Join(formats, "\n"),
		Example: `  schemagen export dbml examples/rideshare.yaml -o rideshare.dbml
  schemagen export prisma examples/rideshare.yaml -o prisma/schema.prisma`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(cmd, args[0], args[1], f)
		},
	}
	cmd.Flags().StringVarP(&f.out, "output", "o", "", "write to this file instead of standard output")
	return cmd
}

func exportFormats() []string {
	var out []string
	for _, e := range exporters {
		out = append(out, e.format)
	}
	return out
}

func runExport(cmd *cobra.Command, format, path string, f exportFlags) error {
	e, ok := exporterFor(format)
	if !ok {
		return usageError(fmt.Errorf("unknown export format %q (known: %s)", format, strings.Join(exportFormats(), ", ")))
	}
	c, err := loadForGenerate(path, cmd.InOrStdin(), cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	out, err := e.generate(c.schema)
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
