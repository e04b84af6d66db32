package design

import (
	"strings"
	"sync"

	"github.com/jinzhu/inflection"
)

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

// Plural returns the plural of the last word of a snake_case name.
func Plural(name string) string {
	head, last := "", name
	if i := strings.LastIndexByte(name, '_'); i >= 0 && i < len(name)-1 {
		head, last = name[:i+1], name[i+1:]
	}
	return head + pluralWord(last)
}
