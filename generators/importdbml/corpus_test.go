package importdbml

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

// corpusDir finds ../shared/corpus-dbml (the DBML project's own test inputs,
// read in place) next to the module root, or skips the test.
func corpusDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(golden.ModuleRoot(t), "..", "shared", "corpus-dbml")
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST.md")); err != nil {
		t.Skipf("the DBML corpus is not at %s: skipping the corpus tests", dir)
	}
	return dir
}

// outcome is what importing one corpus file must give.
type outcome struct {
	file string
	// tables is the number of entities of an imported design (MANIFEST.md's
	// count); 0 means the import is refused with errors.
	tables int
	// errors are the refusal's errors, "line:col rule", in order.
	errors []string
	// warnings are "line:col rule: text" the import must report (text is a part of the message).
	warnings []string
	// applyError is part of PostgreSQL's error when the DDL of the imported
	// design cannot be applied ("" when it applies).
	applyError string
}

// corpus lists every file of corpus-dbml with what its import gives: a design
// that validates, or errors at the places where the DBML says what
// PostgreSQL or the design cannot (types of other databases that have no
// exact equivalent, expressions that are not PostgreSQL).
var corpus = []outcome{
	{file: "array_types.dbml", tables: 2},
	{file: "check_constraints.dbml", tables: 3, warnings: []string{"16:5 import-changed: CHECK constraints merged"},
		applyError: "function len(text) does not exist"},
	{file: "column_defaults.dbml", errors: []string{"20:28 import-not-expressible"}},
	{file: "enum_schemas_custom_types.dbml", errors: []string{
		"23:8 import-not-expressible", "29:17 import-not-expressible", "30:24 import-not-expressible",
		"31:21 import-not-expressible", "32:28 import-not-expressible", "37:28 import-not-expressible",
		"38:35 import-not-expressible", "39:29 import-not-expressible", "40:36 import-not-expressible",
		"41:27 import-not-expressible", "42:34 import-not-expressible"}},
	{file: "expression_index_composite_fk.dbml", errors: []string{"20:6 import-not-expressible", "30:6 import-not-expressible"}},
	{file: "general_schema_postgres.dbml", tables: 6, warnings: []string{
		"8:1 import-changed: enum names that are not identifiers",
		"34:16 import-changed: type datetime",
		"39:5 import-changed: hash indexes that are unique"}},
	{file: "increment_types.dbml", errors: []string{"37:8 import-not-expressible"}},
	{file: "index_variants.dbml", tables: 1, warnings: []string{"12:19 import-skipped: index notes", "14:5 import-changed: hash indexes"},
		applyError: "functions in index expression must be marked IMMUTABLE"},
	{file: "multiline_string_escapes.dbml", tables: 1},
	{file: "multiple_schemas_aliases.dbml", tables: 5, warnings: []string{
		"26:17 import-skipped: foreign keys whose columns differ in type",
		"37:3 import-skipped: Refs to columns that are neither a primary key nor unique",
		"54:1 import-changed: enums of other schemas"}},
	{file: "notes_composite_pk_index.dbml", tables: 2, warnings: []string{"30:45 import-skipped: index notes"},
		applyError: "function getdate() does not exist"},
	{file: "one_to_one_inline_ref.dbml", tables: 2, warnings: []string{"7:29 import-changed: one-to-one Refs on columns that are not unique"}},
	{file: "project_note_tablegroups.dbml", tables: 6, warnings: []string{"24:17 import-skipped: colors"}},
	{file: "ref_update_delete_actions.dbml", tables: 2, warnings: []string{"3:10 import-changed: type number",
		"11:6 import-skipped: cannot create such a foreign key): 2"}},
	{file: "referential_actions_composite_ref.dbml", errors: []string{"12:12 import-not-expressible"}},
	{file: "sticky_notes_named_refs.dbml", errors: []string{"97:7 import-not-expressible", "103:7 import-not-expressible"}},
	{file: "table_alias_tablegroup.dbml", tables: 2, warnings: []string{"13:17 import-skipped: Refs to columns that are neither"}},
	{file: "tablegroup_notes.dbml", tables: 2, warnings: []string{"9:20 import-skipped: TableGroup notes: 4"}},
	{file: "tablegroup_settings.dbml", tables: 1, warnings: []string{"6:3 import-skipped: TableGroup notes", "9:3 import-skipped: colors"}},
	{file: "invalid/syntax_errors_playground.dbml", errors: []string{"5:20 import-dbml-syntax"}},
	{file: "invalid/table_without_columns.dbml", errors: []string{"1:1 import-dbml-syntax"}},
	{file: "invalid/unknown_ref_columns.dbml", errors: []string{"2:21 import-dbml-syntax", "3:21 import-dbml-syntax", "4:21 import-dbml-syntax", "8:20 import-dbml-syntax"}},
}

