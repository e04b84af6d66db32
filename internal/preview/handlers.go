package preview

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

//go:embed web/index.html web/app.js web/style.css
var webFS embed.FS

// asset is one embedded file of the page, served from memory under a fixed route.
type asset struct {
	body        []byte
	contentType string
}

func mustAsset(name, contentType string) asset {
	b, err := webFS.ReadFile("web/" + name)
	if err != nil {
		panic("preview: missing embedded asset " + name) // caught by every test
	}
	return asset{body: b, contentType: contentType}
}

var (
	indexPage = mustAsset("index.html", "text/html; charset=utf-8")
	appJS     = mustAsset("app.js", "text/javascript; charset=utf-8")
	styleCSS  = mustAsset("style.css", "text/css; charset=utf-8")
)

// pageCSP lets the page load only its own script, style and data: no inline
// script (so an SVG or a message can never run code), no framing, no plugins.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// svgCSP applies when a diagram is opened on its own: shown, never run.
const svgCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"

// heartbeat keeps event streams alive through idle timeouts.
const heartbeat = 20 * time.Second

// Handler is the preview's HTTP handler: fixed routes only (nothing in a
// request names a file), GET and HEAD only, and a Host check against DNS
// rebinding.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.serveAsset(indexPage, pageCSP))
	mux.HandleFunc("GET /app.js", s.serveAsset(appJS, ""))
	mux.HandleFunc("GET /style.css", s.serveAsset(styleCSS, ""))
	mux.HandleFunc("GET /api/state", s.serveState)
	mux.HandleFunc("GET /api/events", s.serveEvents)
	for _, kind := range DiagramKinds {
		mux.HandleFunc("GET /api/diagram/"+kind+".svg", s.serveDiagram(kind))
	}
	mux.HandleFunc("GET /api/diagram/group.svg", s.serveGroupDiagram)
	for _, c := range s.opts.Code {
		mux.HandleFunc("GET /api/code/"+c.Name, s.serveCode(c))
	}
	return s.guard(mux)
}

// guard sets the headers every response carries and refuses requests whose
// Host is not this machine under a name the server knows (a DNS-rebinding
// page would send its own domain) and methods other than GET and HEAD.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		if !s.hostAllowed(r.Host) {
			http.Error(w, fmt.Sprintf("schemagen serve: host %q is not allowed; open http://localhost or http://127.0.0.1 instead (protection against DNS rebinding)", r.Host), http.StatusForbidden)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// normalizeHost is the host name of a Host header (or an address), lower case,
// without port or IPv6 brackets.
func normalizeHost(hostport string) string {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if ip := net.ParseIP(host); ip != nil {
		return ip.String()
	}
	return host
}

func (s *Server) serveAsset(a asset, csp string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", a.contentType)
		if csp != "" {
			w.Header().Set("Content-Security-Policy", csp)
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(a.body)))
		if r.Method == http.MethodHead {
			return
		}
		w.Write(a.body)
	}
}

func writeJSONBytes(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func (s *Server) serveState(w http.ResponseWriter, r *http.Request) {
	writeJSONBytes(w, r, http.StatusOK, s.current().state)
}

// serveDiagram answers with the SVG of the newest good version. The response
// names that version in X-Design-Version; the page asks with ?v= only to get
// past any cache.
func (s *Server) serveDiagram(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.opts.Render == nil {
			http.Error(w, "this build of schemagen cannot draw diagrams", http.StatusNotImplemented)
			return
		}
		s.answerDiagram(w, r, "the "+kind+" diagram", func(g *goodDesign) ([]byte, error) {
			return s.render(r.Context(), g, kind)
		})
	}
}

// answerDiagram answers with a drawing of the newest good version (what
// names it in messages), or with why there is none.
func (s *Server) answerDiagram(w http.ResponseWriter, r *http.Request, what string, draw func(*goodDesign) ([]byte, error)) {
	g := s.current().good
	if g == nil {
		http.Error(w, "no version of the design without errors yet: fix the errors to see the diagram", http.StatusNotFound)
		return
	}
	w.Header().Set("X-Design-Version", strconv.Itoa(g.version))
	svg, err := draw(g)
	if r.Context().Err() != nil {
		return // the client left; nobody reads an answer
	}
	var empty *NothingToDraw
	if errors.As(err, &empty) {
		// Not a failure of the server: the page shows it as a note.
		w.Header().Set("X-Nothing-To-Draw", "1")
		http.Error(w, empty.Error(), http.StatusNotFound)
		return
	}
	if errors.Is(err, errSuperseded) {
		http.Error(w, err.Error(), http.StatusConflict)
		return
	}
	if err != nil {
		http.Error(w, fmt.Sprintf("drawing %s of version %d failed: %v", what, g.version, err), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Content-Security-Policy", svgCSP)
	w.Header().Set("Content-Length", strconv.Itoa(len(svg)))
	if r.Method != http.MethodHead {
		w.Write(svg)
	}
}

// codeResponse is what GET /api/code/{name} returns.
type codeResponse struct {
	Version int    `json:"version"`
	Files   []File `json:"files"`
	Error   string `json:"error,omitempty"`
}

func (s *Server) serveCode(c CodeGenerator) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		g := s.current().good
		if g == nil {
			http.Error(w, "no version of the design without errors yet: fix the errors to see the code", http.StatusNotFound)
			return
		}
		body, _ := g.artifacts.get("code:"+c.Name, func() ([]byte, error) {
			resp := codeResponse{Version: g.version, Files: []File{}}
			files, err := c.Generate(g.schema)
			if err != nil {
				resp.Error = err.Error()
			} else if files != nil {
				resp.Files = files
			}
			return json.Marshal(resp)
		})
		w.Header().Set("X-Design-Version", strconv.Itoa(g.version))
		writeJSONBytes(w, r, http.StatusOK, body)
	}
}

// serveEvents streams "version" events: one with the current version as soon
// as the page connects, then one after every change, until the page goes
// away or the server stops.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	ch, ok := s.broker.subscribe(s.opts.MaxStreams)
	if !ok {
		http.Error(w, "too many open pages", http.StatusServiceUnavailable)
		return
	}
	defer s.broker.unsubscribe(ch)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	send := func(format string, args ...any) bool {
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	// retry: reconnect a second after the server restarts.
	if !send("retry: 1000\nevent: version\ndata: %d\n\n", s.Version()) {
		return
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		case <-ch:
			if !send("event: version\ndata: %d\n\n", s.Version()) {
				return
			}
		case <-tick.C:
			if !send(": keep-alive\n\n") {
				return
			}
		}
	}
}
