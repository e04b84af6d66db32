package rulebook_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/rulebook"
)

var update = flag.Bool("update", false, "rewrite docs/rules.md from the rules' documentation")

// rulesMarkdown renders every rule's documentation: the same text `schemagen explain` prints.
func rulesMarkdown() []byte {
	var b bytes.Buffer
	b.WriteString("# Lint rules\n\n")
	b.WriteString("<!-- Generated from internal/rulebook by `go test ./internal/rulebook -run TestRulesDoc -update`. Do not edit. -->\n\n")
	b.WriteString("`schemagen validate` reports every problem as `FILE:LINE:COL: SEVERITY: message [rule]`;\n")
	b.WriteString("`schemagen explain RULE` prints the rule's section below. Errors make `validate`\n")
	b.WriteString("exit 1 and stop every generator; warnings fail only with `--strict`; info is advice.\n\n")
	b.WriteString("| rule | severity | catches |\n| --- | --- | --- |\n")
	for _, r := range rulebook.All().Rules() {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s |\n", r.Name, r.Name, r.Severity, strings.ReplaceAll(r.Title(), "|", `\|`))
	}
	for _, r := range rulebook.All().Rules() {
		fmt.Fprintf(&b, "\n## %s\n\n", r.Name)
		_, body, _ := strings.Cut(r.Doc, "\n\n")
		fmt.Fprintf(&b, "**%s** (%s)\n\n", r.Title(), r.Severity)
		inCode := false
		for _, line := range strings.Split(body, "\n") {
			code := strings.HasPrefix(line, "    ")
			if code && !inCode {
				b.WriteString("```yaml\n")
				inCode = true
			}
			if !code && inCode {
				b.WriteString("```\n")
				inCode = false
			}
			if code {
				line = strings.TrimPrefix(line, "    ")
			}
			b.WriteString(line + "\n")
		}
		if inCode {
			b.WriteString("```\n")
		}
	}
	return b.Bytes()
}

// TestRulesDoc keeps docs/rules.md equal to the rules' documentation.
func TestRulesDoc(t *testing.T) {
	const path = "../../docs/rules.md"
	want := rulesMarkdown()
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/rulebook -run TestRulesDoc -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date: run go test ./internal/rulebook -run TestRulesDoc -update", path)
	}
}
