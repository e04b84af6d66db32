package seed

import (
	"fmt"
	"strings"
	"time"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// batchRows is how many rows one INSERT, COPY or UPDATE statement carries.
func (g *generator) batchRows() int {
	if g.opts.Format == Copy {
		return 10000
	}
	return 500
}

func (g *generator) write() error {
	for _, fk := range g.deferred {
		if err := g.sink.Exec(fmt.Sprintf("ALTER TABLE %s ALTER CONSTRAINT %s DEFERRABLE INITIALLY DEFERRED;",
			qualified(fk.Table), sqlname.QuoteIdent(g.opts.ForeignKeyName(fk)))); err != nil {
			return err
		}
	}
	for _, tp := range g.tables {
		if err := g.writeRows(tp); err != nil {
			return err
		}
		g.rep.Tables = append(g.rep.Tables, TableRows{Table: tp.t.QualifiedName(), Rows: tp.n})
		if err := g.live(tp); err != nil {
			return err
		}
	}
	if len(g.deferred) > 0 {
		if err := g.sink.Exec("SET CONSTRAINTS ALL IMMEDIATE;"); err != nil {
			return err
		}
		for _, fk := range g.deferred {
			if err := g.sink.Exec(fmt.Sprintf("ALTER TABLE %s ALTER CONSTRAINT %s NOT DEFERRABLE;",
				qualified(fk.Table), sqlname.QuoteIdent(g.opts.ForeignKeyName(fk)))); err != nil {
				return err
			}
		}
	}
	return nil
}

// cell is the value of column c in row number row.
func (g *generator) cell(tp *table, c *schema.Column, row int) (string, error) {
	if tp.keep[c.Name] {
		vals, err := g.keptValues(tp, c.Name)
		if err != nil {
			return "", err
		}
		return vals[row], nil
	}
	if m := stateColumn(tp.t, c); m != nil {
		return m.Initial, nil
	}
	if fc := tp.fkOf[c.Name]; fc.fk != nil {
		p := tp.picks[fc.fk][row]
		if p < 0 {
			return null, nil
		}
		vals, err := g.keptValues(g.byTable[fc.fk.RefTable], fc.fk.RefColumns[fc.pos])
		if err != nil {
			return "", err
		}
		return vals[p], nil
	}
	return tp.gens[c.Name].value(row), nil
}

// rowWriter collects rows of one table into INSERT statements or COPY
// blocks of at most batchRows rows.
type rowWriter struct {
	g    *generator
	head string // INSERT INTO t (cols) [OVERRIDING SYSTEM VALUE] VALUES, or COPY t (cols) FROM STDIN
	b    strings.Builder
	rows int
	copy bool
}

func (g *generator) newRowWriter(t *schema.Table, cols []string, override bool) *rowWriter {
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = sqlname.QuoteIdent(c)
	}
	w := &rowWriter{g: g, copy: g.opts.Format == Copy}
	if w.copy {
		w.head = fmt.Sprintf("COPY %s (%s) FROM STDIN", qualified(t), strings.Join(quoted, ", "))
	} else {
		w.head = fmt.Sprintf("INSERT INTO %s (%s)", qualified(t), strings.Join(quoted, ", "))
		if override {
			w.head += " OVERRIDING SYSTEM VALUE"
		}
		w.head += " VALUES\n"
	}
	return w
}

func (w *rowWriter) add(vals []string) error {
	if w.copy {
		for i, v := range vals {
			if i > 0 {
				w.b.WriteByte('\t')
			}
			copyText(&w.b, v)
		}
		w.b.WriteByte('\n')
	} else {
		if w.rows > 0 {
			w.b.WriteString(",\n")
		}
		w.b.WriteString("  (")
		for i, v := range vals {
			if i > 0 {
				w.b.WriteString(", ")
			}
			w.b.WriteString(literal(v))
		}
		w.b.WriteString(")")
	}
	w.rows++
	if w.rows >= w.g.batchRows() {
		return w.flush()
	}
	return nil
}

func (w *rowWriter) flush() error {
	if w.rows == 0 {
		return nil
	}
	var err error
	if w.copy {
		err = w.g.sink.Copy(w.head, []byte(w.b.String()))
	} else {
		err = w.g.sink.Exec(w.head + w.b.String() + ";")
	}
	w.b.Reset()
	w.rows = 0
	return err
}

// literal is a value as an SQL literal: quoted, or NULL.
func literal(v string) string {
	if v == null {
		return "NULL"
	}
	return sqlname.QuoteLiteral(v)
}

// copyText writes a value in COPY's text format.
func copyText(b *strings.Builder, v string) {
	if v == null {
		b.WriteString(`\N`)
		return
	}
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteByte(c)
		}
	}
}

