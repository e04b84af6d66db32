// Package source reads the design a command names: a file, standard input
// ("-"), or a file as it was in a git revision ("git:REV:PATH"). Every command
// and the live preview read designs through it, so that each keeps the text for
// the excerpts under its diagnostics, refuses oversized input the same way and
// checks the design the same way (Check).
package source

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
)

// Stdin is the name diagnostics give a design read from standard input.
const Stdin = "<stdin>"

// Source is the text of a design and the name its diagnostics carry.
type Source struct {
	Arg  string // as written on the command line
	Name string // for diagnostics: a path relative to the working directory, <stdin>, or REV:PATH
	Data []byte
	// Size is the input's size in bytes. Over design.MaxFileSize, Data is
	// empty (the rest was never read) and Check reports input-too-large.
	Size int64
	// SizeKnown says Size is the whole input's (a file's); otherwise, over
	// the limit, only the bytes read before stopping are known.
	SizeKnown bool
}

// Read reads the design arg names: "-" reads stdin, "git:REV:PATH" runs
// `git show` in the working directory, anything else is a file path.
func Read(arg string, stdin io.Reader) (*Source, error) {
	switch {
	case arg == "-":
		data, size, err := readLimited(stdin, Stdin, -1)
		if err != nil {
			return nil, err
		}
		return &Source{Arg: arg, Name: Stdin, Data: data, Size: size}, nil
	case strings.HasPrefix(arg, gitArgPrefix):
		return readGit(arg)
	}
	return ReadFile(arg)
}

// ReadFile reads a design file. Errors from opening the file wrap the
// os error, so that errors.Is(err, fs.ErrNotExist) tells a missing file.
func ReadFile(path string) (*Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s is a directory, not a design file", path)
	}
	data, size, err := readLimited(f, path, info.Size())
	if err != nil {
		return nil, err
	}
	return &Source{Arg: path, Name: DisplayPath(path), Data: data, Size: size, SizeKnown: info.Mode().IsRegular()}, nil
}

// readLimited reads at most design.MaxFileSize+1 bytes. size is the input's
// size when known (a file's), -1 otherwise; the result is the size read, or
// the known size when the input is too large.
func readLimited(r io.Reader, name string, size int64) ([]byte, int64, error) {
	if size > design.MaxFileSize {
		return nil, size, nil
	}
	// A regular file's size is known: one read into a buffer of that size
	// (and room for bytes.Buffer to see the end), instead of io.ReadAll's
	// doublings.
	buf := bytes.NewBuffer(make([]byte, 0, max(size, 0)+bytes.MinRead))
	_, err := buf.ReadFrom(io.LimitReader(r, design.MaxFileSize+1))
	data := buf.Bytes()
	if err != nil {
		return nil, 0, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(data) > design.MaxFileSize {
		if size < int64(len(data)) {
			size = int64(len(data))
		}
		return nil, size, nil
	}
	return data, int64(len(data)), nil
}

// readGit reads git:REV:PATH (parseGitArg, gitShow).
func readGit(arg string) (*Source, error) {
	rev, path, err := parseGitArg(arg)
	if err != nil {
		return nil, err
	}
	out, err := gitShow(rev, path)
	if err != nil {
		return nil, err
	}
	return &Source{Arg: arg, Name: rev + ":" + path, Data: out, Size: int64(len(out)), SizeKnown: true}, nil
}

// DisplayPath makes a path relative to the working directory when that is shorter.
func DisplayPath(path string) string {
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

// Check checks the design the way every command does: check.Source with
// PostgreSQL's parser (postgres.Checker).
// A source over design.MaxFileSize gets one input-too-large error with its size.
func (s *Source) Check() (*schema.Schema, design.Diagnostics) {
	if s.Size > design.MaxFileSize {
		size := fmt.Sprintf("%d bytes", s.Size)
		if !s.SizeKnown {
			size = fmt.Sprintf("more than %d bytes", design.MaxFileSize)
		}
		return nil, design.Diagnostics{{
			Pos: design.Pos{File: s.Name, Line: 1, Col: 1}, Severity: design.Error, Rule: design.RuleInputTooLarge.Name,
			Message: fmt.Sprintf("file is %s; designs larger than %d MiB are refused", size, design.MaxFileSize>>20),
			Hint:    "split the design, or remove what it does not need",
		}}
	}
	return check.Source(s.Name, s.Data, postgres.Checker)
}
