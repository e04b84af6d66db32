package design

import (
	"strings"
)

// Type is a parsed PostgreSQL column type.
type Type struct {
	Base   string // canonical base name: "integer", "varchar", "timestamptz", an enum name, ...
	Params string // what stood in parentheses, spaces removed: "12,2"; "" when none
	Array  int    // number of [] dimensions
	Known  bool   // Base is a PostgreSQL built-in type
}

// String is the canonical spelling, e.g. "numeric(12,2)" or "text[]".
func (t Type) String() string {
	if t.Params == "" && t.Array == 0 {
		return t.Base
	}
	var b strings.Builder
	b.WriteString(t.Base)
	if t.Params != "" {
		b.WriteString("(" + t.Params + ")")
	}
	for i := 0; i < t.Array; i++ {
		b.WriteString("[]")
	}
	return b.String()
}

// Elem returns the element type of an array type, or the type itself.
func (t Type) Elem() Type {
	t.Array = 0
	return t
}

// IsSerial reports whether the type is one of the serial pseudo-types.
func (t Type) IsSerial() bool {
	switch t.Base {
	case "serial", "bigserial", "smallserial":
		return t.Array == 0
	}
	return false
}

// typeAliases maps every accepted spelling of a built-in type to its canonical name.
var typeAliases = map[string]string{
	"int": "integer", "int4": "integer", "integer": "integer",
	"int8": "bigint", "bigint": "bigint",
	"int2": "smallint", "smallint": "smallint",
	"serial": "serial", "serial4": "serial",
	"bigserial": "bigserial", "serial8": "bigserial",
	"smallserial": "smallserial", "serial2": "smallserial",
	"real": "real", "float4": "real",
	"double precision": "double precision", "float8": "double precision", "float": "double precision",
	"numeric": "numeric", "decimal": "numeric",
	"bool": "boolean", "boolean": "boolean",
	"varchar": "varchar", "character varying": "varchar",
	"char": "char", "character": "char", "bpchar": "char",
	"text": "text", "name": "name", "citext": "citext",
	"bytea": "bytea",
	"date":  "date",
	"time":  "time", "time without time zone": "time",
	"timetz": "timetz", "time with time zone": "timetz",
	"timestamp": "timestamp", "timestamp without time zone": "timestamp",
	"timestamptz": "timestamptz", "timestamp with time zone": "timestamptz",
	"interval": "interval",
	"uuid":     "uuid", "json": "json", "jsonb": "jsonb", "xml": "xml",
	"inet": "inet", "cidr": "cidr", "macaddr": "macaddr", "macaddr8": "macaddr8",
	"money": "money",
	"bit":   "bit", "bit varying": "varbit", "varbit": "varbit",
	"tsvector": "tsvector", "tsquery": "tsquery",
	"point": "point", "line": "line", "lseg": "lseg", "box": "box", "path": "path",
	"polygon": "polygon", "circle": "circle",
	"int4range": "int4range", "int8range": "int8range", "numrange": "numrange",
	"tsrange": "tsrange", "tstzrange": "tstzrange", "daterange": "daterange",
	"int4multirange": "int4multirange", "int8multirange": "int8multirange",
	"nummultirange": "nummultirange", "tsmultirange": "tsmultirange",
	"tstzmultirange": "tstzmultirange", "datemultirange": "datemultirange",
	"oid": "oid", "regclass": "regclass", "pg_lsn": "pg_lsn", "txid_snapshot": "txid_snapshot",
	"pg_snapshot": "pg_snapshot", "jsonpath": "jsonpath", "regconfig": "regconfig",
	"tid": "tid", "xid": "xid",
	// The one-byte internal type, which only its quoted name spells (char is bpchar).
	`"char"`: `"char"`,
	// Types of contrib extensions that real schemas use (the DDL needs the extension).
	"cube": "cube", "hstore": "hstore", "ltree": "ltree",
}

// BuiltinTypes lists the canonical names of the built-in types schemagen knows, for suggestions.
func BuiltinTypes() []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range typeAliases {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// ParseType parses a type as written in a design. Enum names are not looked up
// here: a type whose base is not built in comes back with Known false.
// ok is false when the text is not shaped like a type at all.
func ParseType(s string) (t Type, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return t, false
	}
	// Array suffixes: text[], integer[][], text[3], or "integer array".
	for {
		trimmed := strings.TrimSpace(s)
		if strings.HasSuffix(trimmed, "]") {
			open := strings.LastIndexByte(trimmed, '[')
			if open < 0 {
				return t, false
			}
			for _, r := range trimmed[open+1 : len(trimmed)-1] {
				if r < '0' || r > '9' {
					return t, false
				}
			}
			t.Array++
			s = trimmed[:open]
			continue
		}
		lower := strings.ToLower(trimmed)
		if strings.HasSuffix(lower, " array") {
			t.Array++
			s = trimmed[:len(trimmed)-len(" array")]
			continue
		}
		s = trimmed
		break
	}
	// Parameters: the one parenthesised group, wherever it stands
	// (numeric(12,2), character varying(20), timestamp(3) with time zone).
	if open := strings.IndexByte(s, '('); open >= 0 {
		close := strings.IndexByte(s[open:], ')')
		if close < 0 {
			return t, false
		}
		close += open
		params := strings.ReplaceAll(s[open+1:close], " ", "")
		if params == "" || strings.ContainsAny(params, "()") {
			return t, false
		}
		for _, r := range params {
			if !(r >= '0' && r <= '9' || r == ',' || r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return t, false
			}
		}
		t.Params = params
		s = s[:open] + " " + s[close+1:]
	}
	words := strings.Fields(s)
	if len(words) == 0 {
		return t, false
	}
	base := strings.Join(words, " ")
	lower := strings.ToLower(base)
	lower = strings.TrimPrefix(lower, "pg_catalog.")
	if canon, found := typeAliases[lower]; found {
		if strings.ContainsFunc(t.Params, isParamWord) {
			return t, false // built-in types take numbers only: varchar(n), numeric(p,s)
		}
		t.Base, t.Known = canon, true
		if canon == "double precision" && lower == "float" && t.Params != "" {
			// float(p): p <= 24 is real, otherwise double precision.
			if n := atoi(t.Params); n > 0 && n <= 24 {
				t.Base = "real"
			}
			t.Params = ""
		}
		return t, true
	}
	if len(words) != 1 {
		return t, false
	}
	t.Base = base
	return t, true
}

// isParamWord reports whether r belongs to a word in a type's parameters,
// as in an extension type's geometry(Point,4326).
func isParamWord(r rune) bool {
	return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return -1
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// IsNumeric reports whether a canonical base type holds numbers.
func IsNumeric(base string) bool {
	switch base {
	case "integer", "bigint", "smallint", "serial", "bigserial", "smallserial",
		"real", "double precision", "numeric", "money":
		return true
	}
	return false
}

// KeyTypeFor returns the type a foreign-key column takes to reference a column
// of the given type: serial types become their integer types.
func KeyTypeFor(t Type) Type {
	switch t.Base {
	case "serial":
		t.Base = "integer"
	case "bigserial":
		t.Base = "bigint"
	case "smallserial":
		t.Base = "smallint"
	}
	return t
}
