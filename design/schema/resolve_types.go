package schema

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/schemagen/schemagen/design"
)

// resolveColumnTypes parses every declared type and binds enum types.
func (r *resolver) resolveColumnTypes() {
	for _, e := range r.d.Entities {
		t := r.byEntity[e.Name]
		if t == nil {
			continue
		}
		for _, f := range e.Fields {
			c := t.Column(f.Name)
			if c == nil || c.Origin != DeclaredColumn {
				continue
			}
			r.bindType(c, f.TypePos, t)
			if f.Identity && !isIntegerBase(c.TypeInfo.Base) {
				r.rep.Report(f.TypePos, design.RuleInvalidField, "make it `bigint identity`",
					"field %s.%s is `identity` but of type %s; identity columns must be smallint, integer or bigint", t.Entity, c.Name, c.Type)
			}
			if c.Collation != "" && (c.Enum != nil || !collatable(c.TypeInfo)) {
				r.rep.Report(f.CollatePos, design.RuleInvalidField, "drop `collate`, or make the column a string type",
					"field %s.%s has `collate` but is of type %s, which has no collation", t.Entity, c.Name, c.Type)
				c.Collation = ""
			}
		}
	}
	// State columns.
	for _, t := range r.s.Tables {
		for _, c := range t.Columns {
			if c.Origin == StateColumn && c.Machine != nil {
				c.Enum = c.Machine.Enum
				c.TypeInfo = design.Type{Base: c.Machine.Name}
			}
		}
	}
}

func isIntegerBase(b string) bool {
	return b == "integer" || b == "bigint" || b == "smallint"
}

// parseType is ParseType, memoized per resolve: most columns share a few types.
func (r *resolver) parseType(s string) (design.Type, bool) {
	if pt, ok := r.types[s]; ok {
		return pt.typ, pt.ok
	}
	typ, ok := design.ParseType(s)
	if r.types == nil {
		r.types = map[string]parsedType{}
	}
	r.types[s] = parsedType{typ, ok}
	return typ, ok
}

type parsedType struct {
	typ design.Type
	ok  bool
}

func (r *resolver) bindType(c *Column, at design.Pos, t *Table) {
	if r.domainType(c) {
		return
	}
	typ, ok := r.parseType(c.Type)
	if !ok {
		r.rep.Report(at, design.RuleInvalidType, "write a PostgreSQL type such as `text`, `integer` or `numeric(12,2)`",
			"field %s.%s: %q is not a type", t.Entity, c.Name, c.Type)
		return
	}
	if !typ.Known {
		et := r.enums[typ.Base]
		if et == nil && r.extensionType(c, typ, at, t) {
			return
		}
		if bt := r.blockTypeOf(typ.Base); et == nil && bt != nil {
			if bt.late {
				r.rep.Report(at, design.RuleInvalidType, fmt.Sprintf("drop the entities from the `after` of SQL block %q, so that it runs before the tables", bt.block),
					"field %s.%s: type %q is created by SQL block %q, which runs after the tables", t.Entity, c.Name, typ.Base, bt.block)
				return
			}
			c.TypeInfo = typ
			c.Type = typ.String()
			return
		}
		if et == nil {
			if r.typeCandidates == nil {
				r.typeCandidates = design.BuiltinTypes()
				for name := range r.enums {
					r.typeCandidates = append(r.typeCandidates, name)
				}
				sort.Strings(r.typeCandidates)
			}
			hint := "use a PostgreSQL built-in type, or declare the enum under `enums`"
			if s := r.rep.Suggest(typ.Base, r.typeCandidates); s != "" {
				hint = fmt.Sprintf("did you mean `%s`?", s)
			}
			r.rep.Report(at, design.RuleInvalidType, hint, "field %s.%s: unknown type %q", t.Entity, c.Name, typ.Base)
			return
		}
		c.Enum = et
		if c.Default != "" && typ.Array == 0 {
			if lit, isLit := unquoteLiteral(c.Default); isLit && !slices.Contains(et.Values, lit) {
				r.rep.Report(at, design.RuleInvalidValue, "use one of: "+strings.Join(et.Values, ", "),
					"field %s.%s: default %s is not a value of %s", t.Entity, c.Name, c.Default, et.Name)
			}
		}
	}
	c.TypeInfo = typ
	c.Type = typ.String()
}

func unquoteLiteral(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "::"); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'"), true
	}
	return "", false
}
