package cli

import (
	"github.com/schemagen/schemagen/design/jsonschema"
	"github.com/spf13/cobra"
)

func newSchemaCmd() *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the design format, for editors",
		Long: `schema prints the JSON Schema (draft-07) of the design format, the same
text as docs/schemagen.schema.json. yaml-language-server (VS Code's YAML
extension, Neovim, Helix, Zed) completes and checks a design that names it on
its first line: "# yaml-language-server: $schema=PATH-OR-URL" (schemagen init
writes that line). See docs/editors.md.`,
		Example: `  schemagen schema > schemagen.schema.json
  schemagen schema -o .vscode/schemagen.schema.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			out, err := jsonschema.Generate()
			if err != nil {
				return generatorFailed(err)
			}
			if output == "" || output == "-" {
				_, err := cmd.OutOrStdout().Write(out)
				return err
			}
			if err := writeFileAtomic(output, out); err != nil {
				return usageError(err)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "file to write (default standard output)")
	return cmd
}
