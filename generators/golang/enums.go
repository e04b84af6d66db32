package golang

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
)

// enumsFile writes enums.go: a string type per enum with one constant per
// value, validation, database/sql support, and for state machines the
// transition checks.
func (p *plan) enumsFile() []byte {
	var w writer
	w.header("", p.pkg, []string{"database/sql/driver", "fmt"})
	for _, ep := range p.enums {
		w.p("")
		p.writeEnum(&w, ep)
	}
	return w.bytes()
}

func (p *plan) writeEnum(w *writer, ep *enumPlan) {
	e, m := ep.enum, ep.machine
	name := e.QualifiedName()
	quoted := strconv.Quote(name)
	var doc string
	switch {
	case m != nil:
		doc = fmt.Sprintf("%s is the state machine %s of %s.%s.", ep.Type, name, m.Table.QualifiedName(), m.Column)
	case e.Kind == schema.EventEnum && e.Table != nil:
		doc = fmt.Sprintf("%s is the enum %s: the types of event recorded in %s.", ep.Type, name, e.Table.QualifiedName())
	default:
		doc = fmt.Sprintf("%s is the enum %s.", ep.Type, name)
	}
	if d := strings.TrimSpace(e.Description); d != "" {
		doc += "\n\n" + sentence(d)
	}
	if m != nil {
		doc += "\n\nTransitions (the database refuses any other change of the column):\n"
		for _, s := range m.States {
			if next := dedupe(m.Next(s)); len(next) > 0 {
				doc += "\n\t" + oneLine(s) + " -> " + oneLine(strings.Join(next, ", "))
			}
		}
		if len(m.Terminal) > 0 {
			doc += "\n\nTerminal states: " + oneLine(strings.Join(m.Terminal, ", ")) + "."
		}
	}
	w.comment("", doc)
	w.p("type %s string", ep.Type)
	w.p("")
	w.comment("", fmt.Sprintf("The values of %s, in design order.", ep.Type))
	w.p("const (")
	for i, v := range e.Values {
		w.p("\t%s %s = %s", ep.consts[i], ep.Type, strconv.Quote(v))
	}
	w.p(")")
	if m != nil && ep.byValue[m.Initial] != "" {
		w.p("")
		w.comment("", fmt.Sprintf("%s is the state a new row starts in (the column's default).", ep.Initial))
		w.p("const %s = %s", ep.Initial, ep.byValue[m.Initial])
	}

	w.p("")
	w.comment("", fmt.Sprintf("%s returns every %s, in design order.", ep.Values, ep.Type))
	w.p("func %s() []%s {", ep.Values, ep.Type)
	w.p("\treturn []%s{%s}", ep.Type, strings.Join(ep.consts, ", "))
	w.p("}")

	w.p("")
	w.comment("", fmt.Sprintf("Valid reports whether s is one of the values of %s.", name))
	w.p("func (s %s) Valid() bool {", ep.Type)
	if len(ep.consts) > 0 {
		w.p("\tswitch s {")
		w.p("\tcase %s:", strings.Join(ep.consts, ", "))
		w.p("\t\treturn true")
		w.p("\t}")
	}
	w.p("\treturn false")
	w.p("}")

	w.p("")
	w.comment("", "String returns the value as the database stores it.")
	w.p("func (s %s) String() string { return string(s) }", ep.Type)

	w.p("")
	w.comment("", "Scan implements sql.Scanner. It refuses NULL (scan into a pointer for a\nnullable column) and values the design does not know.")
	w.p("func (s *%s) Scan(src any) error {", ep.Type)
	w.p("\tvar v string")
	w.p("\tswitch src := src.(type) {")
	w.p("\tcase string:")
	w.p("\t\tv = src")
	w.p("\tcase []byte:")
	w.p("\t\tv = string(src)")
	w.p("\tcase nil:")
	w.p("\t\treturn fmt.Errorf(\"%%s: cannot scan NULL\", %s)", quoted)
	w.p("\tdefault:")
	w.p("\t\treturn fmt.Errorf(\"%%s: cannot scan %%T\", %s, src)", quoted)
	w.p("\t}")
	w.p("\tif !%s(v).Valid() {", ep.Type)
	w.p("\t\treturn fmt.Errorf(\"%%s: unknown value %%q\", %s, v)", quoted)
	w.p("\t}")
	w.p("\t*s = %s(v)", ep.Type)
	w.p("\treturn nil")
	w.p("}")

	w.p("")
	w.comment("", "Value implements driver.Valuer. It refuses a value the design does not know,\nas the database would.")
	w.p("func (s %s) Value() (driver.Value, error) {", ep.Type)
	w.p("\tif !s.Valid() {")
	w.p("\t\treturn nil, fmt.Errorf(\"%%s: invalid value %%q\", %s, string(s))", quoted)
	w.p("\t}")
	w.p("\treturn string(s), nil")
	w.p("}")

	if m != nil {
		p.writeMachine(w, ep)
	}
}

// writeMachine writes CanTransitionTo, Next and IsTerminal from the resolved
// machine: the same transitions the DDL's trigger enforces.
func (p *plan) writeMachine(w *writer, ep *enumPlan) {
	m := ep.machine
	consts := func(states []string) []string {
		var out []string
		for _, s := range dedupe(states) {
			if c := ep.byValue[s]; c != "" {
				out = append(out, c)
			}
		}
		return out
	}

	w.p("")
	w.comment("", "CanTransitionTo reports whether the database accepts setting the state to\nnext on a row in state s: a declared transition, or next == s, which is no\nchange and which the transition trigger lets through (it checks changes only).")
	w.p("func (s %s) CanTransitionTo(next %s) bool {", ep.Type, ep.Type)
	w.p("\tif next == s {")
	w.p("\t\treturn s.Valid()")
	w.p("\t}")
	w.p("\tswitch s {")
	for _, s := range m.States {
		if next := consts(m.Next(s)); len(next) > 0 && ep.byValue[s] != "" {
			w.p("\tcase %s:", ep.byValue[s])
			w.p("\t\tswitch next {")
			w.p("\t\tcase %s:", strings.Join(next, ", "))
			w.p("\t\t\treturn true")
			w.p("\t\t}")
		}
	}
	w.p("\t}")
	w.p("\treturn false")
	w.p("}")

	w.p("")
	w.comment("", "Next returns the states s may move to, in design order.")
	w.p("func (s %s) Next() []%s {", ep.Type, ep.Type)
	w.p("\tswitch s {")
	for _, s := range m.States {
		if next := consts(m.Next(s)); len(next) > 0 && ep.byValue[s] != "" {
			w.p("\tcase %s:", ep.byValue[s])
			w.p("\t\treturn []%s{%s}", ep.Type, strings.Join(next, ", "))
		}
	}
	w.p("\t}")
	w.p("\treturn nil")
	w.p("}")

	w.p("")
	w.comment("", "IsTerminal reports whether s is a terminal state: one the design ends in on purpose.")
	w.p("func (s %s) IsTerminal() bool {", ep.Type)
	if term := consts(m.Terminal); len(term) > 0 {
		w.p("\tswitch s {")
		w.p("\tcase %s:", strings.Join(term, ", "))
		w.p("\t\treturn true")
		w.p("\t}")
	}
	w.p("\treturn false")
	w.p("}")
}

// dedupe keeps the first of each string, in order.
func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
