package schema_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
)

// mustResolve checks a design that must have no errors and returns its schema.
func mustResolve(t *testing.T, src string) *schema.Schema {
	t.Helper()
	s, diags := check.Source("test.yaml", []byte(src), nil)
	if diags.HasErrors() || s == nil {
		t.Fatalf("unexpected errors:\n%v", diags)
	}
	return s
}

func table(t *testing.T, s *schema.Schema, entity string) *schema.Table {
	t.Helper()
	tb := s.Table(entity)
	if tb == nil {
		t.Fatalf("no table %s", entity)
	}
	return tb
}

func columnNames(tb *schema.Table) []string {
	var out []string
	for _, c := range tb.Columns {
		out = append(out, c.Name)
	}
	return out
}

func column(t *testing.T, tb *schema.Table, name string) *schema.Column {
	t.Helper()
	c := tb.Column(name)
	if c == nil {
		t.Fatalf("%s has no column %s (has %v)", tb.Name, name, columnNames(tb))
	}
	return c
}

func TestSingular(t *testing.T) {
	for plural, want := range map[string]string{
		"users": "user", "categories": "category", "people": "person", "order_items": "order_item",
		"addresses": "address", "statuses": "status", "analyses": "analysis", "children": "child",
		"buses": "bus", "quizzes": "quiz", "boxes": "box", "wolves": "wolf", "data": "datum",
		"news": "news", "series": "series", "user_roles": "user_role", "ride_people": "ride_person",
		"matrices": "matrix", "indices": "index", "statuses_": "statuses_", "status": "status",
		"": "", "x": "x",
	} {
		if got := design.Singular(plural); got != want {
			t.Errorf("Singular(%q) = %q, want %q", plural, got, want)
		}
	}
}

func TestForeignKeyNaming(t *testing.T) {
	s := mustResolve(t, `schemagen: 1
name: fk
entities:
  people:
    fields: {id: uuid pk}
  categories:
    fields: {id: bigint pk identity}
  countries:
    fields: {country_id: char(2) pk}
  flights:
    fields:
      airline_code: char(2) pk
      flight_number: integer pk
  tickets:
    fields: {id: uuid pk}
  employees:
    fields: {id: uuid pk}
relationships:
  - people 1-n tickets                          # person_id
  - categories 1-n tickets optional             # category_id, nullable
  - countries 1-n tickets                       # country_id, not country_country_id
  - countries 1-n tickets as home_country optional   # home_country_id
  - flights 1-n tickets on delete cascade       # composite: flight_airline_code, flight_number
  - employees 1-n employees as manager optional # self-reference: manager_id
  - people 1-1 employees                        # employees.person_id UNIQUE
`)
	tickets := table(t, s, "tickets")
	want := []string{"id", "person_id", "category_id", "country_id", "home_country_id", "flight_airline_code", "flight_number"}
	if got := columnNames(tickets); !reflect.DeepEqual(got, want) {
		t.Fatalf("tickets columns = %v, want %v", got, want)
	}
	if c := column(t, tickets, "person_id"); c.Type != "uuid" || c.Nullable || c.Origin != schema.ForeignKeyColumn {
		t.Errorf("person_id = %+v", c)
	}
	if c := column(t, tickets, "category_id"); c.Type != "bigint" || !c.Nullable || c.Identity != "" {
		t.Errorf("category_id must be a nullable plain bigint: %+v", c)
	}
	if c := column(t, tickets, "country_id"); c.Type != "char(2)" {
		t.Errorf("country_id type %s", c.Type)
	}
	if c := column(t, tickets, "flight_number"); c.Type != "integer" || c.ForeignKey == nil ||
		!reflect.DeepEqual(c.ForeignKey.Columns, []string{"flight_airline_code", "flight_number"}) ||
		!reflect.DeepEqual(c.ForeignKey.RefColumns, []string{"airline_code", "flight_number"}) || c.ForeignKey.OnDelete != "cascade" {
		t.Errorf("composite foreign key wrong: %+v", c.ForeignKey)
	}
	if fk := column(t, tickets, "home_country_id").ForeignKey; fk.Role != "home_country" || fk.RefTable.Entity != "countries" {
		t.Errorf("role foreign key %+v", fk)
	}
	emp := table(t, s, "employees")
	mgr := column(t, emp, "manager_id")
	if !mgr.Nullable || mgr.ForeignKey.RefTable != emp {
		t.Errorf("self-reference %+v", mgr)
	}
	if c := column(t, emp, "person_id"); !c.Unique || !c.ForeignKey.Unique {
		t.Errorf("1-1 foreign key must be unique: %+v", c)
	}
	// Every foreign key gets an index unless a key or index already leads with it.
	var fkIndexes []string
	for _, ix := range tickets.Indexes {
		if ix.ForForeignKey {
			fkIndexes = append(fkIndexes, strings.Join(ix.Columns, ","))
		}
	}
	wantIx := []string{"person_id", "category_id", "country_id", "home_country_id", "flight_airline_code,flight_number"}
	if !reflect.DeepEqual(fkIndexes, wantIx) {
		t.Errorf("foreign key indexes %v, want %v", fkIndexes, wantIx)
	}
	for _, ix := range emp.Indexes {
		if ix.ForForeignKey && ix.Columns[0] == "person_id" {
			t.Error("a unique foreign key needs no extra index")
		}
	}
}

