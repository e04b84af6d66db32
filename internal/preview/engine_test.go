package preview

import "github.com/schemagen/schemagen/internal/graphviz/embedded"

// testEngine lays out the benchmarks' diagrams in-process.
var testEngine = embedded.New()
