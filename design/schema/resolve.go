package schema

import (
	"fmt"
	"sort"

	"github.com/schemagen/schemagen/design"
)

// Resolve derives the database a design describes: tables with their implicit
// keys, foreign-key columns, junction tables, state columns, retry columns,
// event tables and every enum type. It reports what makes the design
// impossible to build (unknown entities and columns, clashing names, bad types)
// and always returns a Schema, partial where the design is broken.
func Resolve(d *design.Design) (*Schema, design.Diagnostics) {
	r := &resolver{
		d:        d,
		s:        &Schema{Name: d.Name, Description: d.Description, File: d.File, Design: d, Flow: d.Flow, Failures: d.Failures},
		byEntity: make(map[string]*Table, len(d.Entities)),
		enums:    map[string]*Enum{},
	}
	r.declaredExtensions()
	r.declaredEnums()
	r.blockTypes()
	r.declaredDomains()
	r.entityTables()
	r.stateMachines()
	r.resolveColumnTypes()
	r.relationships()
	r.retryColumns()
	r.orderColumns()
	r.eventTables()
	r.declaredIndexes()
	r.foreignKeyIndexes()
	r.flowAndFailures()
	r.sqlBlocks()
	r.partitions()
	r.checkNames()
	r.s.indexTables()
	return r.s, r.rep.Diags
}

type resolver struct {
	d        *design.Design
	s        *Schema
	rep      design.Reporter
	byEntity map[string]*Table
	enums    map[string]*Enum
	// junctionNames are the `via` names of n-n relationships.
	junctionNames map[string]bool
	created       []*Table // junction tables created by relationships
	types         map[string]parsedType
	// typeCandidates are the names invalid-type suggests from, built on the first error.
	typeCandidates []string
	// blockTypeNames are the types SQL blocks create, by name (see blockTypes).
	blockTypeNames map[string]*blockType
}

func (r *resolver) entityNames() []string {
	names := make([]string, 0, len(r.d.Entities))
	for _, e := range r.d.Entities {
		names = append(names, e.Name)
	}
	return names
}

// table looks up an entity, reporting unknown-entity when it does not exist.
func (r *resolver) table(n design.Name, what string, args ...any) *Table {
	if t := r.byEntity[n.Name]; t != nil {
		return t
	}
	if len(args) > 0 {
		what = fmt.Sprintf(what, args...) // formatted only on the error path
	}
	hint := ""
	if s := r.rep.Suggest(n.Name, r.entityNames()); s != "" {
		hint = fmt.Sprintf("did you mean `%s`?", s)
	} else {
		hint = fmt.Sprintf("declare `%s` under `entities`", n.Name)
	}
	r.rep.Report(n.Pos, design.RuleUnknownEntity, hint, "%s names entity %q, which is not declared", what, n.Name)
	return nil
}

func (r *resolver) declaredEnums() {
	for _, e := range r.d.Enums {
		et := &Enum{Name: e.Name, Schema: "public", Kind: DeclaredEnum, RenamedFrom: e.RenamedFrom, Description: e.Description, Pos: e.Pos}
		if e.Schema != "" {
			et.Schema = e.Schema
		}
		seen := map[string]bool{}
		for _, v := range e.Values {
			if seen[v.Name] {
				r.rep.Report(v.Pos, design.RuleDuplicateName, "remove the second one", "enum %q lists %q twice", e.Name, v.Name)
				continue
			}
			seen[v.Name] = true
			et.Values = append(et.Values, v.Name)
		}
		et.ValueRenames = r.valueRenames("enum", e.Name, et.Values, e.ValuesRenamedFrom)
		r.addEnum(et)
	}
}

func (r *resolver) addEnum(et *Enum) {
	if _, dup := r.enums[et.Name]; !dup {
		r.enums[et.Name] = et
	}
	r.s.Enums = append(r.s.Enums, et)
}

