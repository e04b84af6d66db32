package design

import (
	"fmt"
	"unicode/utf8"
)

// maxExcerpt is the most bytes of one value a diagnostic quotes.
const maxExcerpt = 120

// Excerpt returns s, or its start and its length when it is longer than a
// message should quote: a multi-megabyte type name or expression must not
// come back as a multi-megabyte diagnostic.
func Excerpt(s string) string {
	if len(s) <= maxExcerpt {
		return s
	}
	n := maxExcerpt
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return fmt.Sprintf("%s… (%d bytes)", s[:n], len(s))
}

// excerptArgs cuts the string arguments of a diagnostic's message.
func excerptArgs(args []any) []any {
	for i, a := range args {
		if s, ok := a.(string); ok && len(s) > maxExcerpt {
			args[i] = Excerpt(s)
		}
	}
	return args
}

// maxHint is the most bytes of a hint, which is written with its values in.
const maxHint = 4 * maxExcerpt

func excerptHint(hint string) string {
	if len(hint) <= maxHint {
		return hint
	}
	n := maxHint
	for n > 0 && !utf8.RuneStart(hint[n]) {
		n--
	}
	return hint[:n] + "…"
}
