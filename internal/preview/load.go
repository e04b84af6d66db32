package preview

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/rulebook"
	"github.com/schemagen/schemagen/internal/source"
)

// File statuses, as the page shows them.
const (
	statusOK         = "ok"         // the design checks without errors (warnings allowed)
	statusErrors     = "errors"     // the design has errors; the last good diagrams stay visible
	statusMissing    = "missing"    // the file does not exist (deleted, or renamed away)
	statusUnreadable = "unreadable" // the file exists but cannot be read
)

// snapshot is one version of the design as the page sees it. It is immutable
// once published: handlers read it without locks.
type snapshot struct {
	version int
	key     [32]byte // what was read: content hash, or the problem; equal keys mean no change
	state   []byte   // the JSON of pageState, built once

	// good is the newest version without errors: what the diagrams and the
	// generated code show. It may be this snapshot's own version or an older one.
	good *goodDesign
}

// goodDesign is a version of the design that checked without errors, with the
// diagrams and code rendered from it (lazily, once each).
type goodDesign struct {
	version   int
	schema    *schema.Schema
	artifacts *artifacts
}

// pageState is what GET /api/state returns.
type pageState struct {
	Version int    `json:"version"`
	File    string `json:"file"` // as given on the command line
	Path    string `json:"path"` // absolute
	Status  string `json:"status"`
	Problem string `json:"problem,omitempty"` // why the file could not be read
	Design  string `json:"design,omitempty"`  // the design's name
	Summary string `json:"summary,omitempty"` // "12 tables, 3 state machines, 4 enums"

	Counts      counts              `json:"counts"`
	Diagnostics []diagnostic        `json:"diagnostics"`
	Rules       map[string]ruleInfo `json:"rules"`

	// Shown is the version the diagrams and code come from (0: none yet).
	Shown    int        `json:"shown"`
	Diagrams []string   `json:"diagrams"` // diagram kinds the server can draw
	Code     []codeInfo `json:"code"`     // generated code tabs
}

type counts struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

type diagnostic struct {
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
	Pos      string `json:"pos"`            // file:line:col, as compilers print it
	Line     int    `json:"line"`           // 0 when unknown
	Col      int    `json:"col"`            // 0 when unknown
	Link     string `json:"link,omitempty"` // opens the position in VS Code
}

type ruleInfo struct {
	Title string `json:"title"`
	Doc   string `json:"doc"`
}

type codeInfo struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

// readResult is the outcome of reading the design file.
type readResult struct {
	data      []byte
	size      int64  // over design.MaxFileSize, data is empty and the check says so
	sizeKnown bool   // size is the file's own (a regular file), not the bytes read
	status    string // statusOK when data was read, else missing or unreadable
	problem   string
}

// readDesign reads the file through the commands' reader (internal/source),
// which reads no more than design.MaxFileSize+1 bytes.
func readDesign(path string) readResult {
	src, err := source.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return readResult{status: statusMissing, problem: "file missing: " + path + " does not exist (deleted or renamed?); waiting for it to come back"}
	case err != nil:
		return readResult{status: statusUnreadable, problem: "cannot read the file: " + err.Error()}
	}
	return readResult{data: src.Data, size: src.Size, sizeKnown: src.SizeKnown, status: statusOK}
}

// key identifies what was read, so that a save that changes nothing (or an
// editor writing the same bytes twice) does not make a new version.
func (r readResult) key() [32]byte {
	if r.status != statusOK {
		return sha256.Sum256([]byte(r.status + "\x00" + r.problem))
	}
	if r.data == nil {
		return sha256.Sum256([]byte(fmt.Sprintf("too large\x00%d", r.size)))
	}
	return sha256.Sum256(r.data)
}

// vscodeLink is a link that opens abs at line:col in VS Code.
func vscodeLink(abs string, line, col int) string {
	p := filepath.ToSlash(abs)
	if runtime.GOOS == "windows" || !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	p = fmt.Sprintf("%s:%d", p, line)
	if col > 0 {
		p = fmt.Sprintf("%s:%d", p, col)
	}
	return (&url.URL{Scheme: "vscode", Host: "file", Path: p}).String()
}

// buildState turns a read and its check into the page's JSON.
func buildState(version int, name, abs string, r readResult, s *schema.Schema, diags design.Diagnostics, good *goodDesign, kinds []string, code []CodeGenerator) []byte {
	st := pageState{
		Version:     version,
		File:        name,
		Path:        abs,
		Status:      r.status,
		Problem:     r.problem,
		Diagnostics: []diagnostic{},
		Rules:       map[string]ruleInfo{},
		Diagrams:    kinds,
		Code:        []codeInfo{},
	}
	if st.Diagrams == nil {
		st.Diagrams = []string{}
	}
	for _, c := range code {
		st.Code = append(st.Code, codeInfo{Name: c.Name, Title: c.Title})
	}
	if good != nil {
		st.Shown = good.version
	}
	if r.status == statusOK {
		if diags.HasErrors() {
			st.Status = statusErrors
		}
		if s != nil {
			st.Design = s.Name
			st.Summary = summary(s)
		}
		for _, d := range diags {
			switch d.Severity {
			case design.Error:
				st.Counts.Errors++
			case design.Warning:
				st.Counts.Warnings++
			default:
				st.Counts.Infos++
			}
			out := diagnostic{
				Severity: d.Severity.String(),
				Rule:     d.Rule,
				Message:  d.Message,
				Hint:     d.Hint,
				Pos:      d.Pos.String(),
				Line:     d.Pos.Line,
				Col:      d.Pos.Col,
			}
			if d.Pos.IsValid() {
				out.Link = vscodeLink(abs, d.Pos.Line, d.Pos.Col)
			}
			st.Diagnostics = append(st.Diagnostics, out)
			if rule, ok := rulebook.All().Lookup(d.Rule); ok {
				st.Rules[d.Rule] = ruleInfo{Title: rule.Title(), Doc: strings.TrimRight(rule.Doc, "\n")}
			}
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(st); err != nil {
		// Every field is a plain string, number, slice or map of them.
		panic("preview: encoding the page state: " + err.Error())
	}
	return buf.Bytes()
}

// summary counts what the design resolves to, for the page's header.
func summary(s *schema.Schema) string {
	plural := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	return strings.Join([]string{
		plural(len(s.Tables), "table", "tables"),
		plural(len(s.Enums), "enum", "enums"),
		plural(len(s.Machines), "state machine", "state machines"),
		plural(len(s.Flow), "flow step", "flow steps"),
	}, ", ")
}
