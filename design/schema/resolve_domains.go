package schema

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design"
)

// Domain is a named type over a base type, with its own constraints
// (CREATE DOMAIN). Columns of a domain keep its name in the DDL; code
// generators hold them as the base type.
type Domain struct {
	Name        string
	Schema      string      // "public" unless the design says otherwise
	Type        string      // the canonical base type, e.g. "numeric(12,2)"
	TypeInfo    design.Type // the base type, parsed
	Enum        *Enum       // set when the base type is an enum
	Of          *Domain     // set when the base type is another domain
	NotNull     bool
	Default     string
	Checks      []string // boolean expressions over VALUE
	Description string
	Pos         design.Pos
}

// QualifiedName is schema.name, or just name in the public schema.
func (d *Domain) QualifiedName() string {
	if d.Schema == "" || d.Schema == "public" {
		return d.Name
	}
	return d.Schema + "." + d.Name
}

// Domain returns the domain with the given name, or nil.
func (s *Schema) Domain(name string) *Domain {
	for _, d := range s.Domains {
		if d.Name == name {
			return d
		}
	}
	return nil
}

// declaredDomains resolves the `domains` section: each base type is a
// built-in type, a declared enum, a type of a declared extension, or a domain
// declared before it.
func (r *resolver) declaredDomains() {
	for _, d := range r.d.Domains {
		if r.domain(d.Name) != nil {
			r.rep.Report(d.Pos, design.RuleDuplicateName, "rename one of them", "domain %q is declared twice", d.Name)
			continue
		}
		if r.enums[d.Name] != nil {
			r.rep.Report(d.Pos, design.RuleDuplicateName, "rename the domain or the enum", "domain %q has the name of an enum", d.Name)
			continue
		}
		dt := &Domain{Name: d.Name, Schema: "public", NotNull: d.NotNull, Default: d.Default,
			Checks: d.Checks, Description: d.Description, Pos: d.Pos}
		if d.Schema != "" {
			dt.Schema = d.Schema
		}
		if base, arrays := splitArray(d.Type); r.domain(base) != nil {
			inner := r.domain(base)
			dt.TypeInfo, dt.Enum, dt.Of = inner.TypeInfo, inner.Enum, inner
			dt.TypeInfo.Array = arrays
			dt.Type = base + strings.Repeat("[]", arrays)
		} else {
			typ, ok := r.parseType(d.Type)
			if !ok {
				r.rep.Report(d.TypePos, design.RuleInvalidType, "write a PostgreSQL type such as `text` or `numeric(12,2)`",
					"domain %s: %q is not a type", d.Name, d.Type)
				continue
			}
			if !typ.Known {
				if et := r.enums[typ.Base]; et != nil {
					dt.Enum = et
				} else if bt := r.blockTypeOf(typ.Base); bt != nil && !bt.late {
					// a type a SQL block creates before the domains
				} else if ext := design.ExtensionOfType(typ.Base); ext == "" || !r.hasExtension(ext) {
					hint := "use a PostgreSQL built-in type, or an enum declared under `enums`"
					if ext != "" {
						hint = fmt.Sprintf("declare the extension: `extensions: [%s]`", ext)
					}
					r.rep.Report(d.TypePos, design.RuleInvalidType, hint, "domain %s: unknown base type %q", d.Name, typ.Base)
					continue
				}
			}
			dt.TypeInfo, dt.Type = typ, typ.String()
		}
		r.s.Domains = append(r.s.Domains, dt)
	}
}

func (r *resolver) domain(name string) *Domain {
	for _, d := range r.s.Domains {
		if d.Name == name {
			return d
		}
	}
	return nil
}

// splitArray splits `name[][]` into name and the number of dimensions.
func splitArray(s string) (string, int) {
	s = strings.TrimSpace(s)
	n := 0
	for strings.HasSuffix(s, "[]") {
		s = strings.TrimSpace(strings.TrimSuffix(s, "[]"))
		n++
	}
	return s, n
}

// domainType binds a column whose type names a domain (exactly, before any
// built-in spelling: a domain may be called `Name`). It reports whether it did.
func (r *resolver) domainType(c *Column) bool {
	if len(r.s.Domains) == 0 {
		return false
	}
	name, arrays := splitArray(c.Type)
	d := r.domain(name)
	if d == nil {
		return false
	}
	c.Domain = d
	c.TypeInfo = d.TypeInfo
	c.TypeInfo.Array += arrays
	c.Type = name + strings.Repeat("[]", arrays)
	return true
}
