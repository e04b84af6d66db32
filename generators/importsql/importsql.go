// Package importsql turns existing PostgreSQL DDL (hand-written files,
// concatenated migrations or `pg_dump --schema-only` output) into a design
// file: tables become entities, foreign keys relationships, enum types enums.
// It parses with pg_query (PostgreSQL's own parser) and writes YAML in the
// format's order with short forms wherever they say everything.
package importsql

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/pganalyze/pg_query_go/v5/parser"
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
)

// Options tunes an import.
type Options struct {
	// Name is the design's name; "" derives it from the file name.
	Name string
	// SQL is the design check's PostgreSQL part (generators/postgres.Checker),
	// so that the written design is checked exactly as `validate` would; nil
	// checks everything else.
	SQL check.SQLChecker
}

// Rules of the diagnostics Import reports.
var (
	RuleSkipped = &design.Rule{Name: "import-skipped", Severity: design.Warning, Doc: `The SQL holds objects the design format cannot express.

Views, functions, triggers, policies, partitions, sequences other than those of
serial columns, privileges and data have no place in a design; the
import leaves them out and says, once per kind, how many it left out and where
the first one is. A CHECK, default or index that calls a function defined in
the same file is left out too, because the design cannot create the function.
The DBML import reports the same way what DBML says and a design cannot:
colors, notes on indexes and TableGroups, and Refs to columns that are neither
a primary key nor unique (PostgreSQL cannot create such a foreign key).

Bad:
    CREATE VIEW open_orders AS SELECT * FROM orders WHERE status <> 'done';
    -- shop.sql:12:1: warning: skipped views: 1 [import-skipped]
Good:
    Keep the view in a migration applied after the generated DDL.

Fix: keep those objects in migrations next to the design.`}

	RuleChanged = &design.Rule{Name: "import-changed", Severity: design.Warning, Doc: `Part of the SQL is imported with a change of meaning.

The design format says less than SQL in a few places: the INCLUDE columns of
keys and an identity column's sequence options are dropped, a column collation
that the file creates after the column's table is dropped, and foreign keys
without an index get one in the generated DDL. The DBML import
adds its own: types of other databases become their PostgreSQL equivalent
(datetime is timestamp), enums move to public (the design's schema for types)
and get a name of letters, digits and _, and hash indexes that are unique or
on several columns become B-trees. The message says what changed, once per
kind, with the first place it happens.

Bad:
    CREATE TABLE items (n int GENERATED ALWAYS AS IDENTITY (START WITH 100));
Good:
    items:
      fields:
        n: integer identity always

Fix: review the places the warning names; the design shows what was kept.`}

	RuleStatusEnum = &design.Rule{Name: "import-status-enum", Severity: design.Info, Doc: `An enum column named like a status could be a state machine.

A status column that can take any value of its enum lets every change happen;
a state machine says which changes are allowed and the generated DDL enforces
them. The import never invents transitions: only the people who know the
system can write them.

Bad:
    enums:
      order_status: [pending, paid, shipped]
    entities:
      orders: { fields: { status: order_status default 'pending' } }
Good:
    states:
      order_status:
        entity: orders
        initial: pending
        transitions: { pending: [paid], paid: [shipped] }
        terminal: [shipped]

Fix: move the enum to ` + "`states:`" + ` with its entity, initial state and transitions.`}

	RuleSyntax = &design.Rule{Name: "import-syntax", Severity: design.Error, Doc: `The SQL does not parse.

The import reads SQL with PostgreSQL's own parser (pg_query); a statement it
cannot parse stops the import, pointing at the place the parser gave up, and
no design is written.

Bad:
    CREATE TABLE a (id int,, name text);
Good:
    CREATE TABLE a (id int, name text);

Fix: correct the statement, or remove what is not SQL (psql meta-commands
and COPY data are removed before parsing).`}
)

// Rules lists the rules of this package, for internal/rulebook.
func Rules() []*design.Rule {
	return []*design.Rule{RuleSkipped, RuleChanged, RuleStatusEnum, RuleSyntax, RuleNotExpressible}
}

// ErrSyntax is returned (wrapped) when the SQL does not parse.
var ErrSyntax = errors.New("the SQL does not parse")

// Import reads PostgreSQL DDL and returns a design file. name is the file name
// used in diagnostics (SQLFILE:line:col) and, without opts.Name, for the design's name.
// The error is set only when the SQL cannot be read at all; the diagnostics then hold its position.
func Import(name string, sql []byte, opts Options) ([]byte, design.Diagnostics, error) {
	if !utf8.Valid(sql) {
		d := design.Diagnostic{Pos: design.Pos{File: name, Line: 1, Col: 1}, Severity: design.Error, Rule: RuleSyntax.Name,
			Message: "the file is not UTF-8 text"}
		return nil, design.Diagnostics{d}, fmt.Errorf("%s: %w: not UTF-8", name, ErrSyntax)
	}
	text, metas, copies, firstMeta, firstCopy := preprocess(sql)
	lines := newLineIndex(name, text)
	_, _ = copies, firstCopy // COPY statements are counted with the data
	var extra design.Diagnostics
	if metas > 0 {
		extra = append(extra, design.Diagnostic{
			Pos: lines.exact(firstMeta), Severity: RuleSkipped.Severity, Rule: RuleSkipped.Name,
			Message: fmt.Sprintf("skipped psql meta-commands: %d (they are not SQL)", metas),
		})
	}
	return importText(Translated{File: name, SQL: text, Pos: lines.pos, Diags: extra}, opts)
}

