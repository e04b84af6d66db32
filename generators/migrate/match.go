package migrate

import "github.com/schemagen/schemagen/design"

// mapping pairs the objects of two designs that are the same database object:
// same name, or the newer one says `renamed_from` the older one, or it is
// derived from objects that are paired (the event table of a renamed entity,
// the foreign-key column that references a renamed table). to maps an object
// of the target design to the source object it becomes; from is the inverse.
type mapping struct {
	table, tableBack     map[*design.Table]*design.Table
	col, colBack         map[*design.Column]*design.Column
	enum, enumBack       map[*design.EnumType]*design.EnumType
	machine, machineBack map[*design.StateMachine]*design.StateMachine
}

// reverse is the same pairing seen from the other side, for the down migration.
func (m *mapping) reverse() *mapping {
	return &mapping{
		table: m.tableBack, tableBack: m.table,
		col: m.colBack, colBack: m.col,
		enum: m.enumBack, enumBack: m.enum,
		machine: m.machineBack, machineBack: m.machine,
	}
}

// match pairs the objects of old and new (new -> old in the forward maps).
func match(old, new *design.Schema) *mapping {
	m := &mapping{
		table: map[*design.Table]*design.Table{}, tableBack: map[*design.Table]*design.Table{},
		col: map[*design.Column]*design.Column{}, colBack: map[*design.Column]*design.Column{},
		enum: map[*design.EnumType]*design.EnumType{}, enumBack: map[*design.EnumType]*design.EnumType{},
		machine: map[*design.StateMachine]*design.StateMachine{}, machineBack: map[*design.StateMachine]*design.StateMachine{},
	}
	m.matchTables(old, new)
	for _, nt := range new.Tables {
		if ot := m.table[nt]; ot != nil {
			m.matchColumns(ot, nt)
		}
	}
	m.matchMachines(old, new)
	m.matchEnums(old, new)
	return m
}

func (m *mapping) pairTable(o, n *design.Table) {
	m.table[n], m.tableBack[o] = o, n
}

func (m *mapping) matchTables(old, new *design.Schema) {
	byEntity := make(map[string]*design.Table, len(old.Tables))
	byName := make(map[string]*design.Table, len(old.Tables))
	for _, t := range old.Tables {
		if t.Kind == design.EventTable {
			continue
		}
		if _, dup := byEntity[t.Entity]; !dup {
			byEntity[t.Entity] = t
		}
		if _, dup := byName[t.Name]; !dup {
			byName[t.Name] = t
		}
	}
	// Renames first, so that a renamed table's old name is not taken by name.
	for _, nt := range new.Tables {
		if nt.Kind == design.EventTable || nt.RenamedFrom == "" {
			continue
		}
		ot := byEntity[nt.RenamedFrom]
		if ot == nil {
			ot = byName[nt.RenamedFrom]
		}
		if ot != nil && m.tableBack[ot] == nil {
			m.pairTable(ot, nt)
		}
	}
	for _, nt := range new.Tables {
		if nt.Kind == design.EventTable || m.table[nt] != nil {
			continue
		}
		if ot := byEntity[nt.Entity]; ot != nil && m.tableBack[ot] == nil {
			m.pairTable(ot, nt)
		}
	}
	// Event tables follow the entity whose events they record.
	for _, nt := range new.Tables {
		if nt.Kind != design.EventTable || nt.EventsOf == nil {
			continue
		}
		if parent := m.table[nt.EventsOf]; parent != nil && parent.Events != nil && m.tableBack[parent.Events] == nil {
			m.pairTable(parent.Events, nt)
		}
	}
}

func (m *mapping) pairColumn(o, n *design.Column) {
	m.col[n], m.colBack[o] = o, n
}

func (m *mapping) matchColumns(ot, nt *design.Table) {
	claimed := func(c *design.Column) bool { return m.colBack[c] != nil }
	for _, nc := range nt.Columns {
		if nc.RenamedFrom == "" {
			continue
		}
		if oc := ot.Column(nc.RenamedFrom); oc != nil && !claimed(oc) {
			m.pairColumn(oc, nc)
		}
	}
	// Derived foreign-key columns follow the key they belong to, so that a
	// renamed parent (users -> accounts) renames user_id to account_id.
	for _, nc := range nt.Columns {
		if m.col[nc] != nil || nc.ForeignKey == nil || nc.Origin == design.DeclaredColumn {
			continue
		}
		if oc := m.derivedKeyColumn(ot, nt, nc); oc != nil && !claimed(oc) && oc.Origin != design.DeclaredColumn {
			if other := nt.Column(oc.Name); other == nil || other == nc {
				m.pairColumn(oc, nc)
			}
		}
	}
	for _, nc := range nt.Columns {
		if m.col[nc] != nil {
			continue
		}
		if oc := ot.Column(nc.Name); oc != nil && !claimed(oc) {
			m.pairColumn(oc, nc)
		}
	}
}

// derivedKeyColumn finds the column of ot that played nc's part: same
// position in a foreign key to the paired parent, with the same role.
func (m *mapping) derivedKeyColumn(ot, nt *design.Table, nc *design.Column) *design.Column {
	nfk := nc.ForeignKey
	pos := indexOf(nfk.Columns, nc.Name)
	if pos < 0 {
		return nil
	}
	for _, ofk := range ot.ForeignKeys {
		if ofk.Role != nfk.Role || len(ofk.Columns) != len(nfk.Columns) {
			continue
		}
		if ofk.RefTable == nil || m.tableBack[ofk.RefTable] != nfk.RefTable {
			continue
		}
		return ot.Column(ofk.Columns[pos])
	}
	return nil
}

func (m *mapping) matchMachines(old, new *design.Schema) {
	byName := make(map[string]*design.StateMachine, len(old.Machines))
	for _, om := range old.Machines {
		byName[om.Name] = om
	}
	pair := func(o, n *design.StateMachine) { m.machine[n], m.machineBack[o] = o, n }
	for _, nm := range new.Machines {
		if nm.RenamedFrom != "" {
			if om := byName[nm.RenamedFrom]; om != nil && m.machineBack[om] == nil {
				pair(om, nm)
			}
		}
	}
	for _, nm := range new.Machines {
		if m.machine[nm] == nil {
			if om := byName[nm.Name]; om != nil && m.machineBack[om] == nil {
				pair(om, nm)
			}
		}
	}
}

func (m *mapping) matchEnums(old, new *design.Schema) {
	pair := func(o, n *design.EnumType) {
		if o != nil && n != nil && m.enumBack[o] == nil && m.enum[n] == nil && o.Kind == n.Kind {
			m.enum[n], m.enumBack[o] = o, n
		}
	}
	declared := map[string]*design.EnumType{}
	for _, oe := range old.Enums {
		if oe.Kind == design.DeclaredEnum {
			declared[oe.Name] = oe
		}
	}
	for _, ne := range new.Enums {
		switch ne.Kind {
		case design.StateEnum:
			if ne.Machine != nil {
				if om := m.machine[ne.Machine]; om != nil {
					pair(om.Enum, ne)
				}
			}
		case design.EventEnum:
			if ne.Table != nil {
				if ot := m.table[ne.Table]; ot != nil {
					pair(ot.EventEnum, ne)
				}
			}
		default:
			if ne.RenamedFrom != "" {
				pair(declared[ne.RenamedFrom], ne)
			}
		}
	}
	for _, ne := range new.Enums {
		if ne.Kind == design.DeclaredEnum && m.enum[ne] == nil {
			pair(declared[ne.Name], ne)
		}
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
