package postgres

import "testing"

// TestCallsAny finds calls of the named functions in an expression, quoted
// or spaced, and not names that merely contain them.
func TestCallsAny(t *testing.T) {
	fns := map[string]bool{"is_even": true}
	for expr, want := range map[string]bool{
		"public.is_even(VALUE)":        true,
		`"is_even" (value)`:            true,
		"value > 0 AND IS_EVEN(value)": true,
		"not_is_even(value)":           false,
		"value > 0":                    false,
		"":                             false,
	} {
		if got := callsAny(expr, fns); got != want {
			t.Errorf("callsAny(%q) = %v, want %v", expr, got, want)
		}
	}
}
