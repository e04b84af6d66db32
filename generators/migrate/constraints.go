package migrate

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
)

// constraint is a primary key, unique, check or foreign-key constraint, or
// an index, described by a signature in the target design's terms (column and
// table names as dst calls them), so that an old constraint on renamed
// columns matches the new one and is renamed rather than re-created.
type constraint struct {
	sig    string
	name   string
	index  bool          // an index, not a table constraint
	create func() string // the statement that adds it (dst side), built only when needed
	inline bool          // created with its column (ADD COLUMN carries it)
	fk     *schema.ForeignKey
	cols   []string       // the columns it covers (own side's names)
	check  string         // a check constraint's expression (own side's names)
	unique *schema.Unique // a multi-column unique constraint, for its options
	pos    design.Pos
	// reads is the SQL text the constraint or index reads (columns,
	// expressions, predicate; own side's names), and literals whether it
	// may compare a column with a literal (a check, an expression, a predicate).
	reads    string
	literals bool
}

// colsIn translates column names of table t (on side src when fromSrc) into dst names.
func (p *planner) colsIn(t *schema.Table, cols []string, fromSrc bool) []string {
	out := make([]string, len(cols))
	for i, name := range cols {
		out[i] = name
		if !fromSrc {
			continue
		}
		c := t.Column(name)
		if c == nil {
			continue
		}
		if dc := p.m.colBack[c]; dc != nil {
			out[i] = dc.Name
		} else {
			out[i] = "\x00dropped " + name
		}
	}
	return out
}

// exprIn rewrites the identifiers of an SQL expression on table t that name
// src columns into their dst names; string literals are left alone.
func (p *planner) exprIn(t *schema.Table, expr string, fromSrc bool) string {
	if !fromSrc || expr == "" {
		return expr
	}
	return renameIdents(expr, func(word string) string {
		if c := t.Column(word); c != nil {
			if dc := p.m.colBack[c]; dc != nil {
				return dc.Name
			}
		}
		return word
	})
}

