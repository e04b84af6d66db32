package golang

import "github.com/schemagen/schemagen/design/schema"

// plan is the schema with every Go identifier chosen, before any code is written.
type plan struct {
	pkg    string
	schema *schema.Schema
	enums  []*enumPlan
	tables []*tablePlan
}

// enumPlan is one enum type: declared, state machine or event types.
type enumPlan struct {
	enum    *schema.Enum
	machine *schema.Machine   // for state machines
	Type    string            // Go type name
	Values  string            // name of the function listing every value
	Initial string            // name of the initial-state constant (machines only)
	consts  []string          // one constant per value, in design order
	byValue map[string]string // value -> constant
}

// tablePlan is one table: its row struct and its name constants.
type tablePlan struct {
	table   *schema.Table
	Type    string // Go struct name
	Table   string // constant holding the table's SQL name
	Columns string // function listing the column names
	fields  []*fieldPlan
}

// fieldPlan is one column: its struct field and its name constant.
type fieldPlan struct {
	column *schema.Column
	Field  string // struct field name
	Const  string // constant holding the column's SQL name
	goType goType
}

// newPlan chooses every identifier. Names are claimed in a fixed order so the
// same schema always gives the same names: row structs first (they are what
// users type most), then enum types, then the helpers derived from them, then
// enum value constants, then column constants.
func newPlan(s *schema.Schema, pkg string, opts Options) *plan {
	p := &plan{pkg: pkg, schema: s}
	top := newNamespace()
	enumOf := map[*schema.Enum]*enumPlan{}

	typeBase := func(t *schema.Table) string { return exported(t.Singular) }
	enumBase := func(e *schema.Enum) string { return exported(e.Name) }
	for _, t := range s.Tables {
		top.expect(typeBase(t))
	}
	for _, e := range s.Enums {
		top.expect(enumBase(e))
	}
	for _, t := range s.Tables {
		p.tables = append(p.tables, &tablePlan{table: t, Type: top.claim(typeBase(t))})
	}
	for _, e := range s.Enums {
		ep := &enumPlan{enum: e, machine: e.Machine, Type: top.claim(enumBase(e)), byValue: map[string]string{}}
		if e.Kind != schema.StateEnum {
			ep.machine = nil
		}
		p.enums = append(p.enums, ep)
		enumOf[e] = ep
	}

	// Helpers derived from the final type names.
	for _, tp := range p.tables {
		top.expect(tp.Type+"Table", tp.Type+"Columns")
	}
	for _, ep := range p.enums {
		top.expect(ep.Type + "Values")
		if ep.machine != nil {
			top.expect(ep.Type + "Initial")
		}
	}
	for _, tp := range p.tables {
		tp.Table = top.claim(tp.Type + "Table")
		tp.Columns = top.claim(tp.Type + "Columns")
	}
	for _, ep := range p.enums {
		ep.Values = top.claim(ep.Type + "Values")
		if ep.machine != nil {
			ep.Initial = top.claim(ep.Type + "Initial")
		}
	}

	// Enum value constants: the type name then the value (RideStatusInProgress).
	valueBase := func(ep *enumPlan, v string) string {
		c := camel(v)
		if c == "" {
			c = "Value"
		}
		return ep.Type + c
	}
	for _, ep := range p.enums {
		for _, v := range ep.enum.Values {
			top.expect(valueBase(ep, v))
		}
	}
	for _, ep := range p.enums {
		for _, v := range ep.enum.Values {
			c := top.claim(valueBase(ep, v))
			ep.consts = append(ep.consts, c)
			ep.byValue[v] = c
		}
	}

	// Struct fields, each struct its own scope; then column constants (RideColumnStatus).
	for _, tp := range p.tables {
		fields := newNamespace()
		for _, c := range tp.table.Columns {
			fields.expect(exported(c.Name))
		}
		for _, c := range tp.table.Columns {
			fp := &fieldPlan{column: c, Field: fields.claim(exported(c.Name))}
			enumType := ""
			if c.Enum != nil && enumOf[c.Enum] != nil {
				enumType = enumOf[c.Enum].Type
			}
			fp.goType = columnGoType(c, enumType, opts.Pgx)
			tp.fields = append(tp.fields, fp)
		}
	}
	for _, tp := range p.tables {
		for _, fp := range tp.fields {
			top.expect(tp.Type + "Column" + fp.Field)
		}
	}
	for _, tp := range p.tables {
		for _, fp := range tp.fields {
			fp.Const = top.claim(tp.Type + "Column" + fp.Field)
		}
	}
	return p
}
