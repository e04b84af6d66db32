// Package docs holds the project's documentation; its test keeps the links of
// every Markdown file in the repository inside the repository.
package docs

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// inlineLinkRE finds the target of an inline link or image: [text](target) or ![alt](target).
var inlineLinkRE = regexp.MustCompile(`\]\(\s*(<[^>]*>|[^)\s]*)`)

// refLinkRE finds the target of a reference definition: [label]: target.
var refLinkRE = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)`)

// codeSpanRE matches inline code, where brackets and parentheses are not links.
var codeSpanRE = regexp.MustCompile("`+[^`]*`+")

// schemeRE matches a target that is a URL (https:, mailto:, ...) rather than a path.
var schemeRE = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

// markdownLinks returns the link targets of a Markdown text with their lines,
// leaving out fenced code blocks and inline code.
func markdownLinks(text string) (targets []string, lines []int) {
	fence := ""
	for i, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = trimmed[:3]
			continue
		}
		line = codeSpanRE.ReplaceAllString(line, "")
		var found []string
		for _, m := range inlineLinkRE.FindAllStringSubmatch(line, -1) {
			found = append(found, m[1])
		}
		if m := refLinkRE.FindStringSubmatch(line); m != nil {
			found = append(found, m[1])
		}
		for _, target := range found {
			targets = append(targets, strings.Trim(target, "<>"))
			lines = append(lines, i+1)
		}
	}
	return targets, lines
}

// linkProblem says what is wrong with a link from the Markdown file at file
// (relative to root), or "" when it points inside the repository at a file
// that exists and, for a link to a heading of a Markdown file, at a heading it has.
func linkProblem(root, file, target string) string {
	if target == "" || schemeRE.MatchString(target) {
		return ""
	}
	path, anchor, _ := strings.Cut(target, "#")
	path, _, _ = strings.Cut(path, "?")
	if path == "" {
		path = filepath.Base(file) // #anchor: a heading of the same file
	}
	if strings.HasPrefix(path, "/") {
		return fmt.Sprintf("link %q is an absolute path: link with a path relative to %s", target, file)
	}
	abs := filepath.Join(root, filepath.Dir(file), filepath.FromSlash(path))
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Sprintf("link %q leaves the repository: a clone does not have %s", target, filepath.ToSlash(rel))
	}
	if _, err := os.Stat(abs); err != nil {
		return fmt.Sprintf("link %q points at %s, which does not exist", target, filepath.ToSlash(rel))
	}
	if anchor != "" && strings.HasSuffix(abs, ".md") {
		data, err := os.ReadFile(abs)
		if err != nil {
			return fmt.Sprintf("link %q: %v", target, err)
		}
		if !headingAnchors(string(data))[anchor] {
			return fmt.Sprintf("link %q names a heading that %s does not have", target, filepath.ToSlash(rel))
		}
	}
	return ""
}

// anchorDropRE matches what GitHub leaves out of a heading's anchor.
var anchorDropRE = regexp.MustCompile(`[^\p{L}\p{N}\s_-]`)

// headingAnchors returns the anchors GitHub gives the headings of a Markdown
// text: lower case, punctuation dropped, spaces as hyphens, and -1, -2, ...
// after repeated headings.
func headingAnchors(text string) map[string]bool {
	anchors := map[string]bool{}
	fence := ""
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = trimmed[:3]
			continue
		}
		title := strings.TrimLeft(line, "#")
		if n := len(line) - len(title); n == 0 || n > 6 || !strings.HasPrefix(title, " ") {
			continue
		}
		slug := strings.ToLower(strings.TrimSpace(title))
		slug = strings.ReplaceAll(anchorDropRE.ReplaceAllString(slug, ""), " ", "-")
		anchor := slug
		for i := 1; anchors[anchor]; i++ {
			anchor = fmt.Sprintf("%s-%d", slug, i)
		}
		anchors[anchor] = true
	}
	return anchors
}

// repoMarkdown lists the Markdown files of the repository, relative to root,
// leaving out hidden directories (.git, .cache) and installed packages.
func repoMarkdown(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".md") {
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestMarkdownLinksStayInRepository fails when a Markdown file of the
// repository links to a path above the repository's root (such as
// ../shared/...), by an absolute path, or to a file or heading that does not
// exist: a user who clones the repository has none of those.
func TestMarkdownLinksStayInRepository(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("%s is not the repository root: %v", root, err)
	}
	files := repoMarkdown(t, root)
	if len(files) < 2 {
		t.Fatalf("found only %v: the walk missed the repository's Markdown files", files)
	}
	for _, file := range files {
		data, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			t.Fatal(err)
		}
		targets, lines := markdownLinks(string(data))
		for i, target := range targets {
			if p := linkProblem(root, file, target); p != "" {
				t.Errorf("%s:%d: %s", filepath.ToSlash(file), lines[i], p)
			}
		}
	}
}

// TestLinkCheckCatchesOutsideLinks proves the check on links it must refuse and links it must accept.
func TestLinkCheckCatchesOutsideLinks(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"README.md", "docs/format.md"} {
		text := "# x\n\n## Fields: `type` and keys\n\n```\n## not a heading\n```\n\n## Fields: `type` and keys\n"
		if err := os.WriteFile(filepath.Join(root, f), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	page := strings.Join([]string{
		"The [contract](../shared/DESIGN-FORMAT.md) is outside.",    // from README.md: climbs out
		"See ![the picture](../../reference/er.png) and [x](/etc).", // climbs out; absolute
		"[ref]: ../shared/corpus",                                   // a reference definition that climbs out
		"[missing](docs/nothing.md)",                                // inside, but missing
		"[no such heading](docs/format.md#fields), [nor here](#not-a-heading).",
		"Fine: [format](docs/format.md#fields-type-and-keys-1), [web](https://example.com), [here](#x).",
		"`[not a link](../shared/x.md)` is code.",
		"```",
		"[in a fence](../shared/y.md)",
		"```",
	}, "\n")
	targets, _ := markdownLinks(page)
	var refused []string
	for _, target := range targets {
		if linkProblem(root, "README.md", target) != "" {
			refused = append(refused, target)
		}
	}
	want := []string{"../shared/DESIGN-FORMAT.md", "../../reference/er.png", "/etc", "../shared/corpus", "docs/nothing.md",
		"docs/format.md#fields", "#not-a-heading"}
	if strings.Join(refused, " ") != strings.Join(want, " ") {
		t.Errorf("refused %q, want %q (links found: %q)", refused, want, targets)
	}
	if p := linkProblem(root, "docs/format.md", "../README.md"); p != "" {
		t.Errorf("docs/format.md linking ../README.md: %s", p)
	}
	if p := linkProblem(root, "docs/format.md", "../../outside.md"); p == "" {
		t.Error("docs/format.md linking ../../outside.md is accepted")
	}
}
