package cli

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/schemagen/schemagen/internal/preview"
	"github.com/schemagen/schemagen/internal/testkit/synth"
)

// bigDesign writes a synthetic design past the size of one readable picture
// (260 tables in 6 groups), whose ER diagram is the overview of its groups.
func bigDesign(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(path, synth.Design(synth.Options{Entities: 260, Groups: 6}), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var svgHrefRE = regexp.MustCompile(`<a xlink:href="([^"]+)"`)

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(body)
}

// TestServeOverviewLinks: in serve, the ER diagram of a big design is the
// overview of its groups, every box links to a view of the page, and the
// picture behind every link is served (over HTTP, from the real renderer).
func TestServeOverviewLinks(t *testing.T) {
	if testing.Short() {
		t.Skip("draws a 260-table design")
	}
	base, _ := startServe(t, bigDesign(t), "--addr", "127.0.0.1:0")
	code, svg := get(t, base+"api/diagram/er.svg")
	if code != http.StatusOK {
		t.Fatalf("er.svg: HTTP %d: %s", code, svg)
	}
	links := svgHrefRE.FindAllStringSubmatch(svg, -1)
	if len(links) != 6 {
		t.Fatalf("the overview has %d links, want one per group (6)", len(links))
	}
	for _, m := range links {
		href := m[1]
		group, ok := strings.CutPrefix(href, "/#er/group/")
		if !ok {
			t.Errorf("link %q does not lead to a group view of the page", href)
			continue
		}
		name, err := url.PathUnescape(group)
		if err != nil {
			t.Errorf("link %q: %v", href, err)
			continue
		}
		if href != preview.GroupHref(name) {
			t.Errorf("link %q, want %q", href, preview.GroupHref(name))
		}
		code, pic := get(t, base+"api/diagram/group.svg?name="+url.QueryEscape(name))
		if code != http.StatusOK || !strings.Contains(pic, "<svg") {
			t.Errorf("the picture of %s: HTTP %d: %.200s", name, code, pic)
			continue
		}
		if !strings.Contains(pic, ": "+name+"</text>") {
			t.Errorf("the picture of %s does not carry its title", name)
		}
	}
	// A name that is no group is a note, not a failure; and the ungrouped
	// view exists (empty here: every table has a group).
	if code, body := get(t, base+"api/diagram/group.svg?name=nope"); code != http.StatusNotFound || !strings.Contains(body, `unknown group "nope"`) {
		t.Errorf("unknown group: HTTP %d: %s", code, body)
	}
	if code, body := get(t, base+"api/diagram/group.svg"); code != http.StatusBadRequest {
		t.Errorf("no name: HTTP %d: %s", code, body)
	}
}

// TestServeOverviewInBrowser clicks a box of the overview in a headless
// Chromium: the page shows that group's picture in its ER tab, says which,
// and the back button (and the browser's Back) return to the overview.
func TestServeOverviewInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("draws a 260-table design")
	}
	ctx := newBrowser(t)
	base, _ := startServe(t, bigDesign(t), "--addr", "127.0.0.1:0")
	if err := chromedp.Do(ctx, chromedp.Navigate(base)); err != nil {
		t.Fatal(err)
	}
	const svgText = `(document.querySelector('#canvas svg') || {textContent: ''}).textContent`
	waitJS(t, ctx, "the overview", svgText+`.includes(': groups')`)
	screenshot(t, ctx, "serve-overview")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#canvas svg a`))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the group picture", `location.hash.startsWith('#er/group/') && document.getElementById('canvas').dataset.view === decodeURIComponent(location.hash.slice(1)) && !`+svgText+`.includes(': groups')`)
	group := evalJS[string](t, ctx, `decodeURIComponent(location.hash.slice('#er/group/'.length))`)
	if !evalJS[bool](t, ctx, svgText+`.includes(': `+group+`')`) {
		t.Errorf("the picture shown is not group %s's", group)
	}
	if note := evalJS[string](t, ctx, `document.getElementById('diagram-note').textContent`); !strings.Contains(note, "group "+group) {
		t.Errorf("the note %q does not name the group", note)
	}
	screenshot(t, ctx, "serve-group")
	if err := chromedp.Do(ctx, chromedp.NavigateBack()); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the overview after Back", svgText+`.includes(': groups') && document.getElementById('back-overview').hidden`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#canvas svg a`))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the group picture again", `!document.getElementById('back-overview').hidden && !`+svgText+`.includes(': groups')`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#back-overview`))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the overview after the button", svgText+`.includes(': groups')`)
}
