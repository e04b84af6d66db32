package schema_test

import "testing"

// TestForeignKeyBetweenStringTypes: a text column may reference a varchar key
// (and the other way round), as PostgreSQL allows; each keeps its own type.
func TestForeignKeyBetweenStringTypes(t *testing.T) {
	s := mustResolve(t, `schemagen: 1
name: k
entities:
  reports:
    fields:
      id: serial pk
      uuid: varchar(64) unique
  lines:
    fields:
      id: serial pk
      report_uuid: text
relationships:
  - {one: reports, many: lines, columns: [report_uuid], references: [uuid]}
`)
	c := column(t, table(t, s, "lines"), "report_uuid")
	if c.Type != "text" || c.ForeignKey == nil {
		t.Errorf("report_uuid %+v: want text with a foreign key", c)
	}
}
