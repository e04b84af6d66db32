package langserver

import (
	"context"
	"os"
	"testing"
)

// serveEnv makes the test binary a language server on stdio, so that a real
// editor (Neovim, in nvim_test.go) can start it as its server.
const serveEnv = "SCHEMAGEN_LANGSERVER_TEST_SERVE"

func TestMain(m *testing.M) {
	if os.Getenv(serveEnv) != "" {
		New(Options{}).Serve(context.Background(), stdio{})
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// stdio is the process's standard input and output as one stream.
type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error                { return os.Stdin.Close() }
