package worker

import (
	"bytes"
	"io"
	"strings"
	"sync"
)

// tailSize is how much of a worker's standard error is kept for the message
// of a crash.
const tailSize = 4 << 10

// stderrTail collects a worker's standard error: it keeps the last tailSize
// bytes for error messages and passes complete lines on to a lineOnce.
type stderrTail struct {
	mu      sync.Mutex
	tail    []byte
	partial []byte
	sink    *lineOnce
}

func (s *stderrTail) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tail = append(s.tail, p...)
	if len(s.tail) > tailSize {
		s.tail = append(s.tail[:0], s.tail[len(s.tail)-tailSize:]...)
	}
	s.partial = append(s.partial, p...)
	for {
		i := bytes.IndexByte(s.partial, '\n')
		if i < 0 {
			break
		}
		s.sink.line(string(s.partial[:i]))
		s.partial = s.partial[i+1:]
	}
	if len(s.partial) > tailSize {
		s.partial = s.partial[:0]
	}
	return len(p), nil
}

// reason is the line of the tail that says why the worker died: a Go panic
// or fatal error when there is one, else the last line.
func (s *stderrTail) reason() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	lines := strings.Split(strings.TrimSpace(string(s.tail)), "\n")
	for _, l := range lines {
		if strings.HasPrefix(l, "panic: ") || strings.HasPrefix(l, "fatal error: ") {
			return strings.TrimSpace(l)
		}
	}
	return strings.TrimSpace(lines[len(lines)-1])
}

// lineOnce writes every distinct line it is given once: all the workers of a
// pool print the same warning (a cache directory they cannot use), which the
// user needs to read once.
type lineOnce struct {
	mu   sync.Mutex
	w    io.Writer // nil: discard
	seen map[string]bool
}

// maxSeen bounds the lines remembered; past it lines are dropped.
const maxSeen = 1000

func (l *lineOnce) line(s string) {
	if l == nil || l.w == nil || strings.TrimSpace(s) == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen[s] || len(l.seen) >= maxSeen {
		return
	}
	if l.seen == nil {
		l.seen = map[string]bool{}
	}
	l.seen[s] = true
	_, _ = io.WriteString(l.w, s+"\n")
}