// Translated is PostgreSQL DDL that another front end (the DBML import) wrote
// from its own language, with what the SQL cannot carry: where each part of the
// SQL came from, the design's description and its groups.
type Translated struct {
	// File is the original file's name, for diagnostics and the default design name.
	File string
	// SQL is the DDL to import.
	SQL []byte
	// Pos gives the place in File that wrote the SQL at a byte offset.
	Pos func(off int) design.Pos
	// Name is the design's name when Options.Name is empty ("" derives it from File).
	Name string
	// Description is the design's description ("" says where it was imported from).
	Description string
	// Groups maps "schema.table" to the table's group; when not nil it
	// replaces the groups the import would derive from schemas and clusters.
	Groups map[string]string
	// Diags are the front end's own diagnostics, reported with the import's.
	Diags design.Diagnostics
}

// ImportTranslated imports DDL written by another front end: the same import
// as Import (the same mapping, the same check of the design it writes), with
// diagnostics placed in the original file.
func ImportTranslated(t Translated, opts Options) ([]byte, design.Diagnostics, error) {
	return importText(t, opts)
}

func importText(t Translated, opts Options) ([]byte, design.Diagnostics, error) {
	name := t.File
	tree, err := pg_query.Parse(string(t.SQL))
	if err != nil {
		pos := t.Pos(0)
		var pe *parser.Error
		if errors.As(err, &pe) && pe.Cursorpos > 0 {
			pos = t.Pos(pe.Cursorpos - 1)
		}
		d := design.Diagnostic{Pos: pos, Severity: design.Error, Rule: RuleSyntax.Name, Message: "SQL syntax: " + err.Error(),
			Hint: "correct the statement; psql meta-commands and COPY data are removed before parsing"}
		return nil, append(t.Diags, d).Sort(), fmt.Errorf("%s: %w: %v", pos, ErrSyntax, err)
	}
	c := newCollector()
	c.src = string(t.SQL)
	for _, raw := range tree.Stmts {
		c.statement(raw)
	}
	b := &builder{c: c, byTable: map[*sqlTable]*entity{}, pos: t.Pos, diags: t.Diags}
	b.entityKeys()
	b.settleBlocks()
	use := b.sequenceUse()
	for _, e := range b.entities {
		b.fields(e, use)
		b.partitionKey(e)
	}
	b.domainEntries()
	b.printExprs()
	b.relationships()
	b.unindexedForeignKeys()
	if t.Groups != nil {
		for _, e := range b.entities {
			e.group = t.Groups[e.t.key()]
		}
	} else {
		b.assignGroups()
	}
	b.statusInfo()
	for _, k := range c.skipped {
		b.diags = append(b.diags, design.Diagnostic{
			Pos: t.Pos(k.loc), Severity: RuleSkipped.Severity, Rule: RuleSkipped.Name,
			Message: fmt.Sprintf("skipped %s: %d (the design format cannot express them)", k.kind, k.count),
			Hint:    "keep them in migrations next to the design",
		})
	}
	for _, k := range c.changed {
		b.diags = append(b.diags, design.Diagnostic{
			Pos: t.Pos(k.loc), Severity: RuleChanged.Severity, Rule: RuleChanged.Name,
			Message: fmt.Sprintf("%s: %d imported with a change: %s", k.kind, k.count, k.note),
		})
	}
	designName := opts.Name
	if designName == "" {
		designName = t.Name
	}
	if designName == "" {
		base := filepath.Base(name)
		designName = snake(strings.TrimSuffix(base, filepath.Ext(base)))
	}
	description := t.Description
	if description == "" {
		description = fmt.Sprintf("Imported from %s by schemagen import.", filepath.Base(name))
	}
	out, err := b.document(designName, description)
	if err != nil {
		return nil, b.diags.Sort(), err
	}
	if refusal := verify(name, designName, out, opts.SQL); len(refusal) > 0 {
		return nil, append(b.diags, refusal...).Sort(), fmt.Errorf("%s: %w", name, ErrNotExpressible)
	}
	return out, b.diags.Sort(), nil
}

// lineIndex converts byte offsets into line and column numbers.
type lineIndex struct {
	file   string
	text   []byte
	starts []int
}

func newLineIndex(file string, text []byte) *lineIndex {
	li := &lineIndex{file: file, text: text, starts: []int{0}}
	for i, c := range text {
		if c == '\n' {
			li.starts = append(li.starts, i+1)
		}
	}
	return li
}

// exact is the 1-based line and column of a byte offset, without moving past blanks.
func (li *lineIndex) exact(off int) design.Pos {
	line := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) - 1
	return design.Pos{File: li.file, Line: line + 1, Col: utf8.RuneCount(li.text[li.starts[line]:off]) + 1}
}

// pos is the 1-based line and column (in characters) of a byte offset.
func (li *lineIndex) pos(off int) design.Pos {
	if off < 0 {
		off = 0
	}
	if off > len(li.text) {
		off = len(li.text)
	}
	line := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) - 1
	// Statement locations point at the start of the statement, which may be
	// preceded by blank lines and comments; move to the first real character.
	for off < len(li.text) {
		switch {
		case li.text[off] == ' ' || li.text[off] == '\t' || li.text[off] == '\r':
			off++
		case li.text[off] == '\n':
			off++
			line++
		case bytes.HasPrefix(li.text[off:], []byte("--")):
			for off < len(li.text) && li.text[off] != '\n' {
				off++
			}
		default:
			goto done
		}
	}
done:
	col := utf8.RuneCount(li.text[li.starts[line]:off]) + 1
	return design.Pos{File: li.file, Line: line + 1, Col: col}
}
