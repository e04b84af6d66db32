package schema

import (
	"fmt"

	"github.com/schemagen/schemagen/design"
)

func (r *resolver) relationships() {
	// n-n first, so that junction tables have their keys before anything references them.
	for _, rel := range r.d.Relationships {
		if rel.Kind == design.ManyToMany {
			r.manyToMany(rel)
		}
	}
	for _, rel := range r.d.Relationships {
		if rel.Kind != design.ManyToMany {
			r.oneToX(rel)
		}
	}
	r.s.Tables = append(r.s.Tables, r.created...)
}

func (r *resolver) oneToX(rel *design.Relationship) {
	parent, child := r.table(rel.From, "relationship %q", relationshipText{rel}), r.table(rel.To, "relationship %q", relationshipText{rel})
	if rel.Via.Name != "" {
		r.rep.Report(rel.Via.Pos, design.RuleInvalidRelationship, "remove `via`, or make it `n-n`", "`via` is only for n-n relationships")
	}
	if parent == nil || child == nil {
		return
	}
	rl := &Relation{Kind: rel.Kind, Parent: parent, Child: child, Optional: rel.Optional, Source: rel}
	fk := r.foreignKey(rel, child, parent, rel.As, rel.Columns, rel.Optional)
	if fk == nil {
		return
	}
	fk.Relation = rl
	rl.ForeignKeys = []*ForeignKey{fk}
	if rel.Kind == design.OneToOne {
		fk.Unique = true
		if !sameSet(fk.Columns, child.PrimaryKey) {
			if len(fk.Columns) == 1 {
				child.Column(fk.Columns[0]).Unique = true
			} else {
				child.Uniques = append(child.Uniques, &Unique{Columns: fk.Columns, Pos: rel.Pos})
			}
		}
	}
	r.s.Relations = append(r.s.Relations, rl)
}

func (r *resolver) manyToMany(rel *design.Relationship) {
	a, b := r.table(rel.From, "relationship %q", relationshipText{rel}), r.table(rel.To, "relationship %q", relationshipText{rel})
	if rel.Via.Name == "" {
		r.rep.Report(rel.Pos, design.RuleManyToManyNeedsJunction,
			fmt.Sprintf("add `via %s_%s`", design.Singular(rel.From.Name), rel.To.Name),
			"many-to-many relationship %q has no junction table", relString(rel))
		return
	}
	if a == nil || b == nil {
		return
	}
	j := r.byEntity[rel.Via.Name]
	if j == nil {
		j = &Table{
			Entity: rel.Via.Name, Name: rel.Via.Name, Schema: a.Schema, Singular: design.Singular(rel.Via.Name),
			Kind: JunctionTable, Group: a.Group, Pos: rel.Via.Pos,
			Description: fmt.Sprintf("Links %s and %s (many-to-many).", a.Entity, b.Entity),
		}
		r.byEntity[rel.Via.Name] = j
		r.created = append(r.created, j)
	}
	rl := &Relation{Kind: design.ManyToMany, Parent: a, Child: b, Junction: j, Source: rel}
	var colsA, colsB []design.Name
	if len(rel.Columns) > 0 {
		n := len(a.PrimaryKey)
		if len(rel.Columns) != n+len(b.PrimaryKey) {
			r.rep.Report(rel.Columns[0].Pos, design.RuleInvalidRelationship, "",
				"`columns` must name %d columns for the keys of %s and %s", n+len(b.PrimaryKey), a.Entity, b.Entity)
			return
		}
		colsA, colsB = rel.Columns[:n], rel.Columns[n:]
	}
	fkA := r.foreignKey(rel, j, a, "", colsA, false)
	if fkA == nil {
		return
	}
	roleB := rel.As
	if a == b && roleB == "" {
		r.rep.Report(rel.Pos, design.RuleDuplicateName, fmt.Sprintf("add `as other_%s` to name the second column", b.Singular),
			"self-referencing many-to-many %q needs `as ROLE` to tell its two key columns apart", relString(rel))
		return
	}
	fkB := r.foreignKey(rel, j, b, roleB, colsB, false)
	if fkB == nil {
		return
	}
	fkA.Relation, fkB.Relation = rl, rl
	rl.ForeignKeys = []*ForeignKey{fkA, fkB}
	if len(j.PrimaryKey) == 0 {
		j.PrimaryKey = append(append([]string{}, fkA.Columns...), fkB.Columns...)
		for _, name := range j.PrimaryKey {
			j.Column(name).PK = true
		}
	}
	r.s.Relations = append(r.s.Relations, rl)
}

