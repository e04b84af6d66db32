package worker

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/schemagen/schemagen/internal/graphviz/embedded"
)

// modeVar makes the test binary, started by a Pool, act as a worker: the real
// one (Serve with the in-process engine) or one that misbehaves on purpose.
const modeVar = "SCHEMAGEN_WORKER_TEST_MODE"

func TestMain(m *testing.M) {
	if mode := os.Getenv(modeVar); mode != "" {
		os.Exit(fakeWorker(mode))
	}
	os.Exit(m.Run())
}

// fakeWorker serves layout requests on standard input and output the way
// mode says.
func fakeWorker(mode string) int {
	if mode == "real" {
		if err := Serve(os.Stdin, os.Stdout, embedded.New()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return 0
	}
	in := bufio.NewReader(os.Stdin)
	if _, _, err := readRequest(in); err != nil {
		return 1
	}
	switch mode {
	case "garbage":
		os.Stdout.WriteString("this is not a reply at all\n")
		time.Sleep(time.Hour)
	case "huge-length":
		os.Stdout.WriteString(replyMagic + "\x00\xff\xff\xff\xff")
		time.Sleep(time.Hour)
	case "exit-mid-reply":
		os.Stdout.WriteString(replyMagic + "\x00\x00\x00\x01\x00<svg")
		fmt.Fprintln(os.Stderr, "worker: giving up half-way")
		return 3
	case "crash":
		panic("the layout engine broke")
	case "hang":
		time.Sleep(time.Hour)
	case "bad-status":
		os.Stdout.WriteString(replyMagic + "\x07\x00\x00\x00\x00")
		time.Sleep(time.Hour)
	}
	return 0
}

// newTestPool returns a pool whose workers are this test binary in a mode.
func newTestPool(t *testing.T, mode string, cfg Config) *Pool {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(modeVar, mode)
	cfg.Path = exe
	p := New(cfg)
	t.Cleanup(func() { p.Close() })
	return p
}

var dots = []string{
	`digraph ER { rankdir=LR; a -> b -> c; a -> c [label="x"] }`,
	`digraph States { node [shape=box]; start -> ready -> done; ready -> failed }`,
	`digraph "a \"quoted\" name" { x -> y; y -> z; z -> x }`,
	`digraph Flow { subgraph cluster_1 { p; q } p -> q -> r }`,
}

// TestLayoutInWorkers lays out graphs in real workers, many at once, and
// compares every rendering with the in-process engine's: the same bytes
// whichever worker ran it. A Graphviz error is an error for that layout and
// leaves the worker serving.
func TestLayoutInWorkers(t *testing.T) {
	p := newTestPool(t, "real", Config{Workers: 3})
	eng := embedded.New()
	want := map[string][]byte{}
	for _, d := range dots {
		out, err := eng.Layout([]byte(d), "svg")
		if err != nil {
			t.Fatal(err)
		}
		want[d] = out
	}
	var wg sync.WaitGroup
	for i := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := dots[i%len(dots)]
			got, err := p.Layout([]byte(d), "svg")
			if err != nil {
				t.Errorf("layout %d: %v", i, err)
			} else if !bytes.Equal(got, want[d]) {
				t.Errorf("layout %d of %.30q differs from the in-process rendering", i, d)
			}
		}()
	}
	wg.Wait()
	pids := p.pids()
	if len(pids) == 0 || len(pids) > 3 {
		t.Errorf("%d workers running, want 1 to 3", len(pids))
	}
	if _, err := p.Layout([]byte(`digraph {`), "svg"); err == nil || !strings.Contains(err.Error(), "graphviz") {
		t.Errorf("bad DOT: %v, want Graphviz's error", err)
	}
	if _, err := p.Layout([]byte(dots[0]), "json"); err != nil {
		t.Errorf("after a Graphviz error: %v", err)
	}
	if got := p.pids(); len(got) != len(pids) {
		t.Errorf("a Graphviz error replaced a worker: %v, then %v", pids, got)
	}
}

// TestMisbehavingWorkers: a worker that answers garbage, stops half-way
// through a reply, panics or hangs fails that one layout, with a message
// that names the graph and says what happened, and is replaced.
func TestMisbehavingWorkers(t *testing.T) {
	for _, tc := range []struct {
		mode, want string
	}{
		{"garbage", "malformed reply"},
		{"huge-length", "over the limit"},
		{"bad-status", "status byte"},
		{"exit-mid-reply", "exited (exit status 3) before it answered: worker: giving up half-way"},
		{"crash", "panic: the layout engine broke"},
		{"hang", "did not answer within 5s and was killed"},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			// The timeout covers the worker's start too: this test binary
			// links go-graphviz, whose start is slow under -race.
			p := newTestPool(t, tc.mode, Config{Workers: 1, Timeout: 5 * time.Second})
			done := make(chan error, 1)
			go func() {
				_, err := p.Layout([]byte(dots[0]), "svg")
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "graph ER") {
					t.Fatalf("error %v; want one naming graph ER and saying %q", err, tc.want)
				}
			case <-time.After(time.Minute):
				t.Fatal("the layout did not return within a minute")
			}
			if n := len(p.pids()); n != 0 {
				t.Errorf("%d failed workers kept", n)
			}
			// The next layout gets a new worker, a good one this time.
			t.Setenv(modeVar, "real")
			p.cfg.Timeout = DefaultTimeout
			if out, err := p.Layout([]byte(dots[0]), "svg"); err != nil || !bytes.Contains(out, []byte("<svg")) {
				t.Errorf("the replacement worker: %v", err)
			}
		})
	}
}

