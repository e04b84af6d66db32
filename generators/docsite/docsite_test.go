package docsite

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/importsql"
	"github.com/schemagen/schemagen/internal/testkit/golden"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// designs are the examples plus an imported database (schemas as groups,
// descriptions from COMMENT ON).
func designs(t *testing.T) []golden.Design {
	t.Helper()
	return append(golden.Examples(t), golden.Design{Name: "imported", Schema: importedSchema(t)})
}

func importedSchema(t *testing.T) *schema.Schema {
	t.Helper()
	sql, err := os.ReadFile(filepath.Join("testdata", "imported.sql"))
	if err != nil {
		t.Fatal(err)
	}
	yaml, diags, err := importsql.Import("imported.sql", sql, importsql.Options{})
	if err != nil || diags.HasErrors() {
		t.Fatalf("importing: %v %v", err, diags)
	}
	s, diags := check.Source("imported.yaml", yaml, nil)
	if s == nil || diags.HasErrors() {
		t.Fatalf("the import has errors: %v", diags)
	}
	return s
}

// TestGolden compares every Markdown page with its golden file (PAGE.golden,
// so that the repository's link check leaves their links to pictures alone);
// the pictures are generators/diagram's, tested there. rideshare is also written with
// --mermaid.
func TestGolden(t *testing.T) {
	type run struct {
		name string
		s    *schema.Schema
		opts Options
	}
	var runs []run
	for _, d := range designs(t) {
		runs = append(runs, run{d.Name, d.Schema, Options{Engine: testEngine}})
		if d.Name == "rideshare" {
			runs = append(runs, run{d.Name + "-mermaid", d.Schema, Options{Engine: testEngine, Mermaid: true}})
		}
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			files, err := Generate(r.s, r.opts)
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join("testdata", "golden", r.name)
			pages := map[string]bool{}
			for name, data := range files {
				if strings.HasSuffix(name, ".md") {
					pages[name] = true
					golden.Check(t, filepath.Join(dir, filepath.FromSlash(name)+".golden"), data)
				}
			}
			if golden.Updating() {
				return
			}
			// A golden page that is no longer generated is an error too.
			_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					name, _ := filepath.Rel(dir, p)
					if !pages[strings.TrimSuffix(filepath.ToSlash(name), ".golden")] {
						t.Errorf("%s is no longer generated: delete it", p)
					}
				}
				return nil
			})
		})
	}
}

// TestMarkdownLinksResolve follows every relative link and picture of every
// page, and every link inside the SVG pictures, to a file of the output (and
// a link with a fragment to an anchor of that page).
func TestMarkdownLinksResolve(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	anchor := regexp.MustCompile(`<a id="([^"]+)"></a>`)
	svgLink := regexp.MustCompile(`href="([^"]*)"`)
	for _, d := range designs(t) {
		t.Run(d.Name, func(t *testing.T) {
			files, err := Generate(d.Schema, Options{Engine: testEngine, Mermaid: true})
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := files[ReadmeFile]; !ok {
				t.Fatal("no README.md")
			}
			links := 0
			for _, name := range sortedKeys(files) {
				data := files[name]
				var dests []string
				switch {
				case strings.HasSuffix(name, ".md"):
					if !bytes.HasPrefix(data, []byte(Header)) {
						t.Errorf("%s does not start with the header", name)
					}
					doc := md.Parser().Parse(text.NewReader(data))
					_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
						if entering {
							switch n := n.(type) {
							case *ast.Link:
								dests = append(dests, string(n.Destination))
							case *ast.Image:
								dests = append(dests, string(n.Destination))
							}
						}
						return ast.WalkContinue, nil
					})
				case strings.HasSuffix(name, ".svg"):
					for _, m := range svgLink.FindAllSubmatch(data, -1) {
						dests = append(dests, string(m[1]))
					}
				}
				for _, dest := range dests {
					if strings.Contains(dest, "://") || strings.HasPrefix(dest, "/") {
						t.Errorf("%s: link %q is not relative", name, dest)
						continue
					}
					links++
					file, frag := resolve(name, dest)
					if file == "" {
						file = name
					}
					target, ok := files[file]
					if !ok {
						t.Errorf("%s: link %q: no file %s", name, dest, file)
						continue
					}
					if frag != "" {
						found := false
						for _, m := range anchor.FindAllSubmatch(target, -1) {
							found = found || string(m[1]) == frag
						}
						if !found {
							t.Errorf("%s: link %q: %s has no anchor %q", name, dest, file, frag)
						}
					}
				}
			}
			if links < len(d.Schema.Tables) {
				t.Errorf("only %d links followed for %d tables", links, len(d.Schema.Tables))
			}
		})
	}
}

