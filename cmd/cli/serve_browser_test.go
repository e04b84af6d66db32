package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/schemagen/schemagen/internal/testkit/browser"
)

// The browser helpers live in internal/testkit/browser.
func newBrowser(t *testing.T) context.Context { return browser.New(t, 2*time.Minute) }

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

const browserDesign = `schemagen: 1
name: shop
entities:
  customers:
    fields:
      id: uuid pk
      email: text unique
  orders:
    fields:
      id: uuid pk
      total_cents: bigint
relationships:
  - customers 1-n orders
`

// TestServeInBrowser is the end-to-end test: the real command serves the page
// to a headless Chromium, and every save shows up without a reload.
func TestServeInBrowser(t *testing.T) {
	ctx := newBrowser(t)
	path := filepath.Join(t.TempDir(), "shop.yaml")
	save := func(content string) {
		t.Helper()
		// Save the way many editors do: write a temporary file, rename it over.
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
	}
	save(browserDesign)
	url, _ := startServe(t, path, "--addr", "127.0.0.1:0")

	// 1. The ER diagram shows the entities.
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	const svgText = `(document.querySelector('#canvas svg') || {textContent: ''}).textContent`
	waitJS(t, ctx, "the ER diagram", svgText+`.includes('customers') && `+svgText+`.includes('orders')`)
	waitJS(t, ctx, "the live connection", `document.getElementById('connection').dataset.state === 'live'`)
	if tab := evalJS[string](t, ctx, `document.querySelector('[aria-selected="true"]').dataset.tab`); tab != "er" {
		t.Errorf("selected tab %q, want er", tab)
	}
	// A marker that a reload would wipe out.
	evalJS[bool](t, ctx, `window.__sameDocument = true`)

	// 2. An edit appears without a reload.
	save(strings.Replace(browserDesign, "relationships:", "  coupons:\n    fields:\n      id: uuid pk\n      code: text unique\nrelationships:", 1))
	waitJS(t, ctx, "the new entity", svgText+`.includes('coupons')`)

	// 3. An error shows up as a diagnostic, over the last good diagram.
	broken := strings.Replace(browserDesign, "customers 1-n orders", "customers 1-n invoices", 1)
	broken = strings.Replace(broken, "relationships:", "  coupons:\n    fields:\n      id: uuid pk\n      code: text unique\nrelationships:", 1)
	save(broken)
	waitJS(t, ctx, "the unknown-entity diagnostic", `!!document.querySelector('#diagnostics li.error[data-rule="unknown-entity"]')`)
	item := evalJS[string](t, ctx, `document.querySelector('#diagnostics li.error').innerText`)
	if !strings.Contains(item, "shop.yaml:17:") || !strings.Contains(item, `"invoices"`) {
		t.Errorf("diagnostic text %q; want the position shop.yaml:17 and the entity", item)
	}
	link := evalJS[string](t, ctx, `document.querySelector('#diagnostics li.error a').href`)
	if !strings.HasPrefix(link, "vscode://file/") || !strings.HasSuffix(link, "shop.yaml:17:19") {
		t.Errorf("editor link %q", link)
	}
	if why := evalJS[string](t, ctx, `document.querySelector('#diagnostics li.error details pre').textContent`); !strings.Contains(why, "Fix") {
		t.Errorf("the rule's explanation is missing: %q", why)
	}
	if banner := evalJS[string](t, ctx, `document.getElementById('banner').innerText`); !strings.Contains(banner, "1 error") {
		t.Errorf("banner %q", banner)
	}
	if !evalJS[bool](t, ctx, svgText+`.includes('coupons')`) {
		t.Error("the last good diagram disappeared while the design has errors")
	}
	screenshot(t, ctx, "serve-with-error")

	// 4. Fixed: the error is gone, the diagram is current again.
	save(strings.Replace(broken, "customers 1-n invoices", "customers 1-n coupons", 1))
	waitJS(t, ctx, "the error to go", `!document.querySelector('#diagnostics li.error') && document.getElementById('version').dataset.status === 'ok'`)
	waitJS(t, ctx, "the current diagram", `document.getElementById('canvas').dataset.version === document.getElementById('version').dataset.version`)
	if !evalJS[bool](t, ctx, `window.__sameDocument === true`) {
		t.Error("the page reloaded; updates must arrive without a reload")
	}

	// 5. The generated SQL is one click away, and the ER tab comes back as it was.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#tab-sql`))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the SQL", `document.querySelector('#code').textContent.includes('CREATE TABLE')`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#tab-er`))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the ER tab again", `!document.getElementById('diagram-pane').hidden && `+svgText+`.includes('coupons')`)
	screenshot(t, ctx, "serve-fixed")
}
