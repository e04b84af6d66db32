package cli

import (
	"io"
	"time"

	"github.com/schemagen/schemagen/internal/langserver"
	"github.com/spf13/cobra"
)

func newLSPCmd() *cobra.Command {
	var debounce time.Duration
	cmd := &cobra.Command{
		Use:   "lsp",
		Short: "Serve the Language Server Protocol on stdio, for editors",
		Long: `lsp is schemagen's language server: an editor starts it and talks to it on
standard input and output. Designs are checked as you type with the same checks
as 'schemagen validate' (diagnostics with their rule, hint and a link to the
rule's explanation); hover shows the resolved table of an entity or field and
the transitions of a state; go to definition and find references follow
entities, fields, enums, states, events and failures; completion offers keys,
entity names, field types, enum values and state names; code actions apply the
hints that say exactly what to write. Setup for VS Code, Neovim and Helix:
docs/editors.md.`,
		Example: `  schemagen lsp`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			srv := langserver.New(langserver.Options{Debounce: debounce, Version: Version})
			return srv.Serve(cmd.Context(), stdio{cmd.InOrStdin(), cmd.OutOrStdout()})
		},
	}
	cmd.Flags().DurationVar(&debounce, "debounce", langserver.DefaultDebounce, "during a burst of changes, how long to wait after the last one before checking again (a lone change is checked at once)")
	return cmd
}

// stdio joins the command's standard input and output into the one stream the server reads and writes.
type stdio struct {
	io.Reader
	io.Writer
}

// Close does nothing: the process's streams close when it exits.
func (stdio) Close() error { return nil }
