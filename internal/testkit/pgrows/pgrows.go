// Package pgrows fills a database built from a design with one row per table,
// with values valid for each column's type, check constraint and foreign key,
// and reads rows back, so that migration tests can prove that data survives.
//
// Values are tried from a short list of candidates per type; a row that a
// check constraint rejects is retried with the next candidates, then with
// NULL in its nullable columns. Columns with a default keep it.
package pgrows

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// Rows maps a table's qualified name to its rows, each a map from column name
// to the value as PostgreSQL's JSON encoding gives it.
type Rows map[string][]map[string]any

// attempts is how many candidate combinations a row gets before giving up.
const attempts = 8

// Insert adds one row to every table of s it can, parents before children,
// and returns every table's rows as stored (defaults and identities filled
// in). A foreign key to a row not inserted yet (a cycle, a self-reference) is
// NULL at first and set once its parent exists; a table whose NOT NULL key
// cannot be satisfied that way gets no row.
func Insert(ctx context.Context, conn *pgx.Conn, s *schema.Schema) (Rows, error) {
	done := Rows{}
	var later []deferred
	for _, t := range parentsFirst(s) {
		row, defs, err := insertOne(ctx, conn, t, done)
		if err != nil {
			return nil, err
		}
		if row != nil {
			done[t.QualifiedName()] = []map[string]any{row}
			later = append(later, defs...)
		}
	}
	for _, d := range later {
		parent := done[d.fk.RefTable.QualifiedName()]
		if len(parent) == 0 {
			continue
		}
		var sets []string
		for i, col := range d.fk.Columns {
			sets = append(sets, quoteIdent(col)+" = "+jsonLiteral(parent[0][d.fk.RefColumns[i]], d.table.Column(col)))
		}
		sql := fmt.Sprintf("UPDATE %s SET %s", qualified(d.table), strings.Join(sets, ", "))
		if _, err := conn.Exec(ctx, sql); err != nil {
			return nil, fmt.Errorf("%s: %w", sql, err)
		}
	}
	return Read(ctx, conn, s)
}

// deferred is a nullable foreign key set after its parent row exists.
type deferred struct {
	table *schema.Table
	fk    *schema.ForeignKey
}

// Read returns every row of every table of s, ordered by their JSON text.
func Read(ctx context.Context, conn *pgx.Conn, s *schema.Schema) (Rows, error) {
	out := Rows{}
	for _, t := range s.Tables {
		rows, err := conn.Query(ctx, fmt.Sprintf("SELECT row_to_json(schemagen_row)::text FROM %s schemagen_row ORDER BY 1", qualified(t)))
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", t.QualifiedName(), err)
		}
		var list []map[string]any
		for rows.Next() {
			var text string
			if err := rows.Scan(&text); err != nil {
				rows.Close()
				return nil, err
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(text), &m); err != nil {
				rows.Close()
				return nil, err
			}
			list = append(list, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("reading %s: %w", t.QualifiedName(), err)
		}
		out[t.QualifiedName()] = list
	}
	return out, nil
}

func qualified(t *schema.Table) string {
	return quoteIdent(t.Schema) + "." + quoteIdent(t.Name)
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// parentsFirst orders tables so that every table comes after the tables its
// foreign keys reference (self-references aside); cycles keep design order.
func parentsFirst(s *schema.Schema) []*schema.Table {
	var out []*schema.Table
	state := map[*schema.Table]int{} // 1 visiting, 2 done
	var visit func(t *schema.Table)
	visit = func(t *schema.Table) {
		if state[t] != 0 {
			return
		}
		state[t] = 1
		for _, fk := range t.ForeignKeys {
			if fk.RefTable != nil && fk.RefTable != t {
				visit(fk.RefTable)
			}
		}
		state[t] = 2
		out = append(out, t)
	}
	for _, t := range s.Tables {
		visit(t)
	}
	return out
}

func insertOne(ctx context.Context, conn *pgx.Conn, t *schema.Table, done Rows) (map[string]any, []deferred, error) {
	// Foreign keys whose parent row does not exist yet.
	var defs []deferred
	waiting := map[string]bool{}
	for _, fk := range t.ForeignKeys {
		if fk.RefTable != nil && fk.RefTable != t && len(done[fk.RefTable.QualifiedName()]) > 0 {
			continue
		}
		for _, col := range fk.Columns {
			if c := t.Column(col); c == nil || !c.Nullable {
				return nil, nil, nil // a NOT NULL key with no row to point at: this table stays empty
			}
			waiting[col] = true
		}
		defs = append(defs, deferred{table: t, fk: fk})
	}
	var lastErr error
	for attempt := 0; attempt < attempts; attempt++ {
		var cols, vals []string
		for _, c := range t.Columns {
			v, ok, err := value(t, c, attempt, done)
			if waiting[c.Name] {
				v, ok, err = "NULL", true, nil
			}
			if err != nil {
				return nil, nil, err
			}
			if !ok {
				continue
			}
			cols = append(cols, quoteIdent(c.Name))
			vals = append(vals, v)
		}
		sql := fmt.Sprintf("INSERT INTO %s DEFAULT VALUES RETURNING row_to_json(%s.*)::text", qualified(t), quoteIdent(t.Name))
		if len(cols) > 0 {
			sql = fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s) RETURNING row_to_json(%s.*)::text",
				qualified(t), strings.Join(cols, ", "), strings.Join(vals, ", "), quoteIdent(t.Name))
		}
		tx, err := conn.Begin(ctx)
		if err != nil {
			return nil, nil, err
		}
		var text string
		err = tx.QueryRow(ctx, sql).Scan(&text)
		if err != nil {
			lastErr = fmt.Errorf("%s: %w", sql, err)
			_ = tx.Rollback(ctx)
			continue
		}
		if err := tx.Commit(ctx); err != nil {
			return nil, nil, err
		}
		var row map[string]any
		if err := json.Unmarshal([]byte(text), &row); err != nil {
			return nil, nil, err
		}
		return row, defs, nil
	}
	return nil, nil, fmt.Errorf("no valid row found for %s: %w", t.QualifiedName(), lastErr)
}

