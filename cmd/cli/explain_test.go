package cli

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestExplainListsTheRulesOfTheDocs proves that `schemagen explain` and
// docs/rules.md show the same rules, in the same order.
func TestExplainListsTheRulesOfTheDocs(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Run([]string{"explain"}, strings.NewReader(""), &out, &errb); code != ExitOK {
		t.Fatalf("explain exited %d: %s", code, errb.String())
	}
	var explained []string
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		explained = append(explained, strings.Fields(line)[0])
	}
	doc, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	for _, m := range regexp.MustCompile("(?m)^\\| \\[`([a-z0-9-]+)`\\]").FindAllStringSubmatch(string(doc), -1) {
		documented = append(documented, m[1])
	}
	if strings.Join(explained, " ") != strings.Join(documented, " ") {
		t.Errorf("explain lists %d rules, docs/rules.md %d; they must be the same list:\nexplain: %v\ndocs:    %v",
			len(explained), len(documented), explained, documented)
	}
	if len(explained) < 50 {
		t.Errorf("only %d rules listed", len(explained))
	}
}
