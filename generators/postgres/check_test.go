package postgres

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
)

// statementsFile writes many small statements, one of them broken when
// broken is true, and returns the file, its statement ends and the broken line.
func statementsFile(broken bool) (string, []int, int) {
	var b strings.Builder
	var ends []int
	line, badLine := 1, 0
	for i := 0; i < 3*checkChunk+5; i++ {
		st := "CREATE TABLE t" + strings.Repeat("x", i%7) + " (\n    a integer\n);"
		if i == 2*checkChunk+3 && broken {
			st = "CREATE TABLE broken (\n    a integer,,\n);"
			badLine = line + 1
		}
		b.WriteString(st + "\n\n")
		line += strings.Count(st, "\n") + 2
		ends = append(ends, b.Len())
	}
	return b.String(), ends, badLine
}

// TestCheckOutputFindsTheBadLine breaks one statement deep in a big file and
// expects checkOutput to fail with the line of the break, whichever chunk it falls in.
func TestCheckOutputFindsTheBadLine(t *testing.T) {
	file, ends, badLine := statementsFile(true)
	err := checkOutput([]byte(file), ends, nil)
	if err == nil {
		t.Fatal("a broken statement passed the check")
	}
	if want := "line " + strconv.Itoa(badLine) + ":"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q, want it to start with %q", err, want)
	}
	file, ends, _ = statementsFile(false)
	if err := checkOutput([]byte(file), ends[:len(ends)-1], nil); err != nil {
		t.Errorf("a good file fails: %v", err)
	}
}

func TestParseCheck(t *testing.T) {
	if err := ParseCheck("CREATE TABLE a (b int);"); err != nil {
		t.Errorf("valid SQL: %v", err)
	}
	if err := ParseCheck("CREATE TABLE a (b int"); err == nil {
		t.Error("broken SQL passed")
	}
}

func TestExpressionsAreCheckedOneByOne(t *testing.T) {
	s, diags := check.Source("x.yaml", []byte(`schemagen: 1
name: x
entities:
  orders:
    fields:
      id: uuid pk
      a: integer check (a > 0)
      b:
        type: integer
        check: "b > 0); DROP TABLE orders; SELECT (1"
      c: integer default (1 +
`), nil)
	if diags.HasErrors() {
		// The loader rejects the unbalanced default itself; keep the test about checks.
		s, diags = check.Source("x.yaml", []byte(`schemagen: 1
name: x
entities:
  orders:
    fields:
      id: uuid pk
      a: integer check (a > 0)
      b:
        type: integer
        check: "b > 0); DROP TABLE orders; SELECT (1"
      c:
        type: integer
        default: "1 +"
`), nil)
		if diags.HasErrors() {
			t.Fatalf("design: %v", diags)
		}
	}
	found := sqlDiagnostics(s)
	if len(found) == 0 {
		t.Fatalf("want diagnostics, got %v", found)
	}
	if len(found) != 2 {
		t.Fatalf("want 2 diagnostics, got %v", found)
	}
	if d := found[0]; d.Pos.Line != 8 || d.Rule != RuleInvalidExpression.Name || !strings.Contains(d.Message, "not one expression") {
		t.Errorf("first: %v", d)
	}
	if d := found[1]; d.Pos.Line != 11 || !strings.Contains(d.Message, "default of orders.c") {
		t.Errorf("second: %v", d)
	}
}

func TestCheckFunctionsNamesTheBrokenOne(t *testing.T) {
	good := "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;"
	bad := "CREATE FUNCTION broken() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL END $$;"
	var fns []string
	for i := 0; i < 2*checkChunk; i++ {
		fns = append(fns, good)
	}
	if err := checkFunctions(fns); err != nil {
		t.Fatalf("good functions: %v", err)
	}
	fns[checkChunk+7] = bad
	err := checkFunctions(fns)
	if err == nil || !strings.Contains(err.Error(), "broken()") {
		t.Fatalf("want an error naming broken(), got %v", err)
	}
}

