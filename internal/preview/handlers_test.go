package preview

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/rulebook"
)

func get(t *testing.T, h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	// A bounded context: an event stream that wrongly stays open ends the request.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	req.Host = "127.0.0.1:7878"
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestStateOfAGoodDesign(t *testing.T) {
	r := &fakeRenderer{}
	s, path := newTestServer(t, goodYAML, Options{Render: r.render, Code: []CodeGenerator{{Name: "sql", Title: "SQL", Generate: func(*schema.Schema) ([]File, error) { return nil, nil }}}})
	rec := get(t, s.Handler(), "/api/state")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/state: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	var st pageState
	if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil {
		t.Fatal(err)
	}
	if st.Version != 1 || st.Status != statusOK || st.Shown != 1 || st.Design != "shop" {
		t.Errorf("state = version %d status %q shown %d design %q; want 1, ok, 1, shop", st.Version, st.Status, st.Shown, st.Design)
	}
	if st.Path != path || st.File != "shop.yaml" {
		t.Errorf("file %q path %q; want shop.yaml and %s", st.File, st.Path, path)
	}
	if strings.Join(st.Diagrams, ",") != "er,states,flow" || len(st.Code) != 1 || st.Code[0].Name != "sql" {
		t.Errorf("tabs: diagrams %v code %v", st.Diagrams, st.Code)
	}
	if st.Summary != "2 tables, 0 enums, 0 state machines, 0 flow steps" {
		t.Errorf("summary %q", st.Summary)
	}
	if r.calls.Load() != 0 {
		t.Errorf("the state rendered %d diagrams; diagrams are drawn only when asked for", r.calls.Load())
	}
}

func TestDiagnosticsCarryPositionLinkAndRuleDoc(t *testing.T) {
	s, path := newTestServer(t, badYAML, Options{})
	st := decodeState(t, s)
	if st.Status != statusErrors || st.Counts.Errors != 1 || st.Shown != 0 {
		t.Fatalf("status %q errors %d shown %d; want errors, 1, 0", st.Status, st.Counts.Errors, st.Shown)
	}
	var d diagnostic
	for _, x := range st.Diagnostics {
		if x.Rule == "unknown-entity" {
			d = x
		}
	}
	if d.Pos != "shop.yaml:13:19" || d.Line != 13 || d.Col != 19 || d.Severity != "error" {
		t.Errorf("diagnostic %+v; want unknown-entity error at shop.yaml:13:19", d)
	}
	if want := "vscode://file" + filepath.ToSlash(path) + ":13:19"; d.Link != want {
		t.Errorf("link %q; want %q", d.Link, want)
	}
	rule, _ := rulebook.All().Lookup("unknown-entity")
	if got := st.Rules["unknown-entity"]; got.Doc != strings.TrimRight(rule.Doc, "\n") || got.Title != rule.Title() {
		t.Errorf("rule doc for unknown-entity = %+v; want the rule's Doc", got)
	}
}

func TestSecurityHeaders(t *testing.T) {
	s, _ := newTestServer(t, goodYAML, Options{Render: (&fakeRenderer{}).render})
	h := s.Handler()
	for _, path := range []string{"/", "/app.js", "/style.css", "/api/state", "/api/diagram/er.svg", "/nothing-here"} {
		rec := get(t, h, path)
		if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", path, got)
		}
		if got := rec.Header().Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, got)
		}
	}
	page := get(t, h, "/")
	csp := page.Header().Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "connect-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("page CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe") || strings.Contains(csp, "http") {
		t.Errorf("page CSP %q allows inline code or another origin", csp)
	}
	if ct := page.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("page Content-Type %q", ct)
	}
	svg := get(t, h, "/api/diagram/er.svg")
	if ct, csp := svg.Header().Get("Content-Type"), svg.Header().Get("Content-Security-Policy"); ct != "image/svg+xml" || !strings.Contains(csp, "sandbox") {
		t.Errorf("diagram: Content-Type %q CSP %q; want image/svg+xml and a sandbox", ct, csp)
	}
}

