package diagram

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestColumnTooltips: in the SVG of every example, every column's name sits
// in an <a xlink:title> that names the column and its type, with no link left
// (the fragment link Graphviz needed is removed).
func TestColumnTooltips(t *testing.T) {
	for name, s := range designs(t) {
		svg, err := SVG(s, Options{Engine: testEngine})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(svg), columnTipHref) {
			t.Errorf("%s: the SVG still links to %s", name, columnTipHref)
		}
		for _, tb := range s.Tables {
			for _, c := range tb.Columns {
				want := `<a xlink:title="` + svgEscape(columnTip(tb, c)) + `">`
				if !strings.Contains(string(svg), want) {
					t.Errorf("%s: no tooltip %s", name, want)
				}
			}
		}
	}
}

// svgEscape escapes text the way Graphviz writes it in an attribute.
func svgEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "-", "&#45;", "'", "&#39;")
	return r.Replace(s)
}

// TestColumnTooltipsInBrowser opens the marketplace SVG in a headless
// Chromium: the element under the middle of a column's name belongs to an <a>
// whose title is the column's tooltip, that <a> is not a link (no href, no
// pointer cursor), and clicking the name leaves the page where it is.
func TestColumnTooltipsInBrowser(t *testing.T) {
	browser := ""
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(n); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		msg := "no chromium on PATH (Debian: apt-get install chromium)"
		if os.Getenv("SCHEMAGEN_REQUIRE_BROWSER") == "1" {
			t.Fatal(msg + " and SCHEMAGEN_REQUIRE_BROWSER=1")
		}
		t.Skip(msg)
	}
	s := designs(t)["marketplace"]
	svg, err := SVG(s, Options{Engine: testEngine})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "marketplace.svg")
	if err := os.WriteFile(path, svg, 0o644); err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1600, 1200))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	if err := chromedp.Do(bctx, chromedp.Navigate("file://"+path)); err != nil {
		t.Fatal(err)
	}
	users := s.Table("users")
	for _, c := range users.Columns[:3] {
		// The name's text element, scrolled into view, probed at its middle.
		js := fmt.Sprintf(`(() => {
			const text = [...document.querySelectorAll('text')].find((e) => e.textContent === %q && e.closest('a'));
			if (!text) return {found: false};
			text.scrollIntoView({block: "center", inline: "center"});
			const r = text.getBoundingClientRect();
			const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
			const a = hit && hit.closest('a');
			return {found: true, title: a ? a.getAttribute('xlink:title') : "", href: !!(a && (a.hasAttribute('href') || a.hasAttribute('xlink:href'))),
				cursor: getComputedStyle(hit).cursor, x: r.x + r.width / 2, y: r.y + r.height / 2};
		})()`, c.Name)
		var got struct {
			Found  bool
			Title  string
			Href   bool
			Cursor string
			X, Y   float64
		}
		raw, err := chromedp.Run(bctx, chromedp.Evaluate[json.RawMessage](js))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatal(err)
		}
		if !got.Found {
			t.Errorf("column %s: no name inside an <a>", c.Name)
			continue
		}
		if want := columnTip(users, c); got.Title != want || got.Href || got.Cursor == "pointer" {
			t.Errorf("column %s: under its name the title is %q (want %q), link %v, cursor %s", c.Name, got.Title, want, got.Href, got.Cursor)
		}
		if err := chromedp.Do(bctx, chromedp.MouseClickXY(got.X, got.Y)); err != nil {
			t.Fatal(err)
		}
		if loc, err := chromedp.Run(bctx, chromedp.Evaluate[string](`location.href`)); err != nil || loc != "file://"+path {
			t.Errorf("column %s: a click went to %q (%v)", c.Name, loc, err)
		}
	}
}
