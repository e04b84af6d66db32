package importsql

import (
	"strings"

	"github.com/schemagen/schemagen/design"
	"gopkg.in/yaml.v3"
)

// relationship is one entry of the design's `relationships`, short or map form.
type relationship struct {
	short  string
	m      [][2]any // key/value pairs of the map form, in order
	parent *entity
	child  *entity
}

// fkColumnsNamed reports whether columns are what the resolver would name them for
// a parent whose singular is singular and referenced key refs, and with which role.
func fkColumnsNamed(columns, refs []string, singular string) (role string, ok bool) {
	if len(columns) != len(refs) || len(columns) == 0 {
		return "", false
	}
	suffix := func(ref string) string {
		if p := singular + "_"; strings.HasPrefix(ref, p) && len(ref) > len(p) {
			return ref[len(p):]
		}
		return ref
	}
	s0 := suffix(refs[0])
	if !strings.HasSuffix(columns[0], "_"+s0) || len(columns[0]) <= len(s0)+1 {
		return "", false
	}
	role = columns[0][:len(columns[0])-len(s0)-1]
	if role == singular {
		role = ""
	}
	for i := range columns {
		if design.ForeignKeyColumnName(role, singular, refs[i]) != columns[i] {
			return "", false
		}
	}
	return role, true
}

func sameStrings(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
		if m[x] < 0 {
			return false
		}
	}
	return true
}

// resolvedFK is a foreign key with its parent entity, columns ordered like the parent's design key.
type resolvedFK struct {
	fk       *sqlFK
	parent   *entity
	columns  []string
	refs     []string
	refsIsPK bool
}

func (b *builder) resolveFK(e *entity, fk *sqlFK) *resolvedFK {
	pt := b.c.lookup(fk.refSchema, fk.refTable)
	if pt == nil {
		b.c.skip("foreign keys to tables not created in the file", fk.loc)
		return nil
	}
	p := b.byTable[pt]
	refs := fk.refColumns
	if len(refs) == 0 {
		if pt.pk == nil {
			b.c.skip("foreign keys to tables not created in the file", fk.loc)
			return nil
		}
		refs = pt.pk.columns
	}
	r := &resolvedFK{fk: fk, parent: p, columns: append([]string{}, fk.columns...), refs: append([]string{}, refs...)}
	pk := p.pk
	if p.implicit {
		pk = []string{"id"}
	}
	if sameSet(r.refs, pk) && len(r.refs) == len(r.columns) {
		// Reorder the pairs to the parent's key order.
		cols := make([]string, len(pk))
		for i, k := range pk {
			for j, ref := range r.refs {
				if ref == k {
					cols[i] = r.columns[j]
				}
			}
		}
		r.columns, r.refs, r.refsIsPK = cols, append([]string{}, pk...), true
	}
	return r
}

// relationships turns the foreign keys into relationships: n-n through junction tables, then 1-1 and 1-n.
func (b *builder) relationships() {
	for _, e := range b.entities {
		var fks []*resolvedFK
		for _, fk := range e.t.fks {
			if r := b.resolveFK(e, fk); r != nil {
				fks = append(fks, r)
			}
		}
		used := map[*resolvedFK]bool{}
		if a, bb := b.junction(e, fks); a != nil {
			used[a], used[bb] = true, true
			b.manyToMany(e, a, bb)
		}
		for _, r := range fks {
			if !used[r] {
				b.oneToX(e, r)
			}
		}
	}
}

// junction finds the two foreign keys that make up the table's whole primary key.
func (b *builder) junction(e *entity, fks []*resolvedFK) (*resolvedFK, *resolvedFK) {
	if len(e.pk) < 2 {
		return nil, nil
	}
	for i := 0; i < len(fks); i++ {
		for j := i + 1; j < len(fks); j++ {
			a, c := fks[i], fks[j]
			all := append(append([]string{}, a.columns...), c.columns...)
			if !sameSet(all, e.pk) || !a.refsIsPK || !c.refsIsPK {
				continue
			}
			if a.fk.onDelete != c.fk.onDelete || a.fk.onUpdate != c.fk.onUpdate || a.fk.deferrable != "" || c.fk.deferrable != "" || a.fk.notValid || c.fk.notValid {
				continue
			}
			if b.fkTypeMismatch(e, a) || b.fkTypeMismatch(e, c) {
				continue
			}
			return a, c
		}
	}
	return nil, nil
}