// renameIdents rewrites the identifiers of an SQL expression with rename;
// string literals are left alone.
func renameIdents(expr string, rename func(string) string) string {
	var b strings.Builder
	for i := 0; i < len(expr); {
		ch := expr[i]
		switch {
		case ch == '\'':
			j := i + 1
			for j < len(expr) {
				if expr[j] == '\'' {
					if j+1 < len(expr) && expr[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			if j < len(expr) {
				j++
			}
			b.WriteString(expr[i:j])
			i = j
		case identStart(ch):
			j := i
			for j < len(expr) && (identStart(expr[j]) || expr[j] == '$' || expr[j] >= '0' && expr[j] <= '9') {
				j++
			}
			b.WriteString(rename(expr[i:j]))
			i = j
		default:
			b.WriteByte(ch)
			i++
		}
	}
	return b.String()
}

// identStart reports whether a byte can start an SQL identifier: a letter, an
// underscore, or any byte of a multi-byte UTF-8 letter.
func identStart(ch byte) bool {
	return ch == '_' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= 0x80
}

// tableKey names a table in dst terms.
func (p *planner) tableKey(t *schema.Table, fromSrc bool) string {
	if fromSrc {
		dt := p.m.tableBack[t]
		if dt == nil {
			return "\x00dropped " + t.QualifiedName()
		}
		t = dt
	}
	return t.QualifiedName()
}

// constraintsOf lists the constraints and indexes of a table, src side or dst side.
func (p *planner) constraintsOf(t *schema.Table, fromSrc bool, newCols map[*schema.Column]bool) []*constraint {
	var out []*constraint
	names := postgres.NamesOf(t)
	table := func() string { return postgres.QualifiedTable(t) }
	if len(t.PrimaryKey) > 0 {
		name := names.PrimaryKey()
		out = append(out, &constraint{
			sig: "p:" + strings.Join(p.colsIn(t, t.PrimaryKey, fromSrc), ","), name: name, cols: t.PrimaryKey, pos: t.Pos,
			create: func() string {
				return fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s PRIMARY KEY (%s)", table(), q(name), quoteList(t.PrimaryKey))
			},
		})
	}
	pkKey := strings.Join(t.PrimaryKey, ",")
	seen := map[string]bool{}
	for _, c := range t.Columns {
		if !c.Unique || len(t.PrimaryKey) == 1 && t.PrimaryKey[0] == c.Name {
			continue
		}
		seen[c.Name] = true
		name, col := names.Unique([]string{c.Name}), c.Name
		out = append(out, &constraint{
			sig: "u:" + p.colsIn(t, []string{c.Name}, fromSrc)[0], name: name, cols: []string{c.Name}, inline: newCols[c], pos: c.Pos,
			create: func() string {
				return fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s UNIQUE (%s)", table(), q(name), q(col))
			},
		})
	}
	for _, u := range t.Uniques {
		k := strings.Join(u.Columns, ",")
		if k == pkKey || seen[k] {
			continue
		}
		seen[k] = true
		name, u := names.Unique(u.Columns), u
		sig := "u:" + strings.Join(p.colsIn(t, u.Columns, fromSrc), ",")
		if u.Deferrable != "" || u.NullsNotDistinct {
			// Another option is another constraint: dropped and added again.
			sig += fmt.Sprintf(" %s %v", u.Deferrable, u.NullsNotDistinct)
		}
		out = append(out, &constraint{
			sig: sig, name: name, cols: u.Columns, pos: u.Pos, unique: u,
			create: func() string {
				return fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s", table(), q(name)) + postgres.UniqueClause(u)
			},
		})
	}
	for _, c := range t.Columns {
		if c.Check == "" {
			continue
		}
		name, check := names.Check(c), c.Check
		out = append(out, &constraint{
			sig:  "c:" + p.colsIn(t, []string{c.Name}, fromSrc)[0] + ":" + p.exprIn(t, c.Check, fromSrc),
			name: name, cols: []string{c.Name}, inline: newCols[c], check: check, pos: c.Pos, reads: check, literals: true,
			create: func() string {
				return fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s)", table(), q(name), check)
			},
		})
	}
	for _, fk := range t.ForeignKeys {
		ref := "\x00"
		if fk.RefTable != nil {
			ref = p.tableKey(fk.RefTable, fromSrc) + "(" + strings.Join(p.colsIn(fk.RefTable, fk.RefColumns, fromSrc), ",") + ")"
		}
		out = append(out, &constraint{
			sig: "f:" + p.tableKey(t, fromSrc) + "(" + strings.Join(p.colsIn(t, fk.Columns, fromSrc), ",") + ")->" + ref + " " +
				deleteAction(fk.OnDelete) + " " + fk.OnUpdate + deferrableSig(fk.Deferrable) + notValidSig(fk.NotValid),
			name: names.ForeignKey(fk), fk: fk, cols: fk.Columns, pos: fkPos(fk), create: func() string { return postgres.AddForeignKey(fk) },
		})
	}
	for _, ix := range t.Indexes {
		cols := make([]string, len(ix.Columns))
		literals := ix.Where != ""
		for i, c := range ix.Columns {
			c = strings.TrimSpace(c)
			if strings.HasPrefix(c, "(") {
				literals = true
				cols[i] = p.exprIn(t, c, fromSrc)
				continue
			}
			name, rest, _ := strings.Cut(c, " ")
			cols[i] = strings.TrimSpace(p.colsIn(t, []string{name}, fromSrc)[0] + " " + strings.ToLower(strings.TrimSpace(rest)))
		}
		using := ix.Using
		if using == "" {
			using = "btree"
		}
		out = append(out, &constraint{
			sig: fmt.Sprintf("i:%v:%s:%s:%s", ix.Unique, using, strings.Join(cols, ","), p.exprIn(t, ix.Where, fromSrc)) +
				includeSig(p.colsIn(t, ix.Include, fromSrc)),
			name: names.Index(ix), index: true, pos: ix.Pos, create: func() string { return postgres.CreateIndex(t, ix) },
			reads: strings.Join(ix.Columns, " ") + " " + ix.Where, literals: literals,
		})
	}
	return out
}

// fkColumnsKey is the part of a foreign key's signature that existing rows
// must satisfy: its columns and what they reference, not its actions.
func fkColumnsKey(sig string) string {
	key, _, _ := strings.Cut(sig, " ")
	return "fkcols:" + key
}

// fkPos is where a foreign key comes from: its relationship, or its table.
func fkPos(fk *schema.ForeignKey) design.Pos {
	if fk.Relation != nil && fk.Relation.Source != nil {
		return fk.Relation.Source.Pos
	}
	return fk.Table.Pos
}

func deleteAction(a string) string {
	if a == "" {
		return "restrict"
	}
	return a
}

func quoteList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = q(n)
	}
	return strings.Join(out, ", ")
}