// foreignKey adds (or binds) the columns on child that reference parent.
func (r *resolver) foreignKey(rel *design.Relationship, child, parent *Table, role string, names []design.Name, optional bool) *ForeignKey {
	refs := parent.PrimaryKey
	if len(rel.References) > 0 && rel.Kind != design.ManyToMany {
		refs = design.Names(rel.References)
		for _, ref := range rel.References {
			if parent.Column(ref.Name) == nil {
				r.rep.Report(ref.Pos, design.RuleUnknownColumn, "", "`references` names column %q, which %s does not have", ref.Name, parent.Entity)
				return nil
			}
		}
	}
	if len(refs) == 0 {
		r.rep.Report(rel.Pos, design.RuleInvalidRelationship, fmt.Sprintf("give %s a `pk` field", parent.Entity),
			"%s has no primary key to reference", parent.Entity)
		return nil
	}
	if len(names) > 0 && len(names) != len(refs) {
		r.rep.Report(names[0].Pos, design.RuleInvalidRelationship, "",
			"`columns` names %d columns but the referenced key of %s has %d", len(names), parent.Entity, len(refs))
		return nil
	}
	fk := &ForeignKey{
		Name: rel.Name, Table: child, RefTable: parent, RefColumns: refs,
		OnDelete: rel.OnDelete, OnUpdate: rel.OnUpdate, Optional: optional, Role: role, Deferrable: rel.Deferrable, NotValid: rel.NotValid,
	}
	if fk.OnDelete == "" {
		fk.OnDelete = "restrict"
	}
	for i, ref := range refs {
		refCol := parent.Column(ref)
		name := design.ForeignKeyColumnName(role, parent.Singular, ref)
		pos := rel.Pos
		if len(names) > 0 {
			name, pos = names[i].Name, names[i].Pos
		}
		keyType := design.KeyTypeFor(refCol.TypeInfo)
		if c := child.Column(name); c != nil {
			if c.ForeignKey != nil && c.Origin == ForeignKeyColumn {
				r.rep.Report(rel.Pos, design.RuleDuplicateName, fmt.Sprintf("add `as ROLE` to name the column `ROLE_%s`", ref),
					"relationship %q adds column %s.%s, which another relationship already adds", relString(rel), child.Entity, name)
				return nil
			}
			if c.Origin == DeclaredColumn && c.TypeInfo.Base != "" && c.TypeInfo.String() != keyType.String() && !keyTypesCompatible(c.TypeInfo, keyType) {
				r.rep.Report(c.Pos, design.RuleForeignKeyTypeMismatch, fmt.Sprintf("declare it as `%s`, or remove it", keyType),
					"field %s.%s is %s but references %s.%s, which is %s", child.Entity, name, c.Type, parent.Entity, ref, keyType)
				return nil
			}
			if c.Origin != DeclaredColumn {
				r.rep.Report(rel.Pos, design.RuleDuplicateName, "add `as ROLE`",
					"relationship %q adds column %s.%s, which already exists", relString(rel), child.Entity, name)
				return nil
			}
			c.ForeignKey = fk
			fk.Columns = append(fk.Columns, name)
			continue
		}
		c := &Column{
			Name: name, Type: keyType.String(), TypeInfo: keyType, Enum: refCol.Enum, Nullable: optional,
			Origin: ForeignKeyColumn, ForeignKey: fk, Pos: pos,
		}
		child.addColumn(c)
		fk.Columns = append(fk.Columns, name)
	}
	child.ForeignKeys = append(child.ForeignKeys, fk)
	return fk
}

// relationshipText formats a relationship for %q only when a message is printed.
type relationshipText struct{ rel *design.Relationship }

// String is the relationship's short form.
func (t relationshipText) String() string { return relString(t.rel) }

func relString(rel *design.Relationship) string {
	s := rel.From.Name + " " + rel.Kind.String() + " " + rel.To.Name
	if rel.Via.Name != "" {
		s += " via " + rel.Via.Name
	}
	return s
}

// RelationshipString is the short form of a relationship, for messages and diagrams.
func RelationshipString(rel *design.Relationship) string { return relString(rel) }
