// Package langserver is schemagen's language server: editors (VS Code,
// Neovim, Helix, ...) talk to it over stdio with the Language Server
// Protocol while a design is being written. It checks the design with the
// same pipeline as `schemagen validate` (internal/source) and answers hover,
// go to definition, find references, completion and code actions from the
// written model and the resolved schema.
//
// The protocol's types and its method dispatch come from
// github.com/tliron/glsp (protocol_3_16); the JSON-RPC transport is
// github.com/sourcegraph/jsonrpc2, the one glsp's own server uses, driven
// here directly so that a test can serve over pipes exactly as `schemagen
// lsp` serves over stdio.
package langserver

import (
	"context"
	"io"
	"sort"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// DefaultDebounce is how long the server waits after a change that follows
// another one closely before it checks the design again: a burst of
// keystrokes costs one check. A change after a pause is checked at once.
const DefaultDebounce = 50 * time.Millisecond

// Options configure a Server.
type Options struct {
	// Debounce is the pause after a change before the design is checked
	// again, when the change came within Debounce of the one before or while
	// a check was running; other changes are checked at once. DefaultDebounce when zero.
	Debounce time.Duration
	// Version is reported to the client in serverInfo.
	Version string
}

// Server serves one client connection.
type Server struct {
	opts    Options
	handler protocol.Handler

	mu   sync.Mutex
	conn *jsonrpc2.Conn
	docs map[string]*document
}

// New returns a server with the given options.
func New(opts Options) *Server {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	s := &Server{opts: opts, docs: map[string]*document{}}
	s.handler = protocol.Handler{
		Initialize:    s.initialize,
		Initialized:   func(*glsp.Context, *protocol.InitializedParams) error { return nil },
		Shutdown:      func(*glsp.Context) error { return nil },
		Exit:          func(*glsp.Context) error { return nil },
		SetTrace:      func(*glsp.Context, *protocol.SetTraceParams) error { return nil },
		CancelRequest: func(*glsp.Context, *protocol.CancelParams) error { return nil },
		WorkspaceDidChangeConfiguration: func(*glsp.Context, *protocol.DidChangeConfigurationParams) error {
			return nil
		},
		TextDocumentDidOpen:    s.didOpen,
		TextDocumentDidChange:  s.didChange,
		TextDocumentDidSave:    func(*glsp.Context, *protocol.DidSaveTextDocumentParams) error { return nil },
		TextDocumentDidClose:   s.didClose,
		TextDocumentHover:      s.hover,
		TextDocumentDefinition: s.definition,
		TextDocumentReferences: s.references,
		TextDocumentCompletion: s.completion,
		TextDocumentCodeAction: s.codeAction,
		TextDocumentFormatting: s.formatting,
	}
	return s
}

// Serve answers the client on stream until it disconnects or ctx ends.
func (s *Server) Serve(ctx context.Context, stream io.ReadWriteCloser) error {
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(stream, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(s.handle))
	s.mu.Lock()
	s.conn = conn
	s.mu.Unlock()
	select {
	case <-conn.DisconnectNotify():
	case <-ctx.Done():
		conn.Close()
	}
	s.mu.Lock()
	for _, d := range s.docs {
		d.stopTimer()
	}
	s.mu.Unlock()
	return nil
}

// handle adapts a JSON-RPC request to glsp's dispatching handler.
func (s *Server) handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	gctx := &glsp.Context{
		Method: req.Method,
		Notify: func(method string, params any) { conn.Notify(ctx, method, params) },
		Call:   func(method string, params, result any) { conn.Call(ctx, method, params, result) },
	}
	if req.Params != nil {
		gctx.Params = *req.Params
	}
	if req.Method == "exit" {
		return nil, conn.Close()
	}
	result, validMethod, validParams, err := s.handler.Handle(gctx)
	switch {
	case !validMethod:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method}
	case !validParams:
		msg := "invalid params"
		if err != nil {
			msg = err.Error()
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: msg}
	case err != nil:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: err.Error()}
	}
	return result, nil
}

