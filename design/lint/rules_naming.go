package lint

import (
	"fmt"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// Rules about names.
var (
	RuleReservedWord = &Rule{Rule: design.Rule{Name: "reserved-word", Severity: design.Warning, Doc: `A name that is a reserved word in PostgreSQL.

` + "`user`" + `, ` + "`order`" + `, ` + "`group`" + `, ` + "`table`" + ` and friends cannot be used unquoted. The
generated DDL quotes them, but every hand-written query, psql session and ORM
must then quote them too, forever: ` + "`SELECT * FROM \"order\"`" + `.

Bad:
    entities:
      order: { fields: { user: text } }
Good:
    entities:
      orders: { fields: { username: text } }

Fix: pick a name that is not reserved (plural entity names usually are not).`}, Check: checkReservedWords}

	RuleNamingConvention = &Rule{Rule: design.Rule{Name: "naming-convention", Severity: design.Info, Doc: `A name that is not lower snake_case.

PostgreSQL folds unquoted names to lower case, so ` + "`createdAt`" + ` must be quoted in
every query to keep its capital. Lower snake_case names never need quotes.

Bad:
    fields:
      createdAt: timestamptz
Good:
    fields:
      created_at: timestamptz

Fix: rename to lower snake_case (keep the old name with ` + "`renamed_from`" + ` so a migration renames the column).`}, Check: checkNamingConvention}
)

var namingRules = []*Rule{RuleReservedWord, RuleNamingConvention}

func checkReservedWords(p *Pass) {
	for _, t := range p.Schema.Tables {
		if sqlname.IsReserved(t.Name) {
			p.Report(t.Pos, fmt.Sprintf("rename it, for example `%s`", design.Plural(t.Name)),
				"table name %q is a reserved word in PostgreSQL; every query must quote it", t.Name)
		}
		for _, c := range t.Columns {
			if c.Origin == schema.DeclaredColumn && sqlname.IsReserved(c.Name) {
				p.Report(c.Pos, "rename it, for example `"+c.Name+"_name`",
					"column name %s.%s is a reserved word in PostgreSQL; every query must quote it", t.Entity, c.Name)
			}
		}
	}
	for _, e := range p.Schema.Enums {
		if sqlname.IsReserved(e.Name) {
			p.Report(e.Pos, "rename it", "type name %q is a reserved word in PostgreSQL", e.Name)
		}
	}
	for _, m := range p.Design.Machines {
		if sqlname.IsReserved(m.Column) {
			p.Report(m.ColumnPos, "set `column:` to another name", "state column %q of %s is a reserved word in PostgreSQL", m.Column, m.Name)
		}
	}
}

// isSnakeCase reports whether name matches ^[a-z][a-z0-9]*(_[a-z0-9]+)*$ (no regexp: it runs for every name).
func isSnakeCase(name string) bool {
	if name == "" || name[0] < 'a' || name[0] > 'z' || name[len(name)-1] == '_' {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '_':
			if name[i-1] == '_' {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func checkNamingConvention(p *Pass) {
	check := func(name string, pos design.Pos, what string) {
		switch {
		case isSnakeCase(name):
		case sqlname.NeedsQuotes(name):
			p.Report(pos, "rename it to lower snake_case", "%s %q is not lower snake_case; SQL must quote it", what, name)
		default: // _version, a__b: legal unquoted, only unusual
			p.Report(pos, "rename it to lower snake_case", "%s %q is not lower snake_case", what, name)
		}
	}
	if p.Design.Name != "" {
		check(p.Design.Name, p.Design.NamePos, "design name")
	}
	for _, e := range p.Design.Entities {
		if e.Table == "" {
			check(e.Name, e.Pos, "entity")
		}
		for _, f := range e.Fields {
			check(f.Name, f.Pos, "field")
		}
	}
}
