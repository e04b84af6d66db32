package lint

import (
	"regexp"
	"testing"

	"github.com/schemagen/schemagen/internal/sqlname"
)

// TestNameChecksMatchRegexps proves the hand-written name checks equal the regular
// expressions they replace, on every string of up to five characters of a mixed alphabet.
func TestNameChecksMatchRegexps(t *testing.T) {
	re := regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	plain := regexp.MustCompile(`^[a-z_][a-z0-9_$]*$`)
	alpha := []byte("az_09A$ é")
	var gen func(prefix []byte, n int)
	gen = func(prefix []byte, n int) {
		s := string(prefix)
		if isSnakeCase(s) != re.MatchString(s) {
			t.Errorf("isSnakeCase(%q)", s)
		}
		if sqlname.NeedsQuotes(s) != (!plain.MatchString(s) || sqlname.IsReserved(s)) {
			t.Errorf("NeedsQuotes(%q)", s)
		}
		if n == 0 {
			return
		}
		for _, c := range alpha {
			gen(append(prefix, c), n-1)
		}
	}
	gen(nil, 5)
}