// TestHTMLLinksResolve checks the HTML site: one file, every link to a page
// or heading inside it, every picture inside it, nothing from the network.
func TestHTMLLinksResolve(t *testing.T) {
	attr := regexp.MustCompile(`\s(href|src|id)="([^"]*)"`)
	for _, d := range designs(t) {
		t.Run(d.Name, func(t *testing.T) {
			files, err := Generate(d.Schema, Options{Engine: testEngine, Format: FormatHTML})
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != 1 || files[HTMLFile] == nil {
				t.Fatalf("want only %s, got %v", HTMLFile, sortedKeys(files))
			}
			page := files[HTMLFile]
			ids := map[string]bool{}
			for _, m := range attr.FindAllSubmatch(page, -1) {
				if string(m[1]) == "id" {
					ids[string(m[2])] = true
				}
			}
			sections := 0
			for id := range ids {
				if strings.HasPrefix(id, "p:") {
					sections++
				}
			}
			if want := 1 + len(d.Schema.Tables) + len(d.Schema.Machines); sections < want {
				t.Errorf("%d pages, want at least %d", sections, want)
			}
			for _, m := range attr.FindAllSubmatch(page, -1) {
				kind, v := string(m[1]), string(m[2])
				switch kind {
				case "src":
					if !strings.HasPrefix(v, "data:image/svg+xml;base64,") {
						t.Errorf("picture %.80q is not inside the page", v)
					}
				case "href":
					target, ok := strings.CutPrefix(v, "#")
					if !ok {
						t.Errorf("link %q leaves the page", v)
						continue
					}
					pagePath, _, hasAnchor := strings.Cut(target, "::")
					if !ids["p:"+pagePath] {
						t.Errorf("link %q: no page %s", v, pagePath)
					}
					if hasAnchor && !ids[target] {
						t.Errorf("link %q: no such heading", v)
					}
				}
			}
			for _, bad := range []string{"<link", "<script src", "@import", "url(http"} {
				if bytes.Contains(page, []byte(bad)) {
					t.Errorf("the page loads something from elsewhere: %q", bad)
				}
			}
		})
	}
}

// TestImportedDatabase: an imported database's comments become descriptions
// and its schemas the sections of the index.
func TestImportedDatabase(t *testing.T) {
	files, err := Generate(importedSchema(t), Options{Engine: testEngine})
	if err != nil {
		t.Fatal(err)
	}
	readme := string(files[ReadmeFile])
	for _, want := range []string{"### Group `public`", "### Group `billing`", "People who buy \\| things.", "One bill per order."} {
		if !strings.Contains(readme, want) {
			t.Errorf("README.md lacks %q", want)
		}
	}
	page := string(files["entities/customers.md"])
	if !strings.Contains(page, "Where receipts go.") || !strings.Contains(page, "| referenced by | [`invoices`](invoices.md) |") {
		t.Errorf("entities/customers.md lacks the column comment or the link back from invoices:\n%s", page)
	}
}

// TestDeterministic generates each format twice.
func TestDeterministic(t *testing.T) {
	s := golden.Examples(t)[0].Schema
	for _, format := range []string{FormatMarkdown, FormatHTML} {
		a, err := Generate(s, Options{Engine: testEngine, Format: format})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Generate(s, Options{Engine: testEngine, Format: format})
		if len(a) != len(b) {
			t.Fatalf("%s: %d files, then %d", format, len(a), len(b))
		}
		for name := range a {
			if !bytes.Equal(a[name], b[name]) {
				t.Errorf("%s: %s differs between two runs", format, name)
			}
		}
	}
}

// TestHostileText: descriptions and steps cannot break a table, inject HTML
// or escape the page.
func TestHostileText(t *testing.T) {
	src := `schemagen: 1
name: hostile
description: "<script>alert(1)</script> and [a link](javascript:alert(2))"
flow:
  - step: "Pay | refund *now* <b>"
    creates: items
entities:
  items:
    description: "Has | pipes\nand lines <img src=x onerror=alert(3)>"
    fields:
      id: uuid pk
      note:
        type: text
        description: "a | b"
`
	s, diags := check.Source("hostile.yaml", []byte(src), nil)
	if s == nil || diags.HasErrors() {
		t.Fatal(diags)
	}
	files, err := Generate(s, Options{Engine: testEngine, Format: FormatHTML})
	if err != nil {
		t.Fatal(err)
	}
	page := string(files[HTMLFile])
	// The search index holds the text as JSON data, which nothing renders.
	start := strings.Index(page, `id="search-index">`)
	end := strings.Index(page[start:], "</script>")
	page = page[:start] + page[start+end:]
	for _, bad := range []string{"<script>alert", "javascript:", "onerror=", "<b>"} {
		if strings.Contains(page, bad) {
			t.Errorf("the HTML page holds %q", bad)
		}
	}
	md, err := Generate(s, Options{Engine: testEngine})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md["entities/items.md"]), "| a \\| b |") {
		t.Errorf("a pipe in a description breaks the columns table:\n%s", md["entities/items.md"])
	}
}

