package cli

import (
	"fmt"
	"io"

	"github.com/schemagen/schemagen/cmd/printers"
	"github.com/schemagen/schemagen/design"
	"github.com/spf13/cobra"
)

type validateFlags struct {
	format   string
	strict   bool
	minLevel string
	explain  bool
}

func newValidateCmd() *cobra.Command {
	var f validateFlags
	cmd := &cobra.Command{
		Use: "validate FILE...",
		// FILE may be "-" for standard input.
		Short: "Check designs and print their diagnostics",
		Long: `validate loads each design, resolves it and runs every lint rule, then prints
the diagnostics sorted by position. It exits 1 when any design has an error
(or, with --strict, a warning), 2 for a usage or I/O problem, 0 otherwise.

Rules are explained by 'schemagen explain RULE'.`,
		Example: `  schemagen validate examples/rideshare.yaml
  schemagen validate --strict --format github designs/*.yaml
  schemagen validate --format sarif design.yaml > schemagen.sarif
  schemagen validate --explain design.yaml`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runValidate(cmd, args, f)
		},
	}
	cmd.Flags().StringVar(&f.format, "format", "text", "output format: text, json, github or sarif")
	cmd.Flags().BoolVar(&f.strict, "strict", false, "fail on warnings too")
	cmd.Flags().StringVar(&f.minLevel, "level", "info", "lowest severity to print: info, warning or error")
	cmd.Flags().BoolVar(&f.explain, "explain", false, "print each rule's why and fix under its first diagnostic (text format)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json", "github", "sarif"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("level", cobra.FixedCompletions([]string{"info", "warning", "error"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runValidate(cmd *cobra.Command, args []string, f validateFlags) error {
	printer, ok := printers.ByName(f.format)
	if !ok {
		return usageError(fmt.Errorf("unknown format %q: use text, json, github or sarif", f.format))
	}
	if f.explain {
		if f.format != "text" {
			return usageError(fmt.Errorf("--explain applies to the text format, not %q", f.format))
		}
		printer = func(w io.Writer, diags design.Diagnostics, sources map[string][]byte) error {
			printers.Text(w, diags, sources, printers.TextOptions{Explain: true})
			return nil
		}
	}
	level, ok := design.ParseSeverity(f.minLevel)
	if !ok {
		return usageError(fmt.Errorf("unknown level %q: use info, warning or error", f.minLevel))
	}
	var all design.Diagnostics
	sources := map[string][]byte{}
	for _, path := range args {
		c, err := checkArg(path, cmd.InOrStdin())
		if err != nil {
			return err
		}
		sources[c.src.Name] = c.src.Data
		all = append(all, c.diags...)
	}
	all = all.Sort()
	shown := all[:0:0]
	for _, d := range all {
		if d.Severity >= level {
			shown = append(shown, d)
		}
	}
	out := &errWriter{w: cmd.OutOrStdout()}
	if err := printer(out, shown, sources); err != nil {
		return usageError(err)
	}
	if out.err != nil {
		return usageError(out.err)
	}
	if f.format == "text" {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s\n", printers.Summary(all))
	}
	if all.HasErrors() || f.strict && all.Count(design.Warning) > 0 {
		return failed()
	}
	return nil
}
