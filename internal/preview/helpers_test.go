package preview

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/schemagen/schemagen/design/schema"
)

// goodDesign is a small design without errors; withEntity adds one more entity.
const goodYAML = `schemagen: 1
name: shop
entities:
  customers:
    fields:
      id: uuid pk
      email: text unique
  orders:
    fields:
      id: uuid pk
      total_cents: bigint
relationships:
  - customers 1-n orders
`

// badYAML names an entity that does not exist, on line 13.
var badYAML = strings.Replace(goodYAML, "customers 1-n orders", "customers 1-n invoices", 1)

// withEntity is goodYAML with another entity.
func withEntity(name string) string {
	return strings.Replace(goodYAML, "relationships:", "  "+name+":\n    fields:\n      id: uuid pk\nrelationships:", 1)
}

// writeFile writes data to path, failing the test on error.
func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fakeRenderer draws an SVG that lists the tables, and records how often and
// how concurrently it was called.
type fakeRenderer struct {
	calls    atomic.Int32
	inFlight atomic.Int32
	maxSeen  atomic.Int32
	delay    time.Duration
	mu       sync.Mutex
	kinds    []string
}

func (f *fakeRenderer) render(s *schema.Schema, kind string) ([]byte, error) {
	f.calls.Add(1)
	n := f.inFlight.Add(1)
	defer f.inFlight.Add(-1)
	for {
		m := f.maxSeen.Load()
		if n <= m || f.maxSeen.CompareAndSwap(m, n) {
			break
		}
	}
	f.mu.Lock()
	f.kinds = append(f.kinds, kind)
	f.mu.Unlock()
	time.Sleep(f.delay)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="%d" viewBox="0 0 400 %d">`, 30*len(s.Tables)+20, 30*len(s.Tables)+20)
	fmt.Fprintf(&b, `<title>%s %s</title>`, kind, s.Name)
	for i, tb := range s.Tables {
		fmt.Fprintf(&b, `<g class="node"><rect x="10" y="%d" width="200" height="24" fill="#eef"/><text x="20" y="%d">%s</text></g>`, 10+30*i, 27+30*i, tb.Name)
	}
	b.WriteString(`</svg>`)
	return []byte(b.String()), nil
}

// newTestServer writes content to a fresh design file and starts a Server on it.
func newTestServer(t *testing.T, content string, opts Options) (*Server, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shop.yaml")
	writeFile(t, path, content)
	opts.Path = path
	if opts.Name == "" {
		opts.Name = "shop.yaml"
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return s, path
}

// decodeState is the server's current page state.
func decodeState(t *testing.T, s *Server) pageState {
	t.Helper()
	var st pageState
	if err := json.Unmarshal(s.current().state, &st); err != nil {
		t.Fatal(err)
	}
	return st
}

// waitFor polls the server's state until cond holds, failing after a while.
func waitFor(t *testing.T, s *Server, what string, cond func(pageState) bool) pageState {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := decodeState(t, s)
		if cond(st) {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; state is version %d, status %s, %d diagnostics", what, st.Version, st.Status, len(st.Diagnostics))
		}
		time.Sleep(10 * time.Millisecond)
	}
}
