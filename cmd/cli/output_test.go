package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// interleaved records what a command writes to stdout and stderr in one log,
// in the order the writes happen, as a terminal showing both would.
type interleaved struct {
	mu  sync.Mutex
	log []string // "1:" or "2:" and the bytes written
}

type stream struct {
	l  *interleaved
	fd string
}

func (s stream) Write(p []byte) (int, error) {
	s.l.mu.Lock()
	defer s.l.mu.Unlock()
	s.l.log = append(s.l.log, s.fd+string(p))
	return len(p), nil
}

// text is everything written to one stream, and where its last write was in the log.
func (l *interleaved) text(fd string) (string, int) {
	var b strings.Builder
	last := -1
	for i, w := range l.log {
		if rest, ok := strings.CutPrefix(w, fd); ok {
			b.WriteString(rest)
			last = i
		}
	}
	return b.String(), last
}

// manyErrorsDesign is a design with n fields of an unknown type: n errors,
// whose text (with source lines and hints) is far larger than one output block.
func manyErrorsDesign(t *testing.T, n int) string {
	var b strings.Builder
	b.WriteString("schemagen: 1\nname: many\nentities:\n  things:\n    fields:\n      id: bigint pk\n")
	for i := range n {
		fmt.Fprintf(&b, "      field_%d: txt\n", i)
	}
	path := filepath.Join(t.TempDir(), "many.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestFailingCommandPrintsEverything: diagnostics are written in large
// blocks, not line by line; a command that fails still prints every one of
// them, and what goes to stderr after them (validate's summary) still comes
// after them.
func TestFailingCommandPrintsEverything(t *testing.T) {
	const n = 3000
	path := manyErrorsDesign(t, n)
	for _, c := range []struct {
		args      []string
		diagsOn   string // the stream the diagnostics go to
		marker    string // once in each diagnostic
		wantAfter string // on stderr, after every diagnostic
	}{
		{[]string{"validate", path}, "1:", "[invalid-type]", fmt.Sprintf("%d errors, 0 warnings, 0 infos\n", n)},
		{[]string{"validate", "--format", "github", path}, "1:", "title=schemagen invalid-type", ""},
		{[]string{"sql", path}, "2:", "[invalid-type]", ""},
	} {
		t.Run(strings.Join(c.args[:len(c.args)-1], " "), func(t *testing.T) {
			l := &interleaved{}
			code := Run(c.args, strings.NewReader(""), stream{l, "1:"}, stream{l, "2:"})
			if code != ExitDesignError {
				t.Fatalf("exit %d, want %d", code, ExitDesignError)
			}
			diags, last := l.text(c.diagsOn)
			if got := strings.Count(diags, c.marker); got != n {
				t.Errorf("%d diagnostics printed, want %d", got, n)
			}
			if len(l.log) > n/10 {
				t.Errorf("%d writes for %d diagnostics: the output is not buffered", len(l.log), n)
			}
			for i := range n {
				if !strings.Contains(diags, fmt.Sprintf("field things.field_%d: unknown type", i)) {
					t.Fatalf("the diagnostic of field_%d is missing", i)
				}
			}
			if c.wantAfter == "" {
				return
			}
			stderr, lastErr := l.text("2:")
			if stderr != c.wantAfter || lastErr < last {
				t.Errorf("stderr %q (write %d, the diagnostics' last write %d); want %q after the diagnostics", stderr, lastErr, last, c.wantAfter)
			}
		})
	}
}
