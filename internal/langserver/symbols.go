package langserver

import (
	"strings"

	"github.com/schemagen/schemagen/design"
)

// symbolKind is what a name in a design stands for.
type symbolKind string

const (
	entitySymbol  symbolKind = "entity"
	fieldSymbol   symbolKind = "field"   // scope: the entity
	enumSymbol    symbolKind = "enum"    // also the type of a field that names it
	machineSymbol symbolKind = "machine" // a state machine
	stateSymbol   symbolKind = "state"   // scope: the machine
	eventSymbol   symbolKind = "event"   // scope: the entity
	failureSymbol symbolKind = "failure"
)

// symbol identifies one named thing of the design.
type symbol struct {
	kind  symbolKind
	scope string // the entity of a field or event, the machine of a state
	name  string
}

// occurrence is one place where a symbol is written.
type occurrence struct {
	sym symbol
	pos design.Pos
	def bool // where the symbol is declared
}

// index lists every occurrence of every name of a design, in file order
// within each section.
type index struct {
	design *design.Design
	occs   []occurrence
}

func (x *index) add(kind symbolKind, scope string, n design.Name, def bool) {
	if n.Name == "" || !n.Pos.IsValid() {
		return
	}
	x.occs = append(x.occs, occurrence{sym: symbol{kind, scope, n.Name}, pos: n.Pos, def: def})
}

// buildIndex finds the declaration and every use of the entities, fields,
// enums, state machines, states, events and failures of a design.
func buildIndex(d *design.Design, lines []string) *index {
	n := len(d.Entities) + 4*len(d.Relationships) + 8*len(d.Machines) + 3*len(d.Flow) + 4*len(d.Failures)
	for _, e := range d.Entities {
		n += 2 * len(e.Fields)
	}
	x := &index{design: d, occs: make([]occurrence, 0, n)}
	enums := map[string]bool{}
	for _, e := range d.Enums {
		enums[e.Name] = true
		x.add(enumSymbol, "", design.Name{Name: e.Name, Pos: e.Pos}, true)
	}
	machines := map[string]bool{}
	for _, m := range d.Machines {
		machines[m.Name] = true
	}
	for _, e := range d.Entities {
		x.add(entitySymbol, "", design.Name{Name: e.Name, Pos: e.Pos}, true)
		for _, f := range e.Fields {
			x.add(fieldSymbol, e.Name, design.Name{Name: f.Name, Pos: f.Pos}, true)
			switch {
			case enums[f.Type]:
				x.add(enumSymbol, "", design.Name{Name: f.Type, Pos: f.TypePos}, false)
			case machines[f.Type]:
				x.add(machineSymbol, "", design.Name{Name: f.Type, Pos: f.TypePos}, false)
			}
		}
		for _, ix := range e.Indexes {
			for _, c := range ix.Columns {
				x.add(fieldSymbol, e.Name, c, false)
			}
		}
		for _, cols := range e.Unique {
			for _, c := range cols {
				x.add(fieldSymbol, e.Name, c, false)
			}
		}
	}
	for _, r := range d.Relationships {
		x.add(entitySymbol, "", r.From, false)
		x.add(entitySymbol, "", r.To, false)
		x.add(entitySymbol, "", r.Via, false)
		if r.Kind != design.ManyToMany {
			for _, c := range r.Columns {
				x.add(fieldSymbol, r.To.Name, c, false)
			}
			for _, c := range r.References {
				x.add(fieldSymbol, r.From.Name, c, false)
			}
		}
	}
	machineOf := map[string]string{} // entity -> its first machine, for failures' states
	for _, m := range d.Machines {
		x.add(machineSymbol, "", design.Name{Name: m.Name, Pos: m.Pos}, true)
		x.add(entitySymbol, "", m.Entity, false)
		if _, ok := machineOf[m.Entity.Name]; !ok {
			machineOf[m.Entity.Name] = m.Name
		}
		// A state has no one declaration: its first mention declares it.
		var states []design.Name
		states = append(states, m.States...)
		states = append(states, m.Initial)
		for _, t := range m.Transitions {
			states = append(states, t.From)
			states = append(states, t.To...)
		}
		states = append(states, m.Terminal...)
		first := map[string]design.Pos{}
		for _, s := range states {
			if p, ok := first[s.Name]; s.Name != "" && (!ok || before(s.Pos, p)) {
				first[s.Name] = s.Pos
			}
		}
		for _, s := range states {
			x.add(stateSymbol, m.Name, s, s.Pos == first[s.Name])
		}
	}
	for _, es := range d.Events {
		x.add(entitySymbol, "", es.Entity, false)
		for _, t := range es.Types {
			x.add(eventSymbol, es.Entity.Name, t, true)
		}
	}
	for _, f := range d.Failures {
		if f.Name != "" {
			x.add(failureSymbol, "", design.Name{Name: f.Name, Pos: failureNamePos(lines, f)}, true)
		}
		x.add(entitySymbol, "", f.Entity, false)
		if m, ok := machineOf[f.Entity.Name]; ok {
			x.add(stateSymbol, m, f.State, false)
		}
		x.add(eventSymbol, f.Entity.Name, f.Event, false)
	}
	for _, s := range d.Flow {
		for _, list := range [][]design.Name{s.Creates, s.Reads, s.Updates} {
			for _, n := range list {
				x.add(entitySymbol, "", n, false)
			}
		}
		if entity, typ, ok := strings.Cut(s.Event.Name, "."); ok {
			x.add(entitySymbol, "", design.Name{Name: entity, Pos: s.Event.Pos}, false)
			p := s.Event.Pos
			p.Col += len([]rune(entity)) + 1
			x.add(eventSymbol, entity, design.Name{Name: typ, Pos: p}, false)
		}
	}
	return x
}

