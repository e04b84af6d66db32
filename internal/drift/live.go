package drift

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// MinServerVersion is the oldest PostgreSQL the generated DDL runs on
// (CREATE OR REPLACE TRIGGER), as server_version_num.
const MinServerVersion = 140000

// notSystem keeps the catalog rows of user schemas (n is pg_namespace).
const notSystem = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'`

// notExtension keeps objects that no extension owns (classid names the catalog, oid the object).
func notExtension(classid, oid string) string {
	return `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '` + classid + `'::regclass AND e.objid = ` + oid + ` AND e.deptype = 'e')`
}

// liveQueries read the catalog. Every one is a plain SELECT on pg_catalog: a
// role that may only read the catalog can run them, and so can a hot standby.
var liveQueries = []struct {
	kind string
	sql  string
	scan func(c *Catalog, rows pgx.Rows) error
}{
	{"schemas", `SELECT n.nspname FROM pg_namespace n WHERE ` + notSystem + ` AND ` + notExtension("pg_namespace", "n.oid"), func(c *Catalog, rows pgx.Rows) error {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		c.Schemas[name] = true
		return nil
	}},
	{"extensions", `SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'`, func(c *Catalog, rows pgx.Rows) error {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		c.Extensions[name] = true
		return nil
	}},
	domainsQuery,
	{"enum types", `SELECT n.nspname, t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder), coalesce(obj_description(t.oid, 'pg_type'), '')
		FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
		WHERE ` + notSystem + ` AND ` + notExtension("pg_type", "t.oid") + ` GROUP BY n.nspname, t.typname, t.oid`, func(c *Catalog, rows pgx.Rows) error {
		var schema, name, comment string
		var values []string
		if err := rows.Scan(&schema, &name, &values, &comment); err != nil {
			return err
		}
		q := qualified(schema, name)
		c.Enums[q] = &Enum{Name: q, Values: values, Comment: comment}
		return nil
	}},
	{"tables", `SELECT n.nspname, c.relname, c.relkind::text, c.relispartition, coalesce(obj_description(c.oid, 'pg_class'), '')
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND ` + notSystem + ` AND ` + notExtension("pg_class", "c.oid") + `
		AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i') AND c.relkind = 'S')`, func(c *Catalog, rows pgx.Rows) error {
		var schema, name, kind, comment string
		var partition bool
		if err := rows.Scan(&schema, &name, &kind, &partition, &comment); err != nil {
			return err
		}
		q := qualified(schema, name)
		switch {
		case (kind == "r" || kind == "p") && !partition:
			t := newTable(q)
			t.Comment = comment
			c.Tables[q] = t
		case partition:
			c.Others[q] = "partition"
		default:
			c.Others[q] = map[string]string{"v": "view", "m": "materialized view", "f": "foreign table", "S": "sequence", "r": "table", "p": "table"}[kind]
		}
		return nil
	}},
	{"columns", `SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
			coalesce(CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END, ''),
			CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' ELSE '' END,
			coalesce(CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END, ''),
			coalesce(col_description(c.oid, a.attnum), ''),
			coalesce(co.collname, ''), coalesce(quote_ident(con.nspname) || '.' || quote_ident(co.collname), '')
		FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		JOIN pg_type ty ON ty.oid = a.atttypid
		LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> ty.typcollation
		LEFT JOIN pg_namespace con ON con.oid = co.collnamespace
		WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND ` + notSystem + `
		ORDER BY n.nspname, c.relname, a.attnum`, func(c *Catalog, rows pgx.Rows) error {
		var schema, table string
		col := &Column{}
		if err := rows.Scan(&schema, &table, &col.Name, &col.Type, &col.NotNull, &col.Default, &col.Identity, &col.Generated, &col.Comment, &col.Collation, &col.CollationSQL); err != nil {
			return err
		}
		t := c.Tables[qualified(schema, table)]
		if t == nil {
			return nil // an extension's table
		}
		col.SQLType, col.Type = col.Type, canonicalType(col.Type)
		t.Columns = append(t.Columns, col)
		return nil
	}},
	{"constraints", `SELECT n.nspname, c.relname, k.conname, k.contype::text,
			coalesce((SELECT array_agg(a.attname::text ORDER BY u.i) FROM unnest(k.conkey) WITH ORDINALITY u(attnum, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum), '{}'),
			coalesce(CASE WHEN k.contype = 'c' THEN pg_get_expr(k.conbin, k.conrelid) END, ''),
			coalesce((SELECT rn.nspname || '.' || r.relname FROM pg_class r JOIN pg_namespace rn ON rn.oid = r.relnamespace WHERE r.oid = k.confrelid), ''),
			coalesce((SELECT array_agg(a.attname::text ORDER BY u.i) FROM unnest(k.confkey) WITH ORDINALITY u(attnum, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum), '{}'),
			k.confdeltype::text, k.confupdtype::text, k.condeferrable, k.condeferred, pg_get_constraintdef(k.oid, true),
			coalesce(obj_description(k.oid, 'pg_constraint'), '')
		FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE k.contype IN ('p', 'u', 'c', 'f', 'x') AND k.conparentid = 0 AND ` + notSystem, func(c *Catalog, rows pgx.Rows) error {
		var schema, table, kind, del, upd string
		k := &Constraint{}
		if err := rows.Scan(&schema, &table, &k.Name, &kind, &k.Columns, &k.Check, &k.RefTable, &k.RefColumns, &del, &upd, &k.Deferrable, &k.Deferred, &k.Def, &k.Comment); err != nil {
			return err
		}
		t := c.Tables[qualified(schema, table)]
		if t == nil {
			return nil
		}
		k.Kind = kind[0]
		if k.Kind == 'c' {
			k.Columns = nil // the columns a CHECK mentions; the design's CHECK names none
		}
		if k.Kind == 'f' {
			k.OnDelete, k.OnUpdate = del[0], upd[0]
		} else {
			k.RefColumns = nil
		}
		t.Constraints[k.Name] = k
		return nil
	}},
	{"indexes", `SELECT n.nspname, c.relname, i.relname, pg_get_indexdef(x.indexrelid)
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE ` + notSystem + ` AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u', 'x') AND k.conrelid = x.indrelid)
		AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = x.indexrelid)`, func(c *Catalog, rows pgx.Rows) error {
		var schema, table, name, def string
		if err := rows.Scan(&schema, &table, &name, &def); err != nil {
			return err
		}
		t := c.Tables[qualified(schema, table)]
		if t == nil {
			return nil
		}
		ix, err := canonicalIndex(def)
		if err != nil {
			return fmt.Errorf("index %s: %w", name, err)
		}
		t.Indexes[name] = ix
		return nil
	}},
	{"triggers", `SELECT n.nspname, c.relname, g.tgname, pg_get_triggerdef(g.oid), g.tgenabled = 'D'
		FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE NOT g.tgisinternal AND g.tgparentid = 0 AND ` + notSystem, func(c *Catalog, rows pgx.Rows) error {
		var schema, table string
		tg := &Trigger{}
		if err := rows.Scan(&schema, &table, &tg.Name, &tg.Def, &tg.Disabled); err != nil {
			return err
		}
		t := c.Tables[qualified(schema, table)]
		if t == nil {
			return nil
		}
		canon, err := canonicalTrigger(tg.Def)
		if err != nil {
			return fmt.Errorf("trigger %s: %w", tg.Name, err)
		}
		tg.Def = canon
		t.Triggers[tg.Name] = tg
		return nil
	}},
	{"functions", `SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), l.lanname, format_type(p.prorettype, NULL), coalesce(p.prosrc, ''),
		p.prosecdef, coalesce(array_to_string(p.proconfig, '; '), '')
		FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
		WHERE ` + notSystem + ` AND ` + notExtension("pg_proc", "p.oid"), func(c *Catalog, rows pgx.Rows) error {
		var schema, name, args string
		f := &Function{}
		if err := rows.Scan(&schema, &name, &args, &f.Language, &f.Returns, &f.Body, &f.SecurityDefiner, &f.Config); err != nil {
			return err
		}
		f.Name = qualified(schema, name)
		if args != "" {
			c.Others[f.Name+"("+args+")"] = "function"
			return nil
		}
		f.Returns = canonicalType(f.Returns)
		c.Functions[f.Name] = f
		return nil
	}},
}

