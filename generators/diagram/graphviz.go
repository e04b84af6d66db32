package diagram

import (
	"errors"
)

// Engine lays out Graphviz DOT source with the dot engine (or the one the
// graph's layout attribute names) and renders it in one of Graphviz's output
// formats: "svg", "json", "xdot" or "dot". It must be safe for concurrent
// use and give the same bytes for the same input, however many layouts it
// runs at once.
//
// The diagram package does not link Graphviz itself, so that a program that
// draws nothing does not pay its start-up: the command passes a pool of
// schemagen-graphviz worker processes (internal/graphviz/worker), tests the
// in-process engine (internal/graphviz/embedded).
type Engine interface {
	Layout(dot []byte, format string) ([]byte, error)
}

// errNoEngine is what drawing without an engine returns: a programming error
// of the caller, reported rather than a panic.
var errNoEngine = errors.New("no Graphviz engine to lay the diagram out (diagram.Options.Engine is nil)")

// layoutDOT lays out DOT source with eng.
func layoutDOT(eng Engine, src []byte, format string) ([]byte, error) {
	if eng == nil {
		return nil, errNoEngine
	}
	return eng.Layout(src, format)
}
