// Package worker lays out Graphviz diagrams in schemagen-graphviz worker
// processes, so that schemagen itself does not link go-graphviz: its
// WebAssembly Graphviz is loaded in a package init, which costs every start
// of a program that links it about 100 ms, drawing or not.
//
// A Pool starts workers lazily on the first layout, keeps them for the life
// of the process (serve, docs and lsp lay out many pictures) and runs up to
// GOMAXPROCS of them at once. A worker that crashes, hangs or answers
// garbage fails that one layout and is replaced; Close kills them all. Serve
// is the worker's side of the framing (protocol.go).
package worker

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultTimeout is the longest one layout may take before its worker is
// killed. MusicBrainz's largest picture takes seconds; a worker that has not
// answered in minutes is stuck.
const DefaultTimeout = 5 * time.Minute

// Config says how a Pool runs its workers.
type Config struct {
	// Path is the worker program (see Find).
	Path string
	// Workers is the most workers running at once; 0 means GOMAXPROCS.
	Workers int
	// Timeout is the longest one layout may take; 0 means DefaultTimeout.
	Timeout time.Duration
	// Stderr receives what the workers print (a warning about their cache),
	// each distinct line once; nil discards it. A crash's message is part of
	// the layout's error either way.
	Stderr io.Writer
}

// Pool is a set of worker processes; it implements diagram.Engine. It is
// safe for concurrent use.
type Pool struct {
	cfg    Config
	slots  chan struct{} // one per layout in progress
	stderr *lineOnce

	mu     sync.Mutex
	idle   []*proc
	all    map[*proc]bool
	closed bool
}

// New returns a Pool that starts no process until its first layout.
func New(cfg Config) *Pool {
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	return &Pool{
		cfg:    cfg,
		slots:  make(chan struct{}, cfg.Workers),
		stderr: &lineOnce{w: cfg.Stderr},
		all:    map[*proc]bool{},
	}
}

// errClosed is what a layout on a closed pool returns.
var errClosed = errors.New("the Graphviz worker pool is closed")

// Layout lays out DOT source in a Graphviz output format in one of the
// workers, starting one when none is idle and fewer than Workers run.
func (p *Pool) Layout(dot []byte, format string) ([]byte, error) {
	p.slots <- struct{}{}
	defer func() { <-p.slots }()
	w, err := p.take()
	if err != nil {
		return nil, err
	}
	out, refused, err := w.layout(dot, format, p.cfg.Timeout)
	if err != nil {
		p.drop(w)
		return nil, fmt.Errorf("laying out %s as %s: %w", graphName(dot), format, err)
	}
	p.put(w)
	if refused != nil {
		// Graphviz's own error: the worker is fine.
		return nil, refused
	}
	return out, nil
}

// Close kills every worker and waits for it, so that none is left behind;
// layouts in progress fail. A closed pool lays nothing out.
func (p *Pool) Close() error {
	p.mu.Lock()
	p.closed = true
	procs := make([]*proc, 0, len(p.all))
	for w := range p.all {
		procs = append(procs, w)
	}
	p.all, p.idle = map[*proc]bool{}, nil
	p.mu.Unlock()
	for _, w := range procs {
		w.stop()
	}
	return nil
}

// take returns an idle worker or starts one.
func (p *Pool) take() (*proc, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, errClosed
	}
	if n := len(p.idle); n > 0 {
		w := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return w, nil
	}
	p.mu.Unlock()
	w, err := start(p.cfg.Path, p.stderr)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		w.stop()
		return nil, errClosed
	}
	p.all[w] = true
	return w, nil
}

// put makes a worker idle again.
func (p *Pool) put(w *proc) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.all[w] {
		return // Close took it
	}
	p.idle = append(p.idle, w)
}

// drop kills a worker that failed and forgets it.
func (p *Pool) drop(w *proc) {
	p.mu.Lock()
	delete(p.all, w)
	p.mu.Unlock()
	w.stop()
}

// pids lists the process ids of the running workers (for tests).
func (p *Pool) pids() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []int
	for w := range p.all {
		out = append(out, w.cmd.Process.Pid)
	}
	return out
}

