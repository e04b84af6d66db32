package postgres

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// partitionBy is the PARTITION BY clause of a partitioned table, or "".
func partitionBy(t *schema.Table) string {
	if t.Partition == nil {
		return ""
	}
	key := make([]string, len(t.Partition.Key))
	for i, k := range t.Partition.Key {
		if strings.HasPrefix(strings.TrimSpace(k), "(") {
			key[i] = k
		} else {
			key[i] = sqlname.QuoteIdent(k)
		}
	}
	return " PARTITION BY " + strings.ToUpper(t.Partition.By) + " (" + strings.Join(key, ", ") + ")"
}

// CreatePartition creates one partition of a partitioned table, in the
// parent's schema.
func CreatePartition(t *schema.Table, p *schema.Partition) string {
	return "CREATE TABLE " + qualify(t.Schema, p.Name) + " PARTITION OF " + QualifiedTable(t) + " " + partitionBounds(p) + ";"
}

// partitionBounds is FOR VALUES ... or DEFAULT.
func partitionBounds(p *schema.Partition) string {
	if p.IsDefault() {
		return "DEFAULT"
	}
	return "FOR VALUES " + p.Bounds
}

// partitionStatements creates the partitions of every partitioned table.
func partitionStatements(s *schema.Schema) []string {
	var out []string
	for _, t := range s.Tables {
		if t.Partition == nil {
			continue
		}
		for _, p := range t.Partition.Partitions {
			out = append(out, CreatePartition(t, p))
		}
	}
	return out
}

// checkPartitions parses every partition's bounds, and the partition key's
// expressions, with PostgreSQL's parser.
func checkPartitions(s *schema.Schema) design.Diagnostics {
	var diags design.Diagnostics
	for _, t := range s.Tables {
		if t.Partition == nil {
			continue
		}
		if err := checkStatement("CREATE TABLE t (x int)" + partitionBy(t)); err != nil {
			diags = append(diags, design.Diagnostic{
				Pos: t.Partition.Pos, Severity: design.Error, Rule: RuleInvalidExpression.Name,
				Message: fmt.Sprintf("the partition key of %s is not valid SQL: %v", t.Name, err),
				Hint:    "list columns, or parenthesised expressions",
			})
		}
		for _, p := range t.Partition.Partitions {
			if err := checkStatement("CREATE TABLE p PARTITION OF t " + partitionBounds(p) + "\n"); err != nil {
				diags = append(diags, design.Diagnostic{
					Pos: p.Pos, Severity: design.Error, Rule: RuleInvalidExpression.Name,
					Message: fmt.Sprintf("the bounds %q of partition %s are not valid SQL: %v", design.Excerpt(p.Bounds), p.Name, err),
					Hint:    "write what follows FOR VALUES: FROM (...) TO (...), IN (...), WITH (MODULUS n, REMAINDER r), or DEFAULT",
				})
			}
		}
	}
	return diags
}
