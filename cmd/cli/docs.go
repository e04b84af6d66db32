package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/schemagen/schemagen/generators/docsite"
	"github.com/spf13/cobra"
)

type docsFlags struct {
	out     string
	format  string
	mermaid bool
	check   bool
}

func newDocsCmd(gv *graphviz) *cobra.Command {
	var f docsFlags
	cmd := &cobra.Command{
		Use:   "docs FILE -o DIR",
		Short: "Write the design's documentation: a page per table, state machine and failure mode, with diagrams",
		Long: `docs writes the documentation of a design into a directory, to commit next to
the code: README.md tells the flow as a numbered story and shows the overview
diagrams and an index of every table, state machine, event and failure mode;
entities/TABLE.md documents a table (columns and where each comes from,
constraints, indexes, relationships both ways, its state machine, events,
failures, the flow steps that touch it and a picture of its neighbours);
machines/MACHINE.md a state machine; failures.md the failure modes. Diagrams
are SVG files under diagrams/, every link is relative, so GitHub renders the
directory as it is. --mermaid adds each diagram as a Mermaid block too.

--format html writes one self-contained index.html instead (no network needed:
the pictures are inside), with search and a dark mode.

--check writes nothing: it exits 1 and lists the files that differ when DIR
is not what the design generates (for CI), 0 when it is.

Nothing is written unless the design has no errors and every file was
generated; a file of an earlier run that this run no longer generates (the page
of a dropped table) is removed. A page that schemagen did not write is never
replaced.`,
		Example: `  schemagen docs examples/rideshare.yaml -o docs/db
  schemagen docs examples/rideshare.yaml -o docs/db --mermaid
  schemagen docs examples/rideshare.yaml -o site --format html
  schemagen docs examples/rideshare.yaml -o docs/db --check   # in CI`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDocs(cmd, args[0], f, gv)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.out, "output", "o", "", "directory to write (required)")
	fl.StringVar(&f.format, "format", docsite.FormatMarkdown, "markdown (pages and SVG files) or html (one self-contained file)")
	fl.BoolVar(&f.mermaid, "mermaid", false, "also write every diagram as a Mermaid block (Markdown only)")
	fl.BoolVar(&f.check, "check", false, "write nothing; exit 1 and list the files that differ when DIR is not up to date")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{docsite.FormatMarkdown, docsite.FormatHTML}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runDocs(cmd *cobra.Command, path string, f docsFlags, gv *graphviz) error {
	if f.out == "" {
		return usageError(errors.New("docs needs an output directory: -o DIR"))
	}
	switch f.format {
	case docsite.FormatMarkdown, docsite.FormatHTML:
	default:
		return usageError(fmt.Errorf("unknown format %q: use markdown or html", f.format))
	}
	if f.mermaid && f.format == docsite.FormatHTML {
		return usageError(errors.New("--mermaid adds Mermaid blocks to Markdown pages; the HTML site draws every diagram already"))
	}
	if info, err := os.Stat(f.out); err == nil && !info.IsDir() {
		return usageError(fmt.Errorf("%s is a file, not a directory", f.out))
	}
	c, err := loadForGenerate(path, cmd.InOrStdin(), cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	eng, err := gv.engine()
	if err != nil {
		return generatorFailed(err)
	}
	files, err := docsite.Generate(c.schema, docsite.Options{Format: f.format, Mermaid: f.mermaid, Engine: eng})
	if err != nil {
		return generatorFailed(err)
	}
	stale, err := staleDocs(f.out, files, f.format)
	if err != nil {
		return usageError(err)
	}
	if f.check {
		diffs, err := diffDocs(f.out, files, stale)
		if err != nil {
			return usageError(err)
		}
		if len(diffs) == 0 {
			fmt.Fprintf(cmd.ErrOrStderr(), "%s is up to date (%d files)\n", f.out, len(files))
			return nil
		}
		for _, d := range diffs {
			fmt.Fprintln(cmd.OutOrStdout(), d)
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "schemagen: %d of the files in %s differ from what %s generates; run schemagen docs without --check to update them\n",
			len(diffs), f.out, path)
		return failed()
	}
	if err := writeDocs(f.out, files, stale); err != nil {
		return usageError(err)
	}
	noun := "files"
	if len(files) == 1 {
		noun = "file"
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "wrote %d %s to %s\n", len(files), noun, f.out)
	return nil
}

// isPage reports whether a documentation file carries docsite.Header (pages
// and the HTML file do; pictures do not).
func isPage(name string) bool {
	return strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".html")
}

// staleDocs lists the files of an earlier run in dir that this run does not
// generate: every file under the site's own directories (entities/,
// machines/, diagrams/), and a generated page at the top.
func staleDocs(dir string, files map[string][]byte, format string) ([]string, error) {
	var stale []string
	if format == docsite.FormatHTML {
		return nil, nil // one file, always rewritten
	}
	for _, sub := range docsite.Dirs {
		root := filepath.Join(dir, sub)
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) && p == root {
				return fs.SkipDir
			}
			if err != nil {
				return err
			}
			if !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			name, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			name = filepath.ToSlash(name)
			if _, ok := files[name]; !ok {
				stale = append(stale, name)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, e := range entries {
		if _, ok := files[e.Name()]; ok || !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		if generatedPage(filepath.Join(dir, e.Name())) {
			stale = append(stale, e.Name())
		}
	}
	sort.Strings(stale)
	return stale, nil
}

// generatedPage reports whether the file at path starts with docsite.Header.
func generatedPage(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(docsite.Header))
	n, _ := io.ReadFull(f, head)
	return bytes.Equal(head[:n], []byte(docsite.Header))
}

// diffDocs lists, sorted, how dir differs from the generated files: "changed
// PATH", "missing PATH" or "stale PATH" (a file to remove).
func diffDocs(dir string, files map[string][]byte, stale []string) ([]string, error) {
	var out []string
	for _, name := range sortedNames(files) {
		old, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			out = append(out, "missing "+filepath.Join(dir, name))
		case err != nil:
			return nil, err
		case !bytes.Equal(old, files[name]):
			out = append(out, "changed "+filepath.Join(dir, name))
		}
	}
	for _, name := range stale {
		out = append(out, "stale   "+filepath.Join(dir, name))
	}
	return out, nil
}

