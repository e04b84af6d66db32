package docsite

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

//go:embed site.css
var siteCSS string

//go:embed site.js
var siteJS string

// The HTML site is the Markdown pages, converted by goldmark, in one file:
// each page is a <section> whose id is "p:" and its Markdown path, a link to another
// page becomes "#PATH" (and "#PATH::ANCHOR" for a heading of it), every
// picture becomes a data: URI, and a small script shows one page at a time,
// searches and switches the theme. Nothing is loaded from the network.
//
// Raw HTML in descriptions is not copied (goldmark's safe default), so a
// description cannot inject a script into the page.

var htmlPage = template.Must(template.New("site").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="schemagen docs">
<title>{{.Name}} · database documentation</title>
<style>{{.CSS}}</style>
</head>
<body>
<header class="top">
<a class="brand" href="#README.md">{{.Name}}</a>
<input id="search" type="search" placeholder="Search tables, columns, machines, failures" aria-label="Search" autocomplete="off">
<button id="theme" type="button" aria-label="Switch between light and dark" title="Switch between light and dark">Dark</button>
</header>
<div class="layout">
<nav id="nav" aria-label="Pages">
{{range .Nav}}<h2>{{.Title}}</h2>
<ul>{{range .Pages}}<li><a href="{{.Href}}">{{.Title}}</a></li>{{end}}</ul>
{{end}}</nav>
<main>
<div id="results" hidden></div>
{{range .Pages}}<section class="page" id="p:{{.Path}}" data-title="{{.Title}}">
{{.Body}}</section>
{{end}}</main>
</div>
<script type="application/json" id="search-index">{{.Index}}</script>
<script>{{.JS}}</script>
</body>
</html>
`))

type htmlSection struct {
	Path, Title string
	// Href is "#" and Path, which html/template would percent-encode as
	// "#entities%2f...": paths are made of safe characters only.
	Href template.URL
	Body template.HTML
}

type navGroup struct {
	Title string
	Pages []htmlSection
}

// searchEntry is one page in the search index the script reads.
type searchEntry struct {
	Path  string `json:"path"`
	Title string `json:"title"`
	Kind  string `json:"kind"`
	Text  string `json:"text"`
}

func (st *site) html() ([]byte, error) {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(pictureRenderer{}, 100))),
	)
	var sections []htmlSection
	var index []searchEntry
	// The navigation lists the overview, the tables (a section per group, in
	// the order groups first appear), the machines and the failures.
	var nav []*navGroup
	navOf := map[string]*navGroup{}
	section := func(key, title string) *navGroup {
		if g := navOf[key]; g != nil {
			return g
		}
		g := &navGroup{Title: title}
		navOf[key] = g
		return g
	}
	for _, p := range st.pages {
		if p.kind == "table" && p.group != "" {
			section("table/"+p.group, "Tables: "+p.group)
		}
	}
	for _, k := range []struct{ key, title string }{{"home", "Overview"}, {"table/", "Tables"}, {"machine", "State machines"}, {"failures", "Failures"}} {
		nav = append(nav, section(k.key, k.title))
		if k.key == "table/" {
			for _, p := range st.pages {
				if p.kind == "table" && p.group != "" {
					if g := navOf["table/"+p.group]; !slices.Contains(nav, g) {
						nav = append(nav, g)
					}
				}
			}
		}
	}
	for _, p := range st.pages {
		src := []byte(strings.TrimPrefix(p.md, Header))
		doc := md.Parser().Parse(text.NewReader(src))
		if err := st.rewrite(doc, src, p); err != nil {
			return nil, err
		}
		var body bytes.Buffer
		if err := md.Renderer().Render(&body, src, doc); err != nil {
			return nil, fmt.Errorf("rendering %s: %w", p.path, err)
		}
		sec := htmlSection{Path: p.path, Title: p.title, Href: template.URL("#" + p.path), Body: template.HTML(body.String())}
		if p.kind == "home" {
			sec.Title = "Overview"
		}
		sections = append(sections, sec)
		key := p.kind
		if key == "table" {
			key = "table/" + p.group
		}
		navOf[key].Pages = append(navOf[key].Pages, sec)
		index = append(index, searchEntry{Path: p.path, Title: p.title, Kind: p.kind, Text: oneLine(p.search)})
	}
	var groups []navGroup
	for _, g := range nav {
		if len(g.Pages) > 0 {
			groups = append(groups, *g)
		}
	}
	idx, err := json.Marshal(index)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.WriteString(Header)
	err = htmlPage.Execute(&out, map[string]any{
		"Name":  st.s.Name,
		"CSS":   template.CSS(siteCSS),
		"JS":    template.JS(siteJS),
		"Nav":   groups,
		"Pages": sections,
		// json.Marshal escapes <, > and &, so the index cannot end its script element.
		"Index": template.JS(idx),
	})
	if err != nil {
		return nil, fmt.Errorf("writing the HTML site: %w", err)
	}
	return out.Bytes(), nil
}

// anchorBlock is the raw `<a id="..."></a>` paragraph that gives a heading
// a stable anchor on GitHub.
var anchorBlock = regexp.MustCompile(`^<a id="([^"]+)"></a>\s*$`)

