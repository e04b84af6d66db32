package schema

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/schemagen/schemagen/design"
)

func (r *resolver) declaredIndexes() {
	for _, e := range r.d.Entities {
		t := r.byEntity[e.Name]
		if t == nil || t.Entity != e.Name {
			continue
		}
		for _, ix := range e.Indexes {
			ti := &TableIndex{Name: ix.Name, Unique: ix.Unique, Where: ix.Where, Using: ix.Using, Pos: ix.Pos}
			ok := true
			for _, c := range ix.Columns {
				if !IsIndexExpression(c.Name) && t.Column(IndexColumnName(c.Name)) == nil {
					r.unknownColumn(t, c, "an index")
					ok = false
				}
				ti.Columns = append(ti.Columns, c.Name)
			}
			for _, c := range ix.Include {
				if t.Column(c.Name) == nil {
					r.unknownColumn(t, c, "an index")
					ok = false
				}
				ti.Include = append(ti.Include, c.Name)
			}
			if ok {
				t.Indexes = append(t.Indexes, ti)
				r.extensionOpclasses(t, ix)
			}
		}
		for i, set := range e.Unique {
			ok := true
			for _, c := range set {
				if t.Column(c.Name) == nil {
					r.unknownColumn(t, c, "`unique`")
					ok = false
				}
			}
			if !ok {
				continue
			}
			opts := uniqueOptions(e, i)
			if len(set) == 1 && opts == nil {
				t.Column(set[0].Name).Unique = true
				continue
			}
			u := &Unique{Columns: design.Names(set), Pos: set[0].Pos}
			if opts != nil {
				u.Deferrable, u.NullsNotDistinct = opts.Deferrable, opts.NullsNotDistinct
			}
			t.Uniques = append(t.Uniques, u)
		}
	}
}

// IsIndexExpression reports whether an index entry is an expression rather than a column.
func IsIndexExpression(s string) bool {
	return strings.HasPrefix(strings.TrimSpace(s), "(")
}

// IndexColumnName strips an ordering suffix (`created_at desc`) from an index column.
func IndexColumnName(s string) string {
	// The first of strings.Fields(s), without building the list.
	rest := strings.TrimLeftFunc(s, unicode.IsSpace)
	if rest == "" {
		return s
	}
	if i := strings.IndexFunc(rest, unicode.IsSpace); i >= 0 {
		return rest[:i]
	}
	return rest
}

func (r *resolver) unknownColumn(t *Table, c design.Name, what string) {
	names := make([]string, len(t.Columns))
	for i, col := range t.Columns {
		names[i] = col.Name
	}
	hint := ""
	if s := r.rep.Suggest(IndexColumnName(c.Name), names); s != "" {
		hint = fmt.Sprintf("did you mean `%s`?", s)
	}
	r.rep.Report(c.Pos, design.RuleUnknownColumn, hint, "%s names column %q, which %s does not have", what, IndexColumnName(c.Name), t.Entity)
}

// foreignKeyIndexes adds an index for every foreign key that no index, primary
// key or unique constraint already leads with.
func (r *resolver) foreignKeyIndexes() {
	for _, t := range r.s.Tables {
		if len(t.ForeignKeys) == 0 {
			continue
		}
		t.Indexes = slices.Grow(t.Indexes, len(t.ForeignKeys))
		leading := leadingSets(t)
		for _, fk := range t.ForeignKeys {
			if len(fk.Columns) == 0 || leading[setKey(fk.Columns)] {
				continue
			}
			ix := &TableIndex{Columns: append([]string{}, fk.Columns...), ForForeignKey: true, Pos: t.Pos}
			t.Indexes = append(t.Indexes, ix)
			addPrefixSets(leading, ix.Columns)
		}
	}
}

// leadingSets collects, as set keys, the column sets that a lookup can use an
// existing key or index for: every prefix of the primary key, of each unique
// constraint and of each plain B-tree index, and each unique column.
// (A set, because an index on (a, b) serves a foreign key on (b, a) too.)
func leadingSets(t *Table) map[string]bool {
	sets := make(map[string]bool, len(t.PrimaryKey)+len(t.Uniques)+2*len(t.Indexes)+4)
	addPrefixSets(sets, t.PrimaryKey)
	for _, c := range t.Columns {
		if c.Unique {
			sets[c.Name] = true // the set key of one column
		}
	}
	for _, u := range t.Uniques {
		addPrefixSets(sets, u.Columns)
	}
	for _, ix := range t.Indexes {
		if ix.Where == "" && (ix.Using == "" || ix.Using == "btree") {
			if !hasSortOrder(ix.Columns) {
				addPrefixSets(sets, ix.Columns)
				continue
			}
			plain := make([]string, len(ix.Columns))
			for i, c := range ix.Columns {
				plain[i] = IndexColumnName(c)
			}
			addPrefixSets(sets, plain)
		}
	}
	return sets
}

// hasSortOrder reports whether an index column carries more than a name
// (IndexColumnName would change it).
func hasSortOrder(cols []string) bool {
	for _, c := range cols {
		if IndexColumnName(c) != c {
			return true
		}
	}
	return false
}

// addPrefixSets adds the set key of every prefix of cols.
func addPrefixSets(sets map[string]bool, cols []string) {
	for k := 1; k <= len(cols); k++ {
		sets[setKey(cols[:k])] = true
	}
}

// setKey identifies a list of column names regardless of order.
func setKey(cols []string) string {
	switch len(cols) {
	case 1:
		return cols[0]
	case 2:
		if cols[1] < cols[0] {
			return cols[1] + "\x00" + cols[0]
		}
		return cols[0] + "\x00" + cols[1]
	}
	sorted := append([]string{}, cols...)
	sort.Strings(sorted)
	return strings.Join(sorted, "\x00")
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) || len(a) == 0 {
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
