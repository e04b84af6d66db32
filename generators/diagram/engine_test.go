package diagram

import "github.com/schemagen/schemagen/internal/graphviz/embedded"

// testEngine lays out the tests' diagrams in-process.
var testEngine = embedded.New()