func before(a, b design.Pos) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
}

// failureNamePos is where a failure's name is written. The written model
// keeps the position of the failure's item, not of its name: the name is the
// value of the first `name:` key from the item's line on.
func failureNamePos(lines []string, f *design.Failure) design.Pos {
	for i := f.Pos.Line - 1; i >= 0 && i < len(lines) && i < f.Pos.Line+20; i++ {
		line := lines[i]
		at := strings.Index(line, "name:")
		if at < 0 || strings.TrimLeft(line[:at], " -") != "" {
			continue
		}
		rest := line[at+len("name:"):]
		value := strings.TrimLeft(rest, " ")
		value = strings.Trim(value, `"'`+" \r")
		if !strings.HasPrefix(value, f.Name) {
			continue
		}
		b := strings.Index(line[at:], f.Name) + at
		return design.Pos{File: f.Pos.File, Line: i + 1, Col: len([]rune(line[:b])) + 1}
	}
	return f.Pos
}

// at returns the occurrence whose name covers a 1-based line and rune column.
func (x *index) at(line, col int) (occurrence, bool) {
	for _, o := range x.occs {
		if o.pos.Line == line && col >= o.pos.Col && col <= o.pos.Col+len([]rune(o.sym.name)) {
			return o, true
		}
	}
	return occurrence{}, false
}

// of returns the occurrences of a symbol, the declaration first.
func (x *index) of(s symbol) []occurrence {
	var defs, uses []occurrence
	for _, o := range x.occs {
		if o.sym == s {
			if o.def {
				defs = append(defs, o)
			} else {
				uses = append(uses, o)
			}
		}
	}
	return append(defs, uses...)
}

// occsOf returns every occurrence of a kind of symbol; none when x is nil.
func (x *index) occsOf(kind symbolKind) []occurrence {
	if x == nil {
		return nil
	}
	var out []occurrence
	for _, o := range x.occs {
		if o.sym.kind == kind {
			out = append(out, o)
		}
	}
	return out
}
