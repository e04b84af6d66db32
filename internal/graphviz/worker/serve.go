package worker

import (
	"bufio"
	"io"
)

// Engine lays out DOT in one of Graphviz's output formats; the worker
// program serves an in-process one (internal/graphviz/embedded).
type Engine interface {
	Layout(dot []byte, format string) ([]byte, error)
}

// Serve answers layout requests read from r with replies written to w, one
// at a time, until r ends (nil) or a request is malformed (an error). A
// failed layout is a reply, not an error: the worker goes on serving.
func Serve(r io.Reader, w io.Writer, eng Engine) error {
	in := bufio.NewReaderSize(r, 64<<10)
	out := bufio.NewWriterSize(w, 64<<10)
	for {
		format, dot, err := readRequest(in)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		status, payload := statusOK, []byte(nil)
		if rendered, err := eng.Layout(dot, format); err != nil {
			status, payload = statusError, []byte(err.Error())
		} else {
			payload = rendered
		}
		if err := writeReply(out, status, payload); err != nil {
			return err
		}
		if err := out.Flush(); err != nil {
			return err
		}
	}
}
