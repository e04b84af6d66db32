package cli

import (
	"fmt"
	"io"
)

// errWriter remembers the first write error, for printers that do not return
// one: a command whose output was lost must not exit 0.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = fmt.Errorf("writing the output: %w", err)
	}
	return n, err
}
