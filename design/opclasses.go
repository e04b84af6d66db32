package design

import "strings"

// extensionOpclasses maps the operator classes of common extensions, by
// index method, to the extension that creates them. The method matters:
// `int4_ops` is core for btree but btree_gin's for gin, and `inet_ops` is
// core for gist but btree_gin's for gin.
var extensionOpclasses = map[string]map[string]string{
	"gin": withExtension("btree_gin",
		"int2_ops", "int4_ops", "int8_ops", "float4_ops", "float8_ops", "money_ops", "oid_ops",
		"timestamp_ops", "timestamptz_ops", "time_ops", "timetz_ops", "date_ops", "interval_ops",
		"macaddr_ops", "macaddr8_ops", "inet_ops", "cidr_ops", "text_ops", "varchar_ops", "char_ops",
		"bytea_ops", "bit_ops", "varbit_ops", "numeric_ops", "enum_ops", "uuid_ops", "name_ops",
		"bool_ops", "bpchar_ops",
	).and("pg_trgm", "gin_trgm_ops").and("intarray", "gin__int_ops"),
	"gist": withExtension("btree_gist",
		"gist_int2_ops", "gist_int4_ops", "gist_int8_ops", "gist_float4_ops", "gist_float8_ops",
		"gist_numeric_ops", "gist_timestamp_ops", "gist_timestamptz_ops", "gist_time_ops",
		"gist_timetz_ops", "gist_date_ops", "gist_interval_ops", "gist_oid_ops", "gist_cash_ops",
		"gist_macaddr_ops", "gist_macaddr8_ops", "gist_text_ops", "gist_bpchar_ops", "gist_bytea_ops",
		"gist_bit_ops", "gist_vbit_ops", "gist_inet_ops", "gist_cidr_ops", "gist_uuid_ops",
		"gist_enum_ops", "gist_bool_ops",
	).and("pg_trgm", "gist_trgm_ops").and("intarray", "gist__int_ops", "gist__intbig_ops"),
}

type opclassSet map[string]string

func withExtension(ext string, opclasses ...string) opclassSet {
	return opclassSet{}.and(ext, opclasses...)
}

func (s opclassSet) and(ext string, opclasses ...string) opclassSet {
	for _, o := range opclasses {
		s[o] = ext
	}
	return s
}

// ExtensionOfOpclass returns the extension that creates an operator class
// for an index method ("" is btree), or "" when it is a core operator class
// or not one schemagen knows. A schema qualifier is ignored.
func ExtensionOfOpclass(method, opclass string) string {
	if i := strings.LastIndexByte(opclass, '.'); i >= 0 {
		opclass = opclass[i+1:]
	}
	return extensionOpclasses[strings.ToLower(method)][strings.ToLower(opclass)]
}
