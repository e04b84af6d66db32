package importsql

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	goldenfile "github.com/schemagen/schemagen/internal/testkit/golden"
)

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got)
}

func diagText(diags design.Diagnostics) []byte {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.String() + "\n")
	}
	return []byte(b.String())
}

// TestGolden imports the hand-written fixtures and checks the design and the
// diagnostics against golden files, and that the design validates.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.sql")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, file := range files {
		base := strings.TrimSuffix(filepath.Base(file), ".sql")
		t.Run(base, func(t *testing.T) {
			sql, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			out, diags, err := Import(filepath.Base(file), sql, Options{})
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			golden(t, base+".yaml", out)
			golden(t, base+".diags", diagText(diags))
			_, vd := check.Source(base+".yaml", out, nil)
			if vd.HasErrors() {
				t.Errorf("the imported design has errors:\n%s", diagText(vd))
			}
		})
	}
}

func TestSyntaxErrorPointsAtTheLine(t *testing.T) {
	sql := "CREATE TABLE a (id int);\n\nCREATE TABLE b (\n  id int,,\n);\n"
	out, diags, err := Import("bad.sql", []byte(sql), Options{})
	if err == nil || out != nil {
		t.Fatalf("want an error and no output, got %v and %d bytes", err, len(out))
	}
	if len(diags) != 1 || diags[0].Severity != design.Error || diags[0].Rule != RuleSyntax.Name {
		t.Fatalf("want one import-syntax error, got %v", diags)
	}
	if got := diags[0].Pos.String(); got != "bad.sql:4:10" {
		t.Errorf("position %s, want bad.sql:4:10 (the second comma)", got)
	}
}

func TestNotUTF8(t *testing.T) {
	_, diags, err := Import("bin.sql", []byte{0xff, 0xfe, 'x'}, Options{})
	if err == nil || len(diags) != 1 || diags[0].Severity != design.Error {
		t.Fatalf("want an error, got %v %v", err, diags)
	}
}

func TestPreprocessKeepsOffsets(t *testing.T) {
	src := "\\connect shop\nCOPY t (a) FROM stdin;\n1\n2\n\\.\nCREATE TABLE t (a int);\n"
	out, metas, copies, _, _ := preprocess([]byte(src))
	if len(out) != len(src) {
		t.Fatalf("length changed: %d -> %d", len(src), len(out))
	}
	if metas != 1 || copies != 1 {
		t.Errorf("metas %d copies %d, want 1 and 1", metas, copies)
	}
	if strings.Count(string(out), "\n") != strings.Count(src, "\n") {
		t.Error("newlines changed")
	}
	if !strings.Contains(string(out), "CREATE TABLE t (a int);") || strings.Contains(string(out), "\\") {
		t.Errorf("unexpected text:\n%s", out)
	}
}

func TestForeignKeyColumnNames(t *testing.T) {
	for _, tc := range []struct {
		cols, refs []string
		singular   string
		role       string
		ok         bool
	}{
		{[]string{"customer_id"}, []string{"id"}, "customer", "", true},
		{[]string{"referred_by_id"}, []string{"id"}, "customer", "referred_by", true},
		{[]string{"country_id"}, []string{"country_id"}, "country", "", true},
		{[]string{"home_country_id"}, []string{"country_id"}, "country", "home_country", true},
		{[]string{"referred_by"}, []string{"id"}, "customer", "", false},
		{[]string{"a_id", "b_x"}, []string{"id", "x"}, "t", "", false},
	} {
		role, ok := fkColumnsNamed(tc.cols, tc.refs, tc.singular)
		if role != tc.role || ok != tc.ok {
			t.Errorf("fkColumnsNamed(%v, %v, %s) = %q, %v; want %q, %v", tc.cols, tc.refs, tc.singular, role, ok, tc.role, tc.ok)
		}
	}
}

// TestCorpusGroups checks that the big imports split into groups of readable size.
func TestCorpusGroups(t *testing.T) {
	dir := corpusDir(t)
	sql, err := os.ReadFile(filepath.Join(dir, "musicbrainz.sql"))
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := Import("musicbrainz.sql", sql, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := check.Source("musicbrainz.yaml", out, nil)
	sizes := map[string]int{}
	for _, tb := range s.Tables {
		if tb.Group == "" {
			t.Errorf("table %s has no group", tb.Entity)
		}
		sizes[tb.Group]++
	}
	for g, n := range sizes {
		if n > maxGroup {
			t.Errorf("group %q has %d tables, more than %d", g, n, maxGroup)
		}
	}
	t.Logf("%d groups for %d tables", len(sizes), len(s.Tables))
}

// TestDeparseAllMatchesOneByOne checks the one-call printing of expressions
// against printing each on its own, on every CHECK of the corpus and on
// expressions with semicolons and quotes inside strings.
func TestDeparseAllMatchesOneByOne(t *testing.T) {
	sql := "CREATE TABLE t (a text CHECK (a <> 'x; SELECT 1'), b text DEFAULT $$;'$$, c int CHECK (c > 0));"
	if dir := corpusDir(t); dir != "" {
		for _, name := range []string{"musicbrainz.sql", "adventureworks.sql"} {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			text, _, _, _, _ := preprocess(data)
			sql += "\n" + string(text)
		}
	}
	tree, err := pg_query.Parse(sql)
	if err != nil {
		t.Fatal(err)
	}
	c := newCollector()
	for _, raw := range tree.Stmts {
		c.statement(raw)
	}
	var pending []pendingExpr
	for _, tb := range c.tables {
		for _, k := range tb.checks {
			pending = append(pending, pendingExpr{node: k.expr})
		}
		for _, col := range tb.columns {
			if col.def != nil {
				pending = append(pending, pendingExpr{node: col.def})
			}
		}
	}
	if len(pending) < 100 {
		t.Fatalf("only %d expressions", len(pending))
	}
	// The one-call path must be the one taken, not the fallback.
	tree2 := &pg_query.ParseResult{}
	for _, p := range pending {
		sel := &pg_query.SelectStmt{TargetList: []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: p.node}}}}}
		tree2.Stmts = append(tree2.Stmts, &pg_query.RawStmt{Stmt: &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}}})
	}
	out, err := pg_query.Deparse(tree2)
	if err != nil {
		t.Fatal(err)
	}
	if parts, err := pg_query.SplitWithScanner(out, true); err != nil || len(parts) != len(pending) {
		t.Fatalf("the deparsed batch splits into %d statements (%v), want %d", len(parts), err, len(pending))
	}
	batch := deparseAll(pending)
	for i, p := range pending {
		one, err := deparse(p.node)
		if err != nil || one != batch[i] {
			t.Fatalf("expression %d: one by one %q (%v), in a batch %q", i, one, err, batch[i])
		}
	}
}