// proc is one worker process.
type proc struct {
	cmd    *exec.Cmd
	in     *os.File // the worker's standard input
	out    *bufio.Reader
	outF   *os.File // the worker's standard output
	stderr *stderrTail
	done   chan struct{} // closed when the process has been waited for
	err    error         // Wait's result, once done is closed

	stopOnce sync.Once
	timedOut atomic.Bool
}

// start runs a worker. Its pipes are made here rather than by exec.Cmd, so
// that waiting for the process (in the background, as soon as it exits)
// never closes a pipe that a reply is still being read from.
func start(path string, sink *lineOnce) (*proc, error) {
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return nil, err
	}
	w := &proc{
		cmd:    exec.Command(path),
		in:     inW,
		out:    bufio.NewReaderSize(outR, 64<<10),
		outF:   outR,
		stderr: &stderrTail{sink: sink},
		done:   make(chan struct{}),
	}
	w.cmd.Stdin, w.cmd.Stdout, w.cmd.Stderr = inR, outW, w.stderr
	w.cmd.WaitDelay = time.Second
	err = w.cmd.Start()
	inR.Close()
	outW.Close()
	if err != nil {
		inW.Close()
		outR.Close()
		return nil, fmt.Errorf("starting the Graphviz worker %s: %w", path, err)
	}
	go func() {
		w.err = w.cmd.Wait()
		close(w.done)
	}()
	return w, nil
}

// layout sends one request and reads its reply. refused is Graphviz's own
// error, reported by a healthy worker; err is the worker's failure (it
// crashed, hung or answered garbage), after which it must be dropped.
func (w *proc) layout(dot []byte, format string, timeout time.Duration) (out []byte, refused, err error) {
	timer := time.AfterFunc(timeout, func() {
		w.timedOut.Store(true)
		_ = w.cmd.Process.Kill()
	})
	defer timer.Stop()
	if err := writeRequest(w.in, format, dot); err != nil {
		return nil, nil, w.failure(err, timeout)
	}
	status, payload, err := readReply(w.out)
	if err != nil {
		return nil, nil, w.failure(err, timeout)
	}
	if status == statusError {
		return nil, errors.New(string(payload)), nil
	}
	return payload, nil, nil
}

// failure explains why a worker failed a request: killed at the timeout,
// exited (with the line of its standard error that says why), or still
// running but out of step.
func (w *proc) failure(err error, timeout time.Duration) error {
	exited := false
	select {
	case <-w.done:
		exited = true
	case <-time.After(2 * time.Second):
	}
	pid := w.cmd.Process.Pid
	switch {
	case w.timedOut.Load():
		return fmt.Errorf("the Graphviz worker (pid %d) did not answer within %v and was killed", pid, timeout)
	case exited:
		msg := fmt.Sprintf("the Graphviz worker (pid %d) exited (%v) before it answered", pid, w.err)
		if r := w.stderr.reason(); r != "" {
			msg += ": " + r
		}
		return errors.New(msg)
	case errors.Is(err, errMalformed) || errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("the Graphviz worker (pid %d) sent a malformed reply: %w", pid, err)
	}
	return fmt.Errorf("talking to the Graphviz worker (pid %d): %w", pid, err)
}

// stop kills the worker and waits for it; it may be called more than once.
func (w *proc) stop() {
	w.stopOnce.Do(func() {
		_ = w.cmd.Process.Kill()
		<-w.done
		w.in.Close()
		w.outF.Close()
	})
}

var graphNameRE = regexp.MustCompile(`^\s*(?:strict\s+)?(?:di)?graph\s+("(?:[^"\\]|\\.)*"|[A-Za-z_0-9]+)`)

// graphName names a DOT source's graph for messages ("digraph ER").
func graphName(dot []byte) string {
	head := dot[:min(len(dot), 200)]
	if m := graphNameRE.FindSubmatch(head); m != nil {
		return "graph " + string(m[1])
	}
	return fmt.Sprintf("a graph of %d bytes", len(bytes.TrimSpace(dot)))
}