// The page works offline: nothing it loads comes from another origin.
func TestPageLoadsNothingFromElsewhere(t *testing.T) {
	for _, a := range []asset{indexPage, appJS, styleCSS} {
		body := string(a.body)
		for _, bad := range []string{"http://", "https://", "//cdn", "@import"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s asset contains %q", a.contentType, bad)
			}
		}
	}
	if strings.Contains(string(appJS.body), "innerHTML") {
		t.Error("app.js uses innerHTML; build elements with textContent so that no message can inject markup")
	}
}

func TestHostHeaderAgainstDNSRebinding(t *testing.T) {
	s, _ := newTestServer(t, goodYAML, Options{})
	s.AllowHost("devbox.internal")
	h := s.Handler()
	for host, want := range map[string]int{
		"localhost:7878":              http.StatusOK,
		"LOCALHOST.:7878":             http.StatusOK,
		"127.0.0.1:7878":              http.StatusOK,
		"127.0.0.1":                   http.StatusOK,
		"[::1]:7878":                  http.StatusOK,
		"devbox.internal:7878":        http.StatusOK,
		"evil.example:7878":           http.StatusForbidden,
		"attacker.com":                http.StatusForbidden,
		"127.0.0.1.nip.io:7878":       http.StatusForbidden,
		"localhost.attacker.com:7878": http.StatusForbidden,
		"10.0.0.1:7878":               http.StatusForbidden,
		"":                            http.StatusForbidden,
	} {
		for _, path := range []string{"/", "/api/state", "/api/events"} {
			if path == "/api/events" && want == http.StatusOK {
				continue // a stream that stays open; covered by TestEventStream
			}
			rec := get(t, h, path, "Host", host)
			if rec.Code != want {
				t.Errorf("Host %q %s: status %d, want %d", host, path, rec.Code, want)
			}
			if want == http.StatusForbidden && strings.Contains(rec.Body.String(), "shop") {
				t.Errorf("Host %q %s: a refused request got the design", host, path)
			}
		}
	}
}

func TestOnlyGetAndHead(t *testing.T) {
	s, _ := newTestServer(t, goodYAML, Options{})
	h := s.Handler()
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodOptions} {
		req := httptest.NewRequest(m, "/api/state", strings.NewReader("x"))
		req.Host = "localhost"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s: status %d, want 405", m, rec.Code)
		}
	}
	req := httptest.NewRequest(http.MethodHead, "/", nil)
	req.Host = "localhost"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") == "0" {
		t.Errorf("HEAD /: %d, %d bytes, Content-Length %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"))
	}
}

// No request path reaches the file system: a secret next to the design, the
// package's own sources and the embedded assets' directory are all out of reach.
func TestNoPathTraversalOrListing(t *testing.T) {
	s, path := newTestServer(t, goodYAML, Options{Render: (&fakeRenderer{}).render})
	dir := filepath.Dir(path)
	const marker = "TOP-SECRET-7731"
	writeFile(t, filepath.Join(dir, "secret.txt"), marker)
	wd, _ := os.Getwd()
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	paths := []string{
		"/secret.txt", "/shop.yaml", "/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt",
		"/api/diagram/../../secret.txt", "/api/diagram/%2e%2e%2fsecret.txt", "/api/diagram/er.svg/../../secret.txt",
		"/app.js/../secret.txt", "/" + dir + "/secret.txt", "//" + dir + "/secret.txt",
		"/web/", "/web/index.html", "/web/app.js", "/api/", "/api/diagram/", "/api/code/",
		"/load.go", "/doc.go", "/../load.go", "/" + wd + "/load.go", "/api/diagram/x.svg", "/api/code/../../go.mod",
		"/index.html", "/.git/config", "/%00", "/app.js%00.txt",
	}
	for _, p := range paths {
		req, err := http.NewRequest(http.MethodGet, srv.URL+p, nil)
		if err != nil {
			continue // not even a valid URL
		}
		req.URL.Opaque = p // send the path exactly as written, unnormalised
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", p, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		text := string(body)
		if strings.Contains(text, marker) || strings.Contains(text, "package preview") || strings.Contains(text, "uuid pk") {
			t.Errorf("GET %s (status %d) leaked a file: %.80q", p, resp.StatusCode, text)
		}
		final := resp.Request.URL.Path
		if resp.StatusCode == http.StatusOK && final != "/" && final != "/app.js" && final != "/style.css" {
			t.Errorf("GET %s ended at %s with 200; only the fixed routes answer", p, final)
		}
	}
}

