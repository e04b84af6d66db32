package schema

import (
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// collation is the SQL name of field f's `collate`: each part of a
// possibly schema-qualified name quoted where needed, so that `C` becomes
// "C" (a design's names are written as they are, never folded), and a part
// already in double quotes kept as it is.
func (r *resolver) collation(f *design.Field) string {
	parts, ok := splitCollation(f.Collate)
	if !ok {
		r.rep.Report(f.CollatePos, design.RuleInvalidField, "write a collation name such as `C` or `myschema.mycollation`",
			"field %q: %q is not a collation name", f.Name, f.Collate)
		return ""
	}
	for i, p := range parts {
		if !strings.HasPrefix(p, `"`) {
			parts[i] = sqlname.QuoteIdent(p)
		}
	}
	return strings.Join(parts, ".")
}

// splitCollation splits a collation name at the dots outside double quotes:
// one part, or a schema and a name, none empty.
func splitCollation(s string) ([]string, bool) {
	var parts []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			quoted = !quoted
		case s[i] == '.' && !quoted:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	parts = append(parts, s[start:])
	if quoted || len(parts) > 2 {
		return nil, false
	}
	for _, p := range parts {
		if p == "" || p == `""` || strings.ContainsAny(p, " \t\n") && !strings.HasPrefix(p, `"`) ||
			strings.HasPrefix(p, `"`) && (!strings.HasSuffix(p, `"`) || len(p) < 2) {
			return nil, false
		}
	}
	return parts, true
}

// collatable reports whether a column of type t may take a COLLATE clause:
// the built-in string types, and any type schemagen does not know (an
// extension's, such as citext, is left to PostgreSQL).
func collatable(t design.Type) bool {
	if !t.Known {
		return true
	}
	switch t.Base {
	case "text", "varchar", "char", "bpchar", "citext", "name":
		return true
	}
	return false
}
