package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/schemagen/schemagen/cmd/printers"
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/generators/postgres"
)

// displayPath makes a path relative to the working directory when that is shorter.
func displayPath(path string) string {
	if !filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && len(rel) < len(path) {
		return rel
	}
	return path
}

// checked is a design file that has been loaded, resolved and linted.
type checked struct {
	path   string
	source []byte
	schema *design.Schema
	diags  design.Diagnostics
}

// readDesign reads a design file, or standard input for "-", refusing
// anything larger than design.MaxFileSize without reading all of it.
func readDesign(path string, stdin io.Reader) ([]byte, error) {
	var r io.Reader = stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if info, err := f.Stat(); err == nil && info.IsDir() {
			return nil, fmt.Errorf("%s is a directory, not a design file", path)
		} else if err == nil && info.Mode().IsRegular() && info.Size() > design.MaxFileSize {
			return nil, &tooLargeError{path: path, size: info.Size()}
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, design.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if len(data) > design.MaxFileSize {
		return nil, &tooLargeError{path: path, size: -1}
	}
	return data, nil
}

// tooLargeError is a design file over design.MaxFileSize, with its size
// when it is known (a regular file) rather than the bytes read before stopping.
type tooLargeError struct {
	path string
	size int64 // -1 when unknown: standard input or a pipe
}

func (e *tooLargeError) Error() string {
	if e.size < 0 {
		return fmt.Sprintf("%s is more than %d bytes; designs larger than %d MiB are refused", e.path, design.MaxFileSize, design.MaxFileSize>>20)
	}
	return fmt.Sprintf("%s is %d bytes; designs larger than %d MiB are refused", e.path, e.size, design.MaxFileSize>>20)
}

// diagnostic is the error as the input-too-large diagnostic of file name.
func (e *tooLargeError) diagnostic(name string) design.Diagnostic {
	msg := fmt.Sprintf("file is %d bytes; designs larger than %d MiB are refused", e.size, design.MaxFileSize>>20)
	if e.size < 0 {
		msg = fmt.Sprintf("file is more than %d bytes; designs larger than %d MiB are refused", design.MaxFileSize, design.MaxFileSize>>20)
	}
	return design.Diagnostic{Pos: design.Pos{File: name, Line: 1, Col: 1}, Severity: design.Error,
		Rule: design.RuleInputTooLarge.Name, Message: msg}
}

// checkFile reads and checks one design file. The error is an I/O problem.
func checkFile(path string, stdin io.Reader) (*checked, error) {
	name := displayPath(path)
	if path == "-" {
		name = "<stdin>"
	}
	data, err := readDesign(path, stdin)
	var tl *tooLargeError
	if errors.As(err, &tl) {
		return &checked{path: name, diags: design.Diagnostics{tl.diagnostic(name)}}, nil
	}
	if err != nil {
		return nil, err
	}
	s, diags := checkDesign(name, data)
	return &checked{path: name, source: data, schema: s, diags: diags}, nil
}

// checkDesign is design.Check plus the check of the design's SQL expressions
// with PostgreSQL's parser, which lives here rather than in design so that
// design stays free of cgo. Every command checks designs this way.
func checkDesign(name string, data []byte) (*design.Schema, design.Diagnostics) {
	s, diags := design.Check(name, data)
	if s != nil && !diags.HasErrors() {
		if more := postgres.CheckExpressions(s); len(more) > 0 {
			diags = append(diags, more...).Sort()
		}
	}
	return s, diags
}

// loadForGenerate checks a design for a generator: diagnostics with errors are
// printed to stderr and the result is nil (the caller returns failed()).
// Warnings are not printed, so that generated output stays clean.
func loadForGenerate(path string, stdin io.Reader, stderr io.Writer) (*design.Schema, error) {
	c, err := checkFile(path, stdin)
	if err != nil {
		return nil, usageError(err)
	}
	if c.diags.HasErrors() || c.schema == nil {
		var errs design.Diagnostics
		for _, d := range c.diags {
			if d.Severity == design.Error {
				errs = append(errs, d)
			}
		}
		printers.Text(stderr, errs, map[string][]byte{c.path: c.source}, printers.TextOptions{})
		return nil, failed()
	}
	return c.schema, nil
}