func (g *generator) writeRows(tp *table) error {
	if tp.n == 0 || len(tp.written) == 0 {
		if tp.n > 0 {
			// Every column comes from the database.
			for i := 0; i < tp.n; i++ {
				if err := g.sink.Exec(fmt.Sprintf("INSERT INTO %s DEFAULT VALUES;", qualified(tp.t))); err != nil {
					return err
				}
			}
		}
		return nil
	}
	names := make([]string, len(tp.written))
	for i, c := range tp.written {
		names[i] = c.Name
	}
	w := g.newRowWriter(tp.t, names, tp.overrideIdentity)
	vals := make([]string, len(tp.written))
	index := map[string]int{}
	for i, c := range tp.written {
		index[c.Name] = i
	}
	lookup := func(name string) (string, bool) {
		if i, ok := index[name]; ok {
			return vals[i], true
		}
		return "", false
	}
	story := storyColumns(tp)
	updatedCol, walked := -1, (*lived)(nil)
	if len(story) > 0 && len(tp.t.Machines) > 0 && len(tp.t.PrimaryKey) > 0 {
		if c := walkedTimeColumn(tp.t); c != nil {
			updatedCol, walked = index[c.Name], g.walksOf(tp)
		}
	}
	arrange := func(row int) {
		if len(story) == 0 {
			return
		}
		var lastMove time.Time
		if walked != nil {
			lastMove = walked.lastMove[row]
		}
		orderTimes(story, vals, rowTime(row, tp.n), lastMove, updatedCol)
	}
	for row := 0; row < tp.n; row++ {
		for i, c := range tp.written {
			v, err := g.cell(tp, c, row)
			if err != nil {
				return err
			}
			vals[i] = v
		}
		// The times are put in story order before and after the row checks
		// are satisfied; a check on the times (read_at >= delivered_at) has
		// the last word.
		arrange(row)
		if err := g.satisfyRowChecks(tp, row, vals, index, lookup); err != nil {
			return err
		}
		if len(story) > 0 && len(tp.rowChecks) > 0 {
			arrange(row)
			if err := g.satisfyRowChecks(tp, row, vals, index, lookup); err != nil {
				return err
			}
		}
		if err := w.add(vals); err != nil {
			return err
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	// Keys written by hand leave the sequences behind them at their start.
	for _, c := range tp.written {
		if c.Identity != "" || c.TypeInfo.IsSerial() {
			col := sqlname.QuoteIdent(c.Name)
			if err := g.sink.Exec(fmt.Sprintf("SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(%s, %s), max(%s)) FROM %s HAVING max(%s) IS NOT NULL;",
				sqlname.QuoteLiteral(qualified(tp.t)), sqlname.QuoteLiteral(c.Name), col, qualified(tp.t), col)); err != nil {
				return err
			}
		}
	}
	return nil
}

// redraws is how many times a row's free columns are drawn again to satisfy
// the checks that read several columns.
const redraws = 60

// satisfyRowChecks draws the columns that a failing row check reads again
// (plain columns, and foreign keys that nothing else constrains) until every
// row check holds; a row that still fails is noted once per check.
func (g *generator) satisfyRowChecks(tp *table, row int, vals []string, index map[string]int, lookup func(string) (string, bool)) error {
	if len(tp.rowChecks) == 0 {
		return nil
	}
	for try := 0; try < redraws; try++ {
		var bad *rowCheck
		for _, rc := range tp.rowChecks {
			if !rc.holds(lookup) {
				bad = rc
				break
			}
		}
		if bad == nil {
			return nil
		}
		// Later draws lean on NULL: a check such as `id <> 1 OR (a IS NULL
		// AND b IS NULL AND ...)` holds only when many columns are NULL at once.
		nullOdds := 0.3
		if try >= redraws/2 {
			nullOdds = 0.9
		}
		for _, name := range bad.columns {
			i, written := index[name]
			if !written || tp.keep[name] {
				continue
			}
			if gen := tp.gens[name]; gen != nil && !gen.unique {
				vals[i] = gen.value(row)
				if tp.t.Column(name).Nullable && tp.repair.Float64() < nullOdds {
					vals[i] = null
				}
				continue
			}
			fc := tp.fkOf[name]
			if fc.fk == nil || !g.repickable(tp, fc.fk) {
				continue
			}
			m := g.byTable[fc.fk.RefTable].n
			tp.picks[fc.fk][row] = int32(tp.repair.IntN(m))
			if fc.fk.Optional && tp.repair.Float64() < nullOdds {
				tp.picks[fc.fk][row] = -1
			}
			for _, col := range fc.fk.Columns {
				if j, ok := index[col]; ok {
					v, err := g.cell(tp, tp.written[j], row)
					if err != nil {
						return err
					}
					vals[j] = v
				}
			}
		}
	}
	for _, rc := range tp.rowChecks {
		if !rc.holds(lookup) && !tp.broken[rc] {
			tp.broken[rc] = true
			c := tp.t.Column(rc.column)
			g.note(c.Pos, tp.t, rc.column, "check (%s) could not be satisfied in row %d after %d draws of its columns; the database will reject the row", rc.expr, row+1, redraws)
		}
	}
	return nil
}

// repickable reports whether a row's parent for fk may change without
// breaking a unique constraint, a reference ahead or a kept column.
func (g *generator) repickable(tp *table, fk *schema.ForeignKey) bool {
	parent := g.byTable[fk.RefTable]
	if parent == nil || parent == tp || parent.order > tp.order || parent.n == 0 || tp.uniqueFK[fk] {
		return false
	}
	for _, p := range tp.pairs {
		if p[0] == fk || p[1] == fk {
			return false
		}
	}
	for _, col := range fk.Columns {
		if tp.keep[col] {
			return false
		}
	}
	return true
}