// ConnectError is a failure to reach or log into the database, as opposed to
// a database that differs from the design.
type ConnectError struct{ Err error }

// Error is the reason, in words.
func (e *ConnectError) Error() string { return e.Err.Error() }

// Unwrap returns the driver's error.
func (e *ConnectError) Unwrap() error { return e.Err }

// ReadLive reads the schema of the database conn is connected to, inside one
// read-only transaction so that every query sees the same catalog.
func ReadLive(ctx context.Context, conn *pgx.Conn) (*Catalog, error) {
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead})
	if err != nil {
		return nil, &ConnectError{fmt.Errorf("starting a read-only transaction: %w", err)}
	}
	defer tx.Rollback(ctx)
	var version int
	if err := tx.QueryRow(ctx, "SELECT current_setting('server_version_num')::int").Scan(&version); err != nil {
		return nil, &ConnectError{fmt.Errorf("reading the server version: %w", err)}
	}
	if err := checkVersion(version); err != nil {
		return nil, &ConnectError{err}
	}
	// Names in the public schema print unqualified, as the generated DDL writes them.
	if _, err := tx.Exec(ctx, "SET LOCAL search_path = public"); err != nil {
		return nil, err
	}
	c := newCatalog()
	for _, q := range liveQueries {
		rows, err := tx.Query(ctx, q.sql)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", q.kind, err)
		}
		for rows.Next() {
			if err := q.scan(c, rows); err != nil {
				rows.Close()
				return nil, fmt.Errorf("reading %s: %w", q.kind, err)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("reading %s: %w", q.kind, err)
		}
	}
	return c, nil
}

// checkVersion refuses servers older than MinServerVersion (server_version_num).
func checkVersion(version int) error {
	if version < MinServerVersion {
		return fmt.Errorf("the server runs PostgreSQL %d.%d, older than 14, the oldest version schemagen's DDL runs on", version/10000, version%10000)
	}
	return nil
}

// qualified is schema.name; names in public keep their schema too, so that
// every map key has one spelling.
func qualified(schema, name string) string { return schema + "." + name }
