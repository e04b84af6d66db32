package lint

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
)

// Rules about relationships.
var (
	RuleHiddenManyToMany = &Rule{Rule: design.Rule{Name: "hidden-many-to-many", Severity: design.Warning, Doc: `An array of ids or a comma-separated list that should be a junction table.

` + "`tag_ids uuid[]`" + ` or ` + "`tags text`" + ` holding "a,b,c" is a many-to-many relationship the
database cannot see: no foreign keys, so ids point at deleted rows; no index to
find every post with a tag; no place for the pair's own data.

Bad:
    posts:
      fields:
        tag_ids: uuid[]
Good:
    relationships:
      - posts n-n tags via post_tags

Fix: replace the column with an n-n relationship through a junction table.`}, Check: checkHiddenManyToMany}

	RuleSetNullOnRequired = &Rule{Rule: design.Rule{Name: "set-null-on-required", Severity: design.Warning, Doc: `` + "`on_delete: set null`" + ` on a foreign key that is not optional.

Deleting a parent that has children would set a NOT NULL column to NULL, so
that delete fails at run time with a not-null violation: the foreign key
protects its parents like ` + "`no action`" + `, under a name that promises
the opposite. PostgreSQL accepts the DDL, and real databases have it (Sakila's
` + "`payment.rental_id`" + `), so it is a warning: a design may keep what its
database has, while a new design should say what it means.

Bad:
    - { one: drivers, many: rides, on_delete: set null }
Good:
    - { one: drivers, many: rides, optional: true, on_delete: set null }

Fix: make the relationship ` + "`optional`" + `, or use ` + "`restrict`" + ` or ` + "`cascade`" + `.`}, Check: checkSetNullOnRequired}

	RuleRequiredForeignKeyCycle = &Rule{Rule: design.Rule{Name: "required-foreign-key-cycle", Severity: design.Warning, Doc: `Required foreign keys form a cycle.

If A needs a B and B needs an A (both NOT NULL), neither row can be inserted
first: every insert fails unless the constraints are deferred.

Bad:
    - users 1-n teams as owner
    - teams 1-n users
Good:
    - users 1-n teams as owner
    - teams 1-n users optional

Fix: make one relationship of the cycle ` + "`optional`" + `.`}, Check: checkRequiredForeignKeyCycle}

	RuleUndeclaredForeignKey = &Rule{Rule: design.Rule{Name: "undeclared-foreign-key", Severity: design.Warning, Doc: `A field named and typed like another entity's key, with no relationship.

A field ` + "`customer_id`" + ` of the type of ` + "`customers`" + `' key says that the row belongs
to a customer, but without a relationship there is no foreign key: nothing
stops an id that matches no customer, and deleting a customer leaves orphans.
An import meets this when the source declares the key only on partitions it
skipped.

Bad:
    orders:
      fields: { id: uuid pk, customer_id: uuid }
Good:
    relationships:
      - customers 1-n orders      # adds orders.customer_id

Fix: declare the relationship (remove the field, or name it with ` + "`columns:`" + ` in the
map form), or rename the field if it refers to something else.`}, Check: checkUndeclaredForeignKey}
)

var relationRules = []*Rule{RuleHiddenManyToMany, RuleSetNullOnRequired, RuleRequiredForeignKeyCycle, RuleUndeclaredForeignKey}

func checkHiddenManyToMany(p *Pass) {
	for _, t := range p.Schema.Tables {
		for _, c := range t.Columns {
			if c.Origin != schema.DeclaredColumn {
				continue
			}
			name := strings.ToLower(c.Name)
			switch {
			case c.TypeInfo.Array > 0 && (strings.HasSuffix(name, "_ids") || name == "ids"):
				target := strings.TrimSuffix(name, "_ids")
				p.Report(c.Pos, fmt.Sprintf("add `%s n-n %s via %s_%s` and drop the column", t.Entity, design.Plural(target), t.Singular, design.Plural(target)),
					"%s.%s is an array of ids: a many-to-many relationship without foreign keys", t.Entity, c.Name)
			case c.TypeInfo.Array == 0 && (c.TypeInfo.Base == "json" || c.TypeInfo.Base == "jsonb") && strings.HasSuffix(name, "_ids"):
				p.Report(c.Pos, "replace it with an n-n relationship through a junction table",
					"%s.%s is a JSON list of ids: a many-to-many relationship without foreign keys", t.Entity, c.Name)
			case c.TypeInfo.Array == 0 && (c.TypeInfo.Base == "text" || c.TypeInfo.Base == "varchar") &&
				(strings.HasSuffix(name, "_ids") || strings.HasSuffix(name, "_list") || strings.HasSuffix(name, "_csv")):
				p.Report(c.Pos, "replace it with an n-n relationship through a junction table",
					"%s.%s looks like a list stored in text: a many-to-many relationship the database cannot check", t.Entity, c.Name)
			}
		}
	}
}