func TestDiagramsRenderOncePerVersionAndOneAtATime(t *testing.T) {
	r := &fakeRenderer{delay: 20 * time.Millisecond}
	s, path := newTestServer(t, goodYAML, Options{Render: r.render})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	fetchAll := func() []string {
		var wg sync.WaitGroup
		bodies := make([]string, 3*8)
		for i := range bodies {
			wg.Add(1)
			go func() {
				defer wg.Done()
				kind := DiagramKinds[i%3]
				resp, err := srv.Client().Get(srv.URL + "/api/diagram/" + kind + ".svg")
				if err != nil {
					t.Error(err)
					return
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s: %d %s", kind, resp.StatusCode, b)
				}
				bodies[i] = resp.Header.Get("X-Design-Version") + " " + string(b)
			}()
		}
		wg.Wait()
		return bodies
	}
	bodies := fetchAll()
	if n := r.calls.Load(); n != 3 {
		t.Errorf("24 requests for 3 diagrams made %d renders, want 3", n)
	}
	if m := r.maxSeen.Load(); m != 1 {
		t.Errorf("%d renders ran at the same time; the renderer must be called one at a time", m)
	}
	for _, b := range bodies {
		if !strings.HasPrefix(b, "1 <svg") || !strings.Contains(b, ">customers<") {
			t.Errorf("diagram of version 1 = %.60q", b)
		}
	}
	// Another request of the same version is served from the cache.
	fetchAll()
	if n := r.calls.Load(); n != 3 {
		t.Errorf("after a second round: %d renders, want still 3", n)
	}
	// A new version is drawn again, once per kind.
	writeFile(t, path, withEntity("coupons"))
	if !s.reload() {
		t.Fatal("reload after a change published no version")
	}
	bodies = fetchAll()
	if n := r.calls.Load(); n != 6 {
		t.Errorf("after a change: %d renders, want 6", n)
	}
	for _, b := range bodies {
		if !strings.HasPrefix(b, "2 <svg") || !strings.Contains(b, ">coupons<") {
			t.Errorf("diagram of version 2 = %.60q", b)
		}
	}
	// Saving the same bytes again is not a new version.
	writeFile(t, path, withEntity("coupons"))
	if s.reload() || s.Version() != 2 {
		t.Errorf("an unchanged save made version %d", s.Version())
	}
}

func TestErrorsKeepTheLastGoodDiagram(t *testing.T) {
	r := &fakeRenderer{}
	s, path := newTestServer(t, goodYAML, Options{Render: r.render})
	h := s.Handler()
	if rec := get(t, h, "/api/diagram/er.svg"); !strings.Contains(rec.Body.String(), ">orders<") {
		t.Fatalf("first diagram: %d %s", rec.Code, rec.Body)
	}
	writeFile(t, path, strings.Replace(badYAML, "orders:", "orders_v2:", 1))
	s.reload()
	st := decodeState(t, s)
	if st.Version != 2 || st.Status != statusErrors || st.Shown != 1 || st.Counts.Errors == 0 {
		t.Fatalf("with errors: version %d status %q shown %d errors %d; want 2, errors, 1, >0", st.Version, st.Status, st.Shown, st.Counts.Errors)
	}
	rec := get(t, h, "/api/diagram/er.svg")
	if rec.Code != http.StatusOK || rec.Header().Get("X-Design-Version") != "1" || !strings.Contains(rec.Body.String(), ">orders<") {
		t.Errorf("with errors the diagram is %d, version %q: %s; want version 1's", rec.Code, rec.Header().Get("X-Design-Version"), rec.Body)
	}
	if r.calls.Load() != 1 {
		t.Errorf("%d renders; a design with errors is never drawn", r.calls.Load())
	}
	writeFile(t, path, withEntity("refunds"))
	s.reload()
	st = decodeState(t, s)
	if st.Status != statusOK || st.Shown != 3 || st.Counts.Errors != 0 {
		t.Errorf("after the fix: status %q shown %d diagnostics %v", st.Status, st.Shown, st.Diagnostics)
	}
	if rec := get(t, h, "/api/diagram/er.svg"); !strings.Contains(rec.Body.String(), ">refunds<") {
		t.Errorf("after the fix the diagram is %s", rec.Body)
	}
}

