package design

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// Extension is one entry of the `extensions` section: a PostgreSQL extension
// the design needs (for a type, a function in a default, an operator class).
type Extension struct {
	Name    string
	Pos     Pos
	Schema  string // "" lets PostgreSQL choose (the first schema of the search path)
	Version string // "" means the default version
}

var extensionKeys = []string{"name", "schema", "version"}

// extensions reads the `extensions` list: each item a name (`citext`) or a map
// (`{name: cube, schema: public, version: "1.5"}`).
func (l *loader) extensions(n *yaml.Node) {
	seen := map[string]bool{}
	for _, item := range l.sequence(n, "`extensions`") {
		ext := &Extension{Pos: l.pos(item)}
		if item.Kind == yaml.MappingNode {
			sawName := false
			l.keyed(item, "an extension", extensionKeys, func(key string, k, v *yaml.Node) {
				switch key {
				case "name":
					ext.Name, sawName = l.scalar(v, "`name`")
				case "schema":
					ext.Schema, _ = l.scalar(v, "`schema`")
				case "version":
					ext.Version, _ = l.scalar(v, "`version`")
				}
			})
			if !sawName {
				l.rep.Report(ext.Pos, RuleMissingKey, "add `name: citext`", "an extension needs a `name`")
				continue
			}
		} else if s, ok := l.scalar(item, "an extension"); ok {
			ext.Name = s
		} else {
			continue
		}
		ext.Name = strings.TrimSpace(ext.Name)
		if ext.Name == "" {
			l.rep.Report(ext.Pos, RuleInvalidValue, "write the extension's name, e.g. `citext`", "an extension needs a name")
			continue
		}
		if seen[ext.Name] {
			l.rep.Report(ext.Pos, RuleDuplicateName, "remove the second one", "extension %q is listed twice", ext.Name)
			continue
		}
		seen[ext.Name] = true
		l.d.Extensions = append(l.d.Extensions, ext)
	}
}

// extensionTypes maps the types of common extensions to the extension that
// creates them. A column may use one of these types when the design declares
// its extension (citext, cube, hstore and ltree are accepted without, and the
// DDL creates their extension itself).
var extensionTypes = map[string]string{
	"citext": "citext", "cube": "cube", "hstore": "hstore", "ltree": "ltree",
	"lquery": "ltree", "ltxtquery": "ltree", "earth": "earthdistance", "seg": "seg",
	"isbn": "isn", "isbn13": "isn", "issn": "isn", "issn13": "isn", "ismn": "isn", "ismn13": "isn",
	"ean13": "isn", "upc": "isn", "lo": "lo",
	"geometry": "postgis", "geography": "postgis", "box2d": "postgis", "box3d": "postgis",
	"vector": "vector", "halfvec": "vector", "sparsevec": "vector",
}

// ExtensionOfType returns the extension that creates a type (its canonical
// base name), or "" when the type is not one of an extension schemagen knows.
func ExtensionOfType(base string) string { return extensionTypes[strings.ToLower(base)] }