// TestNothingEscapesItsComment feeds text that would end a -- comment early
// or comment out generated SQL: the description must stay in comments, and an
// expression with a -- comment is refused at its line.
func TestNothingEscapesItsComment(t *testing.T) {
	s, diags := check.Source("x.yaml", []byte("schemagen: 1\nname: x\ndescription: \"one\\rDROP TABLE orders;\\r\\nthree\"\nentities:\n  orders:\n    fields:\n      id: uuid pk\n      note:\n        type: text\n        default: \"'--' || 'not a comment'\"\n"), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	out, err := Generate(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.FieldsFunc(string(out), func(r rune) bool { return r == '\n' || r == '\r' }) {
		if strings.Contains(line, "DROP TABLE") && !strings.HasPrefix(line, "-- ") {
			t.Errorf("the description escaped its comment: %q", line)
		}
	}
	s, diags = check.Source("y.yaml", []byte("schemagen: 1\nname: y\nentities:\n  orders:\n    fields:\n      id: uuid pk\n      total:\n        type: integer\n        check: \"total > 0 -- positive\"\n"), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	found := sqlDiagnostics(s)
	if len(found) == 0 || len(found) != 1 || !strings.Contains(found[0].Message, "-- comment") {
		t.Fatalf("want one design error about the comment, got %v", found)
	}
}

func TestIndexEntriesCannotInjectSQL(t *testing.T) {
	s, diags := check.Source("x.yaml", []byte(`schemagen: 1
name: x
entities:
  orders:
    fields:
      id: uuid pk
      note: text
    indexes:
      - columns: ["note desc nulls last"]
      - columns: ["note text_pattern_ops"]
      - columns: ["note ); DROP TABLE orders; CREATE INDEX x ON orders (note"]
`), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	found := sqlDiagnostics(s)
	if len(found) == 0 || len(found) != 1 || found[0].Pos.Line != 11 {
		t.Fatalf("want one design error at line 11, got %v", found)
	}
}

// TestIndexExpressionWithOptions: an index expression may carry an order or an
// operator class after its parentheses, as CREATE INDEX allows.
func TestIndexExpressionWithOptions(t *testing.T) {
	src := `schemagen: 1
name: shop
entities:
  customers:
    fields:
      id: uuid pk
      name: text
    indexes:
      - columns: ["(lower(name)) DESC"]
      - columns: ["(lower(name)) text_pattern_ops"]
      - columns: ["(lower(name)) DESC); DROP TABLE customers; --"]
`
	s, diags := check.Source("shop.yaml", []byte(src), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	got := sqlDiagnostics(s)
	if len(got) == 0 {
		t.Fatal("the smuggled statement on line 11 was not reported")
	}
	for _, d := range got {
		if d.Pos.Line != 11 || d.Rule != RuleInvalidExpression.Name {
			t.Errorf("only line 11 is wrong, got %v", d)
		}
	}
	s.Tables[0].Indexes = s.Tables[0].Indexes[:2]
	out, err := Generate(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"(lower(name)) DESC", "(lower(name)) text_pattern_ops"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the DDL lacks %q", want)
		}
	}
}

// sqlDiagnostics runs the design check's SQL part (Checker) on a resolved design.
func sqlDiagnostics(s *schema.Schema) design.Diagnostics { return Checker.CheckSQL(s).Sort() }

// TestRunChecksReportsTheFirstFailureInOrder: whichever check finishes first,
// the error returned is that of the earliest failing check in the list.
func TestRunChecksReportsTheFirstFailureInOrder(t *testing.T) {
	for round := 0; round < 20; round++ {
		var checks []func() error
		for i := 0; i < 40; i++ {
			checks = append(checks, func() error {
				if i == 7 || i == 31 {
					return fmt.Errorf("check %d", i)
				}
				_, err := pg_query.Parse("SELECT 1")
				return err
			})
		}
		if err := runChecks(checks); err == nil || err.Error() != "check 7" {
			t.Fatalf("round %d: got %v, want check 7", round, err)
		}
	}
	if err := runChecks(nil); err != nil {
		t.Fatal(err)
	}
}

// TestCheckOutputSkipsOnlyWhatItIsTold: the functions the PL/pgSQL check
// parses are reduced to their line breaks and their ";" in the output check:
// a broken statement after them is still found at its line, and a broken
// function is found by the PL/pgSQL check, whose raw parse reads the whole
// CREATE FUNCTION statement, not only its body.
func TestCheckOutputSkipsOnlyWhatItIsTold(t *testing.T) {
	fn := "CREATE OR REPLACE FUNCTION f() RETURNS trigger\n    LANGUAGE plpgsql\nAS $$ BEGIN RETURN NULL; END $$;"
	broken := "CREATE OR REPLACE FUNCTION f() RETURNS trigger,,\n    LANGUAGE plpgsql\nAS $$ BEGIN RETURN NULL; END $$;"
	var b strings.Builder
	var ends []int
	var skip []span
	for i := 0; i < 2*checkChunk; i++ {
		st := "CREATE TABLE t (\n    a integer\n);"
		if i%3 == 0 {
			st = fn
			if i == checkChunk+2 {
				st = broken
			}
			skip = append(skip, span{b.Len(), b.Len() + len(st)})
		}
		b.WriteString(st + "\n\n")
		ends = append(ends, b.Len())
	}
	b.WriteString("CREATE TABLE u (\n    a integer,,\n);\n")
	out := []byte(b.String())
	badLine := strings.Count(b.String(), "\n") - 1
	err := checkOutput(out, ends, skip)
	if want := "line " + strconv.Itoa(badLine) + ":"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v, want it to start with %q", err, want)
	}
	if err := checkOutput(out[:ends[len(ends)-1]], ends, skip); err != nil {
		t.Errorf("the broken function was not skipped: %v", err)
	}
	if err := checkOutput(out[:ends[len(ends)-1]], ends, nil); err == nil {
		t.Error("the broken function, not skipped, passed the output check")
	}
	if err := checkFunctions([]string{fn, broken}); err == nil || !strings.Contains(err.Error(), "RETURNS trigger,,") {
		t.Errorf("the PL/pgSQL check of a broken CREATE FUNCTION: %v", err)
	}
	blank := blanked(out, 0, len(out), skip)
	if strings.Count(blank, "\n") != strings.Count(string(out), "\n") || strings.Contains(blank, "FUNCTION") {
		t.Errorf("blanked changed the lines, or left a function:\n%.300s", blank)
	}
}
