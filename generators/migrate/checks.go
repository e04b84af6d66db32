package migrate

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
)

// DataCheck is a new constraint that rows already in the database may
// violate, which would make the migration fail during the deploy. Its
// queries run on a database of the old design (old table and column names),
// read-only, so that `migrate diff --dsn` can count the offending rows before
// the migration runs.
type DataCheck struct {
	// Pos is where the design adds the constraint.
	Pos design.Pos
	// Constraint describes it: "CHECK orders_currency_check (currency = 'usd') on orders".
	Constraint string
	// Violations is a query that returns one bigint: how many rows violate the
	// constraint (for UNIQUE: how many values are held by more than one row).
	Violations string
	// Examples is a query that returns up to five offending keys as text: the
	// primary keys of violating rows, or duplicated values.
	Examples string
}

// srcColumns names dst columns of dt the way the old database does; ok is
// false when one of them is new (a new column holds its default or NULL,
// nothing that existed before).
func (p *planner) srcColumns(dt *schema.Table, cols []string) (names []string, ok bool) {
	for _, name := range cols {
		dc := dt.Column(name)
		if dc == nil || p.m.col[dc] == nil {
			return nil, false
		}
		names = append(names, p.m.col[dc].Name)
	}
	return names, true
}

// keyOf is the text of a row's primary key in the old database, for examples.
func keyOf(st *schema.Table, alias string) string {
	if len(st.PrimaryKey) == 0 {
		return alias + ".ctid::text"
	}
	cols := make([]string, len(st.PrimaryKey))
	for i, c := range st.PrimaryKey {
		cols[i] = alias + "." + q(c)
	}
	return "ROW(" + strings.Join(cols, ", ") + ")::text"
}

// rowsWhere builds the two queries of a check that counts the rows of st matching cond.
func rowsWhere(st *schema.Table, cond string) (count, examples string) {
	table := postgres.QualifiedTable(st)
	count = fmt.Sprintf("SELECT count(*) FROM %s AS t WHERE %s", table, cond)
	examples = fmt.Sprintf("SELECT %s FROM %s AS t WHERE %s ORDER BY 1 LIMIT 5", keyOf(st, "t"), table, cond)
	return count, examples
}

// dataCheck records the check of a new constraint of a table that existed,
// on columns that existed. Only the up migration is checked.
func (p *planner) dataCheck(dt *schema.Table, c *constraint) {
	st := p.m.table[dt]
	if p.down || st == nil {
		return
	}
	cols, ok := p.srcColumns(dt, c.cols)
	if !ok || c.index {
		return
	}
	prefixed := func(names []string, alias string) []string {
		out := make([]string, len(names))
		for i, n := range names {
			out[i] = alias + "." + q(n)
		}
		return out
	}
	notNull := func(names []string) string {
		out := make([]string, len(names))
		for i, n := range names {
			out[i] = n + " IS NOT NULL"
		}
		return strings.Join(out, " AND ")
	}
	check := DataCheck{Pos: c.pos}
	switch c.sig[0] {
	case 'c':
		newColumn := false
		expr := renameIdents(c.check, func(word string) string {
			dc := dt.Column(word)
			switch {
			case dc == nil:
				return word
			case p.m.col[dc] == nil:
				newColumn = true
				return word
			}
			return p.m.col[dc].Name
		})
		if newColumn {
			return // the old database lacks a column the check reads
		}
		check.Constraint = fmt.Sprintf("CHECK %s (%s) on %s", c.name, c.check, dt.QualifiedName())
		check.Violations, check.Examples = rowsWhere(st, "NOT ("+expr+")")
	case 'u':
		list := strings.Join(prefixed(cols, "t"), ", ")
		groups := fmt.Sprintf("FROM %s AS t WHERE %s GROUP BY %s HAVING count(*) > 1", postgres.QualifiedTable(st), notNull(prefixed(cols, "t")), list)
		check.Constraint = fmt.Sprintf("UNIQUE %s (%s) on %s", c.name, strings.Join(c.cols, ", "), dt.QualifiedName())
		check.Violations = "SELECT count(*) FROM (SELECT 1 " + groups + ") AS d"
		check.Examples = "SELECT ROW(" + list + ")::text " + groups + " ORDER BY 1 LIMIT 5"
	case 'f':
		rt := p.m.table[c.fk.RefTable]
		if rt == nil {
			return // a new referenced table is empty: only rows with NULL keys pass, and the columns are new too
		}
		refCols, ok := p.srcColumns(c.fk.RefTable, c.fk.RefColumns)
		if !ok {
			return
		}
		own, ref := prefixed(cols, "t"), prefixed(refCols, "r")
		match := make([]string, len(own))
		for i := range own {
			match[i] = ref[i] + " = " + own[i]
		}
		cond := fmt.Sprintf("%s AND NOT EXISTS (SELECT 1 FROM %s AS r WHERE %s)", notNull(own), postgres.QualifiedTable(rt), strings.Join(match, " AND "))
		check.Constraint = fmt.Sprintf("FOREIGN KEY %s (%s) on %s", c.name, strings.Join(c.cols, ", "), dt.QualifiedName())
		check.Violations, check.Examples = rowsWhere(st, cond)
	default:
		return
	}
	p.addCheck(check)
}

// notNullCheck records the check of an existing column that becomes NOT
// NULL with nothing to fill its NULLs.
func (p *planner) notNullCheck(dt *schema.Table, sc, dc *schema.Column) {
	st := p.m.table[dt]
	if p.down || st == nil {
		return
	}
	check := DataCheck{Pos: dc.Pos, Constraint: fmt.Sprintf("NOT NULL on %s.%s", dt.QualifiedName(), dc.Name)}
	check.Violations, check.Examples = rowsWhere(st, "t."+q(sc.Name)+" IS NULL")
	p.addCheck(check)
}

func (p *planner) addCheck(c DataCheck) {
	p.checks = append(p.checks, c)
	p.diags = append(p.diags, design.Diagnostic{
		Pos: c.Pos, Severity: design.Warning, Rule: RuleExistingRows,
		Message: c.Constraint + ": the migration fails if rows already in the table violate it",
		Hint:    "count them before the deploy: `schemagen migrate diff --dsn postgres://... OLD NEW`",
	})
}
