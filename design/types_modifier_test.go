package design

import "testing"

// TestTypeModifierWords: an extension's type may take words as modifiers
// (PostGIS's geometry(Polygon,4326)); a built-in type may not.
func TestTypeModifierWords(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"geometry(Polygon,4326)", "geometry(Polygon,4326)", true},
		{"geography(point)[]", "geography(point)[]", true},
		{"varchar(n)", "", false},
		{"numeric(p,2)", "", false},
		{"geometry(x.y)", "", false},
	} {
		got, ok := ParseType(c.in)
		if ok != c.ok || ok && got.String() != c.want {
			t.Errorf("ParseType(%q) = %q, %v; want %q, %v", c.in, got.String(), ok, c.want, c.ok)
		}
		if ok && got.Known {
			t.Errorf("ParseType(%q) is a built-in type", c.in)
		}
	}
}
