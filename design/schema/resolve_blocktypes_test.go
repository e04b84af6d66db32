package schema

import (
	"slices"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
)

// TestCreatedTypes finds CREATE TYPE at the start of statements only, and
// not inside comments, strings or function bodies.
func TestCreatedTypes(t *testing.T) {
	body := `-- CREATE TYPE in_comment AS (a int);
CREATE TYPE pair AS (a integer, b text);
/* CREATE TYPE in_block_comment AS (a int); */
CREATE TYPE "Geo"."Point 2" AS (x float8, y float8);
SELECT 'CREATE TYPE in_string AS (a int)';
CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN EXECUTE 'x'; CREATE TYPE in_body AS (a int); END $fn$;
create type public.span as range (subtype = float8);`
	got := createdTypes(body)
	want := []string{"pair", "Point 2", "Geo.Point 2", "span", "public.span"}
	if !slices.Equal(got, want) {
		t.Errorf("createdTypes = %q, want %q", got, want)
	}
}

// TestColumnOfBlockType accepts a column and a domain of a type that an early
// SQL block creates, and refuses one whose block runs after the tables.
func TestColumnOfBlockType(t *testing.T) {
	src := `schemagen: 1
name: t
domains:
  positive_pair: pair
entities:
  holders:
    fields:
      id: int pk
      p: pair
      ps: pair[]?
      q: positive_pair?
      g: geo.point2?
      late: later?
sql:
  - name: pair
    body: CREATE TYPE pair AS (a integer, b text); CREATE TYPE geo.point2 AS (x float8, y float8);
  - name: later
    after: [holders]
    body: CREATE TYPE later AS (a int);
`
	d, diags := design.Load("t.yaml", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	_, diags = Resolve(d)
	var errs []string
	for _, dg := range diags {
		if dg.Severity == design.Error {
			errs = append(errs, dg.Message)
		}
	}
	if len(errs) != 1 || !strings.Contains(errs[0], `type "later" is created by SQL block "later", which runs after the tables`) {
		t.Errorf("errors = %q, want one about the late block", errs)
	}
}

// TestQualifiedBlockType matches a schema-qualified type to one a block
// creates after setting search_path, as import writes such blocks.
func TestQualifiedBlockType(t *testing.T) {
	src := `schemagen: 1
name: t
entities:
  numbers:
    fields:
      id: int pk
      num: test.complex
sql:
  - name: complex
    body: SET search_path = test, public; CREATE TYPE complex AS (r float8, i float8);
`
	d, diags := design.Load("t.yaml", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if _, diags = Resolve(d); diags.HasErrors() {
		t.Error(diags)
	}
}
