package schema

import "github.com/schemagen/schemagen/design"

// keyTypesCompatible reports whether a foreign-key column declared with one
// type may reference a key of another: integers of different widths
// (smallint to integer, ...) and the string types text and varchar of any
// length. PostgreSQL accepts such keys (the types share an equality
// operator), real schemas have them, and the column keeps its own declared
// type.
func keyTypesCompatible(col, key design.Type) bool {
	return integerWidths(col, key) || stringTypes(col, key)
}

// stringTypes reports whether both types are text or varchar (of any length).
func stringTypes(col, key design.Type) bool {
	str := func(t design.Type) bool { return t.Array == 0 && (t.Base == "text" || t.Base == "varchar") }
	return str(col) && str(key)
}
