package postgres

import (
	"strings"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// Comments writes the design's descriptions as COMMENT ON TABLE and COMMENT ON
// COLUMN statements, table first, then columns in order. Undescribed objects
// get none.
func Comments(t *schema.Table) []string {
	var out []string
	if d := strings.TrimSpace(t.Description); d != "" {
		out = append(out, "COMMENT ON TABLE "+QualifiedTable(t)+" IS "+sqlname.QuoteLiteral(d)+";")
	}
	for _, c := range t.Columns {
		if d := strings.TrimSpace(c.Description); d != "" {
			out = append(out, "COMMENT ON COLUMN "+QualifiedTable(t)+"."+sqlname.QuoteIdent(c.Name)+" IS "+sqlname.QuoteLiteral(d)+";")
		}
	}
	return out
}

// EnumComment writes an enum type's description (a state machine's for its
// enum) as COMMENT ON TYPE, or returns "" when it has none.
func EnumComment(e *schema.Enum) string {
	d := strings.TrimSpace(e.Description)
	if d == "" {
		return ""
	}
	return "COMMENT ON TYPE " + QualifiedEnum(e) + " IS " + sqlname.QuoteLiteral(d) + ";"
}