func checkSetNullOnRequired(p *Pass) {
	for _, rel := range p.Schema.Relations {
		for _, fk := range rel.ForeignKeys {
			if fk.OnDelete != "set null" {
				continue
			}
			for _, col := range fk.Columns {
				if c := fk.Table.Column(col); c != nil && !c.Nullable {
					pos := fk.Table.Pos
					if rel.Source != nil {
						pos = rel.Source.Pos
					}
					p.Report(pos, "make the relationship `optional`, or use `on_delete: restrict`",
						"deleting a %s would set %s.%s to NULL, but the column is required", fk.RefTable.Singular, fk.Table.Entity, col)
					break
				}
			}
		}
	}
}

func checkRequiredForeignKeyCycle(p *Pass) {
	// Edges child -> parent over required foreign keys between distinct tables.
	edges := make(map[*schema.Table][]*schema.ForeignKey, len(p.Schema.Tables))
	for _, t := range p.Schema.Tables {
		for _, fk := range t.ForeignKeys {
			if fk.RefTable == t || fk.Optional {
				continue
			}
			required := true
			for _, col := range fk.Columns {
				if c := t.Column(col); c == nil || c.Nullable {
					required = false
				}
			}
			if required {
				edges[t] = append(edges[t], fk)
			}
		}
	}
	const (
		unseen = iota
		onStack
		done
	)
	state := make(map[*schema.Table]int, len(p.Schema.Tables))
	var stack []*schema.Table
	var visit func(t *schema.Table)
	visit = func(t *schema.Table) {
		state[t] = onStack
		stack = append(stack, t)
		for _, fk := range edges[t] {
			switch state[fk.RefTable] {
			case unseen:
				visit(fk.RefTable)
			case onStack:
				var names []string
				start := 0
				for i, s := range stack {
					if s == fk.RefTable {
						start = i
					}
				}
				for _, s := range stack[start:] {
					names = append(names, s.Entity)
				}
				names = append(names, fk.RefTable.Entity)
				pos := t.Pos
				if fk.Relation != nil && fk.Relation.Source != nil {
					pos = fk.Relation.Source.Pos
				}
				p.Report(pos, "make one relationship of the cycle `optional`",
					"required foreign keys form a cycle (%s): no row of them can be inserted first", strings.Join(names, " -> "))
			}
		}
		stack = stack[:len(stack)-1]
		state[t] = done
	}
	for _, t := range p.Schema.Tables {
		if state[t] == unseen {
			visit(t)
		}
	}
}

// keyType is a column type as a foreign key to it is typed: serial types
// become the integers they stand for.
func keyType(c *schema.Column) string {
	switch c.TypeInfo.Base {
	case "serial":
		return "integer"
	case "bigserial":
		return "bigint"
	case "smallserial":
		return "smallint"
	}
	return c.Type
}

func checkUndeclaredForeignKey(p *Pass) {
	// The entity tables with a one-column key, by the `<name>_id` a reference to them would use.
	targets := map[string]*schema.Table{}
	for _, t := range p.Schema.Tables {
		if t.Kind != schema.EntityTable || len(t.PrimaryKey) != 1 {
			continue
		}
		for _, n := range []string{t.Singular, t.Entity, t.Name} {
			if _, taken := targets[n+"_id"]; !taken && n != "" {
				targets[n+"_id"] = t
			}
		}
	}
	// One finding per referenced table and column name: a shard_id in twenty
	// tables is one decision, reported at the first and listing the others.
	type finding struct {
		col    *schema.Column
		ref    *schema.Table
		tables []string
	}
	var findings []*finding
	byKey := map[string]*finding{}
	for _, t := range p.Schema.Tables {
		for _, c := range t.Columns {
			if c.Origin != schema.DeclaredColumn || c.ForeignKey != nil {
				continue
			}
			ref := targets[c.Name]
			if ref == nil || ref == t || c.Name == ref.PrimaryKey[0] && copiesColumns(t, ref) {
				continue
			}
			key := ref.Column(ref.PrimaryKey[0])
			if key == nil || keyType(key) != c.Type {
				continue
			}
			k := ref.Entity + "\x00" + c.Name
			f := byKey[k]
			if f == nil {
				f = &finding{col: c, ref: ref}
				byKey[k] = f
				findings = append(findings, f)
			}
			f.tables = append(f.tables, t.Entity)
		}
	}
	for _, f := range findings {
		hint := fmt.Sprintf("declare it: `{one: %s, many: %s, columns: [%s]}` in relationships", f.ref.Entity, f.tables[0], f.col.Name)
		if len(f.tables) == 1 {
			p.Report(f.col.Pos, hint, "%s.%s is named and typed like the key of %s, but no relationship makes it a foreign key",
				f.tables[0], f.col.Name, f.ref.Entity)
			continue
		}
		p.Report(f.col.Pos, hint+", one per table", "%s is named and typed like the key of %s in %d tables, but no relationship makes it a foreign key: %s",
			f.col.Name, f.ref.Entity, len(f.tables), strings.Join(f.tables, ", "))
	}
}

// copiesColumns reports whether t has every column of ref (two or more): a
// copy, as an import of table inheritance writes it, not a reference.
func copiesColumns(t, ref *schema.Table) bool {
	if len(ref.Columns) < 2 {
		return false
	}
	for _, c := range ref.Columns {
		if t.Column(c.Name) == nil {
			return false
		}
	}
	return true
}
