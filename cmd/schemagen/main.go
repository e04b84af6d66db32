// Command schemagen validates database designs written as stories (flow,
// entities, relationships, states, events, failures) and generates diagrams,
// PostgreSQL DDL, Go code and migrations from them.
package main

import (
	"fmt"
	"os"

	"github.com/schemagen/schemagen/cmd/cli"
	"github.com/schemagen/schemagen/internal/wasmcache"
)

func main() {
	if err := wasmcache.Restore(); err != nil {
		fmt.Fprintf(os.Stderr, "schemagen: warning: %v\n", err)
	}
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
