package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/graphviz/worker"
)

// TestGraphvizCacheIsPrivate runs the real worker against caches planted
// where go-graphviz looks by itself (the caller's TMPDIR, and /tmp when TMPDIR
// is unset): a truncated cache file there makes an unprotected binary panic
// before main. The worker must ignore them, keep its own cache under
// XDG_CACHE_HOME, rebuild a damaged entry of that cache, and refuse (with a
// warning, still working) a cache directory that is not its own.
func TestGraphvizCacheIsPrivate(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the cache directory checks are tested on Linux")
	}
	bin := buildWorker(t)
	cache := t.TempDir()
	tmp := t.TempDir()
	env := append(os.Environ(), "XDG_CACHE_HOME="+cache, "TMPDIR="+tmp)
	// run starts the worker with nothing to lay out (it starts, loads
	// Graphviz and exits at the end of its input) and returns its stderr.
	run := func(env []string) string {
		t.Helper()
		var stderr bytes.Buffer
		cmd := exec.Command(bin)
		cmd.Env = env
		cmd.Stdin = strings.NewReader("")
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v\n%s", worker.Program, err, stderr.String())
		}
		return stderr.String()
	}

	// A real layout, through the pool schemagen uses.
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("TMPDIR", tmp)
	pool := worker.New(worker.Config{Path: bin})
	svg, err := pool.Layout([]byte(`digraph G { a -> b }`), "svg")
	pool.Close()
	if err != nil || !strings.Contains(string(svg), "<svg") {
		t.Fatalf("layout: %v\n%.300s", err, svg)
	}
	entries, _ := filepath.Glob(filepath.Join(cache, "schemagen", "go-graphviz", "wazero-*", "*"))
	if len(entries) != 1 {
		t.Fatalf("want one compiled module in the private cache, got %v", entries)
	}
	if _, err := os.Stat(filepath.Join(tmp, "go-graphviz")); err == nil {
		t.Fatalf("go-graphviz wrote its cache into the caller's TMPDIR")
	}
	good, err := os.ReadFile(entries[0])
	if err != nil {
		t.Fatal(err)
	}
	rel, _ := filepath.Rel(filepath.Join(cache, "schemagen"), entries[0])

	t.Run("poisoned TMPDIR", func(t *testing.T) {
		poisoned := filepath.Join(tmp, rel)
		plant(t, poisoned, good[:len(good)/2])
		run(env)
		if got, _ := os.ReadFile(poisoned); len(got) != len(good)/2 {
			t.Errorf("the planted cache file was touched")
		}
	})

	t.Run("damaged private cache", func(t *testing.T) {
		plant(t, entries[0], good[:len(good)/3])
		run(env)
		if got, _ := os.ReadFile(entries[0]); !bytes.Equal(got, good) {
			t.Errorf("the truncated cache file was not rebuilt (%d bytes, want %d)", len(got), len(good))
		}
	})

	t.Run("cache directory is a symlink", func(t *testing.T) {
		other := t.TempDir()
		elsewhere := t.TempDir()
		if err := os.Symlink(elsewhere, filepath.Join(other, "schemagen")); err != nil {
			t.Fatal(err)
		}
		plant(t, filepath.Join(elsewhere, rel), good[:10])
		stderr := run(append(env, "XDG_CACHE_HOME="+other))
		if !strings.Contains(stderr, "warning: not caching compiled Graphviz: "+filepath.Join(other, "schemagen")+" is a symbolic link") {
			t.Errorf("want a warning about the symbolic link, got %q", stderr)
		}
	})

	t.Run("another user's cache directory", func(t *testing.T) {
		if os.Getuid() != 0 {
			t.Skip("needs root to give a directory to another user")
		}
		other := t.TempDir()
		dir := filepath.Join(other, "schemagen")
		plant(t, filepath.Join(dir, rel), good[:10])
		if err := filepath.Walk(dir, func(path string, _ os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			return os.Chown(path, 4242, 4242)
		}); err != nil {
			t.Fatal(err)
		}
		stderr := run(append(env, "XDG_CACHE_HOME="+other))
		if !strings.Contains(stderr, "belongs to user 4242") {
			t.Errorf("want a warning about the owner, got %q", stderr)
		}
	})

	t.Run("poisoned /tmp with TMPDIR unset", func(t *testing.T) {
		if os.Getuid() != 0 {
			t.Skip("needs root to mount a private /tmp")
		}
		if _, err := exec.LookPath("unshare"); err != nil {
			t.Skip("needs unshare(1) to mount a private /tmp")
		}
		// A directory mounted over /tmp in a private mount namespace, so that
		// the poisoned cache is seen by this test only.
		fake := t.TempDir()
		plant(t, filepath.Join(fake, rel), good[:len(good)/2])
		exe, err := os.ReadFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(fake, worker.Program), exe, 0o755); err != nil {
			t.Fatal(err)
		}
		var noTmpdir []string
		for _, kv := range env {
			if !strings.HasPrefix(kv, "TMPDIR=") {
				noTmpdir = append(noTmpdir, kv)
			}
		}
		cmd := exec.Command("unshare", "-m", "sh", "-c", `mount --bind "$1" /tmp && /tmp/schemagen-graphviz </dev/null`, "sh", fake)
		cmd.Env = noTmpdir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("the worker with a poisoned /tmp: %v\n%s", err, out)
		}
		if got, _ := os.ReadFile(filepath.Join(fake, rel)); len(got) != len(good)/2 {
			t.Errorf("the planted cache file was touched")
		}
	})
}

func plant(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// buildWorker builds the real worker: the init order this test depends on is
// the one of the schemagen-graphviz program, not of the test binary.
func buildWorker(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), worker.Program)
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
