package cli

import (
	"io"

	"github.com/schemagen/schemagen/cmd/printers"
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/source"
)

// displayPath makes a path relative to the working directory when that is shorter.
func displayPath(path string) string { return source.DisplayPath(path) }

// checked is a design that has been read and checked, with its text for the
// excerpts under its diagnostics.
type checked struct {
	src    *source.Source
	schema *schema.Schema
	diags  design.Diagnostics
}

// sources maps the design's name to its text, for the printers.
func (c *checked) sources() map[string][]byte { return map[string][]byte{c.src.Name: c.src.Data} }

// checkArg reads the design arg names (a file, "-" or git:REV:PATH) and checks
// it: the one path by which every command reads a design. The error is a
// usage error (the design could not be read); diagnostics are in the result.
func checkArg(arg string, stdin io.Reader) (*checked, error) {
	src, err := source.Read(arg, stdin)
	if err != nil {
		return nil, usageError(err)
	}
	s, diags := src.Check()
	return &checked{src: src, schema: s, diags: diags}, nil
}

// loadForGenerate checks a design for a generator or the migration differ:
// when it has errors, they are printed to stderr and the error is failed().
// Warnings are not printed, so that generated output stays clean.
func loadForGenerate(arg string, stdin io.Reader, stderr io.Writer) (*checked, error) {
	c, err := checkArg(arg, stdin)
	if err != nil {
		return nil, err
	}
	if c.schema == nil || c.diags.HasErrors() {
		printErrors(stderr, c.diags, c.sources())
		return nil, failed()
	}
	return c, nil
}

// printErrors prints the errors among diags, with their source lines.
func printErrors(stderr io.Writer, diags design.Diagnostics, sources map[string][]byte) {
	var errs design.Diagnostics
	for _, d := range diags {
		if d.Severity == design.Error {
			errs = append(errs, d)
		}
	}
	printers.Text(stderr, errs, sources, printers.TextOptions{})
}
