package docsite

import (
	"fmt"
	"strings"
)

// md builds one Markdown page; links are written relative to the page.
type md struct {
	b    strings.Builder
	path string // the page's own path, for relative links
}

func (m *md) line(format string, args ...any) {
	fmt.Fprintf(&m.b, format, args...)
	m.b.WriteByte('\n')
}

func (m *md) blank() { m.b.WriteByte('\n') }

// link is a Markdown link from this page to a file of the site.
func (m *md) link(text, to string) string {
	return "[" + text + "](" + rel(m.path, to) + ")"
}

// image shows a picture of the site, with the Mermaid text under it when given.
func (m *md) image(alt, file, mermaid string) {
	m.line("![%s](%s)", escapeText(alt), rel(m.path, file))
	m.blank()
	if mermaid != "" {
		m.line("```mermaid")
		m.b.WriteString(strings.TrimRight(mermaid, "\n"))
		m.b.WriteByte('\n')
		m.line("```")
		m.blank()
	}
}

// table writes a Markdown table; cells are already Markdown.
func (m *md) table(head []string, rows [][]string) {
	m.line("| %s |", strings.Join(head, " | "))
	sep := make([]string, len(head))
	for i := range sep {
		sep[i] = "---"
	}
	m.line("| %s |", strings.Join(sep, " | "))
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = cell(c)
		}
		m.line("| %s |", strings.Join(cells, " | "))
	}
	m.blank()
}

// code is an inline code span that holds any text.
func code(s string) string {
	if s == "" {
		return ""
	}
	s = oneLine(s)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || fence != "`" {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// cell makes Markdown fit in one table cell: one line, pipes escaped.
func cell(s string) string {
	return strings.ReplaceAll(oneLine(s), "|", `\|`)
}

// oneLine joins the lines of a text with spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\r", " ")), " ")
}

// escapeText escapes the characters that Markdown would read as markup in a
// name or a step written as plain text.
func escapeText(s string) string {
	var b strings.Builder
	for _, r := range oneLine(s) {
		if strings.ContainsRune("\\`*_[]<>#|!~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// paragraph writes a description as its own paragraph, Markdown allowed (a
// description is prose its author may format).
func (m *md) paragraph(s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	m.line("%s", s)
	m.blank()
}