func (r *resolver) entityTables() {
	r.junctionNames = map[string]bool{}
	for _, rel := range r.d.Relationships {
		if rel.Kind == design.ManyToMany && rel.Via.Name != "" {
			r.junctionNames[rel.Via.Name] = true
		}
	}
	for _, e := range r.d.Entities {
		t := &Table{
			Entity: e.Name, Name: e.Name, Schema: "public", Singular: design.Singular(e.Name),
			Kind: EntityTable, Declared: true, Description: e.Description, Group: e.Group,
			RenamedFrom: e.RenamedFrom, Pos: e.Pos, Unlogged: e.Unlogged,
		}
		if e.Unlogged && e.Partition != nil {
			r.rep.Report(e.Pos, design.RuleInvalidValue, "drop `unlogged`, or make the partitions unlogged tables of their own",
				"entity %q is partitioned and `unlogged`; PostgreSQL cannot make a partitioned table unlogged", e.Name)
		}
		if e.Table != "" {
			t.Name = e.Table
		}
		if e.Schema != "" {
			t.Schema = e.Schema
		}
		if r.junctionNames[e.Name] {
			t.Kind = JunctionTable
		}
		// One allocation for the declared columns, and room for the derived ones.
		slab := make([]Column, len(e.Fields))
		t.Columns = make([]*Column, 0, len(e.Fields)+4)
		for i, f := range e.Fields {
			c := &slab[i]
			*c = Column{
				Name: f.Name, Type: f.Type, Nullable: f.Nullable, Default: f.Default,
				Generated: f.Generated, Check: f.Check, Unique: f.Unique, PK: f.PK,
				Description: f.Description, RenamedFrom: f.RenamedFrom, Origin: DeclaredColumn, Pos: f.Pos,
			}
			if f.Identity {
				c.Identity = IdentityByDefault
				if f.IdentityAlways {
					c.Identity = IdentityAlways
				}
			}
			if f.Collate != "" {
				c.Collation = r.collation(f)
			}
			if f.PK {
				t.PrimaryKey = append(t.PrimaryKey, f.Name)
				if f.Nullable {
					r.rep.Report(f.TypePos, design.RuleInvalidField, "drop the `?`", "field %q is a primary key and cannot be nullable", f.Name)
					c.Nullable = false
				}
			}
			t.addColumn(c)
		}
		r.declaredPrimaryKey(e, t)
		if len(t.PrimaryKey) == 0 && t.Kind != JunctionTable && !e.Keyless {
			id := &Column{
				Name: "id", Type: "bigint", TypeInfo: design.Type{Base: "bigint", Known: true},
				Identity: IdentityAlways, PK: true, Origin: ImplicitID, Pos: e.Pos,
			}
			if existing := t.Column("id"); existing != nil {
				r.rep.Report(existing.Pos, design.RuleDuplicateName, "mark it `pk`, or rename it",
					"entity %q declares a field `id` that is not its primary key, but it gets an implicit `id` key", e.Name)
			} else {
				t.Columns = append(t.Columns, nil)
				copy(t.Columns[1:], t.Columns)
				t.Columns[0] = id
				t.indexColumn(id)
				t.PrimaryKey = []string{"id"}
			}
		}
		if _, dup := r.byEntity[e.Name]; dup {
			r.rep.Report(e.Pos, design.RuleDuplicateName, "rename one of them", "entity %q is declared twice", e.Name)
			continue
		}
		r.byEntity[e.Name] = t
		r.s.Tables = append(r.s.Tables, t)
	}
}

// orderColumns puts derived columns after the declared ones: the implicit id
// first, then the fields in design order, foreign keys, state columns and retry columns.
func (r *resolver) orderColumns() {
	rank := [...]int{ImplicitID: 0, DeclaredColumn: 1, ForeignKeyColumn: 2, StateColumn: 3, RetryColumn: 4, EventColumn: 5}
	for _, t := range r.s.Tables {
		ordered := true
		for i := 1; i < len(t.Columns) && ordered; i++ {
			ordered = rank[t.Columns[i-1].Origin] <= rank[t.Columns[i].Origin]
		}
		if !ordered {
			sort.SliceStable(t.Columns, func(i, j int) bool { return rank[t.Columns[i].Origin] < rank[t.Columns[j].Origin] })
		}
	}
}