func (b *builder) manyToMany(j *entity, a, c *resolvedFK) {
	rel := &relationship{parent: a.parent, child: j}
	_, okA := fkColumnsNamed(a.columns, a.refs, a.parent.singular)
	roleA, _ := fkColumnsNamed(a.columns, a.refs, a.parent.singular)
	roleC, okC := fkColumnsNamed(c.columns, c.refs, c.parent.singular)
	selfRef := a.parent == c.parent
	if okA && roleA == "" && okC && !(selfRef && roleC == "") {
		rel.short = a.parent.key + " n-n " + c.parent.key + " via " + j.key
		if roleC != "" {
			rel.short += " as " + roleC
		}
		rel.short += onDeleteSuffix(a.fk.onDelete)
		if a.fk.onUpdate != "no action" {
			rel.short = ""
		}
	}
	if rel.short == "" {
		rel.m = [][2]any{{"many", a.parent.key}, {"many_of", c.parent.key}, {"via", j.key}}
		if !(okA && roleA == "" && okC) {
			rel.m = append(rel.m, [2]any{"columns", append(append([]string{}, a.columns...), c.columns...)})
		}
		if selfRef {
			role := roleC
			if role == "" {
				role = "other_" + c.parent.singular
			}
			rel.m = append(rel.m, [2]any{"as", role})
		} else if okC && roleC != "" && okA && roleA == "" {
			rel.m = append(rel.m, [2]any{"as", roleC})
		}
		rel.m = appendActions(rel.m, a.fk)
	}
	b.rels = append(b.rels, rel)
}

func onDeleteSuffix(action string) string {
	if action == "restrict" {
		return ""
	}
	return " on delete " + action
}

func appendActions(m [][2]any, fk *sqlFK) [][2]any {
	if fk.onDelete != "restrict" {
		m = append(m, [2]any{"on_delete", fk.onDelete})
	}
	if fk.onUpdate != "no action" {
		m = append(m, [2]any{"on_update", fk.onUpdate})
	}
	return m
}

// fkTypeMismatch reports whether a declared foreign-key column's type differs from
// the type the resolver would give it; such a column is left to the relationship to create.
func (b *builder) fkTypeMismatch(e *entity, r *resolvedFK) bool {
	for i, name := range r.columns {
		f := e.field(name)
		pf := r.parent.field(r.refs[i])
		if f == nil || pf == nil {
			if r.parent.implicit && r.refs[i] == "id" && f != nil && f.typ == "bigint" {
				continue
			}
			return true
		}
		want, ok1 := design.ParseType(pf.typ)
		got, ok2 := design.ParseType(f.typ)
		if !ok1 || !ok2 || got.IsSerial() {
			return true
		}
		if design.KeyTypeFor(want).String() != design.KeyTypeFor(got).String() && !keyTypesCompatible(design.KeyTypeFor(want), got) {
			return true
		}
	}
	return false
}

func (b *builder) oneToX(e *entity, r *resolvedFK) {
	if b.fkTypeMismatch(e, r) {
		// The format wants a foreign-key column of the referenced key's type; keeping
		// the column as it is (its type, its place in the primary key) matters more.
		b.c.skip("foreign keys whose columns differ in type from the key they reference (the columns are kept)", r.fk.loc)
		return
	}
	kind := "1-n"
	if sameSet(r.columns, e.t.pkColumns()) {
		kind = "1-1"
	} else {
		for i, u := range e.t.uniques {
			if sameSet(r.columns, u.columns) {
				kind = "1-1"
				if len(u.columns) > 1 {
					for k, eu := range e.uniques {
						if sameStrings(eu, u.columns) {
							e.consumed[k] = true
						}
					}
				}
				_ = i
				break
			}
		}
	}
	optional := false
	for _, name := range r.columns {
		if f := e.field(name); f != nil && f.nullable {
			optional = true
		}
	}
	// ON DELETE SET NULL on a NOT NULL column is kept as the database has it
	// (set-null-on-required warns about it); SET DEFAULT on one is sound.
	rel := &relationship{parent: r.parent, child: e}
	role, named := fkColumnsNamed(r.columns, r.refs, r.parent.singular)
	if r.refsIsPK && named && r.fk.onUpdate == "no action" && r.fk.deferrable == "" && !r.fk.notValid {
		rel.short = r.parent.key + " " + kind + " " + e.key
		if role != "" {
			rel.short += " as " + role
		}
		if optional {
			rel.short += " optional"
		}
		rel.short += onDeleteSuffix(r.fk.onDelete)
	} else {
		side := "many"
		if kind == "1-1" {
			side = "one_of"
		}
		rel.m = [][2]any{{"one", r.parent.key}, {side, e.key}}
		if named {
			if role != "" {
				rel.m = append(rel.m, [2]any{"as", role})
			}
		} else {
			rel.m = append(rel.m, [2]any{"columns", r.columns})
		}
		if !r.refsIsPK {
			rel.m = append(rel.m, [2]any{"references", r.refs})
		}
		if optional {
			rel.m = append(rel.m, [2]any{"optional", true})
		}
		rel.m = appendActions(rel.m, r.fk)
		if r.fk.deferrable != "" {
			rel.m = append(rel.m, [2]any{"deferrable", deferrableValue(r.fk.deferrable)})
		}
		if r.fk.notValid {
			rel.m = append(rel.m, [2]any{"not_valid", true})
		}
	}
	b.rels = append(b.rels, rel)
}

func (t *sqlTable) pkColumns() []string {
	if t.pk == nil {
		return nil
	}
	return t.pk.columns
}

func (r *relationship) node() *yaml.Node {
	if r.short != "" {
		return str(r.short)
	}
	m := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	for _, kv := range r.m {
		m.Content = append(m.Content, str(kv[0].(string)), value(kv[1]))
	}
	return m
}