func TestNoDiagramOrCodeBeforeTheFirstGoodVersion(t *testing.T) {
	gen := CodeGenerator{Name: "sql", Title: "SQL", Generate: func(*schema.Schema) ([]File, error) {
		t.Error("code generated for a design with errors")
		return nil, nil
	}}
	r := &fakeRenderer{}
	s, _ := newTestServer(t, badYAML, Options{Render: r.render, Code: []CodeGenerator{gen}})
	h := s.Handler()
	for _, p := range []string{"/api/diagram/er.svg", "/api/code/sql"} {
		rec := get(t, h, p)
		if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "fix the errors") {
			t.Errorf("%s: %d %q; want 404 saying to fix the errors", p, rec.Code, rec.Body)
		}
	}
	if r.calls.Load() != 0 {
		t.Error("a design with errors was drawn")
	}
}

func TestWithoutRendererNoDiagramTabs(t *testing.T) {
	s, _ := newTestServer(t, goodYAML, Options{})
	if st := decodeState(t, s); len(st.Diagrams) != 0 {
		t.Errorf("diagram tabs %v without a renderer", st.Diagrams)
	}
	if rec := get(t, s.Handler(), "/api/diagram/er.svg"); rec.Code != http.StatusNotImplemented {
		t.Errorf("diagram without renderer: %d", rec.Code)
	}
}

func TestRenderFailureIsShown(t *testing.T) {
	s, _ := newTestServer(t, goodYAML, Options{Render: func(*schema.Schema, string) ([]byte, error) {
		return nil, errors.New("graphviz exploded")
	}})
	rec := get(t, s.Handler(), "/api/diagram/er.svg")
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "graphviz exploded") {
		t.Errorf("failed render: %d %q", rec.Code, rec.Body)
	}
}

func TestCodeTabs(t *testing.T) {
	calls := 0
	code := []CodeGenerator{
		{Name: "sql", Title: "SQL", Generate: func(s *schema.Schema) ([]File, error) {
			calls++
			return []File{{Name: s.Name + ".sql", Content: "CREATE TABLE customers ();"}}, nil
		}},
		{Name: "go", Title: "Go", Generate: func(s *schema.Schema) ([]File, error) {
			return nil, errors.New("no Go today")
		}},
	}
	s, _ := newTestServer(t, goodYAML, Options{Code: code})
	h := s.Handler()
	var resp codeResponse
	for range 3 {
		rec := get(t, h, "/api/code/sql")
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatal(err)
		}
	}
	if resp.Version != 1 || len(resp.Files) != 1 || resp.Files[0].Name != "shop.sql" || resp.Files[0].Content != "CREATE TABLE customers ();" || resp.Error != "" {
		t.Errorf("sql tab: %+v", resp)
	}
	if calls != 1 {
		t.Errorf("generated %d times for one version", calls)
	}
	rec := get(t, h, "/api/code/go")
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	if resp.Error != "no Go today" || len(resp.Files) != 0 {
		t.Errorf("failing go tab: %+v", resp)
	}
	if _, err := New(Options{Path: "x", Code: []CodeGenerator{{Name: "../etc", Generate: code[0].Generate}}}); err == nil {
		t.Error("a code tab named ../etc was accepted")
	}
}

// readEvent reads one server-sent event's data line.
func readEvent(t *testing.T, r *bufio.Reader) string {
	t.Helper()
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("event stream ended: %v", err)
		}
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			return strings.TrimSpace(data)
		}
	}
}

