package diagram

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
)

// partitionNote says how a partitioned table is split; the diagram draws the
// table once, with this note, rather than one box per partition.
func partitionNote(t *schema.Table) string {
	p := t.Partition
	if p == nil {
		return ""
	}
	note := fmt.Sprintf("partitioned by %s (%s)", p.By, strings.Join(p.Key, ", "))
	switch n := len(p.Partitions); n {
	case 0:
	case 1:
		note += ": 1 partition"
	default:
		note += fmt.Sprintf(": %d partitions", n)
	}
	return note
}
