package cli

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/internal/rulebook"
	"github.com/spf13/cobra"
)

func newExplainCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explain [RULE]",
		Short: "Explain a lint rule, or list them all",
		Long: `explain prints what a rule catches, why it matters, a bad and a good example,
and how to fix it. Without an argument it lists every rule with its severity.`,
		Example: `  schemagen explain
  schemagen explain state-without-exit`,
		Args: cobra.MaximumNArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			var names []string
			for _, r := range rulebook.All().Rules() {
				names = append(names, r.Name+"\t"+r.Title())
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			out := cmd.OutOrStdout()
			if len(args) == 0 {
				width := 0
				for _, r := range rulebook.All().Rules() {
					width = max(width, len(r.Name))
				}
				for _, r := range rulebook.All().Rules() {
					fmt.Fprintf(out, "%-*s  %-7s  %s\n", width, r.Name, r.Severity, r.Title())
				}
				return nil
			}
			r, ok := rulebook.All().Lookup(args[0])
			if !ok {
				msg := fmt.Sprintf("no rule named %q", design.Excerpt(args[0]))
				if s := rulebook.All().Suggest(args[0]); s != "" {
					msg += fmt.Sprintf("; did you mean %q?", s)
				}
				return usageError(fmt.Errorf("%s (run 'schemagen explain' for the list)", msg))
			}
			fmt.Fprintf(out, "%s (%s)\n\n%s\n", r.Name, r.Severity, strings.TrimRight(r.Doc, "\n"))
			return nil
		},
	}
}
