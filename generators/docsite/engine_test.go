package docsite

import "github.com/schemagen/schemagen/internal/graphviz/embedded"

// testEngine lays out the tests' pictures in-process.
var testEngine = embedded.New()
