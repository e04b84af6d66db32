// Command schemagen-graphviz lays out schemagen's diagrams with the embedded
// (WebAssembly) Graphviz. schemagen starts it when a command draws and talks
// to it over standard input and output (internal/graphviz/worker); it exits
// when its standard input closes. It is a program of its own so that the
// layout engine's start-up (about 100 ms, paid in a package init) stays out
// of every schemagen command that draws nothing.
package main

import (
	"fmt"
	"os"

	"github.com/schemagen/schemagen/internal/graphviz/embedded"
	"github.com/schemagen/schemagen/internal/graphviz/wasmcache"
	"github.com/schemagen/schemagen/internal/graphviz/worker"
)

func main() {
	if err := wasmcache.Restore(); err != nil {
		fmt.Fprintf(os.Stderr, "%s: warning: %v\n", worker.Program, err)
	}
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) > 0 {
		fmt.Fprintf(os.Stderr, "%s lays out diagrams for schemagen, which starts it when a command draws; it takes no arguments and reads requests on standard input\n", worker.Program)
		return 2
	}
	eng := embedded.New()
	defer eng.Close()
	if err := worker.Serve(os.Stdin, os.Stdout, eng); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", worker.Program, err)
		return 1
	}
	return 0
}
