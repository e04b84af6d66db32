// Package embedded lays out Graphviz DOT in-process with go-graphviz, the
// WebAssembly build of Graphviz. Linking it costs every start of a program
// about 100 ms (go-graphviz loads its compiled Graphviz in package init), so
// only the schemagen-graphviz worker and tests link it; schemagen itself
// talks to the worker (internal/graphviz/worker).
package embedded

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"

	graphviz "github.com/goccy/go-graphviz"
)

// Engine is an in-process Graphviz; it implements diagram.Engine. go-graphviz's
// instance is not safe for concurrent use, so every layout holds mu: one
// Engine lays out one graph at a time. The instance is created on first use
// and kept (creating one costs a few ms). The zero value is ready to use.
type Engine struct {
	mu  sync.Mutex
	gv  *graphviz.Graphviz
	err error
}

// New returns an Engine.
func New() *Engine { return &Engine{} }

// Layout lays out DOT source and renders it in a Graphviz output format
// ("svg", "json", "xdot", "dot").
//
// go-graphviz reports some failures (a syntax error deep in an HTML label, an
// unknown attribute value) only as empty output with a nil error: empty output
// is an error here.
func (e *Engine) Layout(src []byte, format string) ([]byte, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	ctx := context.Background()
	if e.gv == nil && e.err == nil {
		e.gv, e.err = graphviz.New(ctx)
	}
	if e.err != nil {
		return nil, fmt.Errorf("starting graphviz: %w", e.err)
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
	if err := e.gv.Render(ctx, g, graphviz.Format(format), &out); err != nil {
		return nil, fmt.Errorf("graphviz %s rendering failed: %w", format, err)
	}
	return checkRendered(format, out.Bytes())
}

// Close releases the Graphviz instance; a later Layout creates a new one.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	var err error
	if e.gv != nil {
		err = e.gv.Close()
	}
	e.gv, e.err = nil, nil
	return err
}

// checkRendered turns the empty output go-graphviz returns for some failures
// into an error.
func checkRendered(format string, out []byte) ([]byte, error) {
	if len(bytes.TrimSpace(out)) == 0 {
		return nil, fmt.Errorf("graphviz returned an empty %s rendering (a layout error it did not report)", format)
	}
	return out, nil
}
