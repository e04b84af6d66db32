package seed

import (
	"math"
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
)

func TestParseCheck(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		expr, col  string
		nullable   bool
		understood bool
		lo, hi     float64
		in, notIn  []string
		minLen     int
		maxLen     int
		alwaysNull bool
	}{
		{expr: "amount_cents > 0", col: "amount_cents", understood: true, lo: 0, hi: inf},
		{expr: `"select" >= 0`, col: "select", understood: true, lo: 0, hi: inf},
		{expr: "0 < x AND x <= 100", col: "x", understood: true, lo: 0, hi: 100},
		{expr: "rating BETWEEN 1 AND 5", col: "rating", understood: true, lo: 1, hi: 5},
		{expr: "vote IN (-1, 0, 1)", col: "vote", understood: true, lo: math.Inf(-1), hi: inf, in: []string{"-1", "0", "1"}},
		{expr: "op = ANY (ARRAY['d', 'i'])", col: "op", understood: true, lo: math.Inf(-1), hi: inf, in: []string{"d", "i"}},
		{expr: "name <> ''", col: "name", understood: true, lo: math.Inf(-1), hi: inf, notIn: []string{""}},
		{expr: "length(body) between 1 and 10000", col: "body", understood: true, lo: math.Inf(-1), hi: inf, minLen: 1, maxLen: 10000},
		{expr: "char_length(btrim(title)) > 0", col: "title", understood: true, lo: math.Inf(-1), hi: inf, minLen: 1},
		{expr: "length IS NULL OR length > 0", col: "length", nullable: true, understood: true, lo: 0, hi: inf},
		{expr: "note IS NULL OR upper(note) = note", col: "note", nullable: true, understood: true, lo: math.Inf(-1), hi: inf, alwaysNull: true},
		{expr: "upper(note) = note", col: "note", understood: false},
		{expr: "a < b", col: "a", understood: false},
		{expr: "to_regclass(t) IS NOT NULL", col: "t", understood: false},
	} {
		r := parseCheck(tc.expr, tc.col, tc.nullable)
		if r.understood != tc.understood {
			t.Errorf("%s: understood %v, want %v", tc.expr, r.understood, tc.understood)
			continue
		}
		if !tc.understood {
			if r.unhandledWhy == "" {
				t.Errorf("%s: no reason given", tc.expr)
			}
			continue
		}
		if r.lo != tc.lo || r.hi != tc.hi || !slices.Equal(r.in, tc.in) || !slices.Equal(r.notIn, tc.notIn) ||
			r.minLen != tc.minLen || r.maxLen != tc.maxLen || r.alwaysNull != tc.alwaysNull {
			t.Errorf("%s: got %+v", tc.expr, r)
		}
	}
	if r := parseCheck("x > 0", "x", false); !r.loOpen {
		t.Errorf("x > 0 must exclude 0")
	}
}

// TestPatterns: every value written for a pattern matches it, as
// PostgreSQL's ~ would (Go's regexp agrees on these).
func TestPatterns(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, p := range []string{`^[a-z_]+$`, `^[a-z0-9_]{3,30}$`, `^[a-z0-9-]+$`, `^\d{15}[\dX]$`,
		`^T-?\d{3}.?\d{3}.?\d{3}[-.]?\d$`, `^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$`, `^(foo|bar)-x*$`} {
		re, err := syntax.Parse(p, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		check := regexp.MustCompile(p)
		for i := 0; i < 50; i++ {
			var b strings.Builder
			if !fromPattern(re.Simplify(), r, &b) {
				t.Fatalf("%s: cannot write a value", p)
			}
			if !check.MatchString(b.String()) {
				t.Fatalf("%s: %q does not match", p, b.String())
			}
		}
	}
}

func TestRowCheckEval(t *testing.T) {
	has := func(string) bool { return true }
	ended := `((end_year IS NOT NULL OR end_month IS NOT NULL) AND ended = true) OR (end_year IS NULL AND end_month IS NULL)`
	for _, tc := range []struct {
		expr string
		row  map[string]string
		want bool
	}{
		{ended, map[string]string{"end_year": "1999", "end_month": null, "ended": "true"}, true},
		{ended, map[string]string{"end_year": "1999", "end_month": null, "ended": "false"}, false},
		{ended, map[string]string{"end_year": null, "end_month": null, "ended": "false"}, true},
		{"entity0 <> entity1", map[string]string{"entity0": "3", "entity1": "3"}, false},
		{"tag1 < tag2", map[string]string{"tag1": "9", "tag2": "10"}, true},
		{"locale IS NOT NULL OR primary_for_locale IS FALSE", map[string]string{"locale": null, "primary_for_locale": "true"}, false},
		{"a < b", map[string]string{"a": null, "b": "1"}, true}, // NULL passes a CHECK
		{"starts_at < ends_at", map[string]string{"starts_at": "2024-01-01 10:00:00Z", "ends_at": "2024-01-02 09:00:00Z"}, true},
	} {
		rc := parseRowCheck(tc.expr, "x", has)
		if rc == nil {
			t.Fatalf("%s: not evaluable", tc.expr)
		}
		if got := rc.holds(func(n string) (string, bool) { v, ok := tc.row[n]; return v, ok }); got != tc.want {
			t.Errorf("%s on %v: %v, want %v", tc.expr, tc.row, got, tc.want)
		}
	}
	if parseRowCheck("to_regclass(t) IS NOT NULL", "t", has) != nil {
		t.Error("to_regclass is not something seed can evaluate")
	}
	if parseRowCheck("a <> missing", "a", func(n string) bool { return n == "a" }) != nil {
		t.Error("a check naming a column the table lacks is not evaluable")
	}
}

// TestNthPair: the pairs are distinct, ordered, and use the fewest rows.
func TestNthPair(t *testing.T) {
	seen := map[[2]int]bool{}
	for j := 0; j < 5050; j++ {
		a, b := nthPair(j)
		if a >= b || seen[[2]int{a, b}] || b > 100 {
			t.Fatalf("pair %d is (%d, %d)", j, a, b)
		}
		seen[[2]int{a, b}] = true
	}
}
