package langserver

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/schemagen/schemagen/design/format"
	"github.com/schemagen/schemagen/internal/testkit/lsptest"
)

// pipes is one end of a bidirectional in-memory stream.
type pipes struct {
	io.Reader
	io.WriteCloser
}

// startServer serves a Server over pipes and returns a client on the other end.
func startServer(t testing.TB, opts Options) *lsptest.Client {
	t.Helper()
	clientR, serverW := io.Pipe()
	serverR, clientW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		New(opts).Serve(ctx, pipes{serverR, serverW})
	}()
	t.Cleanup(func() {
		cancel()
		clientW.Close()
		serverW.Close()
		<-done
	})
	c := lsptest.New(clientR, clientW, nil)
	if err := c.Call(timeout(t), "initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Notify("initialized", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	return c
}

func timeout(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

type position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type lspRange struct {
	Start position `json:"start"`
	End   position `json:"end"`
}

type diagnostic struct {
	Range           lspRange `json:"range"`
	Severity        int      `json:"severity"`
	Code            string   `json:"code"`
	CodeDescription struct {
		Href string `json:"href"`
	} `json:"codeDescription"`
	Message string `json:"message"`
}

type published struct {
	URI         string       `json:"uri"`
	Version     int          `json:"version"`
	Diagnostics []diagnostic `json:"diagnostics"`
}

type textEdit struct {
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

type codeAction struct {
	Title string `json:"title"`
	Edit  struct {
		Changes map[string][]textEdit `json:"changes"`
	} `json:"edit"`
}

type location struct {
	URI   string   `json:"uri"`
	Range lspRange `json:"range"`
}

// nextDiagnostics waits for the diagnostics of a version of uri.
func nextDiagnostics(t testing.TB, c *lsptest.Client, uri string, version int) published {
	t.Helper()
	raw, err := c.Next(timeout(t), "textDocument/publishDiagnostics", func(p json.RawMessage) bool {
		var d published
		return json.Unmarshal(p, &d) == nil && d.URI == uri && d.Version == version
	})
	if err != nil {
		t.Fatal(err)
	}
	var d published
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// rules lists "LINE:rule" for each diagnostic, 1-based lines, sorted.
func rules(d published) []string {
	var out []string
	for _, diag := range d.Diagnostics {
		out = append(out, strings.Join([]string{itoa(diag.Range.Start.Line + 1), diag.Code}, ":"))
	}
	sort.Strings(out)
	return out
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// applyEdits applies LSP text edits (ASCII text: UTF-16 columns are bytes) to text.
func applyEdits(text string, edits []textEdit) string {
	lines := strings.SplitAfter(text, "\n")
	offset := func(p position) int {
		off := 0
		for i := 0; i < p.Line && i < len(lines); i++ {
			off += len(lines[i])
		}
		return off + p.Character
	}
	sorted := slices.Clone(edits)
	sort.SliceStable(sorted, func(i, j int) bool { return offset(sorted[i].Range.Start) > offset(sorted[j].Range.Start) })
	for _, e := range sorted {
		text = text[:offset(e.Range.Start)] + e.NewText + text[offset(e.Range.End):]
	}
	return text
}

// TestServer drives the server the way an editor does: open a broken design,
// receive its diagnostics, hover, go to a definition, find references,
// complete, then fix the design with the server's code actions and receive
// the clean diagnostics.
func TestServer(t *testing.T) {
	c := startServer(t, Options{Debounce: 10 * time.Millisecond})
	path, _ := filepath.Abs("testdata/blog.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	uri := "file://" + path
	doc := map[string]any{"uri": uri}
	c.Notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "yaml", "version": 1, "text": text}})

	d := nextDiagnostics(t, c, uri, 1)
	want := []string{"14:email-case-sensitive", "18:invalid-type", "25:many-to-many-needs-junction", "27:machine-without-failure", "34:event-never-recorded"}
	if got := rules(d); !slices.Equal(got, want) {
		t.Fatalf("diagnostics on open: got %v, want %v", got, want)
	}
	for _, diag := range d.Diagnostics {
		if diag.CodeDescription.Href != RulesURL+diag.Code {
			t.Errorf("%s: link %q", diag.Code, diag.CodeDescription.Href)
		}
		if diag.Code == "invalid-type" {
			if diag.Severity != 1 || !strings.Contains(diag.Message, "hint: did you mean `text`?") {
				t.Errorf("invalid-type: severity %d, message %q", diag.Severity, diag.Message)
			}
			if diag.Range != (lspRange{position{17, 13}, position{17, 16}}) {
				t.Errorf("invalid-type: range %+v, want the word txt", diag.Range)
			}
		}
	}

	// Hover: an entity shows its resolved table, with the derived foreign key.
	var hover struct{ Contents struct{ Kind, Value string } }
	call := func(method string, params, result any) {
		t.Helper()
		if err := c.Call(timeout(t), method, params, result); err != nil {
			t.Fatal(err)
		}
	}
	call("textDocument/hover", map[string]any{"textDocument": doc, "position": position{23, 15}}, &hover) // `posts` in `users 1-n posts`
	if !strings.Contains(hover.Contents.Value, "table **posts**") || !strings.Contains(hover.Contents.Value, "| user_id | `uuid` | → users") {
		t.Errorf("hover on posts:\n%s", hover.Contents.Value)
	}
	call("textDocument/hover", map[string]any{"textDocument": doc, "position": position{30, 7}}, &hover) // `draft:` in transitions
	if !strings.Contains(hover.Contents.Value, "state **draft** of post_status") || !strings.Contains(hover.Contents.Value, "moves to: published") {
		t.Errorf("hover on draft:\n%s", hover.Contents.Value)
	}
	call("textDocument/hover", map[string]any{"textDocument": doc, "position": position{34, 80}}, &hover) // a rule name in a comment
	if !strings.HasPrefix(hover.Contents.Value, "**many-to-many-needs-junction** (error)") {
		t.Errorf("hover on a rule name:\n%s", hover.Contents.Value)
	}

	// Definition and references of the entity posts.
	var def location // each call decodes into a fresh value: a null result must not keep the last one
	call("textDocument/definition", map[string]any{"textDocument": doc, "position": position{23, 15}}, &def)
	if def.URI != uri || def.Range != (lspRange{position{14, 2}, position{14, 7}}) {
		t.Errorf("definition of posts: %+v", def)
	}
	var refs []location
	call("textDocument/references", map[string]any{"textDocument": doc, "position": position{14, 3}, "context": map[string]any{"includeDeclaration": true}}, &refs)
	var refLines []int
	for _, r := range refs {
		refLines = append(refLines, r.Range.Start.Line+1)
	}
	if want := []int{6, 7, 9, 15, 24, 25, 28, 34}; !slices.Equal(refLines, want) {
		t.Errorf("references of posts on lines %v, want %v", refLines, want)
	}
	// A state: its first mention declares it; failures and transitions use it.
	def = location{}
	call("textDocument/definition", map[string]any{"textDocument": doc, "position": position{31, 16}}, &def) // `published` in terminal
	if def.Range.Start != (position{30, 14}) || def.URI != uri {
		t.Errorf("definition of published: %+v", def.Range)
	}

	// Completion: field types, and the states of a machine.
	var list struct{ Items []struct{ Label string } }
	labels := func() []string {
		var out []string
		for _, it := range list.Items {
			out = append(out, it.Label)
		}
		return out
	}
	call("textDocument/completion", map[string]any{"textDocument": doc, "position": position{17, 13}}, &list)
	if l := labels(); !slices.Contains(l, "text") || !slices.Contains(l, "timestamptz") || !slices.Contains(l, "post_status") {
		t.Errorf("completion of a field type: %v", l)
	}
	call("textDocument/completion", map[string]any{"textDocument": doc, "position": position{28, 13}}, &list) // initial: draft
	if l := labels(); !slices.Equal(l, []string{"draft", "published"}) {
		t.Errorf("completion of a state: %v", l)
	}
	call("textDocument/completion", map[string]any{"textDocument": doc, "position": position{11, 4}}, &list) // a key of entity users
	if l := labels(); !slices.Contains(l, "fields") || !slices.Contains(l, "indexes") {
		t.Errorf("completion of an entity's keys: %v", l)
	}

	// Code actions fix every diagnostic; the fixed design is clean.
	var edits []textEdit
	var titles []string
	for _, line := range []int{13, 17, 24, 26} {
		var actions []codeAction
		call("textDocument/codeAction", map[string]any{"textDocument": doc,
			"range": lspRange{position{line, 0}, position{line, 0}}, "context": map[string]any{"diagnostics": []any{}}}, &actions)
		if len(actions) != 1 {
			t.Fatalf("line %d: %d code actions, want 1: %+v", line+1, len(actions), actions)
		}
		titles = append(titles, actions[0].Title)
		edits = append(edits, actions[0].Edit.Changes[uri]...)
	}
	wantTitles := []string{"Type it `citext`", "Replace with `text`", "Add `via post_tags`", "Add a failure mode landing in `published`"}
	if !slices.Equal(titles, wantTitles) {
		t.Errorf("code actions %q, want %q", titles, wantTitles)
	}
	fixed := applyEdits(text, edits)
	// Send the fixes as incremental changes, last first so that positions stay valid.
	slices.SortStableFunc(edits, func(a, b textEdit) int {
		return b.Range.Start.Line*1000 + b.Range.Start.Character - a.Range.Start.Line*1000 - a.Range.Start.Character
	})
	var changes []any
	for _, e := range edits {
		changes = append(changes, map[string]any{"range": e.Range, "text": e.NewText})
	}
	c.Notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2}, "contentChanges": changes})
	d = nextDiagnostics(t, c, uri, 2)
	// The fixes leave no error or warning; the info about the event the
	// story never records (line 34) is not one of the code actions' problems.
	if got := rules(d); !slices.Equal(got, []string{"34:event-never-recorded"}) {
		t.Errorf("after the code actions: %v\n%s", got, fixed)
	}
	// Formatting is schemagen fmt on the open text.
	var formatEdits []textEdit
	call("textDocument/formatting", map[string]any{"textDocument": doc, "options": map[string]any{"tabSize": 2, "insertSpaces": true}}, &formatEdits)
	formatted, err := format.Format([]byte(fixed))
	if err != nil {
		t.Fatal(err)
	}
	if len(formatEdits) != 1 || applyEdits(fixed, formatEdits) != string(formatted) {
		t.Errorf("formatting edits %+v do not give schemagen fmt's layout:\n%s", formatEdits, formatted)
	}

	// The server's text is the client's: a hover on the new junction works.
	call("textDocument/hover", map[string]any{"textDocument": doc, "position": position{24, 11}}, &hover) // on `n-n`
	if !strings.Contains(hover.Contents.Value, "`post_tags(post_id)` → `posts(id)`") {
		t.Errorf("hover on the fixed relationship:\n%s\n%s", hover.Contents.Value, fixed)
	}
}