// writeDocs writes the documentation as a set, like writeGoFiles: every file
// goes to a temporary file first and only when all are written are they
// renamed into place; then the stale files of an earlier run are removed. It
// refuses to replace or remove a page that schemagen did not write, and to
// write into a directory whose README.md is not schemagen's.
func writeDocs(dir string, files map[string][]byte, stale []string) error {
	names := sortedNames(files)
	if _, ours := files[docsite.ReadmeFile]; !ours {
		// The HTML site is one file, checked below like every page.
	} else if _, err := os.Stat(filepath.Join(dir, docsite.ReadmeFile)); err == nil && !generatedPage(filepath.Join(dir, docsite.ReadmeFile)) {
		return fmt.Errorf("refusing to write into %s: its %s was not generated by schemagen docs; write to another directory with -o", dir, docsite.ReadmeFile)
	}
	for _, name := range append(append([]string{}, names...), stale...) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if _, err := os.Stat(path); err == nil && isPage(name) && !generatedPage(path) {
			return fmt.Errorf("refusing to replace %s: it was not generated by schemagen docs (it does not start with %q); move it away or write to another directory with -o",
				path, strings.TrimSpace(docsite.Header))
		}
	}
	temps := map[string]string{}
	cleanup := func() {
		for _, tmp := range temps {
			os.Remove(tmp)
		}
	}
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			cleanup()
			return err
		}
		removeLeftovers(path)
		tmp, err := createTemp(path)
		if err != nil {
			cleanup()
			return err
		}
		temps[name] = tmp.Name()
		_, err = tmp.Write(files[name])
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			cleanup()
			return err
		}
	}
	for _, name := range names {
		if err := os.Rename(temps[name], filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			cleanup()
			return err
		}
		delete(temps, name)
	}
	for _, name := range stale {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	// A directory that only stale files filled (diagrams/groups/ of a design
	// that lost its groups) goes too; os.Remove leaves one that is not empty.
	for i := len(stale) - 1; i >= 0; i-- {
		for d := filepath.Dir(filepath.FromSlash(stale[i])); d != "." && !slices.Contains(docsite.Dirs, filepath.ToSlash(d)); d = filepath.Dir(d) {
			if os.Remove(filepath.Join(dir, d)) != nil {
				break
			}
		}
	}
	return nil
}

// sortedNames returns the paths of a file set in order.
func sortedNames(files map[string][]byte) []string {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
