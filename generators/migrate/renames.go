package migrate

import (
	"fmt"

	"github.com/schemagen/schemagen/internal/sqlname"
)

// renameKind orders the renames of a migration: types first, then tables
// (each moved to its new schema after the renames), their columns, identity
// sequences, and the constraints and indexes named after them. Each kind's
// statements name the objects of the kinds before it by their new names.
type renameKind int

const (
	renameTypes renameKind = iota
	renameValues
	renameTables
	renameColumns
	renameRelations // sequences, constraints and indexes
	numRenameKinds
)

// rename is one ALTER ... RENAME of an object in a namespace (the names
// that cannot be held twice: the columns of one table, the types of a
// schema, ...).
type rename struct {
	space, from, to string
	// stmt writes the statement that renames the object from one name to another.
	stmt func(from, to string) string
}

// renameObject records a rename, written later by writeRenames.
func (p *planner) renameObject(kind renameKind, space, from, to string, stmt func(from, to string) string) {
	p.renames[kind] = append(p.renames[kind], rename{space: space, from: from, to: to, stmt: stmt})
}

// afterRenames records a statement that runs once the renames of a kind are
// done (ALTER ... SET SCHEMA under the new name).
func (p *planner) afterRenames(kind renameKind, sql string) {
	p.moves[kind] = append(p.moves[kind], sql)
}

// writeRenames writes the recorded renames, kind by kind, so that none
// fails on a name that is still taken. In a namespace where a rename's new
// name is another rename's old name (a swap, a cycle, a chain), every rename
// involved goes through a temporary name: first each object leaves its old
// name, then each takes its new one.
func (p *planner) writeRenames() {
	for kind := renameKind(0); kind < numRenameKinds; kind++ {
		list := p.renames[kind]
		sources, targets := map[string]bool{}, map[string]bool{}
		for _, r := range list {
			sources[r.space+"\x00"+r.from] = true
			targets[r.space+"\x00"+r.to] = true
		}
		var direct, second []string
		for _, r := range list {
			if !targets[r.space+"\x00"+r.from] && !sources[r.space+"\x00"+r.to] {
				direct = append(direct, r.stmt(r.from, r.to))
				continue
			}
			p.temps++
			tmp := sqlname.ObjectName("schemagen_swap", fmt.Sprint(p.temps))
			p.add(phaseRenames, r.stmt(r.from, tmp))
			second = append(second, r.stmt(tmp, r.to))
		}
		for _, s := range direct {
			p.add(phaseRenames, s)
		}
		for _, s := range second {
			p.add(phaseRenames, s)
		}
		for _, s := range p.moves[kind] {
			p.add(phaseRenames, s)
		}
	}
}

// renameTable records the rename of a table (in its old schema).
func (p *planner) renameTable(schemaName, from, to string) {
	p.renameObject(renameTables, "relation:"+schemaName, from, to, func(from, to string) string {
		return fmt.Sprintf("ALTER TABLE %s RENAME TO %s", qualify(schemaName, from), q(to))
	})
}

// renameColumn records the rename of a column of a table (named as the new design names it).
func (p *planner) renameColumn(table, from, to string) {
	p.renameObject(renameColumns, "column:"+table, from, to, func(from, to string) string {
		return fmt.Sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s", table, q(from), q(to))
	})
}

// renameType records the rename of an enum type (in its old schema).
func (p *planner) renameType(schemaName, from, to string) {
	// Types share their namespace with tables (a table has a row type).
	p.renameObject(renameTypes, "relation:"+schemaName, from, to, func(from, to string) string {
		return fmt.Sprintf("ALTER TYPE %s RENAME TO %s", qualify(schemaName, from), q(to))
	})
}

// renameValue records the rename of an enum value (the type named as the new design names it).
func (p *planner) renameValue(typ, from, to string) {
	p.renameObject(renameValues, "value:"+typ, from, to, func(from, to string) string {
		return fmt.Sprintf("ALTER TYPE %s RENAME VALUE %s TO %s", typ, sqlname.QuoteLiteral(from), sqlname.QuoteLiteral(to))
	})
}

// renameSequence records the rename of an identity column's sequence.
func (p *planner) renameSequence(schemaName, from, to string) {
	p.renameObject(renameRelations, "relation:"+schemaName, from, to, func(from, to string) string {
		return fmt.Sprintf("ALTER SEQUENCE IF EXISTS %s RENAME TO %s", qualify(schemaName, from), q(to))
	})
}

// renameIndex records the rename of an index.
func (p *planner) renameIndex(schemaName, from, to string) {
	p.renameObject(renameRelations, "relation:"+schemaName, from, to, func(from, to string) string {
		return fmt.Sprintf("ALTER INDEX %s RENAME TO %s", qualify(schemaName, from), q(to))
	})
}

// renameConstraint records the rename of a table constraint. Constraint
// names are per table, but a primary key's or unique constraint's index
// shares the schema's namespace, so they are all checked against the schema:
// at worst a rename takes a temporary name it did not need.
func (p *planner) renameConstraint(schemaName, table, from, to string) {
	p.renameObject(renameRelations, "relation:"+schemaName, from, to, func(from, to string) string {
		return fmt.Sprintf("ALTER TABLE %s RENAME CONSTRAINT %s TO %s", table, q(from), q(to))
	})
}
