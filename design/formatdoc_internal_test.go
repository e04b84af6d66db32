package design

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// docSection returns the text of docs/format.md under the heading line
// heading, up to the next heading of the same or a higher level (lines of
// code blocks, such as `# fragment:`, are not headings).
func docSection(t *testing.T, doc, heading string) string {
	t.Helper()
	level := strings.Index(heading, " ")
	start := strings.Index(doc, "\n"+heading+"\n")
	if start < 0 {
		t.Fatalf("docs/format.md has no heading %q", heading)
	}
	body := doc[start+len(heading)+2:]
	end, inFence := 0, false
	for _, line := range strings.SplitAfter(body, "\n") {
		if strings.HasPrefix(line, "```") {
			inFence = !inFence
		}
		if n := len(line) - len(strings.TrimLeft(line, "#")); !inFence && n > 0 && n <= level && strings.HasPrefix(line[n:], " ") {
			return body[:end]
		}
		end += len(line)
	}
	return body
}

// TestFormatDocNamesEveryKey requires docs/format.md to document every key
// the loader accepts, every short-form keyword and every type spelling, in
// the section about it: a key added to the loader fails here until the
// reference shows it.
func TestFormatDocNamesEveryKey(t *testing.T) {
	data, err := os.ReadFile("../docs/format.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	keywords := make([]string, 0, len(specKeywords))
	for k := range specKeywords {
		keywords = append(keywords, k)
	}
	sort.Strings(keywords)
	types := make([]string, 0, len(typeAliases))
	for k := range typeAliases {
		types = append(types, k)
	}
	sort.Strings(types)
	for _, tc := range []struct {
		heading string
		keys    []string
	}{
		{"## Top level", topKeys},
		{"## Flow", flowKeys},
		{"## Entities", entityKeys},
		{"## Fields", append(append([]string{}, fieldKeys...), keywords...)},
		{"### Types", types},
		{"## Indexes and unique constraints", indexKeys},
		{"## Enums", enumKeys},
		{"## Relationships", append(append([]string{}, relationshipKeys...), onDeleteActions...)},
		{"## State machines", machineKeys},
		{"## Failures", append(append([]string{}, failureKeys...), "max_attempts")},
		{"## Renames", []string{"renamed_from"}},
	} {
		section := docSection(t, doc, tc.heading)
		for _, key := range tc.keys {
			// As code of its own (`key`) or at the start of one (`numeric(P,S)`).
			if !regexp.MustCompile("`" + regexp.QuoteMeta(key) + "[`(]").MatchString(section) {
				t.Errorf("docs/format.md, section %q: `%s` is not documented", tc.heading, key)
			}
		}
	}
}
