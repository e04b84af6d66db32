package migrate

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
)

// A relationship that changes cardinality keeps its links:
//
//	1-n or 1-1 -> n-n via J   the rows of J are inserted from the foreign-key
//	                          column before it is dropped: nothing is lost
//	n-n via J -> 1-n or 1-1   the new foreign-key column is added nullable and
//	                          filled from J (the link with the smallest parent
//	                          key) before J is dropped, then made NOT NULL if
//	                          required; destructive-drop-links, since a row
//	                          with more than one link keeps only one
//	1-n <-> 1-1               only the UNIQUE constraint changes; adding it is
//	                          checked like any new constraint (existing-rows-may-violate)

// RuleDropLinks names the destructive change of an n-n relationship that becomes 1-n or 1-1.
const RuleDropLinks = "destructive-drop-links"

var ruleDropLinks = &design.Rule{Name: RuleDropLinks, Severity: design.Error, Doc: `A many-to-many relationship becomes one-to-many or one-to-one.

Its links move from the junction table into a foreign-key column of the
child: a child row can then hold one link. A row with more than one link keeps
the one to the parent with the smallest key and loses the others; when the
relationship is required, a row without a link makes the migration fail.
` + "`migrate diff --dsn`" + ` counts both kinds of rows on the live database.

Bad:
    relationships:
      - drivers 1-n cars          # was: drivers n-n cars via driver_cars, and some cars have two drivers
Good:
    relationships:
      - drivers n-n cars via driver_cars

Fix: remove the extra links first (a data migration), or keep the relationship many-to-many.
` + consent}

// linkMove is a relationship whose links move between a foreign-key column
// and a junction table. Tables are given on both sides: src (the database
// before) and dst (after).
type linkMove struct {
	toJunction bool // 1-n/1-1 -> n-n
	rel        *schema.Relation
	// fk is the foreign key of the child on the side that has it (src when
	// toJunction, dst otherwise); toParent and toChild are the junction's
	// keys on the other side.
	fk, toParent, toChild *schema.ForeignKey
}

// cardinality finds the relationships whose links move, before the tables
// are planned: their columns and junction tables are not dropped silently.
func (p *planner) cardinality() {
	used := map[*schema.Relation]bool{}
	for _, dr := range p.dst.Relations {
		for _, sr := range p.src.Relations {
			if used[sr] {
				continue
			}
			if mv := p.linkMoveOf(sr, dr); mv != nil {
				p.linkMoves = append(p.linkMoves, mv)
				used[sr] = true
				break
			}
		}
	}
	for _, mv := range p.linkMoves {
		if mv.toJunction {
			for _, name := range mv.fk.Columns {
				p.linksKept[mv.fk.Table.Column(name)] = true
			}
			continue
		}
		if !mv.toParent.Table.Declared {
			p.junctionMerged[mv.toParent.Table] = true // its rows are the links, and they move
		}
		for _, name := range mv.fk.Columns {
			p.linksKept[mv.fk.Table.Column(name)] = true
		}
	}
}

// linkMoveOf pairs an old relationship with a new one between the same
// tables (and role) whose cardinality changes between a foreign key and a
// junction, or returns nil.
func (p *planner) linkMoveOf(sr, dr *schema.Relation) *linkMove {
	if (sr.Kind == design.ManyToMany) == (dr.Kind == design.ManyToMany) || sr.Source == nil || dr.Source == nil || sr.Source.As != dr.Source.As {
		return nil
	}
	if sr.Kind == design.ManyToMany {
		// n-n -> 1-n: the new foreign key must be new, the junction gone.
		if len(dr.ForeignKeys) != 1 || len(sr.ForeignKeys) != 2 || sr.Junction == nil || p.m.tableBack[sr.Junction] != nil {
			return nil
		}
		fk := dr.ForeignKeys[0]
		toParent, toChild := p.junctionKeys(sr, p.m.table[fk.RefTable], p.m.table[fk.Table])
		if toParent == nil || !p.allNew(fk) {
			return nil
		}
		return &linkMove{rel: dr, fk: fk, toParent: toParent, toChild: toChild}
	}
	// 1-n -> n-n: the junction must be new, the old foreign-key columns gone.
	if len(sr.ForeignKeys) != 1 || len(dr.ForeignKeys) != 2 || dr.Junction == nil || p.m.table[dr.Junction] != nil {
		return nil
	}
	fk := sr.ForeignKeys[0]
	toParent, toChild := p.junctionKeys(dr, p.m.tableBack[fk.RefTable], p.m.tableBack[fk.Table])
	if toParent == nil {
		return nil
	}
	for _, name := range fk.Columns {
		if c := fk.Table.Column(name); c == nil || p.m.colBack[c] != nil {
			return nil
		}
	}
	return &linkMove{toJunction: true, rel: dr, fk: fk, toParent: toParent, toChild: toChild}
}

// junctionKeys returns the keys of an n-n relationship's junction to parent
// and to child (tables of the relationship's own side), in either orientation.
func (p *planner) junctionKeys(r *schema.Relation, parent, child *schema.Table) (toParent, toChild *schema.ForeignKey) {
	if parent == nil || child == nil || parent == child {
		return nil, nil
	}
	a, b := r.ForeignKeys[0], r.ForeignKeys[1]
	switch {
	case a.RefTable == parent && b.RefTable == child:
		return a, b
	case a.RefTable == child && b.RefTable == parent:
		return b, a
	}
	return nil, nil
}

// allNew reports whether every column of a dst foreign key is new.
func (p *planner) allNew(fk *schema.ForeignKey) bool {
	for _, name := range fk.Columns {
		if c := fk.Table.Column(name); c == nil || p.m.col[c] != nil {
			return false
		}
	}
	return true
}