func TestJunctions(t *testing.T) {
	s := mustResolve(t, `schemagen: 1
name: j
entities:
  drivers: {fields: {id: uuid pk}}
  locations: {fields: {id: bigint pk identity}}
  orders: {fields: {id: uuid pk}}
  products: {fields: {id: uuid pk}}
  users: {fields: {id: uuid pk}}
  order_items:
    fields:
      id: uuid pk
      quantity: integer
    unique: [[order_id, product_id]]
  user_follows:
    fields:
      since: timestamptz default now()
relationships:
  - drivers n-n locations via driver_locations
  - orders n-n products via order_items
  - users n-n users via user_follows as followed
`)
	created := table(t, s, "driver_locations")
	if created.Kind != schema.JunctionTable || created.Declared {
		t.Errorf("created junction kind %v declared %v", created.Kind, created.Declared)
	}
	if !reflect.DeepEqual(created.PrimaryKey, []string{"driver_id", "location_id"}) {
		t.Errorf("created junction pk %v", created.PrimaryKey)
	}
	if c := column(t, created, "location_id"); c.Type != "bigint" || !c.PK || c.Nullable {
		t.Errorf("location_id %+v", c)
	}
	if len(created.ForeignKeys) != 2 {
		t.Errorf("created junction has %d foreign keys", len(created.ForeignKeys))
	}
	// Created junctions come after the declared entities, before event tables.
	if s.Tables[len(s.Tables)-1] != created {
		t.Errorf("created junction is not last: %v", s.Tables[len(s.Tables)-1].Name)
	}
	items := table(t, s, "order_items")
	if items.Kind != schema.JunctionTable || !items.Declared {
		t.Errorf("declared junction kind %v declared %v", items.Kind, items.Declared)
	}
	if !reflect.DeepEqual(items.PrimaryKey, []string{"id"}) {
		t.Errorf("a junction with its own pk keeps it: %v", items.PrimaryKey)
	}
	if got := columnNames(items); !reflect.DeepEqual(got, []string{"id", "quantity", "order_id", "product_id"}) {
		t.Errorf("order_items columns %v", got)
	}
	if len(items.Uniques) != 1 || !reflect.DeepEqual(items.Uniques[0].Columns, []string{"order_id", "product_id"}) {
		t.Errorf("unique on relationship columns: %+v", items.Uniques)
	}
	follows := table(t, s, "user_follows")
	if !reflect.DeepEqual(follows.PrimaryKey, []string{"user_id", "followed_id"}) {
		t.Errorf("self n-n junction pk %v", follows.PrimaryKey)
	}
	if c := column(t, follows, "since"); c.PK {
		t.Error("own field became part of the key")
	}
	var rel *schema.Relation
	for _, r := range s.Relations {
		if r.Junction == items {
			rel = r
		}
	}
	if rel == nil || rel.Kind != design.ManyToMany || rel.Parent.Entity != "orders" || rel.Child.Entity != "products" || len(rel.ForeignKeys) != 2 {
		t.Errorf("relation %+v", rel)
	}
}

