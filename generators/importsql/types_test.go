package importsql

import (
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
)

// TestExtensionTypeParameters keeps the parameters of an extension's type that
// are words (PostGIS's geometry(Point,4326)), which were dropped, and the
// design that comes out validates.
func TestExtensionTypeParameters(t *testing.T) {
	sql := `CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;
CREATE EXTENSION vector;
CREATE TABLE zones (
    id bigint PRIMARY KEY,
    area public.geometry(Polygon,4326) NOT NULL,
    spot geography(Point),
    embedding vector(3)
);`
	out, _, err := Import("zones.sql", []byte(sql), Options{})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	for _, want := range []string{"geometry(polygon,4326)", "geography(point)", "vector(3)"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the design lost the type %s:\n%s", want, out)
		}
	}
	_, diags := check.Source("zones.yaml", out, nil)
	for _, d := range diags {
		if d.Severity == design.Error {
			t.Errorf("%s\n%s", d, out)
		}
	}
}

// TestParseTypeParameterWords accepts words in the parameters of a type that
// is not built in, and refuses them in a built-in type's.
func TestParseTypeParameterWords(t *testing.T) {
	if typ, ok := design.ParseType("geometry(Point,4326)"); !ok || typ.Params != "Point,4326" || typ.String() != "geometry(Point,4326)" {
		t.Errorf("geometry(Point,4326) = %+v, %v", typ, ok)
	}
	for _, bad := range []string{"varchar(abc)", "numeric(p,2)", "geometry(x;y)"} {
		if _, ok := design.ParseType(bad); ok {
			t.Errorf("%s parses as a type", bad)
		}
	}
}
