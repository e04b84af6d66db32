package langserver

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// open checks a design as the server does on didOpen.
func open(t *testing.T, text string) *document {
	t.Helper()
	path, _ := filepath.Abs("unit.yaml")
	d := newDocument("file://"+path, text, 1)
	d.setChecked(checkText(d.uri, text))
	return d
}

func labelsOf(items []protocol.CompletionItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Label)
	}
	return out
}

const shop = `schemagen: 1
name: shop
enums:
  role: [buyer, seller]
entities:
  users:
    fields:
      id: uuid pk
      role: role default 
  Users:
    fields:
      id: uuid pk
`

func TestCompleteEnumValuesAfterDefault(t *testing.T) {
	d := open(t, shop)
	got := labelsOf(d.complete(protocol.Position{Line: 8, Character: 25}))
	if want := []string{"'buyer'", "'seller'"}; !slices.Equal(got, want) {
		t.Errorf("after `role default`: %v, want %v", got, want)
	}
	got = labelsOf(d.complete(protocol.Position{Line: 7, Character: 15})) // after `uuid `
	if !slices.Contains(got, "pk") || !slices.Contains(got, "default") {
		t.Errorf("after a type: %v", got)
	}
}

func TestRelatedLocation(t *testing.T) {
	d := open(t, shop)
	for _, diag := range d.lspDiagnostics() {
		if diag.Code.Value != "duplicate-name" || !strings.Contains(diag.Message, `table "Users"`) {
			continue
		}
		if len(diag.RelatedInformation) != 1 {
			t.Fatalf("%s: related %+v", diag.Message, diag.RelatedInformation)
		}
		r := diag.RelatedInformation[0]
		if r.Location.URI != d.uri || r.Location.Range.Start != (protocol.Position{Line: 5, Character: 2}) || r.Message != `table "users" is declared here` {
			t.Errorf("related: %+v", r)
		}
		return
	}
	t.Fatalf("no duplicate-name diagnostic: %+v", d.checked.diags)
}

func TestAddFailureModeWithoutFailures(t *testing.T) {
	for _, text := range []string{machineOnly, strings.TrimSuffix(machineOnly, "\n")} {
		d := open(t, text)
		var fixed string
		for _, diag := range d.checked.diags {
			if diag.Rule != "machine-without-failure" {
				continue
			}
			a, ok := d.fix(diag)
			if !ok {
				t.Fatal("no code action for machine-without-failure")
			}
			fixed = applyEdits(text, toTextEdits(a.Edit.Changes[d.uri]))
		}
		after := open(t, fixed)
		for _, diag := range after.checked.diags {
			t.Errorf("after the fix: %s\n%s", diag, fixed)
		}
	}
}

const machineOnly = `schemagen: 1
name: jobs
flow:
  - step: A job runs
    creates: jobs
entities:
  jobs:
    fields:
      id: uuid pk
states:
  job_status:
    entity: jobs
    initial: queued
    transitions:
      queued: [done]
    terminal: [done]
`

func toTextEdits(edits []protocol.TextEdit) []textEdit {
	var out []textEdit
	for _, e := range edits {
		out = append(out, textEdit{
			Range: lspRange{
				position{int(e.Range.Start.Line), int(e.Range.Start.Character)},
				position{int(e.Range.End.Line), int(e.Range.End.Character)},
			},
			NewText: e.NewText,
		})
	}
	return out
}

func TestRenameReservedWordEverywhere(t *testing.T) {
	text := `schemagen: 1
name: shop
flow:
  - step: An item is listed
    creates: items
entities:
  items:
    fields:
      id: uuid pk
      order: integer
    indexes:
      - [order]
`
	d := open(t, text)
	var fixed string
	for _, diag := range d.checked.diags {
		if diag.Rule == "reserved-word" {
			a, ok := d.fix(diag)
			if !ok || a.Title != "Rename `order` to `order_name`" {
				t.Fatalf("code action %q, %v", a.Title, ok)
			}
			fixed = applyEdits(text, toTextEdits(a.Edit.Changes[d.uri]))
		}
	}
	if !strings.Contains(fixed, "      order_name: integer\n") || !strings.Contains(fixed, "      - [order_name]\n") {
		t.Fatalf("the rename missed a use:\n%s", fixed)
	}
	for _, diag := range open(t, fixed).checked.diags {
		t.Errorf("after the rename: %s", diag)
	}
}

