// Package pgcatalog reads the shape of a PostgreSQL database from pg_catalog
// (schemas, tables, columns, constraints, indexes, enum types, triggers,
// trigger functions and comments) into a canonical, sorted list of facts, so
// that tests can prove two databases have the same schema without comparing
// the SQL that built them. Constraint and index definitions are normalised by
// the server itself (pg_get_constraintdef, pg_get_indexdef).
package pgcatalog

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
)

// userSchemas excludes PostgreSQL's own schemas.
const userSchemas = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'`

// queries each return one text column: a fact about the schema. Objects that
// belong to an extension (citext's functions) are left out. Column order
// (attnum) is left out on purpose: a column added by a migration comes last,
// where a fresh build puts it in design order, and no query depends on it.
var queries = []struct{ kind, sql string }{
	{"schema", `SELECT n.nspname FROM pg_namespace n WHERE ` + userSchemas + ` AND n.nspname <> 'public'`},
	{"table", `SELECT n.nspname || '.' || c.relname || ' kind=' || c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND ` + userSchemas},
	{"column", `SELECT n.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
			|| CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END
			|| coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
			|| CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END
			|| CASE a.attgenerated WHEN 's' THEN ' generated stored' ELSE '' END
		FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND ` + userSchemas},
	{"constraint", `SELECT n.nspname || '.' || c.relname || ' ' || k.conname || ' ' || k.contype::text || ' ' || pg_get_constraintdef(k.oid, true)
		FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE ` + userSchemas},
	{"index", `SELECT n.nspname || '.' || i.relname || ' ' || pg_get_indexdef(i.oid)
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
		WHERE ` + userSchemas},
	{"enum", `SELECT n.nspname || '.' || t.typname || ' (' || string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) || ')'
		FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
		WHERE ` + userSchemas + ` GROUP BY n.nspname, t.typname`},
	{"trigger", `SELECT n.nspname || '.' || c.relname || ' ' || g.tgname || ' ' || pg_get_triggerdef(g.oid, true)
		FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE NOT g.tgisinternal AND ` + userSchemas},
	{"function", `SELECT n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') returns '
			|| format_type(p.prorettype, NULL) || E'\n' || p.prosrc
		FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ` + userSchemas + `
		AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')`},
	{"comment", `SELECT 'table ' || n.nspname || '.' || c.relname || ' ' || quote_literal(d.description)
		FROM pg_description d JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ` + userSchemas + `
		UNION ALL
		SELECT 'column ' || n.nspname || '.' || c.relname || '.' || a.attname || ' ' || quote_literal(d.description)
		FROM pg_description d JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass AND d.objsubid > 0
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ` + userSchemas + `
		UNION ALL
		SELECT 'type ' || n.nspname || '.' || t.typname || ' ' || quote_literal(d.description)
		FROM pg_description d JOIN pg_type t ON t.oid = d.objoid AND d.classoid = 'pg_type'::regclass
		JOIN pg_namespace n ON n.oid = t.typnamespace WHERE ` + userSchemas + `
		UNION ALL
		SELECT 'constraint ' || n.nspname || '.' || c.relname || '.' || k.conname || ' ' || quote_literal(d.description)
		FROM pg_description d JOIN pg_constraint k ON k.oid = d.objoid AND d.classoid = 'pg_constraint'::regclass
		JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ` + userSchemas + `
		UNION ALL
		SELECT 'function ' || n.nspname || '.' || p.proname || ' ' || quote_literal(d.description)
		FROM pg_description d JOIN pg_proc p ON p.oid = d.objoid AND d.classoid = 'pg_proc'::regclass
		JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ` + userSchemas + `
		UNION ALL
		SELECT 'trigger ' || n.nspname || '.' || c.relname || '.' || g.tgname || ' ' || quote_literal(d.description)
		FROM pg_description d JOIN pg_trigger g ON g.oid = d.objoid AND d.classoid = 'pg_trigger'::regclass
		JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ` + userSchemas + `
		UNION ALL
		SELECT 'schema ' || n.nspname || ' ' || quote_literal(d.description)
		FROM pg_description d JOIN pg_namespace n ON n.oid = d.objoid AND d.classoid = 'pg_namespace'::regclass
		WHERE ` + userSchemas + ` AND n.nspname <> 'public'`},
}

// Catalog is the schema of one database as sorted facts, one per object,
// each prefixed with its kind ("column public.users.email text not null").
type Catalog struct {
	Facts []string
}

// Read reads the catalog of the database conn is connected to.
func Read(ctx context.Context, conn *pgx.Conn) (*Catalog, error) {
	var facts []string
	for _, q := range queries {
		rows, err := conn.Query(ctx, q.sql)
		if err != nil {
			return nil, fmt.Errorf("reading %ss: %w", q.kind, err)
		}
		for rows.Next() {
			var fact string
			if err := rows.Scan(&fact); err != nil {
				rows.Close()
				return nil, fmt.Errorf("reading %ss: %w", q.kind, err)
			}
			facts = append(facts, q.kind+" "+fact)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("reading %ss: %w", q.kind, err)
		}
	}
	sort.Strings(facts)
	return &Catalog{Facts: facts}, nil
}

// Diff lists the facts only one of two catalogs has: "- fact" for want
// (missing from got), "+ fact" for got (not wanted). Empty means the same schema.
func Diff(want, got *Catalog) []string {
	var out []string
	i, j := 0, 0
	for i < len(want.Facts) || j < len(got.Facts) {
		switch {
		case j >= len(got.Facts) || (i < len(want.Facts) && want.Facts[i] < got.Facts[j]):
			out = append(out, "- "+want.Facts[i])
			i++
		case i >= len(want.Facts) || got.Facts[j] < want.Facts[i]:
			out = append(out, "+ "+got.Facts[j])
			j++
		default:
			i++
			j++
		}
	}
	return out
}

// String is the catalog, one fact a line.
func (c *Catalog) String() string { return strings.Join(c.Facts, "\n") }
