package golang

import "github.com/schemagen/schemagen/design"

// goType is how one PostgreSQL type is held in Go.
type goType struct {
	Name   string // Go type, e.g. "int64", "time.Time", "json.RawMessage"
	Import string // package it needs, or ""
	// NilMeansNull is true for types whose zero value already stands for NULL
	// (slices): a nullable column keeps the type instead of taking a pointer.
	NilMeansNull bool
}

// builtinGoTypes maps canonical PostgreSQL base types to their Go type. Every
// type not listed is held as its text form in a string. See docs/go.md.
var builtinGoTypes = map[string]goType{
	"smallint":         {Name: "int16"},
	"smallserial":      {Name: "int16"},
	"integer":          {Name: "int32"},
	"serial":           {Name: "int32"},
	"bigint":           {Name: "int64"},
	"bigserial":        {Name: "int64"},
	"oid":              {Name: "uint32"},
	"real":             {Name: "float32"},
	"double precision": {Name: "float64"},
	// numeric and money are exact decimals: a float would round them, so they
	// travel as their decimal text ("12.50"), which every driver can scan.
	"numeric":     {Name: "string"},
	"money":       {Name: "string"},
	"boolean":     {Name: "bool"},
	"bytea":       {Name: "[]byte", NilMeansNull: true},
	"date":        {Name: "time.Time", Import: "time"},
	"timestamp":   {Name: "time.Time", Import: "time"},
	"timestamptz": {Name: "time.Time", Import: "time"},
	"json":        {Name: "json.RawMessage", Import: "encoding/json", NilMeansNull: true},
	"jsonb":       {Name: "json.RawMessage", Import: "encoding/json", NilMeansNull: true},
}

// textGoType holds every other type (text, varchar, uuid, inet, interval,
// time of day, ranges, geometric types, ...) as its PostgreSQL text form.
var textGoType = goType{Name: "string"}

// columnGoType returns the Go type of a column. enumType is the Go name of the
// column's enum type when it has one.
func columnGoType(c *design.Column, enumType string) goType {
	elem := textGoType
	switch {
	case enumType != "":
		elem = goType{Name: enumType}
	default:
		if gt, ok := builtinGoTypes[c.TypeInfo.Base]; ok {
			elem = gt
		}
	}
	t := elem
	if c.TypeInfo.Array > 0 {
		// Every dimension is a slice: a nil slice is NULL, so no pointer is needed.
		for i := 0; i < c.TypeInfo.Array; i++ {
			t.Name = "[]" + t.Name
		}
		t.NilMeansNull = true
	}
	if c.Nullable && !t.NilMeansNull {
		t.Name = "*" + t.Name
	}
	return t
}
