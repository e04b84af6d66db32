package preview

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/source"
)

// DiagramKinds are the diagrams the page offers, in tab order.
var DiagramKinds = []string{"er", "states", "flow"}

// Renderer draws one kind of diagram ("er", "states" or "flow") of a design as SVG.
// It returns a *NothingToDraw when the design has nothing of that kind.
type Renderer func(s *schema.Schema, kind string) ([]byte, error)

// NothingToDraw is a Renderer's answer for a design that has nothing of the
// kind asked for (no state machines, no flow): the page shows the reason as
// a note, not as a failure.
type NothingToDraw struct {
	// Reason says what is missing and what to add.
	Reason string
}

func (e *NothingToDraw) Error() string { return e.Reason }

// File is one generated file shown in a code tab.
type File struct {
	Name    string `json:"name"`
	Content string `json:"content"`
}

// CodeGenerator makes the files of one code tab (SQL, Go) from a design.
type CodeGenerator struct {
	Name     string // the tab's fixed route segment: /api/code/{Name}; lower-case letters only
	Title    string // the tab's label
	Generate func(s *schema.Schema) ([]File, error)
}

// Options configures a Server.
type Options struct {
	// Path is the design file to watch.
	Path string
	// Name is how diagnostics name the file (default: Path).
	Name string
	// Render draws the diagrams; nil leaves the diagram tabs empty with a note.
	Render Renderer
	// RenderGroup draws one group's ER picture, where the links of the ER
	// diagram's overview lead (GroupHref); nil answers those links with 501.
	RenderGroup GroupRenderer
	// Code lists the generated-code tabs.
	Code []CodeGenerator
	// Debounce is how long the file must stay quiet before it is read again (default 100ms).
	Debounce time.Duration
	// MaxWait bounds how long a stream of changes can delay a reload (default 500ms).
	MaxWait time.Duration
	// Poll is the interval of the fallback stat poll (default 2s; negative disables it).
	Poll time.Duration
	// MaxStreams caps the number of pages connected at once (default 64).
	MaxStreams int
	// Logf prints progress lines (a new version, watcher trouble); nil is silent.
	Logf func(format string, args ...any)
}

// check checks the design the way every command does.
func (s *Server) check(name string, r readResult) (*schema.Schema, design.Diagnostics) {
	return (&source.Source{Name: name, Data: r.data, Size: r.size, SizeKnown: r.sizeKnown}).Check()
}

// Server serves the live preview of one design file.
type Server struct {
	opts Options
	abs  string

	reloadMu sync.Mutex // one reload at a time
	mu       sync.RWMutex
	snap     *snapshot

	renderMu sync.Mutex // one diagram render at a time, whatever the Renderer does
	broker   *broker
	closing  chan struct{} // closed when Run stops: ends every event stream
	closeMu  sync.Once

	hostsMu sync.RWMutex
	hosts   map[string]bool // Host names that requests may carry
}

// New reads and checks the design file and returns a server for it. The file
// must exist now; later it may disappear and come back.
func New(opts Options) (*Server, error) {
	if opts.Path == "" {
		return nil, errors.New("no design file given")
	}
	abs, err := filepath.Abs(opts.Path)
	if err != nil {
		return nil, err
	}
	if opts.Name == "" {
		opts.Name = opts.Path
	}
	if opts.Debounce <= 0 {
		opts.Debounce = 100 * time.Millisecond
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = 500 * time.Millisecond
	}
	if opts.MaxWait < opts.Debounce {
		opts.MaxWait = opts.Debounce
	}
	if opts.Poll == 0 {
		opts.Poll = 2 * time.Second
	}
	if opts.MaxStreams <= 0 {
		opts.MaxStreams = 64
	}
	for _, c := range opts.Code {
		if !validCodeName(c.Name) || c.Generate == nil {
			return nil, fmt.Errorf("code tab %q: the name must be lower-case letters and Generate set", c.Name)
		}
	}
	s := &Server{
		opts:    opts,
		abs:     abs,
		broker:  newBroker(),
		closing: make(chan struct{}),
		hosts:   map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true},
	}
	r := readDesign(abs)
	if r.status == statusMissing {
		return nil, fmt.Errorf("%s does not exist (create it with 'schemagen init')", opts.Path)
	}
	if r.status == statusUnreadable {
		return nil, errors.New(r.problem)
	}
	s.apply(r)
	return s, nil
}

func validCodeName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func (s *Server) logf(format string, args ...any) {
	if s.opts.Logf != nil {
		s.opts.Logf(format, args...)
	}
}

// current is the newest snapshot.
func (s *Server) current() *snapshot {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.snap
}

// Version is the newest version number; it grows by one for every change the
// page can see (new content, the file disappearing or coming back).
func (s *Server) Version() int { return s.current().version }

// reload reads the file again and publishes a new version if anything changed.
// It reports whether a new version was published.
func (s *Server) reload() bool {
	return s.apply(readDesign(s.abs))
}

