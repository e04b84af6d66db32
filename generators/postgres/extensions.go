package postgres

import (
	"strconv"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// CreateExtension creates an extension unless it exists, in its schema and
// version when the design gives them. An extension that needs another
// (earthdistance needs cube) comes after it in the design's list.
func CreateExtension(e *schema.Extension) string {
	var b strings.Builder
	b.WriteString("CREATE EXTENSION IF NOT EXISTS " + sqlname.QuoteIdent(e.Name))
	if e.Schema != "" {
		b.WriteString(" WITH SCHEMA " + sqlname.QuoteIdent(e.Schema))
	}
	if e.Version != "" {
		b.WriteString(" VERSION " + sqlname.QuoteLiteral(e.Version))
	}
	b.WriteByte(';')
	return b.String()
}

// extensionStatements creates every extension the schema needs, each after
// the schema it goes into; done collects the schemas created here.
func extensionStatements(s *schema.Schema, done map[string]bool) []string {
	var out []string
	for _, e := range s.NeededExtensions() {
		if e.Schema != "" && e.Schema != "public" && !done[e.Schema] {
			done[e.Schema] = true
			out = append(out, CreateSchema(e.Schema))
		}
		out = append(out, CreateExtension(e))
	}
	return out
}

// QualifiedDomain is a domain's name as SQL: quoted where needed, schema-qualified unless public.
func QualifiedDomain(d *schema.Domain) string { return qualify(d.Schema, d.Name) }

// domainBase is the SQL type a domain is over.
func domainBase(d *schema.Domain) string {
	arrays := strings.Repeat("[]", d.TypeInfo.Array)
	switch {
	case d.Of != nil:
		return QualifiedDomain(d.Of) + arrays
	case d.Enum != nil:
		return QualifiedEnum(d.Enum) + arrays
	}
	return d.Type
}

// CreateDomain creates a domain with its NOT NULL, default and CHECK constraints.
func CreateDomain(d *schema.Domain) string {
	var b strings.Builder
	b.WriteString("CREATE DOMAIN " + QualifiedDomain(d) + " AS " + domainBase(d))
	if d.Default != "" {
		b.WriteString(" DEFAULT " + d.Default)
	}
	if d.NotNull {
		b.WriteString(" NOT NULL")
	}
	for i, c := range d.Checks {
		b.WriteString(" CONSTRAINT " + sqlname.QuoteIdent(DomainCheckName(d, i)) + " CHECK (" + c + ")")
	}
	b.WriteByte(';')
	return b.String()
}

// DomainCheckName names the i-th CHECK constraint of a domain the way
// PostgreSQL names them when the DDL does not: name_check, name_check1, ...
func DomainCheckName(d *schema.Domain, i int) string {
	name := d.Name + "_check"
	if i > 0 {
		name += strconv.Itoa(i)
	}
	return sqlname.TruncateIdentifier(name, sqlname.MaxIdentifierBytes)
}

// UniqueClause is a unique constraint after its name: UNIQUE, NULLS NOT
// DISTINCT, the columns and DEFERRABLE.
func UniqueClause(u *schema.Unique) string {
	s := " UNIQUE ("
	if u.NullsNotDistinct {
		s = " UNIQUE NULLS NOT DISTINCT ("
	}
	return s + quoteList(u.Columns) + ")" + deferrableClause(u.Deferrable)
}

// deferrableClause writes a constraint's DEFERRABLE option ("immediate" or "deferred").
func deferrableClause(d string) string {
	switch d {
	case "immediate":
		return " DEFERRABLE"
	case "deferred":
		return " DEFERRABLE INITIALLY DEFERRED"
	}
	return ""
}
