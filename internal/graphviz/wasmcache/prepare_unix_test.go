//go:build unix

package wasmcache

import (
	"os"
	"testing"
)

func TestManifestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	sub := dir + "/go-graphviz/wazero-x"
	if err := os.MkdirAll(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sub+"/a", []byte("compiled"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := record(dir, nil); err != nil {
		t.Fatal(err)
	}
	got := readManifest(dir + "/" + manifestName)
	e, ok := got["go-graphviz/wazero-x/a"]
	if !ok || e.size != int64(len("compiled")) {
		t.Fatalf("manifest = %v", got)
	}
}
