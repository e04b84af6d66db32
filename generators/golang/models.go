package golang

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
)

// modelsFile writes models.go: the package doc and one struct per table.
func (p *plan) modelsFile() []byte {
	var w writer
	doc := fmt.Sprintf("Package %s holds the rows, enums, state machines and names of the %s design.", p.pkg, oneLine(p.schema.Name))
	if d := strings.TrimSpace(p.schema.Description); d != "" {
		doc += "\n\n" + d
	}
	var imports []string
	seen := map[string]bool{}
	for _, tp := range p.tables {
		for _, fp := range tp.fields {
			if imp := fp.goType.Import; imp != "" && !seen[imp] {
				seen[imp] = true
				imports = append(imports, imp)
			}
		}
	}
	w.header(doc, p.pkg, imports)
	for _, tp := range p.tables {
		w.p("")
		p.writeStruct(&w, tp)
	}
	return w.bytes()
}

func (p *plan) writeStruct(w *writer, tp *tablePlan) {
	t := tp.table
	var what string
	switch t.Kind {
	case schema.JunctionTable:
		var ends []string
		for _, fk := range t.ForeignKeys {
			ends = append(ends, fk.RefTable.Name)
		}
		what = fmt.Sprintf("%s is a row of the junction table %s", tp.Type, t.QualifiedName())
		if len(ends) > 0 {
			what += ", linking " + strings.Join(ends, " and ")
		}
	case schema.EventTable:
		what = fmt.Sprintf("%s is a row of %s, the append-only log of what happened to %s", tp.Type, t.QualifiedName(), t.EventsOf.QualifiedName())
	default:
		what = fmt.Sprintf("%s is a row of the %s table", tp.Type, t.QualifiedName())
	}
	doc := what + "."
	if d := strings.TrimSpace(t.Description); d != "" {
		doc += "\n\n" + sentence(d)
	}
	w.comment("", doc)
	w.p("type %s struct {", tp.Type)
	for _, fp := range tp.fields {
		if d := strings.TrimSpace(fp.column.Description); d != "" {
			w.comment("\t", sentence(d))
		}
		w.p("\t%s %s %s // %s", fp.Field, fp.goType.Name, structTag(fp.column.Name), columnSummary(fp.column))
	}
	w.p("}")
}

// columnSummary is the one-line trailing comment of a field: the column's SQL
// type and the constraints a reader of the Go code should know about.
func columnSummary(c *schema.Column) string {
	parts := []string{c.Type}
	if c.Nullable {
		parts = append(parts, "null")
	}
	if c.PK {
		parts = append(parts, "primary key")
	}
	if c.Unique {
		parts = append(parts, "unique")
	}
	if c.Identity != "" {
		parts = append(parts, "generated "+c.Identity+" as identity")
	}
	if c.Generated != "" {
		parts = append(parts, "generated from "+c.Generated)
	}
	if c.Default != "" {
		parts = append(parts, "default "+c.Default)
	}
	if fk := c.ForeignKey; fk != nil && fk.RefTable != nil {
		for i, col := range fk.Columns {
			if col == c.Name && i < len(fk.RefColumns) {
				parts = append(parts, fmt.Sprintf("references %s(%s)", fk.RefTable.QualifiedName(), fk.RefColumns[i]))
			}
		}
	}
	if c.Machine != nil {
		parts = append(parts, "state machine "+c.Machine.Name)
	}
	return oneLine(strings.Join(parts, ", "))
}
