package schema

import (
	"fmt"

	"github.com/schemagen/schemagen/design"
)

// Extension is a PostgreSQL extension the database needs.
type Extension struct {
	Name    string
	Schema  string // "" lets PostgreSQL choose
	Version string // "" means the default version
	// Implied is true for an extension the design does not declare but one of
	// its column types needs (citext, cube, hstore, ltree).
	Implied bool
	Pos     design.Pos
}

// declaredExtensions copies the `extensions` section.
func (r *resolver) declaredExtensions() {
	for _, e := range r.d.Extensions {
		r.s.Extensions = append(r.s.Extensions, &Extension{Name: e.Name, Schema: e.Schema, Version: e.Version, Pos: e.Pos})
	}
}

// hasExtension reports whether the design declares an extension.
func (r *resolver) hasExtension(name string) bool {
	for _, e := range r.s.Extensions {
		if e.Name == name {
			return true
		}
	}
	return false
}

// extensionType accepts a column type that an extension creates when the
// design declares the extension, and says which one to declare otherwise.
// It reports whether the type was handled (accepted or reported).
func (r *resolver) extensionType(c *Column, typ design.Type, at design.Pos, t *Table) bool {
	ext := design.ExtensionOfType(typ.Base)
	if ext == "" {
		return false
	}
	if !r.hasExtension(ext) {
		r.rep.Report(at, design.RuleInvalidType, fmt.Sprintf("declare the extension: `extensions: [%s]`", ext),
			"field %s.%s: type %q comes from the extension %s, which the design does not declare", t.Entity, c.Name, typ.Base, ext)
		return true
	}
	c.TypeInfo = typ
	c.Type = typ.String()
	return true
}

// NeededExtensions lists the extensions the database needs: the declared ones
// in design order, then those that column types imply (citext, cube, hstore,
// ltree), in the order of first use.
func (s *Schema) NeededExtensions() []*Extension {
	out := append([]*Extension(nil), s.Extensions...)
	have := make(map[string]bool, len(out))
	for _, e := range out {
		have[e.Name] = true
	}
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			if c.Enum != nil || c.Domain != nil {
				continue
			}
			if ext := design.ExtensionOfType(c.TypeInfo.Base); ext != "" && !have[ext] {
				have[ext] = true
				out = append(out, &Extension{Name: ext, Implied: true, Pos: c.Pos})
			}
		}
	}
	return out
}
