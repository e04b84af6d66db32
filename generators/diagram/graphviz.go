package diagram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"

	graphviz "github.com/goccy/go-graphviz"
)

// engine is the embedded (WebAssembly) Graphviz. go-graphviz's instance is not
// safe for concurrent use, so every call holds mu; the instance is created on
// first use and kept for the life of the process (creating one costs a few ms).
var engine struct {
	mu  sync.Mutex
	gv  *graphviz.Graphviz
	err error
}

// layoutDOT lays out DOT source with the dot engine and renders it in a
// Graphviz output format ("svg", "json", "xdot", "dot").
//
// go-graphviz reports some failures (a syntax error deep in an HTML label, an
// unknown attribute value) only as empty output with a nil error: empty output
// is an error here.
func layoutDOT(src []byte, format string) ([]byte, error) {
	engine.mu.Lock()
	defer engine.mu.Unlock()
	ctx := context.Background()
	if engine.gv == nil && engine.err == nil {
		engine.gv, engine.err = graphviz.New(ctx)
	}
	if engine.err != nil {
		return nil, fmt.Errorf("starting graphviz: %w", engine.err)
	}
	g, err := graphviz.ParseBytes(src)
	if err != nil {
		return nil, fmt.Errorf("graphviz could not parse the generated DOT: %w", err)
	}
	if g == nil {
		return nil, errors.New("graphviz could not parse the generated DOT")
	}
	defer g.Close()
	var out bytes.Buffer
	if err := engine.gv.Render(ctx, g, graphviz.Format(format), &out); err != nil {
		return nil, fmt.Errorf("graphviz %s rendering failed: %w", format, err)
	}
	return checkRendered(format, out.Bytes())
}

// checkRendered turns the empty output go-graphviz returns for some failures
// into an error.
func checkRendered(format string, out []byte) ([]byte, error) {
	if len(bytes.TrimSpace(out)) == 0 {
		return nil, fmt.Errorf("graphviz returned an empty %s rendering (a layout error it did not report)", format)
	}
	return out, nil
}
