package raster

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	graphviz "github.com/goccy/go-graphviz"
)

// The tests lay DOT out with the same embedded Graphviz the diagram package
// uses. One instance serves every test: it is not safe for concurrent use.
var testEngine struct {
	sync.Mutex
	gv *graphviz.Graphviz
	// renders keeps each (format, DOT) rendering: the reference diagram is
	// laid out by several tests.
	renders map[[2]string][]byte
}

// render lays DOT source out and renders it in a Graphviz format ("json",
// "svg", "png"), once per format and source. Empty output with a nil error
// is a failure.
func render(tb testing.TB, dot []byte, format string) []byte {
	tb.Helper()
	key := [2]string{format, string(dot)}
	testEngine.Lock()
	out, ok := testEngine.renders[key]
	testEngine.Unlock()
	if ok {
		return out
	}
	out, err := renderDOT(dot, format)
	if err != nil {
		tb.Fatal(err)
	}
	testEngine.Lock()
	if testEngine.renders == nil {
		testEngine.renders = make(map[[2]string][]byte)
	}
	testEngine.renders[key] = out
	testEngine.Unlock()
	return out
}

func renderDOT(dot []byte, format string) ([]byte, error) {
	testEngine.Lock()
	defer testEngine.Unlock()
	ctx := context.Background()
	if testEngine.gv == nil {
		gv, err := graphviz.New(ctx)
		if err != nil {
			return nil, err
		}
		testEngine.gv = gv
	}
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, err
	}
	defer g.Close()
	var buf bytes.Buffer
	if err := testEngine.gv.Render(ctx, g, graphviz.Format(format), &buf); err != nil {
		return nil, err
	}
	if buf.Len() == 0 {
		return nil, errEmptyRender
	}
	return buf.Bytes(), nil
}

type emptyRenderError struct{}

func (emptyRenderError) Error() string { return "graphviz returned empty output with a nil error" }

var errEmptyRender error = emptyRenderError{}

// referenceDOT reads the team's reference ER diagram from the shared folder
// (never copied into the repository).
func referenceDOT(tb testing.TB) []byte {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "..", "..", "..", "shared", "reference", "er-example.dot")
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Skipf("reference ER diagram not available (%v)", err)
	}
	return data
}

// testDOT reads one of this package's own DOT files.
func testDOT(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}