func TestCompleteEntityNames(t *testing.T) {
	text := `schemagen: 1
name: shop
flow:
  - step: An order is placed
    creates: orders
entities:
  users:
  orders:
relationships:
  - { one: users, many: orders }
`
	d := open(t, text)
	got := labelsOf(d.complete(protocol.Position{Line: 4, Character: 13}))
	if !slices.Equal(got, []string{"users", "orders"}) {
		t.Errorf("completion after creates: %v", got)
	}
	got = labelsOf(d.complete(protocol.Position{Line: 3, Character: 4})) // the key of a flow step
	if !slices.Contains(got, "creates") || !slices.Contains(got, "event") {
		t.Errorf("completion of a flow step's key: %v", got)
	}
}

// TestCompleteKeysOfNewSections: the keys of extensions, domains, SQL
// blocks, unique entries and partitioning complete like the others.
func TestCompleteKeysOfNewSections(t *testing.T) {
	text := `schemagen: 1
name: shop
extensions:
  - name: citext
    schema: public
domains:
  cents:
    type: bigint
entities:
  payments:
    partition:
      by: range
      partitions:
        - name: payments_2024
          bounds: DEFAULT
    unique:
      - columns: [id]
        deferrable: true
    fields:
      id: bigint pk
sql:
  - name: view paid
    body: SELECT 1
`
	d := open(t, text)
	for _, c := range []struct {
		line, char uint32
		want       string
	}{
		{4, 4, "version"},             // an extension
		{7, 4, "not_null"},            // a domain
		{11, 6, "key"},                // partitioning
		{14, 10, "bounds"},            // a partition
		{17, 8, "nulls_not_distinct"}, // a unique entry
		{22, 4, "after"},              // a SQL block
	} {
		got := labelsOf(d.complete(protocol.Position{Line: c.line, Character: c.char}))
		if !slices.Contains(got, c.want) {
			t.Errorf("line %d: completion lacks %q: %v", c.line+1, c.want, got)
		}
	}
}

func TestNavigateEventsEnumsAndFields(t *testing.T) {
	text := `schemagen: 1
name: shop
enums:
  role: [buyer, seller]
flow:
  - step: A user signs up
    creates: users
    event: users.joined
entities:
  users:
    fields:
      id: uuid pk
      role: role
      email: text
    indexes:
      - [email]
events:
  users: [joined]
`
	d := open(t, text)
	def := func(line, char int) (occurrence, bool) {
		o, ok := d.symbolAt(protocol.Position{Line: protocol.UInteger(line), Character: protocol.UInteger(char)})
		if !ok {
			return o, false
		}
		occs := d.nav.of(o.sym)
		return occs[0], occs[0].def
	}
	for _, c := range []struct {
		line, char    int
		wantLine, col int
	}{
		{7, 18, 18, 11}, // users.joined → the event type in events
		{7, 12, 10, 3},  // users.joined → the entity
		{12, 13, 4, 3},  // the type role → the enum
		{15, 10, 14, 7}, // an index column → the field
	} {
		o, ok := def(c.line, c.char)
		if !ok || o.pos.Line != c.wantLine || o.pos.Col != c.col {
			t.Errorf("definition from %d:%d: %+v (%v), want %d:%d", c.line+1, c.char, o, ok, c.wantLine, c.col)
		}
	}
	h := d.hoverAt(protocol.Position{Line: 13, Character: 7}) // the field email
	if h == nil || !strings.Contains(h.Contents.(protocol.MarkupContent).Value, "| **email** | `text` |") {
		t.Errorf("hover on a field: %+v", h)
	}
}
