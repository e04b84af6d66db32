package importsql

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// partitionIndexSQL has, on one partition, an index of its own and a clone
// of its parent's index (created ON ONLY the parent and attached, the way
// pg_dump writes them), on a partition created with PARTITION OF and on one
// created as a table and attached.
const partitionIndexSQL = `CREATE TABLE measure (id int NOT NULL, at date NOT NULL, v int) PARTITION BY RANGE (at);
CREATE TABLE measure_2024 PARTITION OF measure FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measure_2025 (id int NOT NULL, at date NOT NULL, v int);
ALTER TABLE ONLY measure ATTACH PARTITION measure_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX measure_at_idx ON ONLY measure (at);
CREATE INDEX measure_2024_at_idx ON measure_2024 (at);
ALTER INDEX measure_at_idx ATTACH PARTITION measure_2024_at_idx;
CREATE INDEX measure_2024_v_idx ON measure_2024 (v) WHERE v > 0;
CREATE UNIQUE INDEX measure_2025_id_idx ON public.measure_2025 (id);
`

// TestPartitionIndexes: an index declared on one partition becomes a SQL
// block after its partitioned table, and a clone of the parent's index does
// not (the parent's index creates it); on PostgreSQL the regenerated DDL
// gives every partition the original's indexes.
func TestPartitionIndexes(t *testing.T) {
	out, diags, err := Import("measure.sql", []byte(partitionIndexSQL), Options{})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	for _, d := range diags {
		if strings.Contains(d.Message, "index") || strings.Contains(d.Message, "ALTER") {
			t.Errorf("unexpected warning: %s", d)
		}
	}
	design := string(out)
	for _, want := range []string{"name: index measure_2024_v_idx on measure_2024\n    after: [measure]\n", "name: index measure_2025_id_idx on measure_2025\n    after: [measure]\n"} {
		if !strings.Contains(design, want) {
			t.Errorf("the design lacks %q:\n%s", want, design)
		}
	}
	if strings.Contains(design, "measure_2024_at_idx") {
		t.Errorf("the clone of the parent's index is kept:\n%s", design)
	}
	file := filepath.Join(t.TempDir(), "measure.sql")
	if err := os.WriteFile(file, []byte(partitionIndexSQL), 0o644); err != nil {
		t.Fatal(err)
	}
	r := roundTrip(t, file, false)
	if r.applyErr != nil {
		t.Fatalf("the regenerated DDL does not apply: %v", r.applyErr)
	}
	for _, d := range r.differences {
		t.Errorf("%s", d)
	}
	if !strings.Contains(r.row, "| 3/3 |") {
		t.Errorf("want the 3 indexes of the original (1 of the parent, 2 of partitions) compared: %s", r.row)
	}
}