func TestStatesEventsRetry(t *testing.T) {
	s := mustResolve(t, `schemagen: 1
name: p
entities:
  payments:
    fields:
      id: uuid pk
      amount_cents: bigint
  jobs:
    schema: work
    fields:
      id: bigint pk identity
      attempts: integer default 0
states:
  payment_status:
    entity: payments
    initial: pending
    transitions: {pending: [succeeded, failed], failed: [pending]}
    terminal: [succeeded]
  refund_state:
    entity: payments
    column: refund
    initial: none
    transitions: {none: [requested], requested: [refunded, rejected]}
    terminal: [refunded, rejected]
  job_status:
    entity: jobs
    initial: queued
    transitions: {queued: [done, failed], failed: [queued]}
    terminal: [done]
events:
  payments: [attempted, failed]
  jobs: [ran]
failures:
  - {name: declined, when: w, entity: payments, state: failed, retry: {max_attempts: 3}, event: failed}
  - {name: timeout, when: w, entity: payments, state: failed, retry: {max_attempts: 5}}
  - {name: refused, when: w, entity: payments, state: rejected}
  - {name: crash, when: w, entity: jobs, state: failed, retry: {max_attempts: 2}}
`)
	pay := table(t, s, "payments")
	want := []string{"id", "amount_cents", "status", "refund", "attempts", "last_error", "next_attempt_at"}
	if got := columnNames(pay); !reflect.DeepEqual(got, want) {
		t.Fatalf("payments columns %v, want %v", got, want)
	}
	st := column(t, pay, "status")
	if st.Type != "payment_status" || st.Default != "'pending'" || st.Origin != schema.StateColumn || st.Enum == nil || st.Machine == nil {
		t.Errorf("state column %+v", st)
	}
	if c := column(t, pay, "refund"); c.Type != "refund_state" || c.Default != "'none'" {
		t.Errorf("column override %+v", c)
	}
	if c := column(t, pay, "attempts"); c.Origin != schema.RetryColumn || c.Type != "integer" || c.Default != "0" {
		t.Errorf("attempts %+v", c)
	}
	if len(pay.Machines) != 2 {
		t.Errorf("payments has %d machines", len(pay.Machines))
	}
	m := s.Machine("payment_status")
	if !reflect.DeepEqual(m.States, []string{"pending", "succeeded", "failed"}) || !m.CanTransition("failed", "pending") ||
		m.CanTransition("succeeded", "pending") || !reflect.DeepEqual(m.FailureStates["failed"], []string{"declined", "timeout"}) {
		t.Errorf("machine %+v", m)
	}
	// A retry column declared by hand is kept, not duplicated.
	jobs := table(t, s, "jobs")
	if got := columnNames(jobs); !reflect.DeepEqual(got, []string{"id", "attempts", "status", "last_error", "next_attempt_at"}) {
		t.Errorf("jobs columns %v", got)
	}
	if c := column(t, jobs, "attempts"); c.Origin != schema.DeclaredColumn {
		t.Errorf("declared attempts replaced: %+v", c)
	}
	// Event tables: <singular>_events with an enum <singular>_event, in the entity's schema.
	ev := table(t, s, "payment_events")
	if ev.Kind != schema.EventTable || ev.EventsOf != pay || pay.Events != ev || ev.Singular != "payment_event" {
		t.Errorf("event table %+v", ev)
	}
	if got := columnNames(ev); !reflect.DeepEqual(got, []string{"id", "payment_id", "type", "occurred_at", "payload"}) {
		t.Errorf("event columns %v", got)
	}
	if c := column(t, ev, "type"); c.Type != "payment_event_type" || c.Enum == nil || !reflect.DeepEqual(c.Enum.Values, []string{"attempted", "failed"}) {
		t.Errorf("event type column %+v", c)
	}
	if c := column(t, ev, "payload"); c.Type != "jsonb" || !c.Nullable {
		t.Errorf("payload %+v", c)
	}
	jev := table(t, s, "job_events")
	if jev.Schema != "work" || jev.QualifiedName() != "work.job_events" || column(t, jev, "job_id").Type != "bigint" {
		t.Errorf("job events %+v", jev)
	}
	if e := s.Enum("job_event_type"); e == nil || e.Schema != "work" || e.QualifiedName() != "work.job_event_type" {
		t.Errorf("job_event_type enum %+v", e)
	}
	if e := s.Enum("job_status"); e == nil || e.Schema != "work" || e.Kind != schema.StateEnum {
		t.Errorf("job_status enum %+v", e)
	}
	// Enum order: declared, then state machines, then events.
	var names []string
	for _, e := range s.Enums {
		names = append(names, e.Name)
	}
	if !reflect.DeepEqual(names, []string{"payment_status", "refund_state", "job_status", "payment_event_type", "job_event_type"}) {
		t.Errorf("enum order %v", names)
	}
}

func TestOverridesAndImplicitKeys(t *testing.T) {
	s := mustResolve(t, `schemagen: 1
name: o
enums:
  plan: [free, paid]
entities:
  accounts:
    schema: billing
    table: account
    fields:
      name: text
      plan: plan default 'free'
  invoices:
    schema: billing
    fields:
      id: uuid pk
      total_cents: bigint
relationships:
  - accounts 1-n invoices
`)
	acc := table(t, s, "accounts")
	if acc.Name != "account" || acc.Schema != "billing" || acc.QualifiedName() != "billing.account" || acc.Singular != "account" {
		t.Errorf("overrides %+v", acc)
	}
	id := acc.Columns[0]
	if id.Name != "id" || id.Origin != schema.ImplicitID || id.Identity != schema.IdentityAlways || id.Type != "bigint" || !id.PK {
		t.Errorf("implicit id %+v", id)
	}
	if c := column(t, acc, "plan"); c.Enum == nil || c.Enum.Name != "plan" {
		t.Errorf("enum column %+v", c)
	}
	inv := table(t, s, "invoices")
	// The foreign key is named after the entity's singular, not the SQL table name.
	if c := column(t, inv, "account_id"); c.Type != "bigint" || c.Identity != "" {
		t.Errorf("fk to implicit id %+v", c)
	}
}