// TestMissingProgram: a pool whose program does not exist fails each layout
// with the reason.
func TestMissingProgram(t *testing.T) {
	p := New(Config{Path: filepath.Join(t.TempDir(), Program)})
	defer p.Close()
	if _, err := p.Layout([]byte(dots[0]), "svg"); err == nil || !strings.Contains(err.Error(), "starting the Graphviz worker") {
		t.Errorf("error %v", err)
	}
}

// TestFind follows the search order: $SCHEMAGEN_GRAPHVIZ, beside the running
// program, $PATH; and says how to install the program when it is nowhere.
func TestFind(t *testing.T) {
	dir := t.TempDir()
	prog := filepath.Join(dir, Program)
	if err := os.WriteFile(prog, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvVar, prog)
	if got, err := Find(); err != nil || got != prog {
		t.Errorf("with %s set: %q, %v", EnvVar, got, err)
	}
	t.Setenv(EnvVar, filepath.Join(dir, "nope"))
	var missing *MissingError
	if _, err := Find(); !errors.As(err, &missing) || !strings.Contains(err.Error(), EnvVar+"=") {
		t.Errorf("with %s naming nothing: %v", EnvVar, err)
	}

	t.Setenv(EnvVar, "")
	t.Setenv("PATH", dir)
	if got, err := Find(); err != nil || got != prog {
		t.Errorf("in $PATH: %q, %v", got, err)
	}
	t.Setenv("PATH", t.TempDir())
	_, err := Find()
	if !errors.As(err, &missing) {
		t.Fatalf("nowhere: %v", err)
	}
	msg := err.Error()
	for _, want := range []string{"go install github.com/schemagen/schemagen/cmd/...@latest", "./cmd/" + Program, "beside schemagen"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("message is more than one line: %q", msg)
	}

	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	beside := filepath.Join(filepath.Dir(exe), Program)
	if err := os.WriteFile(beside, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Skipf("cannot write beside the test binary: %v", err)
	}
	defer os.Remove(beside)
	if got, err := Find(); err != nil || got != beside {
		t.Errorf("beside the program: %q, %v", got, err)
	}
}

// TestStderrOnce: the workers' warnings reach the pool's Stderr once each.
func TestStderrOnce(t *testing.T) {
	var out bytes.Buffer
	sink := &lineOnce{w: &out}
	a, b := &stderrTail{sink: sink}, &stderrTail{sink: sink}
	a.Write([]byte("warning: no cache\npartial"))
	b.Write([]byte("warning: no cache\n"))
	a.Write([]byte(" line\n"))
	if got := out.String(); got != "warning: no cache\npartial line\n" {
		t.Errorf("forwarded %q", got)
	}
}

// FuzzReadReply: whatever a worker writes, reading a reply returns a reply or
// an error; it neither panics nor allocates what a length claims before the
// bytes arrive.
func FuzzReadReply(f *testing.F) {
	var ok bytes.Buffer
	writeReply(&ok, statusOK, []byte("<svg/>"))
	for _, seed := range [][]byte{ok.Bytes(), nil, []byte("GVR1"), []byte("GVR1\x00\xff\xff\xff\xff"), []byte("GVQ1\x00\x00\x00\x03svg")} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		status, payload, err := readReply(bytes.NewReader(data))
		if err == nil && (status > statusError || 9+len(payload) > len(data)) {
			t.Errorf("accepted %q as status %d, %d bytes", data, status, len(payload))
		}
	})
}

// TestRequestRoundTrip: what writeRequest writes, readRequest reads back; an
// input that ends between requests is io.EOF.
func TestRequestRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	for _, d := range dots {
		if err := writeRequest(&buf, "svg", []byte(d)); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range dots {
		f, dot, err := readRequest(&buf)
		if err != nil || f != "svg" || string(dot) != d {
			t.Fatalf("read back %q %q %v", f, dot, err)
		}
	}
	if _, _, err := readRequest(&buf); err != io.EOF {
		t.Errorf("at the end: %v, want io.EOF", err)
	}
}