// imported is one corpus file's import.
type imported struct {
	outcome
	out    []byte
	diags  design.Diagnostics
	err    error
	schema *schema.Schema
}

func importCorpus(t *testing.T) []imported {
	dir := corpusDir(t)
	listed := map[string]bool{}
	var res []imported
	for _, o := range corpus {
		listed[o.file] = true
		data, err := os.ReadFile(filepath.Join(dir, o.file))
		if err != nil {
			t.Fatal(err)
		}
		r := imported{outcome: o}
		r.out, r.diags, r.err = Import(o.file, data, Options{SQL: postgres.Checker})
		if r.err == nil {
			s, diags := check.Source(o.file+".yaml", r.out, postgres.Checker)
			if diags.HasErrors() {
				t.Fatalf("%s: the imported design does not validate:\n%v\n%s", o.file, diags, r.out)
			}
			r.schema = s
		}
		res = append(res, r)
	}
	all, _ := filepath.Glob(filepath.Join(dir, "*.dbml"))
	invalid, _ := filepath.Glob(filepath.Join(dir, "invalid", "*.dbml"))
	for _, f := range append(all, invalid...) {
		rel, _ := filepath.Rel(dir, f)
		if !listed[rel] {
			t.Errorf("%s is not listed in the test's corpus table", rel)
		}
	}
	return res
}

// TestCorpus imports every file of corpus-dbml: each valid file gives a
// design that validates with the tables MANIFEST.md counts, or is refused with
// errors at the exact places; each invalid file is refused where dbml2sql
// refuses it.
func TestCorpus(t *testing.T) {
	for _, r := range importCorpus(t) {
		t.Run(r.file, func(t *testing.T) {
			var errs []string
			for _, d := range r.diags {
				if d.Severity == design.Error {
					errs = append(errs, fmt.Sprintf("%d:%d %s", d.Pos.Line, d.Pos.Col, d.Rule))
				}
			}
			if strings.Join(errs, "\n") != strings.Join(r.errors, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s\nall diagnostics:\n%v", strings.Join(errs, "\n"), strings.Join(r.errors, "\n"), r.diags)
			}
			if len(r.errors) > 0 {
				if r.err == nil || len(r.out) > 0 {
					t.Errorf("a refused import returned err=%v and %d bytes", r.err, len(r.out))
				}
				return
			}
			if r.err != nil {
				t.Fatalf("import: %v\n%v", r.err, r.diags)
			}
			if got := len(r.schema.Tables); got != r.tables {
				t.Errorf("%d tables, want %d", got, r.tables)
			}
			for _, w := range r.warnings {
				at, text, _ := strings.Cut(w, ": ")
				found := false
				for _, d := range r.diags {
					if fmt.Sprintf("%d:%d %s", d.Pos.Line, d.Pos.Col, d.Rule) == at && strings.Contains(d.Message, text) {
						found = true
					}
				}
				if !found {
					t.Errorf("no diagnostic %q in:\n%v", w, r.diags)
				}
			}
		})
	}
}
