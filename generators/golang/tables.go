package golang

import (
	"fmt"
	"strconv"
)

// tablesFile writes tables.go: every table and column name as a constant, as
// a query writes it, so queries need no string literals.
func (p *plan) tablesFile() []byte {
	var w writer
	w.header("", p.pkg, nil)
	for _, tp := range p.tables {
		t := tp.table
		w.p("")
		w.comment("", fmt.Sprintf("Names of the %s table and its columns, as SQL writes them (quoted only where PostgreSQL needs it).", t.QualifiedName()))
		w.p("const (")
		w.p("\t%s = %s", tp.Table, strconv.Quote(sqlName(t.Schema, t.Name)))
		for _, fp := range tp.fields {
			w.p("\t%s = %s", fp.Const, strconv.Quote(sqlName("", fp.column.Name)))
		}
		w.p(")")
		w.p("")
		w.comment("", fmt.Sprintf("%s returns the columns of %s in design order, the order of the fields of %s.", tp.Columns, t.QualifiedName(), tp.Type))
		w.p("func %s() []string {", tp.Columns)
		w.p("\treturn []string{")
		for _, fp := range tp.fields {
			w.p("\t\t%s,", fp.Const)
		}
		w.p("\t}")
		w.p("}")
	}
	return w.bytes()
}