// moveLinks writes the statements that move the links, after the tables
// and columns are planned: new columns and junctions exist (phaseAlterColumns
// runs after phaseCreateTables), old ones are not dropped yet.
func (p *planner) moveLinks() {
	for _, mv := range p.linkMoves {
		if mv.toJunction {
			p.intoJunction(mv)
		} else {
			p.fromJunction(mv)
		}
	}
}

func prefixedList(alias string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = alias + "." + q(n)
	}
	return out
}

// intoJunction inserts a junction row for every child whose old foreign key is set.
func (p *planner) intoJunction(mv *linkMove) {
	child := p.m.tableBack[mv.fk.Table]
	// The parent's key as the old key references it (dst names), and the
	// child's key as the junction references it.
	parentCols := p.colsIn(mv.fk.RefTable, mv.fk.RefColumns, true)
	if strings.Join(parentCols, ",") != strings.Join(mv.toParent.RefColumns, ",") {
		return // the junction references another key of the parent
	}
	var notNull []string
	for _, c := range prefixedList("c", mv.fk.Columns) {
		notNull = append(notNull, c+" IS NOT NULL")
	}
	cols := append(append([]string{}, mv.toParent.Columns...), mv.toChild.Columns...)
	vals := append(prefixedList("c", mv.fk.Columns), prefixedList("c", mv.toChild.RefColumns)...)
	p.add(phaseAlterColumns, fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s AS c WHERE %s",
		postgres.QualifiedTable(mv.toParent.Table), quoteList(cols), strings.Join(vals, ", "),
		postgres.QualifiedTable(child), strings.Join(notNull, " AND ")))
}

// fromJunction fills the new foreign key of every child from its junction
// rows, the link to the smallest parent key first.
func (p *planner) fromJunction(mv *linkMove) {
	dt, junction := mv.fk.Table, mv.toParent.Table
	st := p.m.table[dt]
	// The child's key as the old junction references it, in dst names.
	childCols := p.colsIn(mv.toChild.RefTable, mv.toChild.RefColumns, true)
	if strings.Join(p.colsIn(mv.toParent.RefTable, mv.toParent.RefColumns, true), ",") != strings.Join(mv.fk.RefColumns, ",") {
		return
	}
	match := make([]string, len(childCols))
	for i := range childCols {
		match[i] = "j." + q(mv.toChild.Columns[i]) + " = c." + q(childCols[i])
	}
	target := quoteList(mv.fk.Columns)
	if len(mv.fk.Columns) > 1 {
		target = "(" + target + ")"
	}
	parentKey := strings.Join(prefixedList("j", mv.toParent.Columns), ", ")
	p.add(phaseAlterColumns, fmt.Sprintf("UPDATE %s AS c SET %s = (SELECT %s FROM %s AS j WHERE %s ORDER BY %s LIMIT 1)",
		postgres.QualifiedTable(dt), target, parentKey, postgres.QualifiedTable(junction), strings.Join(match, " AND "), parentKey))
	required := false
	for _, name := range mv.fk.Columns {
		c := dt.Column(name)
		switch {
		case c == nil || c.Nullable:
		case p.online:
			required = true
			p.setNotNullOnline(dt, c) // proved by a validated check, in a later step
		default:
			required = true
			p.add(phaseAlterColumns, fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s SET NOT NULL", postgres.QualifiedTable(dt), q(name)))
		}
	}
	rel := mv.rel.Source
	what := fmt.Sprintf("relationship %s %s %s was many-to-many", rel.From.Name, rel.Kind, rel.To.Name)
	msg := fmt.Sprintf("%s: the links of %s move into %s.%s; a row of %s with more than one link keeps the one to the smallest key and loses the others",
		what, junction.QualifiedName(), dt.QualifiedName(), strings.Join(mv.fk.Columns, ", "), dt.QualifiedName())
	if required {
		msg += ", and a row without a link makes the migration fail"
	}
	p.destructive(rel.Pos, RuleDropLinks, "remove the extra links first, or keep the relationship many-to-many; `migrate diff --dsn` counts the rows", "%s", msg)
	if p.down || st == nil {
		return
	}
	// Read-only counts on the old database, for `migrate diff --dsn`.
	links := strings.Join(prefixedList("j", mv.toChild.Columns), ", ")
	groups := fmt.Sprintf("FROM %s AS j GROUP BY %s HAVING count(*) > 1", postgres.QualifiedTable(junction), links)
	p.addCheck(DataCheck{Pos: rel.Pos,
		Constraint: fmt.Sprintf("at most one link per row of %s (%s becomes one-to-%s)", dt.QualifiedName(), junction.QualifiedName(), strings.TrimPrefix(rel.Kind.String(), "1-")),
		Violations: "SELECT count(*) FROM (SELECT 1 " + groups + ") AS d",
		Examples:   "SELECT ROW(" + links + ")::text " + groups + " ORDER BY 1 LIMIT 5",
	})
	if required {
		srcMatch := make([]string, len(mv.toChild.RefColumns))
		for i, c := range mv.toChild.RefColumns {
			srcMatch[i] = "j." + q(mv.toChild.Columns[i]) + " = t." + q(c)
		}
		check := DataCheck{Pos: rel.Pos, Constraint: fmt.Sprintf("a link for every row of %s (the relationship is required)", dt.QualifiedName())}
		check.Violations, check.Examples = rowsWhere(st, fmt.Sprintf("NOT EXISTS (SELECT 1 FROM %s AS j WHERE %s)", postgres.QualifiedTable(junction), strings.Join(srcMatch, " AND ")))
		p.addCheck(check)
	}
}
