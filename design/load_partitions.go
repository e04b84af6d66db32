package design

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// Partitioning is an entity's `partition`: declarative partitioning of its
// table by range, list or hash, with its partitions.
type Partitioning struct {
	Pos        Pos
	By         string // range, list or hash
	ByPos      Pos
	Key        []Name // columns, or parenthesised expressions
	Partitions []*Partition
}

// Partition is one partition of a partitioned entity: a table of its own
// that holds the rows whose key falls in Bounds.
type Partition struct {
	Name string
	Pos  Pos
	// Bounds is what follows FOR VALUES (`FROM ('2022-01-01') TO
	// ('2022-02-01')`, `IN ('a', 'b')`, `WITH (MODULUS 4, REMAINDER 0)`), or
	// DEFAULT.
	Bounds    string
	BoundsPos Pos
}

var partitionKeys = []string{"by", "key", "partitions"}

var partitionItemKeys = []string{"name", "bounds"}

// partitionStrategies are the values `by` accepts.
var partitionStrategies = []string{"range", "list", "hash"}

func (l *loader) partitioning(e *Entity, v *yaml.Node) {
	p := &Partitioning{Pos: l.pos(v)}
	ok := l.keyedAs(v, labelOf("the partitioning of %q", e.Name), partitionKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "by":
			if s, ok := l.scalar(v, "`by`"); ok {
				p.By, p.ByPos = strings.ToLower(strings.TrimSpace(s)), l.pos(v)
			}
		case "key":
			p.Key = l.names(v, "a partition key column")
		case "partitions":
			for _, item := range l.sequence(v, "`partitions`") {
				part := &Partition{Pos: l.pos(item)}
				l.keyed(item, "a partition", partitionItemKeys, func(key string, k, v *yaml.Node) {
					switch key {
					case "name":
						if nm, ok := l.name(v, "`name`"); ok {
							part.Name = nm.Name
						}
					case "bounds":
						if s, ok := l.scalar(v, "`bounds`"); ok {
							part.Bounds, part.BoundsPos = strings.TrimSpace(s), l.pos(v)
						}
					}
				})
				if item.Kind != yaml.MappingNode {
					continue
				}
				if part.Name == "" || part.Bounds == "" {
					l.rep.Report(part.Pos, RuleMissingKey, "write `{name: orders_2024, bounds: \"FROM ('2024-01-01') TO ('2025-01-01')\"}`",
						"a partition needs a `name` and `bounds`")
					continue
				}
				p.Partitions = append(p.Partitions, part)
			}
		}
	})
	if !ok {
		return
	}
	switch {
	case p.By == "":
		l.rep.Report(p.Pos, RuleMissingKey, "add `by: range` (or list, or hash)", "the partitioning of %q has no `by`", e.Name)
		return
	case !contains(partitionStrategies, p.By):
		l.rep.Report(p.ByPos, RuleInvalidValue, "write range, list or hash", "`by` is %q; partitioning is by range, list or hash", p.By)
		return
	case len(p.Key) == 0:
		l.rep.Report(p.Pos, RuleMissingKey, "add `key: [column]`", "the partitioning of %q has no `key`", e.Name)
		return
	}
	e.Partition = p
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
