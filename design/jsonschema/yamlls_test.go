package jsonschema

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/schemagen/schemagen/internal/testkit/lsptest"
)

// yamlLanguageServer starts yaml-language-server (installed by .ci/install-deps
// into tools/editors) with the shipped schema for every *.yaml file. It skips
// when Node or the server is missing, unless SCHEMAGEN_REQUIRE_YAMLLS is set.
func yamlLanguageServer(t *testing.T) *lsptest.Client {
	t.Helper()
	server := repoFile(t, "tools/editors/node_modules/yaml-language-server/bin/yaml-language-server")
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(server)
	}
	if err != nil {
		if os.Getenv("SCHEMAGEN_REQUIRE_YAMLLS") != "" {
			t.Fatalf("yaml-language-server is required (SCHEMAGEN_REQUIRE_YAMLLS): %v; run .ci/install-deps", err)
		}
		t.Skipf("yaml-language-server not installed (%v); run .ci/install-deps", err)
	}
	cmd := exec.Command(node, server, "--stdio")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	schemaURI := "file://" + repoFile(t, "docs/schemagen.schema.json")
	settings := map[string]any{"yaml": map[string]any{
		"validate":    true,
		"schemas":     map[string]any{schemaURI: "*.yaml"},
		"schemaStore": map[string]any{"enable": false},
	}}
	c := lsptest.New(stdout, stdin, func(method string, params json.RawMessage) any {
		if method == "workspace/configuration" {
			var p struct{ Items []struct{ Section string } }
			json.Unmarshal(params, &p)
			out := make([]any, len(p.Items))
			for i, it := range p.Items {
				if it.Section == "yaml" {
					out[i] = settings["yaml"]
				}
			}
			return out
		}
		return nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = c.Call(ctx, "initialize", map[string]any{
		"processId": os.Getpid(), "rootUri": nil,
		"capabilities": map[string]any{"workspace": map[string]any{"configuration": true}},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.Notify("initialized", map[string]any{})
	c.Notify("workspace/didChangeConfiguration", map[string]any{"settings": settings})
	return c
}

type publishedDiagnostics struct {
	URI         string `json:"uri"`
	Diagnostics []struct {
		Range struct {
			Start struct{ Line, Character int }
		}
		Message string
	}
}

// diagnose opens file in the server and returns the diagnostics it publishes for it.
func diagnose(t *testing.T, c *lsptest.Client, file string) publishedDiagnostics {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	uri := "file://" + file
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "yaml", "version": 1, "text": string(data),
	}})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	raw, err := c.Next(ctx, "textDocument/publishDiagnostics", func(p json.RawMessage) bool {
		var d publishedDiagnostics
		return json.Unmarshal(p, &d) == nil && d.URI == uri
	})
	if err != nil {
		t.Fatal(err)
	}
	var d publishedDiagnostics
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

var wantRE = regexp.MustCompile(`# want: (.*)$`)

// TestYAMLLanguageServer opens the examples (no diagnostics expected) and the
// test designs of the structural rules (a diagnostic expected on every line
// that wants one of those rules) in the real yaml-language-server.
func TestYAMLLanguageServer(t *testing.T) {
	c := yamlLanguageServer(t)
	examples, _ := filepath.Glob(repoFile(t, "examples/*.yaml"))
	if len(examples) == 0 {
		t.Fatal("no examples")
	}
	for _, file := range examples {
		d := diagnose(t, c, file)
		for _, diag := range d.Diagnostics {
			t.Errorf("%s:%d: unexpected: %s", filepath.Base(file), diag.Range.Start.Line+1, diag.Message)
		}
	}
	// The rules a schema can say: which keys exist, which are required, the shape of values.
	structural := []string{"unknown-key", "missing-key", "invalid-value"}
	// Lines whose mistake only the design itself reveals.
	semantic := map[string]string{
		"invalid-value.yaml:10": "a default outside the enum's values: the schema does not know the design's enums",
	}
	for _, name := range structural {
		file := repoFile(t, "design/lint/testdata/rules/"+name+".yaml")
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		d := diagnose(t, c, file)
		reported := map[int]bool{}
		for _, diag := range d.Diagnostics {
			reported[diag.Range.Start.Line+1] = true
		}
		for i, line := range strings.Split(string(data), "\n") {
			m := wantRE.FindStringSubmatch(line)
			if m == nil || !slices.Contains(strings.Fields(m[1]), name) {
				continue
			}
			if _, ok := semantic[fmt.Sprintf("%s.yaml:%d", name, i+1)]; ok {
				continue
			}
			if !reported[i+1] {
				t.Errorf("%s.yaml:%d: yaml-language-server reports nothing for %q (it reported lines %v)", name, i+1, strings.TrimSpace(line), keys(reported))
			}
		}
	}
}

func keys(m map[int]bool) []int {
	var out []int
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