func TestOptions(t *testing.T) {
	s := golden.Examples(t)[0].Schema
	if _, err := Generate(s, Options{Engine: testEngine, Format: "pdf"}); err == nil {
		t.Error("format pdf: no error")
	}
	if _, err := Generate(s, Options{Engine: testEngine, Format: FormatHTML, Mermaid: true}); err == nil {
		t.Error("html with mermaid: no error")
	}
	if _, err := Generate(nil, Options{Engine: testEngine}); err == nil {
		t.Error("nil schema: no error")
	}
}

func TestRel(t *testing.T) {
	for _, c := range [][3]string{
		{"README.md", "entities/a.md", "entities/a.md"},
		{"entities/a.md", "entities/b.md", "b.md"},
		{"entities/a.md", "README.md", "../README.md"},
		{"entities/a.md", "diagrams/entities/a.svg", "../diagrams/entities/a.svg"},
	} {
		if got := rel(c[0], c[1]); got != c[2] {
			t.Errorf("rel(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
	names := newFileNames()
	got := []string{names.take("t", "Orders"), names.take("t", "orders"), names.take("t", "../etc"), names.take("t", "con"), names.take("t", "")}
	want := []string{"orders", "orders-2", "etc", "con_", "x"}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("file names %v, want %v", got, want)
	}
}

// TestFocusPicture: a table's focus picture draws its neighbours, the nearest
// focusNeighbours of them in full and the rest counted in a "+N more" box,
// and no name boxes of the tables two links away.
func TestFocusPicture(t *testing.T) {
	var src strings.Builder
	src.WriteString("schemagen: 1\nname: hub\nentities:\n  artists:\n    fields:\n      id: uuid pk\n")
	n := focusNeighbours + 2
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&src, "  credit%02d:\n    fields:\n      id: uuid pk\n", i)
	}
	src.WriteString("  deep:\n    fields:\n      id: uuid pk\nrelationships:\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&src, "  - artists 1-n credit%02d\n", i)
	}
	src.WriteString("  - credit01 1-n deep\n")
	s, diags := check.Source("hub.yaml", []byte(src.String()), nil)
	if s == nil || diags.HasErrors() {
		t.Fatal(diags)
	}
	files, err := Generate(s, Options{Engine: testEngine})
	if err != nil {
		t.Fatal(err)
	}
	hub := string(files["diagrams/entities/artists.svg"])
	drawn := 0
	for i := 1; i <= n; i++ {
		if strings.Contains(hub, fmt.Sprintf("<title>credit%02d</title>", i)) {
			drawn++
		}
	}
	if drawn != focusNeighbours || !strings.Contains(hub, ">+2 more") {
		t.Errorf("the hub's picture draws %d of its %d neighbours (want %d) or lacks the +2 more box", drawn, n, focusNeighbours)
	}
	// The "+N more" box links to its group's picture, next to the pages.
	hrefs := regexp.MustCompile(`href="([^"#]+)`).FindAllStringSubmatch(hub, -1)
	if len(hrefs) == 0 {
		t.Error("the hub's +N more box links nowhere")
	}
	for _, h := range hrefs {
		to := path.Join("diagrams/entities", h[1])
		if _, ok := files[to]; !ok || !strings.HasPrefix(to, "diagrams/groups/") {
			t.Errorf("the hub's picture links to %s, which is not a group picture of the site", h[1])
		}
	}
	leaf := string(files["diagrams/entities/deep.svg"])
	if !strings.Contains(leaf, "<title>credit01</title>") {
		t.Error("deep's picture lacks its neighbour credit01")
	}
	for _, far := range []string{"<title>artists</title>", "<title>deep</title>", "<title>more:"} {
		if strings.Contains(leaf, far) != (far == "<title>deep</title>") {
			t.Errorf("deep's picture: %q wrongly present or absent", far)
		}
	}
}
