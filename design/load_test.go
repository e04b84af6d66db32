package design_test

import (
	"reflect"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
)

const positionsDesign = `schemagen: 1
name: shop
flow:
  - Customer arrives
  - step: Customer orders
    creates: orders
    event: orders.placed
entities:
  orders:
    fields:
      id: uuid pk
      total: "numeric(12,2) check (total >= 0)"
      note: {type: text, nullable: true}
enums:
  kind: [a, b]
relationships:
  - orders 1-n orders as parent optional
  - {one: orders, many: orders, as: merged_into, optional: true}
states:
  order_status:
    entity: orders
    initial: pending
    transitions:
      pending: [paid]
    terminal: [paid]
events:
  orders: [placed, paid]
failures:
  - name: declined
    when: The card is declined.
    entity: orders
    state: pending
`

// TestPositions checks that every element keeps the file, line and column it was written at.
func TestPositions(t *testing.T) {
	d, diags := design.Load("shop.yaml", []byte(positionsDesign))
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	at := func(line, col int) design.Pos { return design.Pos{File: "shop.yaml", Line: line, Col: col} }
	o := d.Entities[0]
	checks := []struct {
		what      string
		got, want design.Pos
	}{
		{"name", d.NamePos, at(2, 7)},
		{"plain flow step", d.Flow[0].Pos, at(4, 5)},
		{"map flow step", d.Flow[1].Pos, at(5, 5)},
		{"flow creates", d.Flow[1].Creates[0].Pos, at(6, 14)},
		{"flow event", d.Flow[1].Event.Pos, at(7, 12)},
		{"entity", o.Pos, at(9, 3)},
		{"field", o.Fields[0].Pos, at(11, 7)},
		{"field type", o.Fields[0].TypePos, at(11, 11)},
		{"quoted spec type", o.Fields[1].TypePos, at(12, 15)},
		{"map field", o.Fields[2].Pos, at(13, 7)},
		{"map field type", o.Fields[2].TypePos, at(13, 20)},
		{"enum", d.Enums[0].Pos, at(15, 3)},
		{"enum value", d.Enums[0].Values[1].Pos, at(15, 13)},
		{"short relationship", d.Relationships[0].Pos, at(17, 5)},
		{"short relationship child", d.Relationships[0].To.Pos, at(17, 16)},
		{"map relationship", d.Relationships[1].Pos, at(18, 5)},
		{"map relationship parent", d.Relationships[1].From.Pos, at(18, 11)},
		{"machine", d.Machines[0].Pos, at(20, 3)},
		{"machine entity", d.Machines[0].Entity.Pos, at(21, 13)},
		{"initial", d.Machines[0].Initial.Pos, at(22, 14)},
		{"transition from", d.Machines[0].Transitions[0].From.Pos, at(24, 7)},
		{"transition to", d.Machines[0].Transitions[0].To[0].Pos, at(24, 17)},
		{"terminal", d.Machines[0].Terminal[0].Pos, at(25, 16)},
		{"events entity", d.Events[0].Entity.Pos, at(27, 3)},
		{"event type", d.Events[0].Types[1].Pos, at(27, 20)},
		{"failure", d.Failures[0].Pos, at(29, 5)},
		{"failure state", d.Failures[0].State.Pos, at(32, 12)},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s at %s, want %s", c.what, c.got, c.want)
		}
	}
}

// TestShortAndMapFormsAgree resolves the same design written in short forms and
// in map forms and requires the same tables, columns and keys.
func TestShortAndMapFormsAgree(t *testing.T) {
	short := `schemagen: 1
name: forms
entities:
  users:
    fields:
      id: uuid pk
      email: text unique
      nick: varchar(30)? default 'anon'
      age: integer? check (age >= 0)
      n: bigint identity
      m: integer identity always
      k: smallint identity by default
      full: text generated (email || nick)
      sort: varchar(30)? collate "C"
      code: text collate musicbrainz.musicbrainz default 'x'
  rides: {fields: {id: uuid pk}}
  tags: {fields: {id: uuid pk}}
  profiles: {fields: {id: uuid pk}}
relationships:
  - users 1-n rides as driver optional on delete set null
  - users 1-1 profiles
  - rides n-n tags via ride_tags
`
	long := `schemagen: 1
name: forms
entities:
  users:
    fields:
      id: {type: uuid, pk: true}
      email: {type: text, unique: true}
      nick: {type: varchar(30), nullable: true, default: "'anon'"}
      age: {type: "integer?", check: (age >= 0)}
      n: {type: bigint, identity: true}
      m: {type: integer, identity: always}
      k: {type: smallint, identity: by default}
      full: {type: text, generated: email || nick}
      sort: {type: "varchar(30)?", collate: C}
      code: {type: text, collate: musicbrainz.musicbrainz, default: "'x'"}
  rides: {fields: {id: {type: uuid, pk: true}}}
  tags: {fields: {id: {type: uuid, pk: true}}}
  profiles: {fields: {id: {type: uuid, pk: true}}}
relationships:
  - {one: users, many: rides, as: driver, optional: true, on_delete: set_null}
  - {one: users, one_of: profiles}
  - {many: rides, many_of: tags, via: ride_tags}
`
	a, b := resolved(t, short), resolved(t, long)
	type col struct {
		Table, Name, Type, Default, Identity, Generated, Check, Collation string
		Nullable, Unique, PK                                              bool
		FK                                                                string
	}
	flatten := func(s *schema.Schema) []col {
		var out []col
		for _, tb := range s.Tables {
			for _, c := range tb.Columns {
				fk := ""
				if c.ForeignKey != nil {
					fk = c.ForeignKey.RefTable.Name + " " + c.ForeignKey.OnDelete
				}
				out = append(out, col{tb.Name, c.Name, c.Type, c.Default, c.Identity, c.Generated, c.Check, c.Collation, c.Nullable, c.Unique, c.PK, fk})
			}
		}
		return out
	}
	fa, fb := flatten(a), flatten(b)
	if !reflect.DeepEqual(fa, fb) {
		t.Errorf("short and map forms differ:\n%v\n%v", fa, fb)
	}
	if len(fa) < 12 {
		t.Errorf("too few columns: %v", fa)
	}
	users := a.Table("users")
	for name, want := range map[string]string{"n": schema.IdentityByDefault, "m": schema.IdentityAlways, "k": schema.IdentityByDefault} {
		if got := users.Column(name).Identity; got != want {
			t.Errorf("users.%s: identity %q, want %q", name, got, want)
		}
	}
	for name, want := range map[string]string{"sort": `"C"`, "code": "musicbrainz.musicbrainz", "nick": ""} {
		if got := users.Column(name).Collation; got != want {
			t.Errorf("users.%s: collation %q, want %q", name, got, want)
		}
	}
}

// resolved checks a design that must have no errors and returns its schema.
func resolved(t *testing.T, src string) *schema.Schema {
	t.Helper()
	d, diags := design.Load("t.yaml", []byte(src))
	if diags.HasErrors() {
		t.Fatalf("load: %v", diags)
	}
	s, diags := schema.Resolve(d)
	if diags.HasErrors() {
		t.Fatalf("resolve: %v", diags)
	}
	return s
}
