// Package importdbml turns DBML (https://dbml.dbdiagram.io, the language of
// dbdiagram.io) into a design file. It parses DBML with a participle grammar,
// binds names (schemas, aliases, TablePartials, enums), writes the PostgreSQL
// DDL the DBML means and hands it to the SQL import (generators/importsql), so
// that a DBML file and the same schema written as SQL give the same design and
// go through the same check. What SQL cannot carry (TableGroups, the project
// and sticky notes) is passed alongside; diagnostics point into the DBML file.
package importdbml

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/generators/importsql"
)

// Options tunes an import.
type Options struct {
	// Name is the design's name; "" takes the Project's name, then the file name.
	Name string
	// SQL is the design check's PostgreSQL part (generators/postgres.Checker),
	// so that the written design is checked exactly as `validate` would.
	SQL check.SQLChecker
}

// RuleSyntax is the import's error for DBML that does not parse or names what it does not declare.
var RuleSyntax = &design.Rule{Name: "import-dbml-syntax", Severity: design.Error, Doc: `The DBML does not parse, or names something it does not declare.

The DBML import reads the language of dbdiagram.io (Project, Table,
TablePartial, Enum, Ref, TableGroup, Note). A file that does not parse, a
reference to a table, column, enum or partial that is not declared, or a
setting DBML does not have stops the import at that place, and no design is
written. Every such place is reported, not only the first.

Bad:
    Table posts {
      id int [pk]
      user_id int [ref: > users.id]   // no table users
    }
Good:
    Table users {
      id int [pk]
    }
    Table posts {
      id int [pk]
      user_id int [ref: > users.id]
    }

Fix: correct the DBML at the place the message names (dbdiagram.io shows the same errors).`}

// Rules lists the rules of this package, for internal/rulebook.
func Rules() []*design.Rule { return []*design.Rule{RuleSyntax} }

// ErrSyntax is returned (wrapped) when the DBML does not parse or does not bind.
var ErrSyntax = errors.New("the DBML is not valid")

// Import reads DBML and returns a design file. name is the file name used in
// diagnostics (FILE:line:col). The error is set when no design is written; the
// diagnostics then say why.
func Import(name string, data []byte, opts Options) ([]byte, design.Diagnostics, error) {
	at := design.Pos{File: name, Line: 1, Col: 1}
	if !utf8.Valid(data) {
		d := design.Diagnostic{Pos: at, Severity: design.Error, Rule: RuleSyntax.Name, Message: "the file is not UTF-8 text"}
		return nil, design.Diagnostics{d}, fmt.Errorf("%s: %w: not UTF-8", name, ErrSyntax)
	}
	ast, err := dbmlParser().ParseBytes(name, data)
	if err != nil {
		var pe participle.Error
		msg := err.Error()
		if errors.As(err, &pe) {
			p := pe.Position()
			at = design.Pos{File: name, Line: p.Line, Col: p.Column}
			msg = pe.Message()
		}
		d := design.Diagnostic{Pos: at, Severity: design.Error, Rule: RuleSyntax.Name, Message: "DBML syntax: " + msg}
		return nil, design.Diagnostics{d}, fmt.Errorf("%s: %w: %s", at, ErrSyntax, msg)
	}
	m := bind(name, ast)
	var w *sqlWriter
	if !m.diags.HasErrors() {
		w = writeSQL(m)
	}
	m.flushTally()
	if m.diags.HasErrors() {
		return nil, m.diags.Sort(), fmt.Errorf("%s: %w", name, errorKind(m.diags))
	}
	designName := opts.Name
	if designName == "" && m.projectName != "" {
		designName = importsql.Snake(m.projectName)
	}
	if designName == "" {
		base := filepath.Base(name)
		designName = importsql.Snake(strings.TrimSuffix(base, filepath.Ext(base)))
	}
	return importsql.ImportTranslated(importsql.Translated{
		File:        name,
		SQL:         w.buf.Bytes(),
		Pos:         w.pos,
		Name:        designName,
		Description: m.description(),
		Groups:      m.groups,
		Diags:       m.diags,
	}, importsql.Options{Name: opts.Name, SQL: opts.SQL})
}

// errorKind tells a DBML error from a design the format cannot express.
func errorKind(ds design.Diagnostics) error {
	for _, d := range ds {
		if d.Severity == design.Error && d.Rule == RuleSyntax.Name {
			return ErrSyntax
		}
	}
	return importsql.ErrNotExpressible
}
