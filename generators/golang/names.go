package golang

import (
	"go/token"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// commonInitialisms is golint's list of initialisms that Go code spells in
// upper case (github.com/golang/lint, lint.go): `user_id` becomes UserID.
var commonInitialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "DNS": true,
	"EOF": true, "GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true,
	"IP": true, "JSON": true, "LHS": true, "QPS": true, "RAM": true, "RHS": true,
	"RPC": true, "SLA": true, "SMTP": true, "SQL": true, "SSH": true, "TCP": true,
	"TLS": true, "TTL": true, "UDP": true, "UI": true, "UID": true, "UUID": true,
	"URI": true, "URL": true, "UTF8": true, "VM": true, "XML": true, "XMPP": true,
	"XSRF": true, "XSS": true,
}

// words splits a name into words: at every character that cannot appear in a
// Go identifier (`_`, `-`, spaces, punctuation), where lower case meets upper
// case (`userId`), and before the last capital of a run of capitals followed
// by a lower-case letter (`HTTPServer` -> HTTP, Server).
func words(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	runes := []rune(s)
	for i, r := range runes {
		if !isIdentRune(r) || r == '_' {
			flush()
			continue
		}
		if len(cur) > 0 && unicode.IsUpper(r) {
			prev := cur[len(cur)-1]
			nextLower := i+1 < len(runes) && unicode.IsLower(runes[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return out
}

// isIdentRune reports whether r may appear in a Go identifier (a Unicode
// letter, a Unicode decimal digit, or `_`).
func isIdentRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// camel joins the words of s in Go's mixed caps: each word capitalised,
// golint's initialisms in upper case (also in the plural: `ids` -> IDs).
// The result may be empty or start with a digit; exported makes it an identifier.
func camel(s string) string {
	var b strings.Builder
	for _, w := range words(s) {
		upper := strings.ToUpper(w)
		switch {
		case commonInitialisms[upper]:
			b.WriteString(upper)
		case len(upper) > 2 && strings.HasSuffix(upper, "S") && commonInitialisms[upper[:len(upper)-1]]:
			b.WriteString(upper[:len(upper)-1] + "s")
		case commonInitialisms[strings.TrimRight(upper, "0123456789")]:
			b.WriteString(upper) // id2 -> ID2
		default:
			r, size := utf8.DecodeRuneInString(w)
			b.WriteRune(unicode.ToUpper(r))
			b.WriteString(strings.ToLower(w[size:]))
		}
	}
	return b.String()
}

// exported returns the exported Go identifier for a database name: `rides`
// stays in the singular the caller passes, `user_id` -> UserID, `api_url` ->
// APIURL. A name that would start with a digit or with a letter that has no
// upper case (`1st`, `名前`), or has no letters or digits at all, gets the
// prefix X, so the result is always a valid exported identifier and never a
// keyword or predeclared identifier (those are all lower case).
func exported(s string) string {
	c := camel(s)
	if c == "" {
		return "X"
	}
	if r, _ := utf8.DecodeRuneInString(c); !unicode.IsUpper(r) {
		return "X" + c
	}
	return c
}

// packageName derives a Go package name from a design name: lower case,
// letters and digits only, with a `db` prefix when that leaves nothing, a
// leading digit or a keyword.
func packageName(design string) string {
	var b strings.Builder
	for _, r := range design {
		if r != '_' && isIdentRune(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	name := b.String()
	if r, _ := utf8.DecodeRuneInString(name); name == "" || !unicode.IsLetter(r) || token.IsKeyword(name) || name == "main" {
		name = "db" + name
	}
	return name
}

// validPackageName reports whether name can name a generated package.
func validPackageName(name string) bool {
	return token.IsIdentifier(name) && name != "_" && name != "main"
}

// namespace hands out unique identifiers within one Go scope (the package
// block, or the fields of one struct). Names are claimed in a fixed order, so
// the result is deterministic; a name that is taken gets the smallest number
// suffix (2, 3, ...) that is neither taken nor the natural name of another
// claim, so that `user_id`, `userId` and `user_id2` become UserID, UserID3 and UserID2.
type namespace struct {
	used    map[string]bool
	natural map[string]bool
}

func newNamespace() *namespace {
	return &namespace{used: map[string]bool{}, natural: map[string]bool{}}
}

// expect records names that later claims will ask for, so that suffixes avoid them.
func (ns *namespace) expect(names ...string) {
	for _, n := range names {
		ns.natural[n] = true
	}
}

// claim returns base, or base with a number suffix when base is taken
// (after an underscore when base ends in a digit).
func (ns *namespace) claim(base string) string {
	name := base
	sep := ""
	if r, _ := utf8.DecodeLastRuneInString(base); unicode.IsDigit(r) {
		sep = "_" // Kind1 and Kind1_2, not Kind1 and Kind12
	}
	for n := 2; ns.used[name]; n++ {
		name = base + sep + strconv.Itoa(n)
		if ns.natural[name] {
			name = base // keep looking
			continue
		}
	}
	ns.used[name] = true
	return name
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
