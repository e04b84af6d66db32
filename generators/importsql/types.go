package importsql

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// catalogTypes maps the internal names the parser gives built-in types to their SQL names.
var catalogTypes = map[string]string{
	"int2": "smallint", "int4": "integer", "int8": "bigint", "float4": "real", "float8": "double precision",
	"bool": "boolean", "varchar": "varchar", "bpchar": "char", "numeric": "numeric",
	"timestamp": "timestamp", "timestamptz": "timestamptz", "time": "time", "timetz": "timetz",
	"interval": "interval", "bit": "bit", "varbit": "varbit",
}

// typeText spells a type name the way a design writes it (canonical, see design.ParseType).
// It returns the unqualified last name too, for looking up enums and domains.
func typeText(tn *pg_query.TypeName) (text, base, schema string) {
	names := strs(tn.Names)
	base = names[len(names)-1]
	if len(names) > 1 {
		schema = names[len(names)-2]
	}
	name := base
	if schema == "" && base == "char" && len(tn.Typmods) == 0 {
		name = `"char"` // written quoted: the one-byte internal type, not char(1)
	}
	if schema == "pg_catalog" {
		if s, ok := catalogTypes[base]; ok {
			name = s
		}
	}
	var params []string
	for _, m := range tn.Typmods {
		if a := m.GetAConst(); a != nil {
			if i := a.GetIval(); i != nil {
				params = append(params, strconv.Itoa(int(i.Ival)))
				continue
			}
			if i := a.GetIval(); i == nil && !a.Isnull && a.GetSval() == nil && a.GetFval() == nil && a.GetBoolval() == nil && a.GetBsval() == nil {
				params = append(params, "0") // an Integer constant 0 is stored without a value
				continue
			}
		}
		// A word, as in an extension's geometry(Point,4326): the parser
		// reads it as a column name, folded to lower case.
		if ref := m.GetColumnRef(); ref != nil && len(ref.Fields) == 1 {
			if w := ref.Fields[0].GetString_(); w != nil && isParamWord(w.Sval) {
				params = append(params, w.Sval)
				continue
			}
		}
		params = nil
		break
	}
	if name == "interval" {
		params = nil // interval fields (DAY TO SECOND) are kept out of designs
	}
	text = name
	if len(params) > 0 {
		text += "(" + strings.Join(params, ",") + ")"
	}
	for range tn.ArrayBounds {
		text += "[]"
	}
	if t, ok := design.ParseType(text); ok && t.Known {
		text = t.String()
	}
	return text, base, schema
}

// isParamWord reports whether a type parameter that the parser read as a name
// can stand in a design's type as written: letters, digits and underscores.
func isParamWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// blockType records a type the file creates in a SQL block (composite or
// range), so that columns of it keep its schema.
func (c *collector) blockType(name, schema string) {
	if c.typeSchemas == nil {
		c.typeSchemas = map[string]string{}
	}
	c.typeSchemas[name] = schema
}

// qualifyBlockType writes a column's type that a SQL block creates outside
// public with its schema (`test.pair[]`), since the generated DDL runs with
// the default search path; other types come back as they are.
func (c *collector) qualifyBlockType(text, base, schema string) string {
	have, ok := c.typeSchemas[base]
	if !ok {
		return text
	}
	if schema == "" {
		schema = have
	}
	if schema == "public" || schema == "pg_catalog" {
		return text
	}
	return sqlname.QuoteIdent(schema) + "." + sqlname.QuoteIdent(base) + strings.TrimPrefix(text, base)
}
