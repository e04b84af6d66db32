package cli

import (
	"io"
	"sync"

	"github.com/schemagen/schemagen/generators/diagram"
	"github.com/schemagen/schemagen/internal/graphviz/worker"
)

// layoutEngine is a Graphviz engine that holds resources (worker processes)
// until it is closed.
type layoutEngine interface {
	diagram.Engine
	Close() error
}

// graphviz hands the drawing commands (diagram, docs, serve) their Graphviz
// engine. It is opened on first use, so that a command that draws nothing
// never looks for the layout program, and closed when Run returns.
type graphviz struct {
	open func() (layoutEngine, error)
	mu   sync.Mutex // serve's handlers ask for the engine concurrently
	eng  layoutEngine
	err  error
}

// engine opens the engine on the first call and returns it (or why it cannot
// be opened, a message for the user) on every call.
func (g *graphviz) engine() (diagram.Engine, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.eng == nil && g.err == nil {
		g.eng, g.err = g.open()
	}
	if g.err != nil {
		return nil, g.err
	}
	return g.eng, nil
}

// close closes the engine if it was opened.
func (g *graphviz) close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.eng != nil {
		_ = g.eng.Close()
	}
}

// openWorkers opens the engine of the schemagen command: a pool of
// schemagen-graphviz processes, started on the first layout. A missing
// program is an error here, before anything is drawn, in one line that says
// how to install it.
func openWorkers(stderr io.Writer) func() (layoutEngine, error) {
	return func() (layoutEngine, error) {
		path, err := worker.Find()
		if err != nil {
			return nil, err
		}
		return worker.New(worker.Config{Path: path, Stderr: stderr}), nil
	}
}
