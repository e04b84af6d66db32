package format_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/format"
	"github.com/schemagen/schemagen/generators/postgres"
	"gopkg.in/yaml.v3"
)

// designs are the examples and every test design of the repository.
func designs(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir("../..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".yaml") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 30 {
		t.Fatalf("found only %d designs", len(files))
	}
	return files
}

// comments lists every comment line of a YAML text, trimmed, sorted.
func comments(t *testing.T, data []byte) []string {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
			for _, line := range strings.Split(c, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					out = append(out, line)
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&n)
	slices.Sort(out)
	return out
}

// atRE finds the positions some messages cite, which formatting moves.
var atRE = regexp.MustCompile(`\(at [^)]*\)`)

// meaning is what a design says, without positions: its diagnostics' rules
// and messages and, when it has no error, its DDL.
func meaning(t *testing.T, data []byte) string {
	s, diags := check.Source("d.yaml", data, postgres.Checker)
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Rule + ": " + atRE.ReplaceAllString(d.Message, "(at …)") + "\n")
	}
	if s != nil && !diags.HasErrors() {
		ddl, err := postgres.Generate(s, postgres.Options{})
		if err != nil {
			t.Fatal(err)
		}
		b.Write(ddl)
	}
	lines := strings.Split(b.String(), "\n")
	slices.Sort(lines) // diagnostics are sorted by position, which formatting moves
	return strings.Join(lines, "\n")
}

// TestFormatKeepsEverything formats every design of the repository: the
// result formats to itself, keeps every comment, and says the same (the same
// diagnostics, the same DDL).
func TestFormatKeepsEverything(t *testing.T) {
	formatted := 0
	for _, file := range designs(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		out, err := format.Format(data)
		if err != nil {
			// Only a file that is not YAML may be refused.
			_, diags := design.Load(file, data)
			if !slices.ContainsFunc(diags, func(d design.Diagnostic) bool { return d.Rule == design.RuleYAMLSyntax.Name }) {
				t.Errorf("%s: %v", file, err)
			}
			continue
		}
		formatted++
		again, err := format.Format(out)
		if err != nil {
			t.Fatalf("%s: the formatted text does not format: %v", file, err)
		}
		if !bytes.Equal(again, out) {
			t.Errorf("%s: formatting is not idempotent:\n%s\n---\n%s", file, out, again)
		}
		if got, want := comments(t, out), comments(t, data); !slices.Equal(got, want) {
			t.Errorf("%s: comments changed:\n got %q\nwant %q", file, got, want)
		}
		if got, want := meaning(t, out), meaning(t, data); got != want {
			t.Errorf("%s: the meaning changed:\n%s\n---\n%s", file, got, want)
		}
	}
	t.Logf("%d designs formatted", formatted)
}

func TestFormatOrdersKeys(t *testing.T) {
	in := `name: shop   # the name
entities:
  users:
    fields:
      id: uuid pk
      email: {unique: true, type: text}
    description: A buyer.
schemagen: 1
failures:
  - when: It breaks.
    retry: {max_attempts: 3}
    name: broken
`
	want := `schemagen: 1
name: shop  # the name

entities:
  users:
    description: A buyer.
    fields:
      id: uuid pk
      email: {type: text, unique: true}

failures:
  - name: broken
    when: It breaks.
    retry: {max_attempts: 3}
`
	out, err := format.Format([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}
