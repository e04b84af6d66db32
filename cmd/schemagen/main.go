// Command schemagen validates database designs written as stories (flow,
// entities, relationships, states, events, failures) and generates diagrams,
// PostgreSQL DDL, Go code and migrations from them. Diagrams are laid out by
// a second program, schemagen-graphviz, started only by the commands that
// draw (see internal/graphviz/worker).
package main

import (
	"os"

	"github.com/schemagen/schemagen/cmd/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
