package diagram

import (
	"fmt"
	"strings"
)

// Colours and fonts shared by every diagram kind. Helvetica is one of the few
// fonts whose widths Graphviz's embedded build knows, so labels fit their cells.
const (
	fontName     = "Helvetica"
	inkColor     = "#2d3748"
	mutedColor   = "#5f6b7d"
	edgeColor    = "#4a5568"
	entityHeader = "#2b6cb0"
	junctionHead = "#6b46c1"
	eventHeader  = "#2c7a7b"
	ghostColor   = "#a0aec0"
	stripeColor  = "#edf2f7"
	clusterFill  = "#f0f4f8"
	clusterLine  = "#a0aec0"
	pkColor      = "#975a16"
	fkColor      = "#2b6cb0"
	uqColor      = "#6b46c1"
	stateColor   = "#9c4221"
	enumColor    = "#6b46c1"
	warnFill     = "#fed7d7"
	warnLine     = "#c53030"
	okFill       = "#c6f6d5"
	okLine       = "#2f855a"
	stepFill     = "#ebf8ff"
	flowCreate   = "#276749" // okLine is too light for 8-point words on stepFill
)

// dotWriter accumulates DOT source with indentation.
type dotWriter struct {
	b      strings.Builder
	indent int
}

func (w *dotWriter) line(format string, args ...any) {
	for i := 0; i < w.indent; i++ {
		w.b.WriteString("  ")
	}
	fmt.Fprintf(&w.b, format, args...)
	w.b.WriteByte('\n')
}

func (w *dotWriter) open(format string, args ...any) {
	w.line(format, args...)
	w.indent++
}

func (w *dotWriter) close() {
	w.indent--
	w.line("}")
}

func (w *dotWriter) bytes() []byte { return []byte(w.b.String()) }

// quoteID quotes a DOT identifier (node, cluster or port name). Any string is
// safe once quoted: backslashes and double quotes are escaped, newlines dropped.
func quoteID(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n', '\r':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// html escapes text for a Graphviz HTML-like label.
func html(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\n', '\r':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// wrapText breaks text into lines of at most width characters, at spaces.
func wrapText(s string, width int) []string {
	var lines []string
	var cur strings.Builder
	for _, word := range strings.Fields(s) {
		if cur.Len() > 0 && cur.Len()+1+len(word) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(word)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// portName is the DOT port of a column, unique per node. The port is written
// both in an edge (a DOT string) and in the table's HTML-like label (an XML
// attribute, where a Go-quoted "<" or "\"" breaks Graphviz's parser), so
// every byte outside [A-Za-z0-9_] is spelt -HH: "a<b>" becomes "a-3cb-3e".
// The mapping is one-to-one, since a "-" in the name is escaped too.
func portName(column, side string) string {
	var b strings.Builder
	for i := 0; i < len(column); i++ {
		c := column[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "-%02x", c)
		}
	}
	return b.String() + "_" + side
}