// constraints drops, renames and adds constraints and indexes. A foreign key
// is re-created when its columns change type or the key it references is
// re-created, since PostgreSQL ties it to that key's index.
func (p *planner) constraints() {
	type pending struct {
		dt *schema.Table
		c  *constraint
	}
	var fks []pending
	srcFKs := map[*schema.Table][]*constraint{}
	for _, st := range p.src.Tables {
		if p.m.tableBack[st] != nil {
			continue
		}
		// A dropped table: its foreign keys go first, so tables can be dropped in any order.
		for _, c := range p.constraintsOf(st, true, nil) {
			if c.fk != nil {
				p.add(phaseDropForeignKeys, fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", postgres.QualifiedTable(st), q(c.name)))
			}
		}
	}
	for _, dt := range p.dst.Tables {
		st := p.m.table[dt]
		// New columns carry their own UNIQUE and CHECK constraints, except on
		// a busy table, where they are added the safe way (online.go).
		newCols := map[*schema.Column]bool{}
		for _, c := range dt.Columns {
			if st == nil || p.m.col[c] == nil && !p.online {
				newCols[c] = true
			}
		}
		dcs := p.constraintsOf(dt, false, newCols)
		if st == nil {
			for _, c := range dcs {
				switch {
				case c.fk != nil:
					fks = append(fks, pending{dt, c})
				case c.index:
					p.add(phaseAddConstraints, c.create())
				}
			}
			continue
		}
		have := sameSignature{}
		existed := map[string]bool{}
		var scs []*constraint
		for _, c := range p.constraintsOf(st, true, nil) {
			existed[c.sig] = true
			if c.fk != nil {
				existed[fkColumnsKey(c.sig)] = true
			}
			if c.fk != nil {
				srcFKs[st] = append(srcFKs[st], c)
				continue
			}
			scs = append(scs, c)
			if p.anyTypeChanged(st, c.cols) && !c.index && !strings.HasPrefix(c.sig, "c:") {
				continue // re-created: dropped below, added again after the type change
			}
			if p.dependsOnRebuild(st, c) {
				continue // re-created around an enum rebuild (enum_rebuild.go)
			}
			have[c.sig] = append(have[c.sig], c)
		}
		kept := map[*constraint]bool{}
		for _, dc := range dcs {
			if !existed[dc.sig] && (dc.fk == nil || !existed[fkColumnsKey(dc.sig)]) {
				p.dataCheck(dt, dc)
			}
			if dc.fk != nil {
				fks = append(fks, pending{dt, dc})
				continue
			}
			if sc := have.pick(dc, kept); sc != nil {
				kept[sc] = true
				p.rename(dt, sc, dc)
				continue
			}
			if !dc.inline {
				p.addConstraint(dt, dc)
			}
		}
		for _, sc := range scs {
			if kept[sc] {
				continue
			}
			if strings.HasPrefix(sc.sig, "p:") || strings.HasPrefix(sc.sig, "u:") {
				p.droppedKeys[p.tableKey(st, true)+"("+strings.Join(p.colsIn(st, sc.cols, true), ",")+")"] = true
			}
			p.dropConstraint(st, sc)
		}
	}
	// Foreign keys last: they depend on the keys they reference.
	have := sameSignature{}
	for _, st := range p.src.Tables {
		for _, c := range srcFKs[st] {
			if !p.fkBroken(st, c) {
				have[c.sig] = append(have[c.sig], c)
			}
		}
	}
	kept := map[*constraint]bool{}
	for _, f := range fks {
		if sc := have.pick(f.c, kept); sc != nil {
			kept[sc] = true
			p.rename(f.dt, sc, f.c)
			continue
		}
		p.addForeignKey(f.dt, f.c)
	}
	for _, st := range p.src.Tables {
		for _, c := range srcFKs[st] {
			if !kept[c] {
				p.add(phaseDropForeignKeys, fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", postgres.QualifiedTable(st), q(c.name)))
			}
		}
	}
}

// sameSignature lists the src constraints of each signature: a table may
// have two identical indexes under two names.
type sameSignature map[string][]*constraint

// pick returns the src constraint a dst one keeps: of the same signature,
// not kept yet, the one of the same name first.
func (s sameSignature) pick(dc *constraint, kept map[*constraint]bool) *constraint {
	var first *constraint
	for _, sc := range s[dc.sig] {
		if kept[sc] {
			continue
		}
		if sc.name == dc.name {
			return sc
		}
		if first == nil {
			first = sc
		}
	}
	return first
}

func (p *planner) anyTypeChanged(t *schema.Table, cols []string) bool {
	for _, name := range cols {
		if c := t.Column(name); c != nil && p.typeChanged[c] {
			return true
		}
	}
	return false
}

// fkBroken reports whether a src foreign key must be re-created even if its
// signature is unchanged.
func (p *planner) fkBroken(st *schema.Table, c *constraint) bool {
	fk := c.fk
	if p.anyTypeChanged(st, fk.Columns) || fk.RefTable == nil || p.anyTypeChanged(fk.RefTable, fk.RefColumns) {
		return true
	}
	if p.anyConverted(st, fk.Columns) || p.anyConverted(fk.RefTable, fk.RefColumns) {
		return true // both sides must be converted before the key can hold again
	}
	return p.droppedKeys[p.tableKey(fk.RefTable, true)+"("+strings.Join(p.colsIn(fk.RefTable, fk.RefColumns, true), ",")+")"]
}

// rename gives a kept constraint or index its dst name.
func (p *planner) rename(dt *schema.Table, sc, dc *constraint) {
	if sc.name == dc.name {
		return
	}
	if sc.index {
		p.renameIndex(dt.Schema, sc.name, dc.name)
		return
	}
	p.renameConstraint(dt.Schema, postgres.QualifiedTable(dt), sc.name, dc.name)
}

func (p *planner) dropConstraint(st *schema.Table, sc *constraint) {
	if sc.index {
		p.dropIndex(st, sc)
		return
	}
	p.add(phaseDropConstraints, fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", postgres.QualifiedTable(st), q(sc.name)))
}

// notValidSig is the part of a foreign key's signature that says it is NOT
// VALID, so that declaring or dropping `not_valid` changes the key.
func notValidSig(notValid bool) string {
	if notValid {
		return " not valid"
	}
	return ""
}
