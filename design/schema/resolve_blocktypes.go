package schema

import (
	"strings"
	"unicode"
)

// blockTypes records the types that the SQL blocks running before the tables
// create (CREATE TYPE: composite, range, base and enum types), so that a
// column or a domain may use them, as the format promises. A block that runs
// after the tables creates its types too late for a column; its types are
// recorded as late, so that the error can say why.
//
// The names come from a scan of the bodies that skips comments, strings,
// quoted identifiers and dollar-quoted function bodies: package schema does
// not link PostgreSQL's parser (it needs cgo), and a CREATE TYPE is found
// reliably at the start of a statement.
func (r *resolver) blockTypes() {
	entities := make(map[string]bool, len(r.d.Entities))
	for _, e := range r.d.Entities {
		entities[e.Name] = true
	}
	late := map[string]bool{} // blocks that run after the tables
	for _, b := range r.d.SQL {
		isLate := false
		for _, a := range b.After {
			if entities[a.Name] || late[a.Name] {
				isLate = true
			}
		}
		late[b.Name] = late[b.Name] || isLate
		for _, name := range createdTypes(b.Body) {
			if r.blockTypeNames == nil {
				r.blockTypeNames = map[string]*blockType{}
			}
			if _, seen := r.blockTypeNames[name]; !seen {
				r.blockTypeNames[name] = &blockType{block: b.Name, late: isLate}
			}
		}
	}
}

// blockType is a type that a SQL block creates.
type blockType struct {
	block string // the block's name
	late  bool   // the block runs after the tables
}

// blockTypeOf returns the SQL block that creates the type a design names
// (`pair`, `test.pair`, `"Pair"`), or nil. A qualified name matches a type
// created without a schema too: the block may set search_path first.
func (r *resolver) blockTypeOf(base string) *blockType {
	if r.blockTypeNames == nil {
		return nil
	}
	var parts []string
	for _, p := range splitQualified(base) {
		parts = append(parts, identName(p))
	}
	if bt := r.blockTypeNames[strings.Join(parts, ".")]; bt != nil {
		return bt
	}
	return r.blockTypeNames[parts[len(parts)-1]]
}

// splitQualified splits a possibly schema-qualified name at dots outside
// double quotes.
func splitQualified(s string) []string {
	var parts []string
	quoted, start := false, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case '.':
			if !quoted {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, s[start:])
}

// identName is the name an identifier stands for: a quoted one as written,
// an unquoted one folded to lower case.
func identName(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	}
	return strings.ToLower(s)
}

// createdTypes lists the types that CREATE TYPE statements of body create,
// each under its name and, when qualified, under its qualified name too.
func createdTypes(body string) []string {
	toks := sqlWords(body)
	var out []string
	for i := 0; i+2 < len(toks); i++ {
		if !toks[i].word || !strings.EqualFold(toks[i].text, "create") || !toks[i+1].word || !strings.EqualFold(toks[i+1].text, "type") {
			continue
		}
		if i > 0 && toks[i-1].text != ";" {
			continue // CREATE TYPE starts a statement
		}
		j := i + 2
		if !toks[j].name {
			continue
		}
		parts := []string{toks[j].ident}
		for j+2 < len(toks) && toks[j+1].text == "." && toks[j+2].name {
			parts = append(parts, toks[j+2].ident)
			j += 2
		}
		out = append(out, parts[len(parts)-1])
		if len(parts) > 1 {
			out = append(out, strings.Join(parts, "."))
		}
	}
	return out
}

// sqlToken is a word, a quoted identifier or a punctuation character of SQL
// text; strings, comments and dollar-quoted bodies are dropped.
type sqlToken struct {
	text  string
	word  bool   // an unquoted word
	name  bool   // a word or a quoted identifier
	ident string // the name it stands for, when name is set
}

// sqlWords tokenizes SQL text just enough to find statement-leading words.
func sqlWords(s string) []sqlToken {
	var toks []sqlToken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '-' && strings.HasPrefix(s[i:], "--"):
			end := strings.IndexByte(s[i:], '\n')
			if end < 0 {
				return toks
			}
			i += end + 1
		case c == '/' && strings.HasPrefix(s[i:], "/*"):
			depth := 0
			for i < len(s) {
				if strings.HasPrefix(s[i:], "/*") {
					depth++
					i += 2
				} else if strings.HasPrefix(s[i:], "*/") {
					depth--
					i += 2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
		case c == '\'':
			backslash := i > 0 && (s[i-1] == 'E' || s[i-1] == 'e')
			i++
			for i < len(s) {
				if backslash && s[i] == '\\' {
					i += 2
					continue
				}
				if s[i] == '\'' {
					if i+1 < len(s) && s[i+1] == '\'' {
						i += 2
						continue
					}
					break
				}
				i++
			}
			i++
		case c == '"':
			end := i + 1
			for end < len(s) {
				if s[end] == '"' {
					if end+1 < len(s) && s[end+1] == '"' {
						end += 2
						continue
					}
					break
				}
				end++
			}
			if end >= len(s) {
				return toks
			}
			text := s[i : end+1]
			toks = append(toks, sqlToken{text: text, name: true, ident: identName(text)})
			i = end + 1
		case c == '$':
			if tag, ok := dollarTag(s[i:]); ok {
				end := strings.Index(s[i+len(tag):], tag)
				if end < 0 {
					return toks
				}
				i += len(tag) + end + len(tag)
				continue
			}
			i++
		case c == '_' || unicode.IsLetter(rune(c)) || c >= 0x80:
			end := i
			for end < len(s) && (s[end] == '_' || s[end] == '$' || s[end] >= 0x80 ||
				unicode.IsLetter(rune(s[end])) || unicode.IsDigit(rune(s[end]))) {
				end++
			}
			text := s[i:end]
			toks = append(toks, sqlToken{text: text, word: true, name: true, ident: strings.ToLower(text)})
			i = end
		case unicode.IsSpace(rune(c)):
			i++
		default:
			toks = append(toks, sqlToken{text: string(c)})
			i++
		}
	}
	return toks
}

// dollarTag returns the opening $tag$ of a dollar-quoted string at the start
// of s.
func dollarTag(s string) (string, bool) {
	for j := 1; j < len(s); j++ {
		c := s[j]
		if c == '$' {
			return s[:j+1], true
		}
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > 1 && c >= '0' && c <= '9' || c >= 0x80) {
			return "", false
		}
	}
	return "", false
}
