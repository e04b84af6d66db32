package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer that the server's goroutines may write to
// while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var servingURL = regexp.MustCompile(`previewing \S+ at (http://\S+/) \(Ctrl-C to stop\)`)

// startServe runs `schemagen serve` in-process until the test ends and
// returns the page's URL and the command's stderr.
func startServe(t *testing.T, args ...string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &syncBuffer{}
	root := newRootCmd(testGraphviz())
	root.SetArgs(append([]string{"serve"}, args...))
	root.SetIn(strings.NewReader(""))
	root.SetOut(io.Discard)
	root.SetErr(stderr)
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v; stderr:\n%s", err, stderr)
			}
			if !strings.Contains(stderr.String(), "schemagen serve: stopped") {
				t.Errorf("serve did not say it stopped; stderr:\n%s", stderr)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("serve did not stop within 10s of cancel")
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := servingURL.FindStringSubmatch(stderr.String()); m != nil {
			return m[1], stderr
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped at once: %v; stderr:\n%s", err, stderr)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("serve printed no URL; stderr:\n%s", stderr)
	return "", nil
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func exampleDesign(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../examples/rideshare.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "rideshare.yaml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The command wires the real generators: diagrams, SQL and Go of the example.
func TestServeWiresTheGenerators(t *testing.T) {
	url, _ := startServe(t, exampleDesign(t), "--addr", "127.0.0.1:0")
	code, body := httpGet(t, url+"api/state")
	var st struct {
		Status   string   `json:"status"`
		Design   string   `json:"design"`
		Diagrams []string `json:"diagrams"`
	}
	if err := json.Unmarshal([]byte(body), &st); code != 200 || err != nil {
		t.Fatalf("state: %d %v %s", code, err, body)
	}
	if st.Status != "ok" || st.Design != "rideshare" || strings.Join(st.Diagrams, ",") != "er,states,flow" {
		t.Errorf("state %+v", st)
	}
	for kind, want := range map[string]string{"er": "driver_locations", "states": "ride_status", "flow": "Rider requests a ride"} {
		code, svg := httpGet(t, url+"api/diagram/"+kind+".svg")
		if code != 200 || !strings.HasPrefix(strings.TrimSpace(svg), "<") || !strings.Contains(svg, "<svg") || !strings.Contains(svg, want) {
			t.Errorf("%s diagram: %d, %d bytes, contains %q: %v", kind, code, len(svg), want, strings.Contains(svg, want))
		}
	}
	code, sql := httpGet(t, url+"api/code/sql")
	if code != 200 || !strings.Contains(sql, "CREATE TABLE") {
		t.Errorf("sql tab: %d %.200s", code, sql)
	}
	code, goSrc := httpGet(t, url+"api/code/go")
	if code != 200 || !strings.Contains(goSrc, "package rideshare") {
		t.Errorf("go tab: %d %.200s", code, goSrc)
	}
}

func TestServePortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var stderr bytes.Buffer
	status := Run([]string{"serve", exampleDesign(t), "--addr", ln.Addr().String()}, strings.NewReader(""), io.Discard, &stderr)
	if status != ExitUsage {
		t.Errorf("exit status %d, want %d", status, ExitUsage)
	}
	if msg := stderr.String(); !strings.Contains(msg, "already in use") || !strings.Contains(msg, "--addr") {
		t.Errorf("stderr %q; want a clear 'already in use' with what to do", msg)
	}
}

func TestServeUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", filepath.Join(dir, "missing.yaml"), "--addr", "127.0.0.1:0"}, "does not exist"},
		{[]string{"serve", dir, "--addr", "127.0.0.1:0"}, "is a directory"},
		{[]string{"serve", "-"}, "standard input"},
		{[]string{"serve", exampleDesign(t), "--addr", "no-port"}, "HOST:PORT"},
		{[]string{"serve"}, "accepts 1 arg"},
	} {
		var stderr bytes.Buffer
		status := Run(tc.args, strings.NewReader(""), io.Discard, &stderr)
		if status != ExitUsage || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: status %d, stderr %q; want 2 and %q", tc.args, status, stderr.String(), tc.want)
		}
	}
}

func TestServeOpenAndNonLoopbackWarning(t *testing.T) {
	var opened []string
	saved := openBrowser
	defer func() { openBrowser = saved }()
	openBrowser = func(url string, onFail func(error)) error {
		opened = append(opened, url)
		return errors.New("no display")
	}
	url, stderr := startServe(t, exampleDesign(t), "--addr", "0.0.0.0:0", "--open")
	if len(opened) != 1 || opened[0] != url || !strings.HasPrefix(url, "http://localhost:") {
		t.Errorf("opened %v; want the page URL %s on localhost", opened, url)
	}
	out := stderr.String()
	if !strings.Contains(out, "warning: no display; open "+url+" yourself") {
		t.Errorf("a failed --open should be a warning; stderr:\n%s", out)
	}
	if !strings.Contains(out, "not a loopback address") {
		t.Errorf("no warning for a non-loopback address; stderr:\n%s", out)
	}
	// Still serving after the failed open, under localhost.
	if code, _ := httpGet(t, url+"api/state"); code != 200 {
		t.Errorf("state after a failed --open: %d", code)
	}
}
