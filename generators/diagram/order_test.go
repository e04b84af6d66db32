package diagram

import (
	"regexp"
	"sort"
	"strconv"
	"testing"
)

var clusterRE = regexp.MustCompile(`<title>cluster_([^<]+)</title>\s*<path[^>]*/>\s*<text[^>]* x="(-?[0-9.]+)" y="(-?[0-9.]+)"`)

// TestStatesInDesignOrder draws 8 and 100 machines packed in rows: read row
// by row, top to bottom and left to right, they come in design order.
func TestStatesInDesignOrder(t *testing.T) {
	for _, entities := range []int{40, 500} {
		s := synthSchema(t, entities, max(1, entities/50))
		svg, err := SVG(s, Options{Engine: testEngine, Kind: States})
		if err != nil {
			t.Fatal(err)
		}
		type box struct {
			name string
			x, y float64
		}
		var boxes []box
		for _, m := range clusterRE.FindAllSubmatch(svg, -1) {
			x, _ := strconv.ParseFloat(string(m[2]), 64)
			y, _ := strconv.ParseFloat(string(m[3]), 64)
			boxes = append(boxes, box{string(m[1]), x, y})
		}
		if len(boxes) != len(s.Machines) {
			t.Fatalf("%d entities: %d machine boxes for %d machines", entities, len(boxes), len(s.Machines))
		}
		// Rows are the boxes whose titles share a y (SVG y grows downwards).
		sort.SliceStable(boxes, func(i, j int) bool {
			if boxes[i].y != boxes[j].y {
				return boxes[i].y < boxes[j].y
			}
			return boxes[i].x < boxes[j].x
		})
		for i, m := range s.Machines {
			if boxes[i].name != m.Name {
				t.Errorf("%d entities: box %d reads %s, want %s", entities, i, boxes[i].name, m.Name)
				break
			}
		}
	}
}

// TestPackOrder: the short row comes first, and rows are written bottom up.
func TestPackOrder(t *testing.T) {
	got := packOrder(8, 3)
	want := []int{7, 8, 4, 5, 6, 1, 2, 3}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("packOrder(8, 3) = %v, want %v", got, want)
		}
	}
}