func TestResolveErrors(t *testing.T) {
	for _, c := range []struct {
		name, src, rule, msg string
	}{
		{"case folding", "entities:\n  users: {fields: {id: uuid pk}}\n  USERS: {fields: {id: uuid pk}}\n", "duplicate-name", `same SQL name`},
		{"truncation", "entities:\n  " + strings.Repeat("a", 63) + "_one: {fields: {id: uuid pk}}\n  " + strings.Repeat("a", 63) + "_two: {fields: {id: uuid pk}}\n", "duplicate-name", `same SQL name`},
		{"enum named like a table", "enums: {users: [a]}\nentities:\n  users: {fields: {id: uuid pk}}\n", "duplicate-name", `enum type "users"`},
		{"machine named like a table", "entities:\n  users: {fields: {id: uuid pk}}\nstates:\n  users: {entity: users, initial: a, transitions: {a: [b]}, terminal: [b]}\n", "duplicate-name", `state machine "users"`},
		{"event table clash", "entities:\n  users: {fields: {id: uuid pk}}\n  user_events: {fields: {id: uuid pk}}\nevents: {users: [x]}\n", "duplicate-name", `event table "user_events"`},
		{"column case folding", "entities:\n  users: {fields: {id: uuid pk, name: text, NAME: text}}\n", "duplicate-name", `column users.NAME`},
		{"fk clashes with field", "entities:\n  users: {fields: {id: uuid pk}}\n  rides: {fields: {id: uuid pk, user_id: text}}\nrelationships: [users 1-n rides]\n", "foreign-key-type-mismatch", `rides.user_id is text`},
		{"implicit id clash", "entities:\n  users: {fields: {id: text}}\n", "duplicate-name", `implicit`},
		{"junction without pk parent", "entities:\n  a: {fields: {id: uuid pk}}\nrelationships: [a n-n a via a_links]\n", "duplicate-name", `needs`},
		{"enum default", "enums: {e: [x]}\nentities:\n  a: {fields: {id: uuid pk, v: e default 'y'}}\n", "invalid-value", `not a value of e`},
		{"collate on integer", "entities:\n  a: {fields: {id: uuid pk, n: integer collate C}}\n", "invalid-field", "a.n has `collate` but is of type integer"},
		{"collate on enum", "enums: {e: [x]}\nentities:\n  a: {fields: {id: uuid pk, v: {type: e, collate: C}}}\n", "invalid-field", "a.v has `collate`"},
		{"collate three parts", "entities:\n  a: {fields: {id: uuid pk, v: text collate a.b.c}}\n", "invalid-field", `"a.b.c" is not a collation name`},
		{"collate without name", "entities:\n  a: {fields: {id: uuid pk, v: text collate}}\n", "invalid-field", "`collate` needs a collation name"},
		{"identity kind", "entities:\n  a: {fields: {id: uuid pk, n: {type: integer, identity: sometimes}}}\n", "invalid-value", "`identity` must be always, by default"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, diags := check.Source("t.yaml", []byte("schemagen: 1\nname: t\n"+c.src), nil)
			found := false
			for _, d := range diags {
				if d.Rule == c.rule && strings.Contains(d.Message, c.msg) {
					found = true
				}
			}
			if !found {
				t.Errorf("want %s containing %q, got:\n%v", c.rule, c.msg, diags)
			}
		})
	}
}

// TestLegacyEventEnumNames: UseLegacyEventEnumNames gives event enums and
// the type columns of event tables the names of older versions, and only them.
func TestLegacyEventEnumNames(t *testing.T) {
	s := mustResolve(t, `schemagen: 1
name: legacy
entities:
  payments:
    fields:
      id: uuid pk
enums:
  payment_kind: [card, cash]
events:
  payments: [attempted, failed]
`)
	schema.UseLegacyEventEnumNames(s)
	if e := s.Enum("payment_event"); e == nil || e.Kind != schema.EventEnum {
		t.Fatalf("payment_event enum %+v", e)
	}
	if c := column(t, table(t, s, "payment_events"), "type"); c.Type != "payment_event" || c.TypeInfo.Base != "payment_event" {
		t.Errorf("type column %+v", c)
	}
	if s.Enum("payment_kind") == nil {
		t.Error("a declared enum was renamed")
	}
}
