package importsql

import (
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
)

// TestExtensionTypeModifiers: the modifiers of an extension's type are kept,
// words included (PostGIS's geometry(Polygon,4326), as OpenStreetMap's
// moderation_zones has), and the design validates.
func TestExtensionTypeModifiers(t *testing.T) {
	sql := `CREATE EXTENSION IF NOT EXISTS postgis;
CREATE TABLE zones (id serial PRIMARY KEY, zone public.geometry(Polygon,4326) NOT NULL, at geography(Point));`
	out, _, err := Import("geo.sql", []byte(sql), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"zone: geometry(polygon,4326)\n", "at: geography(point)?\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("want %q in\n%s", want, out)
		}
	}
	_, diags := check.Source("geo.yaml", out, nil)
	for _, d := range diags {
		if d.Severity == design.Error {
			t.Errorf("%s", d)
		}
	}
}
