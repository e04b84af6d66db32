package migrate

import (
	"fmt"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
)

// An enum type that is rebuilt (rebuild, in enums.go) takes its columns
// with it, and PostgreSQL refuses to convert a column while something reads
// it with the old type: an index predicate or expression, or a check, that
// compares it with a literal (the literal is stored as the old type), a
// foreign key between two columns of the type (converted one after the
// other), a generated column computed from it. The design knows all of them,
// on both sides, so nothing is asked of the database:
//
//	indexes and checks that read a converted column through an expression
//	             dropped before, created again after (online: concurrently, NOT VALID + VALIDATE)
//	foreign keys from or to a converted column
//	             dropped before, added again after
//	generated columns that read a converted column (or are of the type)
//	             dropped before with their indexes and constraints, added again after
//	             (their values are recomputed from the converted columns)
//	defaults and state-machine triggers
//	             dropped and set again (enums.go)

// RuleEnumReorder names the warning of an enum whose values only change order.
const RuleEnumReorder = "enum-reorder"

var ruleEnumReorder = &design.Rule{Name: RuleEnumReorder, Severity: design.Warning, Doc: `An enum's values change order, and no value is added or removed.

PostgreSQL cannot reorder the values of an enum type: the type is rebuilt and
every column of it converted, which rewrites those tables (under ACCESS
EXCLUSIVE) and re-creates the indexes, checks, foreign keys and generated
columns that read them. The values stay; what changes is their order: ORDER BY,
<, > and min() on those columns follow the new order.

Bad:
    enums:
      priority: [high, low, medium]   # was: [low, medium, high], only to read better
Good:
    enums:
      priority: [low, medium, high]

Fix: keep the old order unless queries need the new one; then run the migration at a quiet time.`}

// reordered warns about an enum whose values only change order.
func (p *planner) reordered(se, de *schema.Enum) {
	if p.down {
		return // the down migration restores the order the up migration changed
	}
	p.diags = append(p.diags, design.Diagnostic{Pos: de.Pos, Severity: design.Warning, Rule: RuleEnumReorder,
		Message: fmt.Sprintf("%s %s changes the order of its values: the type is rebuilt and its columns converted (a table rewrite); ORDER BY and comparisons follow the new order",
			kindName(de), de.Name),
		Hint: "keep the old order unless queries need the new one"})
}

// anyConverted reports whether one of the named columns of a src table is converted to a rebuilt type.
func (p *planner) anyConverted(t *schema.Table, cols []string) bool {
	for _, name := range cols {
		if c := t.Column(name); c != nil && p.converted[c] {
			return true
		}
	}
	return false
}

// dependsOnRebuild reports whether a src constraint or index must be dropped
// before an enum rebuild and created again after: it compares a converted
// column with a literal, or covers a generated column that is added again.
func (p *planner) dependsOnRebuild(st *schema.Table, c *constraint) bool {
	for _, name := range c.cols {
		if col := st.Column(name); col != nil && p.readded[col] {
			return true
		}
	}
	found := false
	renameIdents(c.reads, func(word string) string {
		if col := st.Column(word); col != nil && (p.readded[col] || c.literals && p.converted[col]) {
			found = true
		}
		return word
	})
	return found
}

// readd records a generated column to drop before the rebuild and add again after.
func (p *planner) readd(dt *schema.Table, sc, dc *schema.Column) {
	if p.readded[dc] {
		return
	}
	p.readded[sc], p.readded[dc] = true, true
	p.readds = append(p.readds, readdedColumn{dt, sc, dc})
}

// readdedColumn is a generated column dropped and added again around a rebuild.
type readdedColumn struct {
	dt     *schema.Table // its table, dst side
	sc, dc *schema.Column
}

// dependentGenerated finds the generated columns, on tables that stay,
// whose expression reads a column converted to a rebuilt type.
func (p *planner) dependentGenerated() {
	if len(p.converted) == 0 {
		return
	}
	for _, dt := range p.dst.Tables {
		st := p.m.table[dt]
		if st == nil {
			continue
		}
		for _, dc := range dt.Columns {
			sc := p.m.col[dc]
			if sc == nil || sc.Generated == "" || dc.Generated == "" {
				continue
			}
			renameIdents(sc.Generated, func(word string) string {
				if col := st.Column(word); col != nil && p.converted[col] {
					p.readd(dt, sc, dc)
				}
				return word
			})
		}
	}
}

// readdGenerated drops the generated columns found by dependentGenerated,
// after the constraints and indexes that cover them (old names), and adds
// them again once their columns are converted, without their own UNIQUE and
// CHECK, which constraints() adds again.
func (p *planner) readdGenerated() {
	for _, r := range p.readds {
		sc, dc, dt, st := r.sc, r.dc, r.dt, p.m.table[r.dt]
		p.add(phaseDropConstraints, fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s", postgres.QualifiedTable(st), q(sc.Name)))
		p.add(phaseAlterColumns, fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s", postgres.QualifiedTable(dt), p.columnWithoutConstraints(dt, dc)))
	}
}
