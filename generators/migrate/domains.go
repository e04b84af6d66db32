package migrate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
)

// domainColumnType is the type of a column of a domain, as SQL.
func domainColumnType(c *schema.Column) string {
	return postgres.QualifiedDomain(c.Domain) + strings.Repeat("[]", c.TypeInfo.Array-c.Domain.TypeInfo.Array)
}

// domains creates, alters and drops domains, matched by schema and name. A
// domain whose base type changes is dropped and created again, which
// PostgreSQL allows only once no column uses it: the plan says so.
func (p *planner) domains() {
	src := map[string]*schema.Domain{}
	for _, d := range p.src.Domains {
		src[d.QualifiedName()] = d
	}
	kept := map[string]bool{}
	for _, dd := range p.dst.Domains {
		sd := src[dd.QualifiedName()]
		if sd == nil {
			p.add(phaseCreateTypes, postgres.CreateDomain(dd))
			continue
		}
		kept[dd.QualifiedName()] = true
		name := postgres.QualifiedDomain(dd)
		if sd.Type != dd.Type || sd.Enum != nil != (dd.Enum != nil) {
			p.notes = append(p.notes, fmt.Sprintf("domain %s changes its base type from %s to %s: it is dropped and created again, which fails while a column uses it", dd.QualifiedName(), sd.Type, dd.Type))
			p.add(phaseDropConstraints, "DROP DOMAIN "+name)
			p.add(phaseCreateTypes, postgres.CreateDomain(dd))
			continue
		}
		if sd.NotNull != dd.NotNull {
			if dd.NotNull {
				p.add(phaseAlterColumns, "ALTER DOMAIN "+name+" SET NOT NULL")
			} else {
				p.add(phaseAlterColumns, "ALTER DOMAIN "+name+" DROP NOT NULL")
			}
		}
		if sd.Default != dd.Default {
			if dd.Default == "" {
				p.add(phaseAlterColumns, "ALTER DOMAIN "+name+" DROP DEFAULT")
			} else {
				p.add(phaseAlterColumns, "ALTER DOMAIN "+name+" SET DEFAULT "+dd.Default)
			}
		}
		if !slices.Equal(sd.Checks, dd.Checks) {
			for i := range sd.Checks {
				p.add(phaseDropConstraints, "ALTER DOMAIN "+name+" DROP CONSTRAINT IF EXISTS "+q(postgres.DomainCheckName(sd, i)))
			}
			for i, c := range dd.Checks {
				p.add(phaseAddConstraints, "ALTER DOMAIN "+name+" ADD CONSTRAINT "+q(postgres.DomainCheckName(dd, i))+" CHECK ("+c+")")
			}
		}
	}
	var drops []string
	for _, sd := range p.src.Domains {
		if !kept[sd.QualifiedName()] {
			drops = append(drops, "DROP DOMAIN "+postgres.QualifiedDomain(sd)+";")
		}
	}
	// Before the enum types a domain may be over.
	p.stmts[phaseDropTypes] = append(drops, p.stmts[phaseDropTypes]...)
}

// deferrableSig is the part of a constraint's signature its DEFERRABLE
// option makes: "" for none, so that the signatures of existing plans stay.
func deferrableSig(d string) string {
	if d == "" {
		return ""
	}
	return " deferrable " + d
}

// deferrableClause is a constraint's DEFERRABLE option as SQL.
func deferrableClause(d string) string {
	switch d {
	case "immediate":
		return " DEFERRABLE"
	case "deferred":
		return " DEFERRABLE INITIALLY DEFERRED"
	}
	return ""
}

// includeSig is the part of an index's signature its INCLUDE columns make.
func includeSig(include []string) string {
	if len(include) == 0 {
		return ""
	}
	return ":include(" + strings.Join(include, ",") + ")"
}
