// Package check is the one way a design is checked: it loads the YAML
// (package design), resolves it into the database it describes (package
// schema), runs every lint rule (package lint) and, through a checker the
// caller passes in, the checks that need PostgreSQL's own parser. Every
// command, the live preview and the tests check designs through Source or
// File; generators trust a design that passed and do not check it again.
package check

import (
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/lint"
	"github.com/schemagen/schemagen/design/schema"
)

// SQLChecker runs the checks that need PostgreSQL's knowledge rather than the
// format's: that every SQL expression of the design (checks, defaults,
// generated columns, index expressions and conditions) is one expression
// PostgreSQL parses, and that the names of generated objects do not clash.
// generators/postgres.Checker implements it with pg_query, which needs cgo;
// passing it in keeps this package and package design free of cgo.
type SQLChecker interface {
	CheckSQL(s *schema.Schema) design.Diagnostics
}

// Source checks a design held in memory; file names it in diagnostics. The
// schema is nil only when the data could not be read as a design at all
// (a YAML syntax error, or too large). sql may be nil: the SQL checks are then
// left out, which only tests of the format itself should want.
func Source(file string, data []byte, sql SQLChecker) (*schema.Schema, design.Diagnostics) {
	d, diags := design.Load(file, data)
	return checkLoaded(d, diags, sql)
}

func checkLoaded(d *design.Design, diags design.Diagnostics, sql SQLChecker) (*schema.Schema, design.Diagnostics) {
	if d == nil {
		return nil, diags.Sort()
	}
	for _, diag := range diags {
		if diag.Rule == design.RuleYAMLSyntax.Name || diag.Rule == design.RuleInputTooLarge.Name {
			return nil, diags.Sort()
		}
	}
	s, rdiags := schema.Resolve(d)
	diags = append(diags, rdiags...)
	// PostgreSQL's checks report only on a design free of other errors (on a
	// broken one they would repeat what is already reported). Both they and
	// the lint rules only read the schema, so they run at the same time, and
	// the SQL diagnostics are dropped when the lint rules found an error.
	var sqlDiags design.Diagnostics
	done := make(chan struct{})
	if sql != nil && !diags.HasErrors() {
		go func() {
			defer close(done)
			sqlDiags = sql.CheckSQL(s)
		}()
	} else {
		close(done)
	}
	diags = append(diags, lint.Lint(d, s)...)
	<-done
	if !diags.HasErrors() {
		diags = append(diags, sqlDiags...)
	}
	return s, diags.Sort()
}
