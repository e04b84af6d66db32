package postgres

import (
	"strings"

	"github.com/schemagen/schemagen/design"
)

// Comments writes the design's descriptions as COMMENT ON TABLE and COMMENT ON
// COLUMN statements, table first, then columns in order. Undescribed objects
// get none.
func Comments(t *design.Table) []string {
	var out []string
	if d := strings.TrimSpace(t.Description); d != "" {
		out = append(out, "COMMENT ON TABLE "+QualifiedTable(t)+" IS "+design.QuoteLiteral(d)+";")
	}
	for _, c := range t.Columns {
		if d := strings.TrimSpace(c.Description); d != "" {
			out = append(out, "COMMENT ON COLUMN "+QualifiedTable(t)+"."+design.QuoteIdent(c.Name)+" IS "+design.QuoteLiteral(d)+";")
		}
	}
	return out
}

// EnumComment writes an enum type's description (a state machine's for its
// enum) as COMMENT ON TYPE, or returns "" when it has none.
func EnumComment(e *design.EnumType) string {
	d := strings.TrimSpace(e.Description)
	if d == "" {
		return ""
	}
	return "COMMENT ON TYPE " + QualifiedEnum(e) + " IS " + design.QuoteLiteral(d) + ";"
}
