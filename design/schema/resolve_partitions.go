package schema

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design"
)

// Partitioning is how a partitioned table splits its rows.
type Partitioning struct {
	By         string   // range, list or hash
	Key        []string // column names, or parenthesised expressions
	Partitions []*Partition
	Pos        design.Pos
}

// Partition is one partition of a partitioned table: a table in the parent's
// schema holding the rows whose key falls in Bounds.
type Partition struct {
	Name   string
	Bounds string // what follows FOR VALUES, or DEFAULT
	Pos    design.Pos
}

// IsDefault reports whether the partition is the default one.
func (p *Partition) IsDefault() bool {
	return strings.EqualFold(strings.TrimSpace(p.Bounds), "default")
}

// partitions resolves the entities' `partition`: key columns exist, partition
// names are unique, and every primary key and unique constraint includes the
// key's columns, as PostgreSQL requires.
func (r *resolver) partitions() {
	for _, e := range r.d.Entities {
		if e.Partition == nil {
			continue
		}
		t := r.byEntity[e.Name]
		if t == nil || t.Kind != EntityTable {
			continue
		}
		p := &Partitioning{By: e.Partition.By, Pos: e.Partition.Pos}
		var columns []string
		hasExpr := false
		for _, k := range e.Partition.Key {
			p.Key = append(p.Key, k.Name)
			if strings.HasPrefix(strings.TrimSpace(k.Name), "(") {
				hasExpr = true
				continue
			}
			if t.Column(k.Name) == nil {
				r.rep.Report(k.Pos, design.RuleUnknownColumn, "name a field of "+e.Name,
					"the partition key of %q names column %q, which the table does not have", e.Name, k.Name)
				continue
			}
			columns = append(columns, k.Name)
		}
		seen := map[string]design.Pos{}
		for _, part := range e.Partition.Partitions {
			if prev, dup := seen[part.Name]; dup {
				r.rep.Report(part.Pos, design.RuleDuplicateName, "rename one of them", "partition %q is declared twice (first at %s)", part.Name, prev)
				continue
			}
			seen[part.Name] = part.Pos
			p.Partitions = append(p.Partitions, &Partition{Name: part.Name, Bounds: part.Bounds, Pos: part.Pos})
		}
		t.Partition = p
		check := func(what string, cols []string, pos design.Pos) {
			if hasExpr {
				r.rep.Report(pos, design.RulePartitionKeyNotInUnique, "partition by columns, or drop the constraint",
					"%s of %q cannot be enforced: the partition key is an expression", what, e.Name)
				return
			}
			var missing []string
			for _, k := range columns {
				if !contains(cols, k) {
					missing = append(missing, k)
				}
			}
			if len(missing) > 0 {
				r.rep.Report(pos, design.RulePartitionKeyNotInUnique, fmt.Sprintf("add %s to it", strings.Join(missing, ", ")),
					"%s of %q (%s) leaves out the partition key's %s: PostgreSQL refuses it on a partitioned table",
					what, e.Name, strings.Join(cols, ", "), strings.Join(missing, ", "))
			}
		}
		if len(t.PrimaryKey) > 0 {
			pos := t.Pos
			if c := t.Column(t.PrimaryKey[0]); c != nil && c.Origin == DeclaredColumn {
				pos = c.Pos
			}
			check("the primary key", t.PrimaryKey, pos)
		}
		for _, c := range t.Columns {
			if c.Unique && !(len(t.PrimaryKey) == 1 && t.PrimaryKey[0] == c.Name) {
				check("the unique constraint", []string{c.Name}, c.Pos)
			}
		}
		for _, u := range t.Uniques {
			check("the unique constraint", u.Columns, u.Pos)
		}
		for _, ix := range t.Indexes {
			if ix.Unique {
				check("the unique index", ix.Columns, ix.Pos)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