// value returns the SQL literal for column c in the given attempt; ok is
// false when the column is left to its default.
func value(t *schema.Table, c *schema.Column, attempt int, done Rows) (string, bool, error) {
	if c.Identity == schema.IdentityAlways || c.Generated != "" {
		return "", false, nil
	}
	if c.ForeignKey != nil && c.ForeignKey.RefTable != nil {
		fk := c.ForeignKey
		parent := done[fk.RefTable.QualifiedName()]
		if fk.RefTable == t || len(parent) == 0 {
			if c.Nullable {
				return "NULL", true, nil
			}
			return "", false, fmt.Errorf("%s.%s: no row of %s to reference", t.QualifiedName(), c.Name, fk.RefTable.QualifiedName())
		}
		for i, name := range fk.Columns {
			if name == c.Name {
				return jsonLiteral(parent[0][fk.RefColumns[i]], c), true, nil
			}
		}
	}
	if c.Default != "" || c.Identity != "" {
		return "", false, nil
	}
	if c.Nullable && attempt >= attempts/2 {
		return "NULL", true, nil
	}
	cands := candidates(c)
	if len(cands) == 0 {
		if c.Nullable {
			return "NULL", true, nil
		}
		return "", false, fmt.Errorf("%s.%s: no sample value for type %s", t.QualifiedName(), c.Name, c.Type)
	}
	return cands[attempt%len(cands)] + "::" + sqlType(c), true, nil
}

// jsonLiteral turns a value read back as JSON into a literal of c's type.
func jsonLiteral(v any, c *schema.Column) string {
	if v == nil {
		return "NULL"
	}
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case float64, bool:
		s = fmt.Sprint(x)
	default:
		b, _ := json.Marshal(x)
		s = string(b)
	}
	return sqlname.QuoteLiteral(s) + "::" + sqlType(c)
}

func sqlType(c *schema.Column) string {
	if c.Enum != nil {
		suffix := strings.Repeat("[]", c.TypeInfo.Array)
		return quoteIdent(c.Enum.Schema) + "." + quoteIdent(c.Enum.Name) + suffix
	}
	// The serial pseudo-types exist only in CREATE TABLE; a value is cast to the integer type behind them.
	return design.KeyTypeFor(c.TypeInfo).String()
}

// candidates lists sample literals (without casts) for a column's type.
func candidates(c *schema.Column) []string {
	if c.TypeInfo.Array > 0 {
		return []string{"'{}'"}
	}
	if c.Enum != nil {
		out := make([]string, len(c.Enum.Values))
		for i, v := range c.Enum.Values {
			out[i] = sqlname.QuoteLiteral(v)
		}
		return out
	}
	switch c.TypeInfo.Base {
	case "integer", "bigint", "smallint", "numeric", "real", "double precision", "money":
		return []string{"1", "100", "0", "7", "2"}
	case "serial", "bigserial", "smallserial":
		return []string{"1"}
	case "text", "varchar", "char", "citext", "name":
		if n, err := strconv.Atoi(c.TypeInfo.Params); err == nil && n < 20 {
			return []string{"'a'", "'b'"}
		}
		return []string{"'sample@example.com'", "'a'", "'sample'", "'https://example.com/x'"}
	case "boolean":
		return []string{"true", "false"}
	case "uuid":
		return []string{"'0c5e4f9e-8a3b-4d3e-9a7e-6d1f2c3b4a5d'", "'1c5e4f9e-8a3b-4d3e-9a7e-6d1f2c3b4a5d'"}
	case "timestamptz", "timestamp":
		return []string{"'2026-01-02 03:04:05+00'", "'2099-01-01 00:00:00+00'", "'2000-01-01 00:00:00+00'"}
	case "date":
		return []string{"'2026-01-02'", "'2099-01-01'"}
	case "time", "timetz":
		return []string{"'12:00'"}
	case "interval":
		return []string{"'1 day'"}
	case "json", "jsonb":
		return []string{`'{}'`, `'{"a": 1}'`}
	case "bytea":
		return []string{`'\x00'`}
	case "inet", "cidr":
		return []string{"'127.0.0.1'"}
	case "macaddr":
		return []string{"'08:00:2b:01:02:03'"}
	case "tsvector":
		return []string{"'a'"}
	case "int4range", "int8range", "numrange":
		return []string{"'[1,2)'"}
	case "tstzrange", "tsrange":
		return []string{"'[2026-01-01,2026-01-02)'"}
	case "daterange":
		return []string{"'[2026-01-01,2026-01-02)'"}
	case "xml":
		return []string{"'<a/>'"}
	case "bit", "varbit":
		return []string{"'1'"}
	case "point":
		return []string{"'(1,2)'"}
	}
	return nil
}

// Tables returns the qualified table names of rows, sorted.
func (r Rows) Tables() []string {
	out := make([]string, 0, len(r))
	for k := range r {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
