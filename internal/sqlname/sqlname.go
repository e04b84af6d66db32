// Package sqlname holds the rules of PostgreSQL identifiers and literals that
// every generator shares: the 63-byte limit, stable names for generated
// objects, quoting, and the reserved words.
package sqlname

import (
	"fmt"
	"hash/fnv"
	"strings"
	"unicode/utf8"
)

// MaxIdentifierBytes is PostgreSQL's limit on identifier length (NAMEDATALEN-1).
const MaxIdentifierBytes = 63

// ObjectName builds the name of a generated database object (constraint,
// index, trigger, function) from parts joined by "_". A name longer than 63
// bytes keeps as much of its start as fits and ends in a stable hash of the
// whole, so that it stays unique and the same on every run.
func ObjectName(parts ...string) string {
	name := strings.Join(parts, "_")
	if len(name) <= MaxIdentifierBytes {
		return name
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	suffix := fmt.Sprintf("_%08x", h.Sum32())
	return TruncateIdentifier(name, MaxIdentifierBytes-len(suffix)) + suffix
}

// TruncateIdentifier cuts s to at most n bytes without splitting a UTF-8 character,
// the way PostgreSQL truncates identifiers.
func TruncateIdentifier(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// FoldName is the key under which PostgreSQL could confuse two names: lower case,
// truncated to 63 bytes.
func FoldName(s string) string {
	return TruncateIdentifier(strings.ToLower(s), MaxIdentifierBytes)
}

// QuoteLiteral quotes s as an SQL string literal. A value with a backslash
// becomes an escape string (E'...', backslashes doubled), which reads the same
// whatever standard_conforming_strings says: in a plain literal a backslash
// escapes the next quote when that setting is off, ending the literal early.
func QuoteLiteral(s string) string {
	q := strings.ReplaceAll(s, "'", "''")
	if strings.Contains(s, `\`) {
		return "E'" + strings.ReplaceAll(q, `\`, `\\`) + "'"
	}
	return "'" + q + "'"
}

// reservedWords are PostgreSQL's reserved key words, including those that may
// only be function or type names: none can name a table or column unquoted.
var reservedWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`all analyse analyze and any array as asc asymmetric both case cast check
		collate column constraint create current_catalog current_date current_role current_time
		current_timestamp current_user default deferrable desc distinct do else end except false fetch
		for foreign from grant group having in initially intersect into lateral leading limit localtime
		localtimestamp not null offset on only or order placing primary references returning select
		session_user some symmetric system_user table then to trailing true union unique user using variadic when
		where window with
		authorization binary collation concurrently cross current_schema freeze full ilike inner is
		isnull join left like natural notnull outer overlaps right similar tablesample verbose`) {
		m[w] = true
	}
	return m
}()

// IsReserved reports whether name is a PostgreSQL reserved word (case-insensitive).
func IsReserved(name string) bool { return reservedWords[strings.ToLower(name)] }

// NeedsQuotes reports whether an identifier must be double-quoted in SQL: a
// reserved word, upper case, or any character outside [a-z0-9_$].
func NeedsQuotes(name string) bool {
	if name == "" || !(name[0] >= 'a' && name[0] <= 'z' || name[0] == '_') {
		return true
	}
	for i := 1; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '$') {
			return true
		}
	}
	return reservedWords[name]
}

// QuoteIdent returns name as an SQL identifier, quoted only where needed.
func QuoteIdent(name string) string {
	if !NeedsQuotes(name) {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// SerialSequence is the name PostgreSQL gives the sequence of a serial column
// (makeObjectName: the longer of the table and column names is cut until
// "table_column_seq" fits in 63 bytes).
func SerialSequence(table, column string) string {
	avail := MaxIdentifierBytes - len("_seq") - 1
	n1, n2 := len(table), len(column)
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	return TruncateIdentifier(table, n1) + "_" + TruncateIdentifier(column, n2) + "_seq"
}
