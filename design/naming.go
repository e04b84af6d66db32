package design

import (
	"fmt"
	"hash/fnv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/jinzhu/inflection"
)

// MaxIdentifierBytes is PostgreSQL's limit on identifier length (NAMEDATALEN-1).
const MaxIdentifierBytes = 63

// Singular returns the singular of a snake_case plural name: only the last word
// changes (`order_items` -> `order_item`, `people` -> `person`).
func Singular(name string) string {
	if name == "" {
		return name
	}
	head, last := "", name
	if i := strings.LastIndexByte(name, '_'); i >= 0 && i < len(name)-1 {
		head, last = name[:i+1], name[i+1:]
	}
	w := singularWord(last)
	if w == last {
		return name
	}
	return head + w
}

// inflections caches jinzhu/inflection's answers: each call runs dozens of
// regular expressions, and a design asks for the same words many times.
type inflections struct {
	mu       sync.Mutex
	singular map[string]string
	plural   map[string]string
}

// maxCachedInflections bounds the caches, so that hostile input cannot grow them without end.
const maxCachedInflections = 1 << 16

var inflectionCache = &inflections{singular: map[string]string{}, plural: map[string]string{}}

func (c *inflections) get(m map[string]string, word string, compute func(string) string) string {
	c.mu.Lock()
	s, ok := m[word]
	c.mu.Unlock()
	if ok {
		return s
	}
	s = compute(word)
	c.mu.Lock()
	if len(m) < maxCachedInflections {
		m[word] = s
	}
	c.mu.Unlock()
	return s
}

// singularWord is inflection.Singular of one word, cached.
func singularWord(word string) string {
	return inflectionCache.get(inflectionCache.singular, word, func(w string) string {
		if s := inflection.Singular(w); s != "" {
			return s
		}
		return w
	})
}

// pluralWord is inflection.Plural of one word, cached.
func pluralWord(word string) string {
	return inflectionCache.get(inflectionCache.plural, word, inflection.Plural)
}

// ForeignKeyColumnName names the column that references refColumn of a parent
// whose singular is parentSingular. prefix is the relationship's role, or "" for
// the parent's singular. A key named after its table (`country_id` in `countries`)
// keeps its name: `country_id`, or `home_country_id` with role `home_country`.
func ForeignKeyColumnName(prefix, parentSingular, refColumn string) string {
	if prefix == "" {
		prefix = parentSingular
	}
	suffix := refColumn
	if p := parentSingular + "_"; strings.HasPrefix(refColumn, p) && len(refColumn) > len(p) {
		suffix = refColumn[len(p):]
	}
	return prefix + "_" + suffix
}

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

// inflectPlural returns the plural of the last word of a snake_case name.
func inflectPlural(name string) string {
	head, last := "", name
	if i := strings.LastIndexByte(name, '_'); i >= 0 && i < len(name)-1 {
		head, last = name[:i+1], name[i+1:]
	}
	return head + pluralWord(last)
}