// rewrite turns a page's links into links inside the one HTML file, its
// pictures into data: URIs and its heading ids into ids unique in the file.
func (st *site) rewrite(doc ast.Node, src []byte, p *page) error {
	var pendingID string
	var drop []ast.Node
	var firstErr error
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Paragraph:
			// `<a id="ID"></a>` alone is a paragraph of raw HTML.
			var raw strings.Builder
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				r, ok := c.(*ast.RawHTML)
				if !ok {
					return ast.WalkContinue, nil
				}
				for i := 0; i < r.Segments.Len(); i++ {
					seg := r.Segments.At(i)
					raw.Write(seg.Value(src))
				}
			}
			if m := anchorBlock.FindStringSubmatch(raw.String()); m != nil {
				pendingID = m[1]
				drop = append(drop, n)
				return ast.WalkSkipChildren, nil
			}
		case *ast.Heading:
			id := pendingID
			pendingID = ""
			if id == "" {
				if v, ok := n.AttributeString("id"); ok {
					if b, ok := v.([]byte); ok {
						id = string(b)
					}
				}
			}
			if id != "" {
				n.SetAttributeString("id", []byte(p.path+"::"+id))
			}
		case *ast.Link:
			n.Destination = []byte(st.htmlLink(p.path, string(n.Destination)))
		case *ast.Image:
			file, _ := resolve(p.path, string(n.Destination))
			data, ok := st.images[file]
			if !ok {
				if firstErr == nil {
					firstErr = fmt.Errorf("page %s shows %s, which the site does not have", p.path, n.Destination)
				}
				return ast.WalkContinue, nil
			}
			n.Destination = []byte("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(data))
			n.SetAttributeString(pictureAttr, true)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range drop {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	return firstErr
}

// pictureAttr marks the images whose destination rewrite replaced with a
// picture of the site.
const pictureAttr = "schemagen-picture"

// pictureRenderer writes images: the site's own pictures as SVG data: URIs
// (which goldmark refuses from Markdown input, as an SVG may hold a script;
// in an <img> it never runs), any other image as goldmark would.
type pictureRenderer struct{}

func (pictureRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindImage, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		n := node.(*ast.Image)
		dest := n.Destination
		if _, ours := n.AttributeString(pictureAttr); !ours && html.IsDangerousURL(dest) {
			dest = nil
		}
		_, _ = w.WriteString(`<img src="`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape(dest, true)))
		_, _ = w.WriteString(`" alt="`)
		_, _ = w.Write(util.EscapeHTML(altText(n, src)))
		_, _ = w.WriteString(`">`)
		return ast.WalkSkipChildren, nil
	})
}

// altText is the plain text of an image's description.
func altText(n ast.Node, src []byte) []byte {
	var b bytes.Buffer
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			b.Write(t.Value(src))
		} else {
			b.Write(altText(c, src))
		}
	}
	return b.Bytes()
}

// htmlLink turns a relative link of a Markdown page into a link inside the
// HTML file; links with a scheme stay as they are.
func (st *site) htmlLink(from, dest string) string {
	if u, err := url.Parse(dest); err == nil && u.Scheme != "" {
		return dest
	}
	file, frag := resolve(from, dest)
	if file == "" {
		file = from
	}
	if frag != "" {
		return "#" + file + "::" + frag
	}
	return "#" + file
}

// resolve turns a link relative to the page at from into a path from the
// site's root and a fragment.
func resolve(from, dest string) (file, frag string) {
	dest, frag, _ = strings.Cut(dest, "#")
	if dest == "" {
		return "", frag
	}
	return path.Clean(path.Join(path.Dir(from), dest)), frag
}
