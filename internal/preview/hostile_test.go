package preview

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/schemagen/schemagen/design/schema"
)

// TestNothingToDrawIsNotAFailure: a design without state machines or flow
// gets a 404 that says what to add, not a 500, and nothing is rendered.
func TestNothingToDrawIsNotAFailure(t *testing.T) {
	r := &fakeRenderer{}
	render := func(s *schema.Schema, kind string) ([]byte, error) {
		if kind != "er" {
			return nil, &NothingToDraw{Reason: "The design has no " + map[string]string{"states": "state machines", "flow": "flow"}[kind] + " to draw: add a `" + kind + "` section."}
		}
		return r.render(s, kind)
	}
	s, _ := newTestServer(t, goodYAML, Options{Render: render})
	for kind, want := range map[string]string{
		"states": "no state machines to draw: add a `states` section",
		"flow":   "no flow to draw: add a `flow` section",
	} {
		rec := get(t, s.Handler(), "/api/diagram/"+kind+".svg")
		if rec.Code != http.StatusNotFound || rec.Header().Get("X-Nothing-To-Draw") != "1" || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("%s: %d %q %q", kind, rec.Code, rec.Header().Get("X-Nothing-To-Draw"), rec.Body)
		}
	}
	if rec := get(t, s.Handler(), "/api/diagram/er.svg"); rec.Code != http.StatusOK {
		t.Errorf("er: %d", rec.Code)
	}
}

// blockingRenderer blocks every render until release is closed.
type blockingRenderer struct {
	started chan struct{}
	release chan struct{}
}

func (b *blockingRenderer) render(*schema.Schema, string) ([]byte, error) {
	b.started <- struct{}{}
	<-b.release
	return []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), nil
}

// TestClientThatLeavesIsNotWaitedFor: the handler returns when its client
// goes away, while the render it asked for is still running.
func TestClientThatLeavesIsNotWaitedFor(t *testing.T) {
	b := &blockingRenderer{started: make(chan struct{}, 4), release: make(chan struct{})}
	defer close(b.release)
	s, _ := newTestServer(t, goodYAML, Options{Render: b.render})
	ctx, cancel := context.WithCancel(context.Background())
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/api/diagram/er.svg", nil)
	req.Host = "127.0.0.1:7878"
	returned := make(chan struct{})
	go func() {
		s.Handler().ServeHTTP(httptest.NewRecorder(), req)
		close(returned)
	}()
	<-b.started
	cancel()
	<-returned // with the render still blocked: the handler did not wait for it
}

// TestRunStopsDuringARender: Run returns after its context ends although a
// render is still running, instead of waiting for it.
func TestRunStopsDuringARender(t *testing.T) {
	b := &blockingRenderer{started: make(chan struct{}, 4), release: make(chan struct{})}
	defer close(b.release)
	s, _ := newTestServer(t, goodYAML, Options{Render: b.render})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- s.Run(ctx, ln) }()
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/api/diagram/er.svg")
		if err == nil {
			resp.Body.Close()
		}
	}()
	<-b.started
	cancel()
	select {
	case err := <-stopped:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(30 * time.Second): // a hang, not a speed limit
		t.Fatal("Run did not return while a render was running")
	}
}
