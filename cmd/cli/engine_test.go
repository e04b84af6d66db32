package cli

import "github.com/schemagen/schemagen/internal/graphviz/embedded"

// testGraphviz lays out the in-process tests' diagrams with the in-process
// engine, so that they need no schemagen-graphviz program.
func testGraphviz() *graphviz {
	return &graphviz{open: func() (layoutEngine, error) { return embedded.New(), nil }}
}
