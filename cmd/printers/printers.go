package printers

import (
	"io"

	"github.com/schemagen/schemagen/design"
)

// Printer writes diagnostics in one format. sources maps file names to their content.
type Printer func(w io.Writer, diags design.Diagnostics, sources map[string][]byte) error

// ByName returns the printer for a format name: text, json, github or sarif.
func ByName(name string) (Printer, bool) {
	switch name {
	case "text":
		return func(w io.Writer, diags design.Diagnostics, sources map[string][]byte) error {
			Text(w, diags, sources, TextOptions{})
			return nil
		}, true
	case "json":
		return JSON, true
	case "github":
		return GitHub, true
	case "sarif":
		return SARIF, true
	}
	return nil, false
}
