package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/schemagen/schemagen/generators/diagram"
	"github.com/spf13/cobra"
)

type diagramFlags struct {
	out     string
	format  string
	kind    string
	machine string
	focus   string
	depth   int
	group   string
	split   string
	comment bool
}

// bigDiagram is the number of tables from which one picture of everything
// stops being readable and the command suggests --split.
const bigDiagram = 60

func newDiagramCmd(gv *graphviz) *cobra.Command {
	var f diagramFlags
	cmd := &cobra.Command{
		Use:   "diagram FILE",
		Short: "Draw the ER diagram, the state machines or the flow (SVG, PNG, DOT, Mermaid)",
		Long: `diagram draws a design. --kind er (the default) draws every table with its
columns, keys and types, relationships as crow's-foot edges, clustered by group;
--kind states draws the state machines; --kind flow draws the story, step by step.

The format follows OUT's extension (.svg, .png, .dot or .gv, .mmd or .md) unless
--format is given; without -o the diagram goes to standard output (PNG only to
a file or a pipe). For big designs, --focus ENTITY [--depth N] draws one
entity's neighbourhood, --group NAME one group, and --split DIR writes one
picture per group plus an overview of the groups.`,
		Example: `  schemagen diagram examples/rideshare.yaml -o rideshare.svg
  schemagen diagram examples/rideshare.yaml --kind states -o states.svg
  schemagen diagram examples/rideshare.yaml --kind flow --format mermaid
  schemagen diagram big.yaml --focus orders --depth 2 -o orders.svg
  schemagen diagram big.yaml --split diagrams/`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDiagram(cmd, args[0], f, gv)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.out, "output", "o", "", "output file (default: standard output)")
	fl.StringVar(&f.format, "format", "", "svg, png, dot or mermaid (default: from OUT's extension, else svg)")
	fl.StringVar(&f.kind, "kind", "er", "er, states or flow")
	fl.StringVar(&f.machine, "machine", "", "with --kind states: draw only this state machine")
	fl.StringVar(&f.focus, "focus", "", "draw only this entity and its neighbours")
	fl.IntVar(&f.depth, "depth", 1, "with --focus: how many relationships away to draw")
	fl.StringVar(&f.group, "group", "", "draw only the entities of this group")
	fl.BoolVar(&f.comment, "comments", false, "draw every column's description under the column (table descriptions are always drawn)")
	fl.StringVar(&f.split, "split", "", "write one picture per group (or machine) and an overview into this directory")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(diagram.FormatNames(), cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("kind", cobra.FixedCompletions([]string{"er", "states", "flow"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runDiagram(cmd *cobra.Command, path string, f diagramFlags, gv *graphviz) error {
	if err := refuseOverwritingInput(f.out, path); err != nil {
		return usageError(err)
	}
	format := f.format
	switch {
	case format != "":
		if _, ok := diagram.FormatByName(format); !ok {
			return usageError(fmt.Errorf("unknown format %q: use %s", format, strings.Join(diagram.FormatNames(), ", ")))
		}
	case f.out != "":
		ff, ok := diagram.FormatForPath(f.out)
		if !ok {
			var exts []string
			for _, name := range diagram.FormatNames() {
				ff, _ := diagram.FormatByName(name)
				exts = append(exts, ff.Extensions[0])
			}
			return usageError(fmt.Errorf("cannot tell the format from %q: name it %s, or pass --format", f.out, strings.Join(exts, ", ")))
		}
		format = ff.Name
	default:
		format = "svg"
	}
	kind := diagram.Kind(f.kind)
	switch kind {
	case diagram.ER, diagram.States, diagram.Flow:
	default:
		return usageError(fmt.Errorf("unknown kind %q: use er, states or flow", f.kind))
	}
	if f.machine != "" && kind != diagram.States {
		return usageError(errors.New("--machine needs --kind states"))
	}
	if (f.focus != "" || f.group != "") && kind != diagram.ER {
		return usageError(errors.New("--focus and --group draw ER diagrams; drop --kind or use --kind er"))
	}
	if f.depth < 1 {
		return usageError(fmt.Errorf("--depth must be at least 1, not %d", f.depth))
	}
	if f.split != "" && f.out != "" {
		return usageError(errors.New("use either -o (one picture) or --split DIR (several), not both"))
	}
	stdout := cmd.OutOrStdout()
	if f.split == "" && f.out == "" && format == "png" && isTerminalWriter(stdout) {
		return usageError(errors.New("refusing to write a PNG image to a terminal: use -o FILE.png or redirect the output"))
	}

	c, err := loadForGenerate(path, cmd.InOrStdin(), cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	s := c.schema
	opts := diagram.Options{Kind: kind, Machine: f.machine, Focus: f.focus, Depth: f.depth, Group: f.group, Comments: f.comment}
	if format != "mermaid" {
		if opts.Engine, err = gv.engine(); err != nil {
			return generatorFailed(err)
		}
	}

	if f.split != "" {
		pics, err := diagram.Split(s, opts, format)
		if err != nil {
			return diagramError(err)
		}
		if err := os.MkdirAll(f.split, 0o755); err != nil {
			return usageError(err)
		}
		for _, p := range pics {
			if err := writeFileAtomic(filepath.Join(f.split, p.File), p.Data); err != nil {
				return usageError(err)
			}
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "wrote %d pictures to %s\n", len(pics), f.split)
		return nil
	}

	d, err := diagram.Draw(s, opts, format)
	if err != nil {
		return diagramError(err)
	}
	for _, note := range d.Notes {
		fmt.Fprintf(cmd.ErrOrStderr(), "schemagen: note: %s\n", note)
	}
	if len(d.Notes) == 0 && kind == diagram.ER && f.focus == "" && f.group == "" && len(s.Tables) > bigDiagram {
		fmt.Fprintf(cmd.ErrOrStderr(), "schemagen: hint: %d tables in one picture; --split DIR draws one readable picture per group, --focus ENTITY one neighbourhood\n", len(s.Tables))
	}
	data := d.Data
	if f.out == "" {
		_, err := stdout.Write(data)
		return err
	}
	if err := writeFileAtomic(f.out, data); err != nil {
		return usageError(err)
	}
	return nil
}

// isTerminalWriter reports whether w is a character device (a terminal).
func isTerminalWriter(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// diagramError maps a diagram error to its exit status: what was asked for is
// a usage error (2); a failure to draw a checked design is a generator failure (1).
func diagramError(err error) error {
	var opt *diagram.OptionError
	if errors.As(err, &opt) {
		return usageError(err)
	}
	return generatorFailed(err)
}
