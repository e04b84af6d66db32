package drift

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
)

// Domain is a domain type: its base type, NOT NULL, default and CHECK
// constraints.
type Domain struct {
	Name    string // qualified
	Type    string // canonical base type text (see canonicalType)
	SQLType string // the base type as the server prints it, live side only
	NotNull bool
	Default string            // SQL expression, "" when none
	Checks  map[string]string // CHECK expressions over VALUE, by constraint name
}

// domainsQuery reads the domains of the user's schemas.
var domainsQuery = struct {
	kind string
	sql  string
	scan func(c *Catalog, rows pgx.Rows) error
}{"domains", `SELECT n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull, coalesce(t.typdefault, ''),
		coalesce(array_agg(k.conname::text ORDER BY k.conname) FILTER (WHERE k.oid IS NOT NULL), '{}'),
		coalesce(array_agg(pg_get_expr(k.conbin, 0) ORDER BY k.conname) FILTER (WHERE k.oid IS NOT NULL), '{}')
	FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
	LEFT JOIN pg_constraint k ON k.contypid = t.oid AND k.contype = 'c'
	WHERE t.typtype = 'd' AND ` + notSystem + ` AND ` + notExtension("pg_type", "t.oid") + `
	GROUP BY n.nspname, t.typname, t.typbasetype, t.typtypmod, t.typnotnull, t.typdefault`, func(c *Catalog, rows pgx.Rows) error {
	var schemaName, name string
	var names, exprs []string
	d := &Domain{Checks: map[string]string{}}
	if err := rows.Scan(&schemaName, &name, &d.SQLType, &d.NotNull, &d.Default, &names, &exprs); err != nil {
		return err
	}
	d.Name, d.Type = qualified(schemaName, name), canonicalType(d.SQLType)
	for i, n := range names {
		d.Checks[n] = exprs[i]
	}
	c.Domains[d.Name] = d
	return nil
}}

// createDomain adds a domain of the generated DDL.
func (c *Catalog) createDomain(cd *pg_query.CreateDomainStmt) {
	d := &Domain{Name: qualifiedNames(cd.Domainname), Type: canonicalType(typeText(cd.TypeName)), Checks: map[string]string{}}
	for _, n := range cd.Constraints {
		k := n.GetConstraint()
		switch {
		case k == nil:
		case k.Contype == pg_query.ConstrType_CONSTR_NOTNULL:
			d.NotNull = true
		case k.Contype == pg_query.ConstrType_CONSTR_DEFAULT:
			d.Default = deparseExpr(k.RawExpr)
		case k.Contype == pg_query.ConstrType_CONSTR_CHECK:
			d.Checks[k.Conname] = deparseExpr(k.RawExpr)
		}
	}
	c.Domains[d.Name] = d
}

// compareDomains lists how the live domains differ from the design's. Check
// and default expressions whose texts differ go to the server (exprs), over
// a row whose one column is VALUE of the base type.
func compareDomains(want, live *Catalog, add func(Finding)) {
	for _, name := range keys(want.Domains) {
		wd, ld := want.Domains[name], live.Domains[name]
		if ld == nil {
			add(Finding{Thing: "domain", Name: name, Kind: Missing, Owned: true, Message: "domain " + display(name) + " is missing"})
			continue
		}
		changed := func(detail, format string, args ...any) Finding {
			return Finding{Thing: "domain", Name: name, Kind: Changed, Detail: detail, Owned: true,
				Message: fmt.Sprintf("domain %s: ", display(name)) + fmt.Sprintf(format, args...)}
		}
		if wd.Type != ld.Type {
			add(changed("type", "base type is %s, the design says %s", ld.Type, wd.Type))
			continue // the expressions are over another type
		}
		if wd.NotNull != ld.NotNull {
			add(changed("not null", "%s, the design says %s", nullText(ld.NotNull), nullText(wd.NotNull)))
		}
		if canonicalExpr(wd.Default) != canonicalExpr(ld.Default) {
			f := changed("default", "default is %s, the design says %s", orNone(ld.Default), orNone(wd.Default))
			if wd.Default != "" && ld.Default != "" {
				f.exprs = &exprPair{want: wd.Default, live: ld.Default, cast: ld.SQLType, from: domainRow(ld)}
			}
			add(f)
		}
		for _, k := range keys(wd.Checks) {
			lk, ok := ld.Checks[k]
			switch {
			case !ok:
				add(changed("checks", "check %s is missing", k))
			case canonicalExpr(wd.Checks[k]) != canonicalExpr(lk):
				f := changed("checks", "check %s is %s, the design says %s", k, lk, wd.Checks[k])
				f.exprs = &exprPair{want: wd.Checks[k], live: lk, from: domainRow(ld)}
				add(f)
			}
		}
		for _, k := range keys(ld.Checks) {
			if _, ok := wd.Checks[k]; !ok {
				add(changed("checks", "check %s is not in the design: %s", k, ld.Checks[k]))
			}
		}
	}
	for _, name := range keys(live.Domains) {
		if want.Domains[name] == nil {
			add(Finding{Thing: "domain", Name: name, Kind: Extra, Message: "domain " + display(name) + " is not in the design"})
		}
	}
}

// domainRow is a row of one column named value, of d's base type, for the
// server to plan a domain's expressions over (VALUE reads as that column).
func domainRow(d *Domain) string {
	return "(SELECT NULL::" + d.SQLType + " AS value OFFSET 0) AS r"
}

// domain makes the design's domain f names say what the database has, or
// adds or removes it, so that the differ writes the repair.
func (o *overlay) domain(f Finding, live *Catalog) {
	var d *schema.Domain
	for _, x := range o.s.Domains {
		if qualified(schemaOf(x.Schema), x.Name) == f.Name {
			d = x
		}
	}
	ld := live.Domains[f.Name]
	switch {
	case f.Kind == Extra:
		schemaName, name, _ := strings.Cut(f.Name, ".")
		nd := &schema.Domain{Name: name, Schema: schemaName}
		setDomain(nd, ld)
		o.s.Domains = append(o.s.Domains, nd)
	case d == nil:
	case f.Kind == Missing:
		o.s.Domains = slices.DeleteFunc(o.s.Domains, func(x *schema.Domain) bool { return x == d })
	default:
		setDomain(d, ld)
	}
}

// setDomain gives d the live domain's base type, NOT NULL, default and
// checks (in name order, which is the order of the names schemagen gives them).
func setDomain(d *schema.Domain, ld *Domain) {
	ti, _ := design.ParseType(ld.SQLType)
	d.Type, d.TypeInfo, d.Enum, d.Of = ld.SQLType, ti, nil, nil
	d.NotNull, d.Default = ld.NotNull, ld.Default
	d.Checks = nil
	for _, k := range keys(ld.Checks) {
		d.Checks = append(d.Checks, ld.Checks[k])
	}
}