func (s *Server) apply(r readResult) bool {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	prev := s.current()
	key := r.key()
	if prev != nil && prev.key == key {
		return false
	}
	var (
		schema *schema.Schema
		diags  design.Diagnostics
	)
	if r.status == statusOK {
		schema, diags = s.check(s.opts.Name, r)
	}
	next := &snapshot{version: 1, key: key}
	if prev != nil {
		next.version = prev.version + 1
		next.good = prev.good
	}
	if r.status == statusOK && schema != nil && !diags.HasErrors() {
		next.good = &goodDesign{version: next.version, schema: schema, artifacts: newArtifacts()}
	}
	var kinds []string
	if s.opts.Render != nil {
		kinds = DiagramKinds
	}
	next.state = buildState(next.version, s.opts.Name, s.abs, r, schema, diags, next.good, kinds, s.opts.Code)

	s.mu.Lock()
	s.snap = next
	s.mu.Unlock()
	s.broker.publish()

	switch {
	case r.status != statusOK:
		s.logf("version %d: %s", next.version, r.problem)
	case diags.HasErrors():
		s.logf("version %d: %d error(s), %d warning(s); showing the diagrams of version %d", next.version,
			diags.Count(design.Error), diags.Count(design.Warning), goodVersion(next.good))
	default:
		s.logf("version %d: ok, %d warning(s)", next.version, diags.Count(design.Warning))
	}
	return true
}

func goodVersion(g *goodDesign) int {
	if g == nil {
		return 0
	}
	return g.version
}

// errSuperseded is the result of a render that was not started because a
// newer version of the design replaced the one it was for: the page only
// asks for the newest, so nobody waits for it.
var errSuperseded = errors.New("a newer version of the design replaced this one before it was drawn")

// render draws a diagram of a good version, once per version and kind, one
// render at a time across the server. It returns when ctx ends (the client
// left) without waiting for the render; a queued render of a version that a
// newer one has replaced is not started at all.
func (s *Server) render(ctx context.Context, g *goodDesign, kind string) ([]byte, error) {
	return s.renderWith(ctx, g, "diagram:"+kind, func(sc *schema.Schema) ([]byte, error) { return s.opts.Render(sc, kind) })
}

// renderWith is render for any drawing of a version: draw makes it once,
// under renderMu, and key names it in the version's artifacts.
func (s *Server) renderWith(ctx context.Context, g *goodDesign, key string, draw func(*schema.Schema) ([]byte, error)) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := g.artifacts.get(key, func() ([]byte, error) {
			s.renderMu.Lock()
			defer s.renderMu.Unlock()
			if cur := s.current().good; cur != nil && cur.version != g.version {
				return nil, errSuperseded
			}
			return draw(g.schema)
		})
		done <- result{data, err}
	}()
	select {
	case r := <-done:
		return r.data, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// AllowHost adds a name that requests' Host header may carry besides
// localhost, 127.0.0.1 and ::1 (for example the address bound with --addr).
func (s *Server) AllowHost(host string) {
	s.hostsMu.Lock()
	defer s.hostsMu.Unlock()
	s.hosts[normalizeHost(host)] = true
}

func (s *Server) hostAllowed(host string) bool {
	s.hostsMu.RLock()
	defer s.hostsMu.RUnlock()
	return s.hosts[normalizeHost(host)]
}

// allowListener allows the Host names under which ln can be reached: its own
// address, or every interface address when it listens on all of them.
func (s *Server) allowListener(ln net.Listener) {
	addr, ok := ln.Addr().(*net.TCPAddr)
	if !ok {
		return
	}
	if !addr.IP.IsUnspecified() {
		s.AllowHost(addr.IP.String())
		return
	}
	ifaces, err := net.InterfaceAddrs()
	if err != nil {
		return
	}
	for _, a := range ifaces {
		if ipn, ok := a.(*net.IPNet); ok {
			s.AllowHost(ipn.IP.String())
		}
	}
}

// Run serves the preview on ln and watches the file until ctx is done, then
// closes every event stream and shuts the server down.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	s.allowListener(ln)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	watchErr := make(chan error, 1)
	go func() { watchErr <- s.watch(ctx) }()
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	var err error
	select {
	case <-ctx.Done():
	case err = <-serveErr:
	case err = <-watchErr:
	}
	s.Close()
	cancel()
	// Stop within a second: requests get that long to finish, then their
	// connections are closed (a render still running is abandoned with the
	// process).
	shutdownCtx, stop := context.WithTimeout(context.Background(), shutdownGrace)
	defer stop()
	if serr := srv.Shutdown(shutdownCtx); errors.Is(serr, context.DeadlineExceeded) {
		srv.Close()
	} else if serr != nil && err == nil {
		err = serr
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// shutdownGrace is how long Run lets requests finish when it stops.
const shutdownGrace = 500 * time.Millisecond

// Close ends every event stream; pages then stop waiting for updates.
func (s *Server) Close() {
	s.closeMu.Do(func() { close(s.closing) })
}
