package postgres

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// tableNames are the generated names of one table's constraints and indexes.
// They share one namespace per table, so that a name never repeats inside a
// table even when two objects would get the same natural name (an index with
// a WHERE clause next to the foreign-key index on the same column).
type tableNames struct {
	pk     string
	unique map[string]string // column list joined by "\x00"
	check  map[*schema.Column]string
	fk     map[*schema.ForeignKey]string
	index  map[*schema.TableIndex]string
}

func columnsKey(cols []string) string { return strings.Join(cols, "\x00") }

// namesOf assigns every constraint and index of t its name. Explicit names
// from the design are taken first; generated names come in a fixed order
// (primary key, single-column uniques, multi-column uniques, checks, foreign
// keys, indexes) and a name already taken gets a number appended.
func namesOf(t *schema.Table) *tableNames {
	n := &tableNames{
		unique: map[string]string{},
		check:  map[*schema.Column]string{},
		fk:     map[*schema.ForeignKey]string{},
		index:  map[*schema.TableIndex]string{},
	}
	used := map[string]bool{}
	for _, fk := range t.ForeignKeys {
		if fk.Name != "" {
			used[fk.Name] = true
			n.fk[fk] = fk.Name
		}
	}
	for _, ix := range t.Indexes {
		if ix.Name != "" {
			used[ix.Name] = true
			n.index[ix] = ix.Name
		}
	}
	take := func(parts ...string) string {
		name := sqlname.ObjectName(parts...)
		last := len(parts) - 1
		base := parts[last]
		for i := 1; used[name]; i++ {
			parts[last] = base + strconv.Itoa(i)
			name = sqlname.ObjectName(parts...)
		}
		used[name] = true
		return name
	}
	join := func(head string, cols []string, tail string) []string {
		parts := append([]string{head}, cols...)
		return append(parts, tail)
	}
	if len(t.PrimaryKey) > 0 {
		n.pk = take(t.Name, "pkey")
	}
	for _, c := range t.Columns {
		if hasColumnUnique(t, c) {
			n.unique[columnsKey([]string{c.Name})] = take(t.Name, c.Name, "key")
		}
	}
	pkKey := columnsKey(t.PrimaryKey)
	for _, u := range t.Uniques {
		k := columnsKey(u.Columns)
		if _, dup := n.unique[k]; !dup && k != pkKey {
			n.unique[k] = take(join(t.Name, u.Columns, "key")...)
		}
	}
	for _, c := range t.Columns {
		if c.Check != "" {
			n.check[c] = take(t.Name, c.Name, "check")
		}
	}
	for _, fk := range t.ForeignKeys {
		if fk.Name == "" {
			n.fk[fk] = take(join(t.Name, fk.Columns, "fkey")...)
		}
	}
	for _, ix := range t.Indexes {
		if ix.Name == "" {
			n.index[ix] = take(join(t.Name, indexWords(ix), "idx")...)
		}
	}
	return n
}

// hasColumnUnique reports whether c gets a single-column UNIQUE constraint:
// it is unique and not already the whole primary key.
func hasColumnUnique(t *schema.Table, c *schema.Column) bool {
	return c.Unique && !(len(t.PrimaryKey) == 1 && t.PrimaryKey[0] == c.Name)
}

// indexWords are the parts an index name is made of: column names, and the
// identifiers found in expressions (`(lower(email))` gives `lower_email`).
func indexWords(ix *schema.TableIndex) []string {
	var out []string
	for _, col := range ix.Columns {
		col = strings.TrimSpace(col)
		if !strings.HasPrefix(col, "(") {
			if f := strings.Fields(col); len(f) > 0 {
				out = append(out, f[0])
			}
			continue
		}
		w := strings.FieldsFunc(strings.ToLower(col), func(r rune) bool {
			return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_')
		})
		if len(w) == 0 {
			w = []string{"expr"}
		}
		out = append(out, strings.Join(w, "_"))
	}
	return out
}

// PrimaryKeyName is the name of t's primary key constraint (and its index).
func PrimaryKeyName(t *schema.Table) string { return namesOf(t).pk }

// UniqueName is the name of the unique constraint of t on exactly cols, in
// that order (a single-column UNIQUE field or a `unique` list). It returns ""
// when t has no such constraint.
func UniqueName(t *schema.Table, cols []string) string { return namesOf(t).unique[columnsKey(cols)] }

// CheckName is the name of the CHECK constraint of column c of t, or "" when c has no check.
func CheckName(t *schema.Table, c *schema.Column) string { return namesOf(t).check[c] }

// ForeignKeyName is the name of a foreign-key constraint: the design's
// explicit name, or one made from the table and its columns.
func ForeignKeyName(fk *schema.ForeignKey) string { return namesOf(fk.Table).fk[fk] }

// IndexName is the name of an index of t: the design's explicit name, or one
// made from the table and the indexed columns, ending in `_idx`.
func IndexName(t *schema.Table, ix *schema.TableIndex) string { return namesOf(t).index[ix] }

// StateFunctionName is the name of the trigger function that enforces a
// state machine. It lives in the schema of the machine's table.
func StateFunctionName(m *schema.Machine) string { return sqlname.ObjectName(m.Name, "transition") }

// StateTriggerName is the name of the trigger that checks every UPDATE that
// changes a state machine's column.
func StateTriggerName(m *schema.Machine) string {
	return sqlname.ObjectName(m.Table.Name, m.Column, "transition")
}

// StateInsertTriggerName is the name of the trigger that makes new rows start
// in a state machine's initial state.
func StateInsertTriggerName(m *schema.Machine) string {
	return sqlname.ObjectName(m.Table.Name, m.Column, "initial")
}

// EventGuardFunctionName is the name of the trigger function that keeps an
// event table append-only.
func EventGuardFunctionName(t *schema.Table) string { return sqlname.ObjectName(t.Name, "append_only") }

// EventGuardTriggerName is the name of the row trigger that rejects UPDATE and DELETE on an event table.
func EventGuardTriggerName(t *schema.Table) string { return sqlname.ObjectName(t.Name, "append_only") }

// EventTruncateTriggerName is the name of the statement trigger that rejects TRUNCATE on an event table.
func EventTruncateTriggerName(t *schema.Table) string {
	return sqlname.ObjectName(t.Name, "no_truncate")
}

// EventIDFunctionName is the name of the trigger function that gives every
// event its id from the table's sequence.
func EventIDFunctionName(t *schema.Table) string { return sqlname.ObjectName(t.Name, "sequence_id") }

// EventIDTriggerName is the name of the BEFORE INSERT trigger that gives every event its id from the sequence.
func EventIDTriggerName(t *schema.Table) string { return sqlname.ObjectName(t.Name, "sequence_id") }

// qualify is schema.name with both parts quoted where needed; the public schema is left out.
func qualify(schema, name string) string {
	if schema == "" || schema == "public" {
		return sqlname.QuoteIdent(name)
	}
	return sqlname.QuoteIdent(schema) + "." + sqlname.QuoteIdent(name)
}

// QualifiedTable is t's name as SQL: quoted where needed, schema-qualified unless public.
func QualifiedTable(t *schema.Table) string { return qualify(t.Schema, t.Name) }

// QualifiedEnum is an enum type's name as SQL: quoted where needed, schema-qualified unless public.
func QualifiedEnum(e *schema.Enum) string { return qualify(e.Schema, e.Name) }

// quoteList quotes each identifier and joins them with ", ".
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = sqlname.QuoteIdent(n)
	}
	return strings.Join(q, ", ")
}
