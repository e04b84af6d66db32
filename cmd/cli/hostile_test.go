package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// failingWriter is an output that cannot be written, like /dev/full.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestValidateOutputLost: validate must not exit 0 when its diagnostics were
// not written.
func TestValidateOutputLost(t *testing.T) {
	for _, format := range []string{"text", "json", "github", "sarif"} {
		var stderr bytes.Buffer
		code := Run([]string{"validate", "--format", format, "../../examples/rideshare.yaml"}, strings.NewReader(""), failingWriter{}, &stderr)
		if code != ExitUsage || !strings.Contains(stderr.String(), "no space left on device") {
			t.Errorf("--format %s: exit %d, stderr %q; want %d and the write error", format, code, stderr.String(), ExitUsage)
		}
	}
}

// TestTooLargeReportsFileSize: the diagnostic gives the file's size, not the
// number of bytes read before refusing.
func TestTooLargeReportsFileSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(40_000_000); err != nil { // sparse: no 40 MB written
		t.Fatal(err)
	}
	f.Close()
	var stdout, stderr bytes.Buffer
	code := Run([]string{"validate", path}, strings.NewReader(""), &stdout, &stderr)
	if code != ExitDesignError || !strings.Contains(stdout.String(), "error: file is 40000000 bytes; designs larger than 16 MiB are refused [input-too-large]") {
		t.Errorf("exit %d, stdout %q", code, stdout.String())
	}
	stdout.Reset()
	big := strings.NewReader(strings.Repeat("#\n", 9_000_000))
	code = Run([]string{"validate", "-"}, big, &stdout, &stderr)
	if code != ExitDesignError || !strings.Contains(stdout.String(), "<stdin>:1:1: error: file is more than 16777216 bytes") {
		t.Errorf("stdin: exit %d, stdout %q", code, stdout.String())
	}
}

// TestServeDesignWithNothingToDraw: a design without state machines or flow
// gets 404 with a note for those tabs (it was a 500), and its ER diagram.
func TestServeDesignWithNothingToDraw(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bare.yaml")
	if err := os.WriteFile(path, []byte("schemagen: 1\nname: bare\nentities:\n  things:\n    fields:\n      id: bigint pk\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	url, _ := startServe(t, path, "--addr", "127.0.0.1:0")
	for kind, want := range map[string]string{"states": "no state machines to draw", "flow": "no flow to draw"} {
		if code, body := httpGet(t, url+"api/diagram/"+kind+".svg"); code != 404 || !strings.Contains(body, want) {
			t.Errorf("%s: %d %q", kind, code, body)
		}
	}
	if code, body := httpGet(t, url+"api/diagram/er.svg"); code != 200 || !strings.Contains(body, "things") {
		t.Errorf("er: %d %.200q", code, body)
	}
}
