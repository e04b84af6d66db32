package embedded

import (
	"strings"
	"sync"
	"testing"
)

// TestEmptyOutputIsAnError feeds Graphviz sources it cannot draw: whether
// go-graphviz reports an error or returns nothing, the caller gets an error.
func TestEmptyOutputIsAnError(t *testing.T) {
	e := New()
	for _, src := range []string{`digraph {`, `graph { a -> b }`, ``} {
		out, err := e.Layout([]byte(src), "svg")
		if err == nil {
			t.Errorf("%q: no error, %d bytes", src, len(out))
		}
	}
	if _, err := e.Layout([]byte(`digraph { a -> b }`), "svg"); err != nil {
		t.Errorf("a valid graph failed: %v", err)
	}
	for _, out := range []string{"", " \n"} {
		if _, err := checkRendered("svg", []byte(out)); err == nil {
			t.Errorf("empty rendering %q accepted", out)
		}
	}
}

// TestConcurrentLayouts runs layouts from several goroutines (go-graphviz is
// not safe for that; the Engine serialises them) and expects the same bytes
// from each. Run it with -race.
func TestConcurrentLayouts(t *testing.T) {
	var e Engine
	src := []byte(`digraph G { rankdir=LR; a -> b -> c; a -> c [label="x"] }`)
	want, err := e.Layout(src, "svg")
	if err != nil || !strings.Contains(string(want), "<svg") {
		t.Fatalf("layout: %v\n%.200s", err, want)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := e.Layout(src, "svg")
			if err != nil || string(got) != string(want) {
				t.Errorf("concurrent layout differs (%v)", err)
			}
		}()
	}
	wg.Wait()
}
