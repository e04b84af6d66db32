package migrate

import (
	"fmt"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
)

// RuleDetachPartition is reported for a partition the new design no longer has.
const RuleDetachPartition = "destructive-detach-partition"

var ruleDetachPartition = &design.Rule{Name: RuleDetachPartition, Severity: design.Error, Doc: `A partition of the old design is gone from the new one.

The migration detaches it (ALTER TABLE ... DETACH PARTITION): its rows stay in
a table of the partition's name, but the partitioned table no longer has them,
so queries of the parent stop seeing them. A partition whose bounds change, and
a table that becomes (or stops being) partitioned, cannot be migrated in place
at all: the diff says so and writes nothing for it.

Bad:
    partitions:
      - { name: payments_2025, bounds: "FROM ('2025-01-01') TO ('2026-01-01')" }
      # payments_2024 removed
Good:
    partitions:
      - { name: payments_2024, bounds: "FROM ('2024-01-01') TO ('2025-01-01')" }
      - { name: payments_2025, bounds: "FROM ('2025-01-01') TO ('2026-01-01')" }

Fix: keep the partition while its rows are needed; archive them, then remove it.
` + consent}

// partitions creates the partitions that the new design adds and detaches
// those it removes.
func (p *planner) partitions() {
	for _, dt := range p.dst.Tables {
		st := p.m.table[dt]
		if st != nil && !samePartitioning(st.Partition, dt.Partition) {
			p.diags = append(p.diags, design.Diagnostic{Pos: dt.Pos, Severity: design.Error, Rule: RuleDetachPartition,
				Message: fmt.Sprintf("table %s changes how it is partitioned, which PostgreSQL cannot do in place", dt.QualifiedName()),
				Hint:    "create a new entity with the new partitioning, copy the rows in a migration of your own, then drop the old one"})
			continue
		}
		if dt.Partition == nil {
			continue
		}
		old := map[string]*schema.Partition{}
		if st != nil {
			for _, part := range st.Partition.Partitions {
				old[part.Name] = part
			}
		}
		for _, part := range dt.Partition.Partitions {
			prev := old[part.Name]
			delete(old, part.Name)
			switch {
			case prev == nil && p.down && st != nil:
				// Going down, the partition is one the up migration detached:
				// it still exists as a table, with its rows.
				p.add(phaseCreatePartitions, fmt.Sprintf("ALTER TABLE %s ATTACH PARTITION %s %s", postgres.QualifiedTable(dt), qualify(dt.Schema, part.Name), partitionBounds(part)))
			case prev == nil:
				p.add(phaseCreatePartitions, postgres.CreatePartition(dt, part))
			case normalizeBlock(prev.Bounds) != normalizeBlock(part.Bounds):
				p.diags = append(p.diags, design.Diagnostic{Pos: part.Pos, Severity: design.Error, Rule: RuleDetachPartition,
					Message: fmt.Sprintf("partition %s changes its bounds, which PostgreSQL cannot do in place", part.Name),
					Hint:    "add a partition of another name with the new bounds, and remove this one"})
			}
		}
		if st == nil {
			continue
		}
		for _, part := range st.Partition.Partitions {
			if old[part.Name] == nil {
				continue
			}
			if p.down {
				// Going down, the partition is one the up migration created.
				p.add(phaseDetachPartitions, "DROP TABLE "+qualify(dt.Schema, part.Name))
				continue
			}
			p.destructive(part.Pos, RuleDetachPartition, "keep the partition while its rows are needed",
				"partition %s is detached from %s: its rows leave the table", part.Name, dt.QualifiedName())
			p.add(phaseDetachPartitions, fmt.Sprintf("ALTER TABLE %s DETACH PARTITION %s", postgres.QualifiedTable(dt), qualify(dt.Schema, part.Name)))
		}
	}
}

func samePartitioning(a, b *schema.Partitioning) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.By != b.By || len(a.Key) != len(b.Key) {
		return false
	}
	for i := range a.Key {
		if normalizeBlock(a.Key[i]) != normalizeBlock(b.Key[i]) {
			return false
		}
	}
	return true
}

// partitionBounds is FOR VALUES ... or DEFAULT, as in CREATE TABLE ... PARTITION OF.
func partitionBounds(part *schema.Partition) string {
	if part.IsDefault() {
		return "DEFAULT"
	}
	return "FOR VALUES " + part.Bounds
}
