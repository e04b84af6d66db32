package golang

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/schemagen/schemagen/internal/sqlname"
)

// writer builds one Go file. Output is unformatted; generate runs go/format.
type writer struct {
	b strings.Builder
}

func (w *writer) p(format string, args ...any) {
	fmt.Fprintf(&w.b, format, args...)
	w.b.WriteByte('\n')
}

// comment writes text as // lines, one per line of text, with the given indent.
func (w *writer) comment(indent, text string) {
	for _, line := range strings.Split(strings.TrimRight(normalizeNewlines(text), "\n"), "\n") {
		line = strings.TrimRight(line, " \t")
		if line == "" {
			w.b.WriteString(indent + "//\n")
			continue
		}
		w.b.WriteString(indent + "// " + line + "\n")
	}
}

// header writes the generated-code header, the package clause and the imports.
func (w *writer) header(doc, pkg string, imports []string) {
	w.b.WriteString(Header + "\n")
	if doc != "" {
		w.comment("", doc)
	}
	w.p("package %s", pkg)
	if len(imports) > 0 {
		// The standard library first, then other modules, as goimports groups them.
		var std, other []string
		for _, imp := range imports {
			if first, _, _ := strings.Cut(imp, "/"); strings.Contains(first, ".") {
				other = append(other, imp)
			} else {
				std = append(std, imp)
			}
		}
		sort.Strings(std)
		sort.Strings(other)
		w.p("\nimport (")
		for _, imp := range std {
			w.p("\t%s", strconv.Quote(imp))
		}
		if len(std) > 0 && len(other) > 0 {
			w.p("")
		}
		for _, imp := range other {
			w.p("\t%s", strconv.Quote(imp))
		}
		w.p(")")
	}
}

func (w *writer) bytes() []byte { return []byte(w.b.String()) }

func normalizeNewlines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// oneLine collapses all white space (newlines included) so text fits in a line comment.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// sentence makes a description end like a sentence.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}

// sqlName is a table's name as a query must write it: schema-qualified
// outside public, each part quoted only where PostgreSQL needs it.
func sqlName(schema, name string) string {
	if schema == "" || schema == "public" {
		return sqlname.QuoteIdent(name)
	}
	return sqlname.QuoteIdent(schema) + "." + sqlname.QuoteIdent(name)
}

// structTag returns a struct tag literal with db and json keys. The json key
// is left out for a column name encoding/json cannot use as a key (it would
// fall back to the field name anyway); the tag is a raw string unless the
// name holds a backquote.
func structTag(column string) string {
	tag := "db:" + strconv.Quote(column)
	switch {
	case column == "-":
		tag += ` json:"-,"` // "-" alone would hide the field from encoding/json
	case validJSONKey(column):
		tag += " json:" + strconv.Quote(column)
	}
	if strings.ContainsRune(tag, '`') {
		return strconv.Quote(tag)
	}
	return "`" + tag + "`"
}

// validJSONKey mirrors encoding/json's isValidTag: the characters a json tag
// name may hold.
func validJSONKey(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !isLetterOrDigit(c):
			return false
		}
	}
	return true
}
