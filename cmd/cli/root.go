// Package cli implements the schemagen command line. Commands never call
// os.Exit: Run returns the exit status.
package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// Version is the schemagen version, set at build time with -ldflags "-X ...cli.Version=...".
var Version = "0.1.0-dev"

// Run executes the command line args and returns the exit status.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	gv := &graphviz{open: openWorkers(stderr)}
	defer gv.close()
	root := newRootCmd(gv)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "schemagen: %v\n", ee.err)
		}
		return ee.code
	}
	// Cobra's own errors: unknown command or flag, wrong number of arguments.
	fmt.Fprintf(stderr, "schemagen: %v\nRun 'schemagen --help' for usage.\n", err)
	return ExitUsage
}

// newRootCmd builds the command tree; gv is the Graphviz engine of the
// commands that draw.
func newRootCmd(gv *graphviz) *cobra.Command {
	root := &cobra.Command{
		Use:   "schemagen",
		Short: "Design databases from the story: flow, entities, states, events and failures",
		Long: `schemagen reads a design written as a story (what happens, the entities
involved, how they relate, the states they move through, the events worth
recording and the failures the system must survive), validates it like a
compiler, and generates ER, state and flow diagrams, PostgreSQL DDL that
enforces the state machines, Go code and migrations.`,
		Version:       Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError(err) })
	root.AddCommand(
		newValidateCmd(),
		newExplainCmd(),
		newInitCmd(),
		newImportCmd(),
		newGoCmd(),
		newSQLCmd(),
		newSeedCmd(),
		newDiagramCmd(gv),
		newDocsCmd(gv),
		newServeCmd(gv),
		newMigrateCmd(),
		newDriftCmd(),
		newSchemaCmd(),
		newLSPCmd(),
		newFmtCmd(),
		newExportCmd(),
	)
	return root
}
