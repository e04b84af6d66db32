package golang

import "github.com/schemagen/schemagen/design/schema"

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
	// database/sql cannot scan NULL into a json.RawMessage (only into []byte
	// itself or a pointer), so a nullable json column is a pointer like any other.
	"json":  {Name: "json.RawMessage", Import: "encoding/json"},
	"jsonb": {Name: "json.RawMessage", Import: "encoding/json"},
}

// pgxGoTypes replace the text form with pgx v5's types (Options.Pgx) for the
// types that pgx cannot scan into a string: pgx reads them in binary.
var pgxGoTypes = map[string]goType{
	"interval":       {Name: "pgtype.Interval", Import: pgtypeImport},
	"inet":           {Name: "netip.Prefix", Import: "net/netip"},
	"cidr":           {Name: "netip.Prefix", Import: "net/netip"},
	"bit":            {Name: "pgtype.Bits", Import: pgtypeImport},
	"varbit":         {Name: "pgtype.Bits", Import: pgtypeImport},
	"tsvector":       {Name: "pgtype.TSVector", Import: pgtypeImport},
	"point":          {Name: "pgtype.Point", Import: pgtypeImport},
	"line":           {Name: "pgtype.Line", Import: pgtypeImport},
	"lseg":           {Name: "pgtype.Lseg", Import: pgtypeImport},
	"box":            {Name: "pgtype.Box", Import: pgtypeImport},
	"path":           {Name: "pgtype.Path", Import: pgtypeImport},
	"polygon":        {Name: "pgtype.Polygon", Import: pgtypeImport},
	"circle":         {Name: "pgtype.Circle", Import: pgtypeImport},
	"int4range":      {Name: "pgtype.Range[pgtype.Int4]", Import: pgtypeImport},
	"int8range":      {Name: "pgtype.Range[pgtype.Int8]", Import: pgtypeImport},
	"numrange":       {Name: "pgtype.Range[pgtype.Numeric]", Import: pgtypeImport},
	"tsrange":        {Name: "pgtype.Range[pgtype.Timestamp]", Import: pgtypeImport},
	"tstzrange":      {Name: "pgtype.Range[pgtype.Timestamptz]", Import: pgtypeImport},
	"daterange":      {Name: "pgtype.Range[pgtype.Date]", Import: pgtypeImport},
	"int4multirange": {Name: "pgtype.Multirange[pgtype.Range[pgtype.Int4]]", Import: pgtypeImport},
	"int8multirange": {Name: "pgtype.Multirange[pgtype.Range[pgtype.Int8]]", Import: pgtypeImport},
	"nummultirange":  {Name: "pgtype.Multirange[pgtype.Range[pgtype.Numeric]]", Import: pgtypeImport},
	"tsmultirange":   {Name: "pgtype.Multirange[pgtype.Range[pgtype.Timestamp]]", Import: pgtypeImport},
	"tstzmultirange": {Name: "pgtype.Multirange[pgtype.Range[pgtype.Timestamptz]]", Import: pgtypeImport},
	"datemultirange": {Name: "pgtype.Multirange[pgtype.Range[pgtype.Date]]", Import: pgtypeImport},
}

const pgtypeImport = "github.com/jackc/pgx/v5/pgtype"

// textGoType holds every other type (text, varchar, uuid, inet, interval,
// time of day, ranges, geometric types, ...) as its PostgreSQL text form.
var textGoType = goType{Name: "string"}

// columnGoType returns the Go type of a column. enumType is the Go name of the
// column's enum type when it has one; pgx selects pgxGoTypes.
func columnGoType(c *schema.Column, enumType string, pgx bool) goType {
	elem := textGoType
	if gt, ok := pgxGoTypes[c.TypeInfo.Base]; ok && pgx {
		elem = gt
	} else if gt, ok := builtinGoTypes[c.TypeInfo.Base]; ok {
		elem = gt
	}
	if enumType != "" {
		elem = goType{Name: enumType}
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