func TestEventStream(t *testing.T) {
	s, path := newTestServer(t, goodYAML, Options{})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	open := func() (*http.Response, *bufio.Reader) {
		resp, err := srv.Client().Get(srv.URL + "/api/events")
		if err != nil {
			t.Fatal(err)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
			t.Fatalf("Content-Type %q", ct)
		}
		return resp, bufio.NewReader(resp.Body)
	}
	// Two tabs.
	resp1, r1 := open()
	defer resp1.Body.Close()
	resp2, r2 := open()
	defer resp2.Body.Close()
	if v := readEvent(t, r1); v != "1" {
		t.Errorf("first event %q, want the current version 1", v)
	}
	if v := readEvent(t, r2); v != "1" {
		t.Errorf("second tab's first event %q", v)
	}
	writeFile(t, path, withEntity("coupons"))
	s.reload()
	if v := readEvent(t, r1); v != "2" {
		t.Errorf("after a change: %q, want 2", v)
	}
	if v := readEvent(t, r2); v != "2" {
		t.Errorf("second tab after a change: %q, want 2", v)
	}
	if n := s.broker.count(); n != 2 {
		t.Errorf("%d streams connected, want 2", n)
	}
	s.Close()
	for _, r := range []*bufio.Reader{r1, r2} {
		if _, err := io.ReadAll(r); err != nil {
			t.Errorf("after Close the stream ended with %v, want a clean end", err)
		}
	}
}

func TestTooManyStreams(t *testing.T) {
	s, _ := newTestServer(t, goodYAML, Options{MaxStreams: 1})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	defer s.Close()
	first, err := srv.Client().Get(srv.URL + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer first.Body.Close()
	readEvent(t, bufio.NewReader(first.Body))
	second, err := srv.Client().Get(srv.URL + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	second.Body.Close()
	if second.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("stream over the limit: %d, want 503", second.StatusCode)
	}
}

// Run stops cleanly when its context is cancelled, even with pages connected.
func TestRunStopsCleanly(t *testing.T) {
	s, _ := newTestServer(t, goodYAML, Options{Poll: -1})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ln) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	r := bufio.NewReader(resp.Body)
	readEvent(t, r)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(4 * time.Second):
		t.Fatal("Run did not stop within 4s of cancel with a page connected")
	}
	if _, err := io.ReadAll(r); err != nil {
		t.Errorf("the event stream ended with %v, want a clean end", err)
	}
	if _, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		t.Error("the port still accepts connections after Run returned")
	}
}

func TestNewRefusesAMissingFile(t *testing.T) {
	_, err := New(Options{Path: filepath.Join(t.TempDir(), "nope.yaml")})
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("New on a missing file: %v", err)
	}
	_, err = New(Options{Path: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("New on a directory: %v", err)
	}
}

func TestBrowserCommand(t *testing.T) {
	for goos, want := range map[string]string{
		"linux":   "xdg-open http://127.0.0.1:1/",
		"freebsd": "xdg-open http://127.0.0.1:1/",
		"darwin":  "open http://127.0.0.1:1/",
		"windows": "rundll32 url.dll,FileProtocolHandler http://127.0.0.1:1/",
	} {
		name, args := browserCommand(goos, "http://127.0.0.1:1/")
		if got := strings.Join(append([]string{name}, args...), " "); got != want {
			t.Errorf("%s: %q, want %q", goos, got, want)
		}
	}
}

// TestSQLCheckDiagnostics proves the server checks a design the way validate
// does: PostgreSQL's parser reports an expression that does not parse.
func TestSQLCheckDiagnostics(t *testing.T) {
	bad := strings.Replace(goodYAML, "total_cents: bigint", "total_cents: bigint check (total_cents >= )", 1)
	s, _ := newTestServer(t, bad, Options{})
	st := decodeState(t, s)
	found := false
	for _, d := range st.Diagnostics {
		found = found || d.Rule == "invalid-expression"
	}
	if !found {
		t.Fatalf("the SQL check's diagnostics are not shown: %+v", st.Diagnostics)
	}
}
