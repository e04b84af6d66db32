package diagram

import (
	"regexp"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
)

var dotEdgeRE = regexp.MustCompile(`(?m)^\s*("(?:[^"\\]|\\.)*"(?::"(?:[^"\\]|\\.)*":[ew])?) -> ("(?:[^"\\]|\\.)*"(?::"(?:[^"\\]|\\.)*":[ew])?) \[`)

// checkDistinctPorts fails when two edges of an ER diagram's DOT end at the
// same port of a drawn table (their markers would fuse), and returns the edges.
func checkDistinctPorts(t *testing.T, name string, dot []byte) [][2]string {
	t.Helper()
	var edges [][2]string
	used := map[string]int{}
	for _, m := range dotEdgeRE.FindAllSubmatch(dot, -1) {
		from, to := string(m[1]), string(m[2])
		edges = append(edges, [2]string{from, to})
		for _, end := range []string{from, to} {
			if regexp.MustCompile(`:[ew]$`).MatchString(end) {
				used[end]++
			}
		}
	}
	for end, n := range used {
		if n > 1 {
			t.Errorf("%s: %d edges end at %s", name, n, end)
		}
	}
	return edges
}

// TestDistinctPorts draws every example: no two relationship ends share a
// port, and users.id in auth (referenced nine times) has nine ports.
func TestDistinctPorts(t *testing.T) {
	for name, s := range designs(t) {
		dot, err := DOT(s, Options{Engine: testEngine})
		if err != nil {
			t.Fatal(err)
		}
		edges := checkDistinctPorts(t, name, dot)
		if name != "auth" {
			continue
		}
		n := 0
		for _, e := range edges {
			if regexp.MustCompile(`^"users":"id_r\d+":e$`).MatchString(e[0]) {
				n++
			}
		}
		if n != 9 {
			t.Errorf("auth: %d edges leave users.id on ports of their own, want 9", n)
		}
	}
}

// TestCompositeKeyColumnToColumn draws a composite foreign key: one edge per
// column pair, each from the parent's column to the child's.
func TestCompositeKeyColumnToColumn(t *testing.T) {
	s := compositeSchema(t)
	dot, err := DOT(s, Options{Engine: testEngine})
	if err != nil {
		t.Fatal(err)
	}
	edges := checkDistinctPorts(t, "composite", dot)
	want := map[[2]string]bool{
		{`"orders":"shop_id_r":e`, `"order_lines":"order_shop_id_l":w`}: true,
		{`"orders":"number_r":e`, `"order_lines":"order_number_l":w`}:   true,
	}
	for _, e := range edges {
		delete(want, e)
	}
	for e := range want {
		t.Errorf("no edge %s -> %s in\n%s", e[0], e[1], dot)
	}
}

func compositeSchema(t *testing.T) *schema.Schema {
	t.Helper()
	s, diags := check.Source("composite.yaml", []byte(`schemagen: 1
name: composite
entities:
  orders:
    fields:
      shop_id: integer pk
      number: integer pk
  order_lines:
    fields:
      id: integer pk
relationships:
  - { one: orders, many: order_lines, columns: [order_shop_id, order_number] }
`), nil)
	if diags.HasErrors() || s == nil {
		t.Fatalf("composite design has errors: %v", diags)
	}
	return s
}

// TestTitlesDoNotRepeat: a group named after the design is not prefixed twice.
func TestTitlesDoNotRepeat(t *testing.T) {
	for _, c := range [][3]string{
		{"musicbrainz", "musicbrainz: artist", "musicbrainz: artist"},
		{"shop", "billing", "shop: billing"},
		{"shop", "shopping", "shop: shopping"},
	} {
		if got := titled(c[0], c[1]); got != c[2] {
			t.Errorf("titled(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}
