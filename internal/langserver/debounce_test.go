package langserver

import (
	"testing"
	"time"
)

// TestLoneChangeIsCheckedAtOnce proves the debounce policy: a change after a
// pause, with no check running, is checked without waiting. The debounce is
// an hour, so the diagnostics of the change could not arrive within the
// test's timeout (20 s) if the server waited for it.
func TestLoneChangeIsCheckedAtOnce(t *testing.T) {
	c := startServer(t, Options{Debounce: time.Hour})
	uri := "file:///lone/design.yaml"
	text := "entities:\n  users:\n    email: text\n"
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
	nextDiagnostics(t, c, uri, 1)
	at := position{3, 0}
	c.Notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"range": lspRange{at, at}, "text": "# a comment\n"}},
	})
	nextDiagnostics(t, c, uri, 2) // fails on timeout when the server waits
}
