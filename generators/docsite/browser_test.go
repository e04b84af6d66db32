package docsite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/schemagen/schemagen/internal/testkit/browser"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

// The browser helpers live in internal/testkit/browser.
func newBrowser(t *testing.T) context.Context { return browser.New(t, 4*time.Minute) }

func evalJS[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	return browser.Eval[T](t, ctx, expr)
}

func waitJS(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	browser.Wait(t, ctx, what, expr)
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	browser.Screenshot(t, ctx, name)
}

// TestHTMLInBrowser opens the HTML site of the marketplace example from a
// file in headless Chromium: the home page shows the story and its pictures
// load, the search finds a table and opens its page, links between pages
// work, and the theme switches to dark.
func TestHTMLInBrowser(t *testing.T) {
	var s = golden.Examples(t)[2].Schema // marketplace
	if s.Name != "marketplace" {
		t.Fatalf("examples changed: got %s, want marketplace", s.Name)
	}
	files, err := Generate(s, Options{Engine: testEngine, Format: FormatHTML})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), HTMLFile)
	if err := os.WriteFile(path, files[HTMLFile], 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+path)); err != nil {
		t.Fatalf("opening %s: %v", path, err)
	}

	// 1. The home page: the title, the story, the pictures decoded.
	waitJS(t, ctx, "the home page", `document.querySelector('section.page:not([hidden]) h1') !== null`)
	if got := evalJS[string](t, ctx, `document.querySelector('section.page:not([hidden])').id`); got != "p:README.md" {
		t.Errorf("first page shown: %q, want p:README.md", got)
	}
	if n := evalJS[int](t, ctx, `document.querySelectorAll('section.page:not([hidden])').length`); n != 1 {
		t.Errorf("%d pages shown at once, want 1", n)
	}
	waitJS(t, ctx, "the pictures of the home page", `Array.from(document.querySelectorAll('section.page:not([hidden]) img')).every(i => i.complete && i.naturalWidth > 100)`)
	screenshot(t, ctx, "docs-home")

	// 2. The search finds the orders table and Enter opens its page.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("search"), "orders")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "search results", `document.querySelector('#results a') !== null`)
	if first := evalJS[string](t, ctx, `document.querySelector('#results a').getAttribute('href')`); first != "#entities/orders.md" {
		t.Errorf("first result for orders: %q, want #entities/orders.md", first)
	}
	screenshot(t, ctx, "docs-search")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("search"), "\r")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the orders page", `document.querySelector('section.page:not([hidden])').id === 'p:entities/orders.md'`)
	waitJS(t, ctx, "the orders pictures", `Array.from(document.querySelectorAll('section.page:not([hidden]) img')).every(i => i.complete && i.naturalWidth > 100)`)
	text := evalJS[string](t, ctx, `document.querySelector('section.page:not([hidden])').innerText`)
	for _, want := range []string{"Columns", "Comes from", "Relationships", "order_status", "In the flow"} {
		if !strings.Contains(text, want) {
			t.Errorf("the orders page lacks %q", want)
		}
	}
	screenshot(t, ctx, "docs-orders")

	// 3. A link to a failure mode opens the failures page at its heading.
	evalJS[bool](t, ctx, `(document.querySelector('section.page:not([hidden]) a[href^="#failures.md::"]').click(), true)`)
	waitJS(t, ctx, "the failures page", `document.querySelector('section.page:not([hidden])').id === 'p:failures.md'`)
	waitJS(t, ctx, "the failure's heading on screen", `(() => { const id = decodeURIComponent(location.hash.slice(1)); const r = document.getElementById(id).getBoundingClientRect(); return r.top >= 0 && r.top < 300; })()`)

	// 4. Dark mode.
	bg := evalJS[string](t, ctx, `getComputedStyle(document.body).backgroundColor`)
	evalJS[bool](t, ctx, `(document.getElementById('theme').click(), true)`)
	dark := evalJS[string](t, ctx, `getComputedStyle(document.body).backgroundColor`)
	if bg != "rgb(255, 255, 255)" || dark != "rgb(13, 17, 23)" {
		t.Errorf("background %s, after the theme button %s; want white, then rgb(13, 17, 23)", bg, dark)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+path+"#entities/orders.md")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the orders page", `document.querySelector('section.page:not([hidden])').id === 'p:entities/orders.md'`)
	screenshot(t, ctx, "docs-orders-dark")

	// 5. ?q= opens the site with a search: a column name finds its table.
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+path+"?q=total_cents")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "results for a column name", `Array.from(document.querySelectorAll('#results a')).some(a => a.getAttribute('href') === '#entities/orders.md')`)
}