func (s *Server) initialize(_ *glsp.Context, _ *protocol.InitializeParams) (any, error) {
	version := s.opts.Version
	caps := protocol.ServerCapabilities{
		TextDocumentSync: protocol.TextDocumentSyncOptions{
			OpenClose: ptr(true),
			Change:    ptr(protocol.TextDocumentSyncKindIncremental),
		},
		HoverProvider:              true,
		DefinitionProvider:         true,
		ReferencesProvider:         true,
		CompletionProvider:         &protocol.CompletionOptions{TriggerCharacters: []string{":", " ", "-", "["}},
		CodeActionProvider:         protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}},
		DocumentFormattingProvider: true,
	}
	return protocol.InitializeResult{
		Capabilities: caps,
		ServerInfo:   &protocol.InitializeResultServerInfo{Name: "schemagen", Version: &version},
	}, nil
}

func ptr[T any](v T) *T { return &v }

func (s *Server) didOpen(_ *glsp.Context, p *protocol.DidOpenTextDocumentParams) error {
	s.mu.Lock()
	d := newDocument(p.TextDocument.URI, p.TextDocument.Text, p.TextDocument.Version)
	if old := s.docs[d.uri]; old != nil {
		old.stopTimer()
	}
	s.docs[d.uri] = d
	s.mu.Unlock()
	s.checkAndPublish(d.uri) // on open at once: the user is waiting for the first answer
	return nil
}

func (s *Server) didChange(_ *glsp.Context, p *protocol.DidChangeTextDocumentParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		return nil
	}
	for _, change := range p.ContentChanges {
		switch c := change.(type) {
		case protocol.TextDocumentContentChangeEventWhole:
			d.setText(c.Text)
		case protocol.TextDocumentContentChangeEvent:
			if c.Range == nil {
				d.setText(c.Text)
				continue
			}
			start, end := d.offset(c.Range.Start), d.offset(c.Range.End)
			d.setText(d.text[:start] + c.Text + d.text[end:])
		}
	}
	d.version = p.TextDocument.Version
	uri := d.uri
	d.stopTimer()
	// A lone edit (after a pause, with no check running) is checked at once:
	// waiting would only delay its answer. Within a burst, or while a check
	// runs, the check waits for the typing to pause, so a burst costs one.
	now := time.Now()
	wait := s.opts.Debounce
	if now.Sub(d.lastChange) >= s.opts.Debounce && d.checking == 0 {
		wait = 0
	}
	d.lastChange = now
	d.timer = time.AfterFunc(wait, func() { s.checkAndPublish(uri) })
	return nil
}

func (s *Server) didClose(_ *glsp.Context, p *protocol.DidCloseTextDocumentParams) error {
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	if d != nil {
		d.stopTimer()
		delete(s.docs, p.TextDocument.URI)
	}
	conn := s.conn
	s.mu.Unlock()
	if d != nil && conn != nil {
		conn.Notify(context.Background(), string(protocol.ServerTextDocumentPublishDiagnostics),
			protocol.PublishDiagnosticsParams{URI: p.TextDocument.URI, Diagnostics: []protocol.Diagnostic{}})
	}
	return nil
}

// checkAndPublish checks the document's current text and publishes its diagnostics.
func (s *Server) checkAndPublish(uri string) {
	s.mu.Lock()
	d := s.docs[uri]
	if d == nil {
		s.mu.Unlock()
		return
	}
	text, version := d.text, d.version
	d.checking++
	s.mu.Unlock()

	c := checkText(uri, text) // outside the lock: the check is the slow part

	s.mu.Lock()
	d.checking--
	if s.docs[uri] != d || d.text != text {
		s.mu.Unlock()
		return // changed meanwhile: the next check publishes
	}
	d.setChecked(c)
	params := protocol.PublishDiagnosticsParams{URI: uri, Version: ptr(protocol.UInteger(version)), Diagnostics: d.lspDiagnostics()}
	conn := s.conn
	s.mu.Unlock()
	if conn != nil {
		conn.Notify(context.Background(), string(protocol.ServerTextDocumentPublishDiagnostics), params)
	}
}

// withDoc runs fn on the document under the lock, or returns nil when it is not open.
func (s *Server) withDoc(uri string, fn func(d *document) any) any {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[uri]
	if d == nil {
		return nil
	}
	return fn(d)
}

// sortLocations orders locations by line, then column, for stable answers.
func sortLocations(locs []protocol.Location) {
	sort.SliceStable(locs, func(i, j int) bool {
		a, b := locs[i].Range.Start, locs[j].Range.Start
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Character < b.Character
	})
}
