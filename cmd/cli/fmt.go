package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/format"
	"github.com/spf13/cobra"
)

func newFmtCmd() *cobra.Command {
	var checkOnly bool
	cmd := &cobra.Command{
		Use:   "fmt [--check] FILE...",
		Short: "Lay designs out canonically, keeping every comment",
		Long: `fmt rewrites each design in its canonical layout: the keys of every map in
the order docs/format.md documents them, two-space indentation, line comments
aligned, flow collections as [a, b] and {k: v}, and one blank line around each
top-level section. Every comment is kept, and names, values and short forms
are written as they were; formatting twice changes nothing.

--check rewrites nothing: it lists the files that are not formatted and exits
1 when there are any, for CI. "-" formats standard input to standard output.
A file that is not YAML is left alone and reported (exit 2).`,
		Example: `  schemagen fmt design.yaml
  schemagen fmt --check designs/*.yaml`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			unformatted := false
			for _, arg := range args {
				var data []byte
				var err error
				if arg == "-" {
					data, err = io.ReadAll(io.LimitReader(cmd.InOrStdin(), design.MaxFileSize+1))
				} else {
					data, err = os.ReadFile(arg)
				}
				if err != nil {
					return usageError(err)
				}
				if len(data) > design.MaxFileSize {
					return usageError(fmt.Errorf("%s: larger than %d MiB, not a design", arg, design.MaxFileSize>>20))
				}
				out, err := format.Format(data)
				if err != nil {
					return usageError(fmt.Errorf("%s: %v", arg, err))
				}
				switch {
				case arg == "-" && !checkOnly:
					if _, err := cmd.OutOrStdout().Write(out); err != nil {
						return err
					}
				case bytes.Equal(out, data):
				case checkOnly:
					unformatted = true
					fmt.Fprintln(cmd.OutOrStdout(), arg)
				default:
					if err := writeFileAtomic(arg, out); err != nil {
						return usageError(err)
					}
				}
			}
			if unformatted {
				return failed()
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&checkOnly, "check", false, "list the files that are not formatted and exit 1, rewriting nothing")
	return cmd
}
