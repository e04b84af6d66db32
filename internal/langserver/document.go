package langserver

import (
	"net/url"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/source"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// document is an open design as the editor holds it.
type document struct {
	uri     string
	name    string // the name diagnostics carry: the file's path
	text    string
	lines   []string // text split at '\n'
	version protocol.Integer
	timer   *time.Timer // the pending debounced check

	lastChange time.Time // when the editor last changed the text
	checking   int       // checks of this document running now

	checked checked // the last check of text
	// nav holds the names and where they are, from the last design that
	// loaded; navIndex builds it from navDesign and navLines when a request
	// first needs it, not after every check (it was a tenth of a check's
	// time, spent again on every keystroke whether or not it was used).
	nav       *index
	navDesign *design.Design
	navLines  []string
}

// checked is the result of one check of a document's text.
type checked struct {
	text   string
	schema *schema.Schema // nil when the text is not a design (YAML syntax error)
	diags  design.Diagnostics
}

func newDocument(uri, text string, version protocol.Integer) *document {
	d := &document{uri: uri, name: uriPath(uri), version: version}
	d.setText(text)
	return d
}

// uriPath is the file path of a file: URI, or the URI itself.
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return uri
	}
	return filepath.FromSlash(u.Path)
}

func (d *document) setText(text string) {
	d.text = text
	d.lines = strings.Split(text, "\n")
}

func (d *document) stopTimer() {
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
}

// checkText checks a design the way `schemagen validate` does.
func checkText(uri, text string) checked {
	src := &source.Source{Arg: uri, Name: uriPath(uri), Data: []byte(text), Size: int64(len(text))}
	s, diags := src.Check()
	return checked{text: text, schema: s, diags: diags}
}

func (d *document) setChecked(c checked) {
	d.checked = c
	if c.schema != nil && c.schema.Design != nil {
		d.nav, d.navDesign, d.navLines = nil, c.schema.Design, d.lines
	}
}

// navIndex is the index of the last design that loaded, or nil before one did.
func (d *document) navIndex() *index {
	if d.nav == nil && d.navDesign != nil {
		d.nav = buildIndex(d.navDesign, d.navLines)
		d.navDesign, d.navLines = nil, nil
	}
	return d.nav
}

// line returns the text of a 0-based line, or "".
func (d *document) line(n int) string {
	if n < 0 || n >= len(d.lines) {
		return ""
	}
	return strings.TrimSuffix(d.lines[n], "\r")
}

// offset is the byte offset of an LSP position (UTF-16 columns) in the text.
func (d *document) offset(p protocol.Position) int {
	off := 0
	for i := 0; i < int(p.Line) && i < len(d.lines); i++ {
		off += len(d.lines[i]) + 1
	}
	if int(p.Line) >= len(d.lines) {
		return len(d.text)
	}
	return min(off+byteCol(d.lines[p.Line], int(p.Character)), len(d.text))
}

// byteCol is the byte offset in line of a UTF-16 column.
func byteCol(line string, col16 int) int {
	n := 0
	for i, r := range line {
		if n >= col16 {
			return i
		}
		n += len(utf16.Encode([]rune{r}))
	}
	return len(line)
}

// col16 is the UTF-16 column of a byte offset in line.
func col16(line string, byteOff int) int {
	n := 0
	for i, r := range line {
		if i >= byteOff {
			break
		}
		n += len(utf16.Encode([]rune{r}))
	}
	return n
}

// runeByte is the byte offset in line of a 1-based rune column (design.Pos.Col).
func runeByte(line string, col int) int {
	i := 0
	for c := 1; c < col && i < len(line); c++ {
		_, size := utf8.DecodeRuneInString(line[i:])
		i += size
	}
	return i
}

// position is the LSP position of a design position.
func (d *document) position(p design.Pos) protocol.Position {
	if p.Line < 1 {
		return protocol.Position{}
	}
	line := d.line(p.Line - 1)
	return protocol.Position{Line: protocol.UInteger(p.Line - 1), Character: protocol.UInteger(col16(line, runeByte(line, p.Col)))}
}

// spanAt is the range of n bytes of text starting at a design position.
func (d *document) spanAt(p design.Pos, n int) protocol.Range {
	start := d.position(p)
	line := d.line(p.Line - 1)
	b := runeByte(line, p.Col)
	end := protocol.Position{Line: start.Line, Character: protocol.UInteger(col16(line, min(b+n, len(line))))}
	return protocol.Range{Start: start, End: end}
}

// wordAt is the range of the word (a name, a type, a key) starting at a
// design position; the rest of the line when no word starts there.
func (d *document) wordAt(p design.Pos) protocol.Range {
	line := d.line(p.Line - 1)
	b := runeByte(line, p.Col)
	e := b
	for e < len(line) && isWordByte(line[e]) {
		e++
	}
	if e == b {
		e = len(strings.TrimRight(line, " "))
		if e < b {
			e = b
		}
	}
	return d.spanAt(p, e-b)
}

func isWordByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// wordUnder returns the word around an LSP position and its byte range in the line.
func (d *document) wordUnder(p protocol.Position) (word string, start, end int) {
	line := d.line(int(p.Line))
	b := byteCol(line, int(p.Character))
	start, end = b, b
	for start > 0 && isWordByte(line[start-1]) {
		start--
	}
	for end < len(line) && isWordByte(line[end]) {
		end++
	}
	return line[start:end], start, end
}
