package schema

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design"
)

// extensionOpclasses reports an index entry whose operator class comes from
// an extension the design does not declare (`name gin_trgm_ops` without
// pg_trgm): CREATE INDEX would fail on it when the DDL runs.
func (r *resolver) extensionOpclasses(t *Table, ix *design.Index) {
	for _, c := range ix.Columns {
		opclass := IndexEntryOpclass(c.Name)
		if opclass == "" || t.Column(c.Name) != nil { // a column named with a space
			continue
		}
		ext := design.ExtensionOfOpclass(ix.Using, opclass)
		if ext == "" || r.hasExtension(ext) {
			continue
		}
		method := ix.Using
		if method == "" {
			method = "btree"
		}
		r.rep.Report(c.Pos, design.RuleUndeclaredExtension, fmt.Sprintf("declare the extension: `extensions: [%s]`", ext),
			"index on %s: operator class %s (%s) comes from the extension %s, which the design does not declare", t.Entity, opclass, method, ext)
	}
}

// IndexEntryOpclass returns the operator class of an index entry as the
// design writes it (`name gin_trgm_ops`, `(lower(name)) text_pattern_ops
// DESC`, `name COLLATE "C" myschema.my_ops(siglen = 32)`), without its
// parameters, or "" when the entry names none.
func IndexEntryOpclass(entry string) string {
	rest := strings.TrimSpace(entry)
	if strings.HasPrefix(rest, "(") {
		end := design.MatchParen(rest, 0)
		if end < 0 {
			return ""
		}
		rest = rest[end+1:]
	} else {
		rest = skipWord(rest)
	}
	for {
		rest = strings.TrimSpace(rest)
		if rest == "" {
			return ""
		}
		word := firstWord(rest)
		switch strings.ToLower(word) {
		case "collate":
			rest = skipWord(strings.TrimSpace(rest[len(word):]))
			continue
		case "asc", "desc", "nulls", "first", "last":
			rest = rest[len(word):]
			continue
		}
		if i := strings.IndexByte(word, '('); i >= 0 {
			word = word[:i]
		}
		return strings.Trim(word, `"`)
	}
}

// firstWord is the text up to the first space outside double quotes.
func firstWord(s string) string {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			quoted = !quoted
		case !quoted && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '('):
			if s[i] == '(' {
				// An operator class's parameters belong to it.
				if end := design.MatchParen(s, i); end > 0 {
					return s[:end+1]
				}
			}
			return s[:i]
		}
	}
	return s
}

// skipWord drops the first word of s.
func skipWord(s string) string { return s[len(firstWord(s)):] }
