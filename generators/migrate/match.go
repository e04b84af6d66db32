package migrate

import "github.com/schemagen/schemagen/design/schema"

// mapping pairs the objects of two designs that are the same database object:
// same name, or the newer one says `renamed_from` the older one, or it is
// derived from objects that are paired (the event table of a renamed entity,
// the foreign-key column that references a renamed table). to maps an object
// of the target design to the source object it becomes; from is the inverse.
type mapping struct {
	table, tableBack     map[*schema.Table]*schema.Table
	col, colBack         map[*schema.Column]*schema.Column
	enum, enumBack       map[*schema.Enum]*schema.Enum
	machine, machineBack map[*schema.Machine]*schema.Machine
	// values are the enum values (states) renamed, keyed by the target
	// design's enum, each from the source name to the target name.
	values, valuesBack map[*schema.Enum][]valueRename
}

// reverse is the same pairing seen from the other side, for the down migration.
func (m *mapping) reverse() *mapping {
	return &mapping{
		table: m.tableBack, tableBack: m.table,
		col: m.colBack, colBack: m.col,
		enum: m.enumBack, enumBack: m.enum,
		machine: m.machineBack, machineBack: m.machine,
		values: m.valuesBack, valuesBack: m.values,
	}
}

// match pairs the objects of old and new (new -> old in the forward maps).
func match(old, new *schema.Schema) *mapping {
	m := &mapping{
		table: map[*schema.Table]*schema.Table{}, tableBack: map[*schema.Table]*schema.Table{},
		col: map[*schema.Column]*schema.Column{}, colBack: map[*schema.Column]*schema.Column{},
		enum: map[*schema.Enum]*schema.Enum{}, enumBack: map[*schema.Enum]*schema.Enum{},
		machine: map[*schema.Machine]*schema.Machine{}, machineBack: map[*schema.Machine]*schema.Machine{},
		values: map[*schema.Enum][]valueRename{}, valuesBack: map[*schema.Enum][]valueRename{},
	}
	m.matchTables(old, new)
	for _, nt := range new.Tables {
		if ot := m.table[nt]; ot != nil {
			m.matchColumns(ot, nt)
		}
	}
	m.matchMachines(old, new)
	m.matchEnums(old, new)
	m.matchValues(new)
	return m
}

func (m *mapping) pairTable(o, n *schema.Table) {
	m.table[n], m.tableBack[o] = o, n
}

func (m *mapping) matchTables(old, new *schema.Schema) {
	byEntity := make(map[string]*schema.Table, len(old.Tables))
	byName := make(map[string]*schema.Table, len(old.Tables))
	for _, t := range old.Tables {
		if t.Kind == schema.EventTable {
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
		if nt.Kind == schema.EventTable || nt.RenamedFrom == "" {
			continue
		}
		if same := byEntity[nt.Entity]; same != nil && same.RenamedFrom == nt.RenamedFrom {
			continue // the old design made this rename already (see alreadyRenamed)
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
		if nt.Kind == schema.EventTable || m.table[nt] != nil {
			continue
		}
		if ot := byEntity[nt.Entity]; ot != nil && m.tableBack[ot] == nil {
			m.pairTable(ot, nt)
		}
	}
	// Event tables follow the entity whose events they record.
	for _, nt := range new.Tables {
		if nt.Kind != schema.EventTable || nt.EventsOf == nil {
			continue
		}
		if parent := m.table[nt.EventsOf]; parent != nil && parent.Events != nil && m.tableBack[parent.Events] == nil {
			m.pairTable(parent.Events, nt)
		}
	}
}

func (m *mapping) pairColumn(o, n *schema.Column) {
	m.col[n], m.colBack[o] = o, n
}

func (m *mapping) matchColumns(ot, nt *schema.Table) {
	claimed := func(c *schema.Column) bool { return m.colBack[c] != nil }
	for _, nc := range nt.Columns {
		if nc.RenamedFrom == "" || alreadyRenamed(ot.Column(nc.Name), nc) {
			continue
		}
		if oc := ot.Column(nc.RenamedFrom); oc != nil && !claimed(oc) {
			m.pairColumn(oc, nc)
		}
	}
	// Derived foreign-key columns follow the key they belong to, so that a
	// renamed parent (users -> accounts) renames user_id to account_id.
	for _, nc := range nt.Columns {
		if m.col[nc] != nil || nc.ForeignKey == nil || nc.Origin == schema.DeclaredColumn {
			continue
		}
		if oc := m.derivedKeyColumn(ot, nt, nc); oc != nil && !claimed(oc) && oc.Origin != schema.DeclaredColumn {
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
func (m *mapping) derivedKeyColumn(ot, nt *schema.Table, nc *schema.Column) *schema.Column {
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

func (m *mapping) matchMachines(old, new *schema.Schema) {
	byName := make(map[string]*schema.Machine, len(old.Machines))
	for _, om := range old.Machines {
		byName[om.Name] = om
	}
	pair := func(o, n *schema.Machine) { m.machine[n], m.machineBack[o] = o, n }
	for _, nm := range new.Machines {
		if same := byName[nm.Name]; same != nil && same.RenamedFrom == nm.RenamedFrom {
			continue // the old design made this rename already
		}
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

func (m *mapping) matchEnums(old, new *schema.Schema) {
	pair := func(o, n *schema.Enum) {
		if o != nil && n != nil && m.enumBack[o] == nil && m.enum[n] == nil && o.Kind == n.Kind {
			m.enum[n], m.enumBack[o] = o, n
		}
	}
	declared := map[string]*schema.Enum{}
	for _, oe := range old.Enums {
		if oe.Kind == schema.DeclaredEnum {
			declared[oe.Name] = oe
		}
	}
	for _, ne := range new.Enums {
		switch ne.Kind {
		case schema.StateEnum:
			if ne.Machine != nil {
				if om := m.machine[ne.Machine]; om != nil {
					pair(om.Enum, ne)
				}
			}
		case schema.EventEnum:
			if ne.Table != nil {
				if ot := m.table[ne.Table]; ot != nil {
					pair(ot.EventEnum, ne)
				}
			}
		default:
			if same := declared[ne.Name]; same != nil && same.RenamedFrom == ne.RenamedFrom {
				continue // the old design made this rename already
			}
			if ne.RenamedFrom != "" {
				pair(declared[ne.RenamedFrom], ne)
			}
		}
	}
	for _, ne := range new.Enums {
		if ne.Kind == schema.DeclaredEnum && m.enum[ne] == nil {
			pair(declared[ne.Name], ne)
		}
	}
}

// alreadyRenamed reports whether the old design's column of the same name
// says the same renamed_from as the new one: the rename was made by an
// earlier migration, and the designs have been compared before (`migrate
// check` compares a design with its own copy). Without it a swap (first_name
// from last_name and last_name from first_name) would be swapped back.
func alreadyRenamed(old, nc *schema.Column) bool {
	return old != nil && old.RenamedFrom == nc.RenamedFrom
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
