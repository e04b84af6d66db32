package seed

import (
	"math/rand/v2"
	"regexp/syntax"
	"strings"
	"unicode"
)

// maxRepeat bounds the open repetitions (x*, x+, x{3,}) of a pattern.
const maxRepeat = 12

// fromPattern writes a random string that the pattern matches. Anchors are
// taken as given (seed writes the whole value), so ^ and $ add nothing.
// It reports false for constructs it cannot produce (backreferences do not
// exist in Go's syntax; word boundaries are the one case).
func fromPattern(re *syntax.Regexp, r *rand.Rand, b *strings.Builder) bool {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
		return true
	case syntax.OpLiteral:
		for _, c := range re.Rune {
			b.WriteRune(c)
		}
		return true
	case syntax.OpCharClass:
		c, ok := pickRune(re.Rune, r)
		if ok {
			b.WriteRune(c)
		}
		return ok
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte(byte('a' + r.IntN(26)))
		return true
	case syntax.OpCapture:
		return fromPattern(re.Sub[0], r, b)
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if !fromPattern(s, r, b) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		return fromPattern(re.Sub[r.IntN(len(re.Sub))], r, b)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := 0, maxRepeat
		switch re.Op {
		case syntax.OpPlus:
			lo = 1
		case syntax.OpQuest:
			hi = 1
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Max
			if hi < 0 {
				hi = max(lo, maxRepeat)
			}
		}
		n := lo
		if hi > lo {
			n += r.IntN(hi - lo + 1)
		}
		for i := 0; i < n; i++ {
			if !fromPattern(re.Sub[0], r, b) {
				return false
			}
		}
		return true
	}
	return false
}

// pickRune picks a printable rune from a character class (pairs of ranges),
// preferring ASCII letters and digits so that values read well.
func pickRune(ranges []rune, r *rand.Rand) (rune, bool) {
	var good []rune
	for i := 0; i+1 < len(ranges); i += 2 {
		for c := ranges[i]; c <= ranges[i+1] && c < 128; c++ {
			if unicode.IsLetter(c) || unicode.IsDigit(c) || c == '_' || c == '-' || c == '.' {
				good = append(good, c)
			}
		}
	}
	if len(good) > 0 {
		return good[r.IntN(len(good))], true
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i] >= ' ' && unicode.IsPrint(ranges[i]) {
			return ranges[i], true
		}
	}
	return 0, false
}
