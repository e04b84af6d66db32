package schema

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/internal/sqlname"
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
	r.declaredEnums()
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
		seen := map[string]bool{}
		for _, v := range e.Values {
			if seen[v.Name] {
				r.rep.Report(v.Pos, design.RuleDuplicateName, "remove the second one", "enum %q lists %q twice", e.Name, v.Name)
				continue
			}
			seen[v.Name] = true
			et.Values = append(et.Values, v.Name)
		}
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
			RenamedFrom: e.RenamedFrom, Pos: e.Pos,
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

func (r *resolver) stateMachines() {
	// States already listed per machine name (names are unique in a loaded
	// design, but Resolve takes any Design).
	earlier := make(map[string][]string, len(r.d.Machines))
	for _, m := range r.d.Machines {
		sm := &Machine{
			Name: m.Name, Column: m.Column, Initial: m.Initial.Name, RenamedFrom: m.RenamedFrom,
			Description: m.Description, Pos: m.Pos, FailureStates: map[string][]string{},
		}
		prior := earlier[m.Name]
		set := make(map[string]bool, len(prior)+len(m.States))
		for _, x := range prior {
			set[x] = true
		}
		seen := func(s string) bool { return set[s] }
		add := func(s string) {
			if s == "" || set[s] {
				return
			}
			sm.States = append(sm.States, s)
			set[s] = true
		}
		if len(m.States) > 0 {
			for _, s := range m.States {
				if seen(s.Name) {
					r.rep.Report(s.Pos, design.RuleDuplicateName, "remove the second one", "state machine %q lists state %q twice", m.Name, s.Name)
				}
				add(s.Name)
			}
		} else {
			add(m.Initial.Name)
			for _, tr := range m.Transitions {
				add(tr.From.Name)
				for _, to := range tr.To {
					add(to.Name)
				}
			}
			for _, s := range m.Terminal {
				add(s.Name)
			}
		}
		if prior == nil {
			earlier[m.Name] = sm.States[:len(sm.States):len(sm.States)]
		} else {
			earlier[m.Name] = append(prior[:len(prior):len(prior)], sm.States...)
		}
		pairs := make(map[Transition]bool, len(m.Transitions))
		for _, tr := range m.Transitions {
			for _, to := range tr.To {
				st := Transition{From: tr.From.Name, To: to.Name}
				if pairs[st] {
					continue
				}
				pairs[st] = true
				sm.Transitions = append(sm.Transitions, st)
			}
		}
		sm.Terminal = design.Names(m.Terminal)
		et := &Enum{Name: m.Name, Schema: "public", Values: sm.States, Kind: StateEnum, Machine: sm,
			RenamedFrom: m.RenamedFrom, Description: m.Description, Pos: m.Pos}
		sm.Enum = et
		r.addEnum(et)
		r.s.Machines = append(r.s.Machines, sm)

		if m.Entity.Name == "" {
			continue // missing-key or invalid-value already said so
		}
		t := r.table(m.Entity, "state machine %q", m.Name)
		if t == nil {
			continue
		}
		sm.Table = t
		et.Schema, et.Table = t.Schema, t
		t.Machines = append(t.Machines, sm)
		def := ""
		if sm.Initial != "" {
			def = sqlname.QuoteLiteral(sm.Initial)
		}
		if c := t.Column(m.Column); c != nil {
			if c.Machine != nil {
				r.rep.Report(m.ColumnPos, design.RuleDuplicateName, "set `column:` to another column",
					"state machines %q and %q both use column %s.%s", c.Machine.Name, m.Name, t.Entity, m.Column)
				continue
			}
			if c.Origin != DeclaredColumn || strings.TrimSpace(c.Type) != m.Name {
				r.rep.Report(c.Pos, design.RuleDuplicateName, fmt.Sprintf("remove the field (the machine adds it), or set `column:` on %q", m.Name),
					"field %s.%s clashes with the state column of machine %q", t.Entity, m.Column, m.Name)
				continue
			}
			c.Machine = sm
			if c.Default == "" {
				c.Default = def
			}
			continue
		}
		t.addColumn(&Column{
			Name: m.Column, Type: m.Name, Default: def, Origin: StateColumn, Machine: sm, Pos: m.ColumnPos,
			Description: fmt.Sprintf("State of the %s machine.", m.Name),
		})
	}
}

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
	typ, ok := r.parseType(c.Type)
	if !ok {
		r.rep.Report(at, design.RuleInvalidType, "write a PostgreSQL type such as `text`, `integer` or `numeric(12,2)`",
			"field %s.%s: %q is not a type", t.Entity, c.Name, c.Type)
		return
	}
	if !typ.Known {
		et := r.enums[typ.Base]
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

func (r *resolver) relationships() {
	// n-n first, so that junction tables have their keys before anything references them.
	for _, rel := range r.d.Relationships {
		if rel.Kind == design.ManyToMany {
			r.manyToMany(rel)
		}
	}
	for _, rel := range r.d.Relationships {
		if rel.Kind != design.ManyToMany {
			r.oneToX(rel)
		}
	}
	r.s.Tables = append(r.s.Tables, r.created...)
}

func (r *resolver) oneToX(rel *design.Relationship) {
	parent, child := r.table(rel.From, "relationship %q", relationshipText{rel}), r.table(rel.To, "relationship %q", relationshipText{rel})
	if rel.Via.Name != "" {
		r.rep.Report(rel.Via.Pos, design.RuleInvalidRelationship, "remove `via`, or make it `n-n`", "`via` is only for n-n relationships")
	}
	if parent == nil || child == nil {
		return
	}
	rl := &Relation{Kind: rel.Kind, Parent: parent, Child: child, Optional: rel.Optional, Source: rel}
	fk := r.foreignKey(rel, child, parent, rel.As, rel.Columns, rel.Optional)
	if fk == nil {
		return
	}
	fk.Relation = rl
	rl.ForeignKeys = []*ForeignKey{fk}
	if rel.Kind == design.OneToOne {
		fk.Unique = true
		if !sameSet(fk.Columns, child.PrimaryKey) {
			if len(fk.Columns) == 1 {
				child.Column(fk.Columns[0]).Unique = true
			} else {
				child.Uniques = append(child.Uniques, &Unique{Columns: fk.Columns, Pos: rel.Pos})
			}
		}
	}
	r.s.Relations = append(r.s.Relations, rl)
}

func (r *resolver) manyToMany(rel *design.Relationship) {
	a, b := r.table(rel.From, "relationship %q", relationshipText{rel}), r.table(rel.To, "relationship %q", relationshipText{rel})
	if rel.Via.Name == "" {
		r.rep.Report(rel.Pos, design.RuleManyToManyNeedsJunction,
			fmt.Sprintf("add `via %s_%s`", design.Singular(rel.From.Name), rel.To.Name),
			"many-to-many relationship %q has no junction table", relString(rel))
		return
	}
	if a == nil || b == nil {
		return
	}
	j := r.byEntity[rel.Via.Name]
	if j == nil {
		j = &Table{
			Entity: rel.Via.Name, Name: rel.Via.Name, Schema: a.Schema, Singular: design.Singular(rel.Via.Name),
			Kind: JunctionTable, Group: a.Group, Pos: rel.Via.Pos,
			Description: fmt.Sprintf("Links %s and %s (many-to-many).", a.Entity, b.Entity),
		}
		r.byEntity[rel.Via.Name] = j
		r.created = append(r.created, j)
	}
	rl := &Relation{Kind: design.ManyToMany, Parent: a, Child: b, Junction: j, Source: rel}
	var colsA, colsB []design.Name
	if len(rel.Columns) > 0 {
		n := len(a.PrimaryKey)
		if len(rel.Columns) != n+len(b.PrimaryKey) {
			r.rep.Report(rel.Columns[0].Pos, design.RuleInvalidRelationship, "",
				"`columns` must name %d columns for the keys of %s and %s", n+len(b.PrimaryKey), a.Entity, b.Entity)
			return
		}
		colsA, colsB = rel.Columns[:n], rel.Columns[n:]
	}
	fkA := r.foreignKey(rel, j, a, "", colsA, false)
	if fkA == nil {
		return
	}
	roleB := rel.As
	if a == b && roleB == "" {
		r.rep.Report(rel.Pos, design.RuleDuplicateName, fmt.Sprintf("add `as other_%s` to name the second column", b.Singular),
			"self-referencing many-to-many %q needs `as ROLE` to tell its two key columns apart", relString(rel))
		return
	}
	fkB := r.foreignKey(rel, j, b, roleB, colsB, false)
	if fkB == nil {
		return
	}
	fkA.Relation, fkB.Relation = rl, rl
	rl.ForeignKeys = []*ForeignKey{fkA, fkB}
	if len(j.PrimaryKey) == 0 {
		j.PrimaryKey = append(append([]string{}, fkA.Columns...), fkB.Columns...)
		for _, name := range j.PrimaryKey {
			j.Column(name).PK = true
		}
	}
	r.s.Relations = append(r.s.Relations, rl)
}

// foreignKey adds (or binds) the columns on child that reference parent.
func (r *resolver) foreignKey(rel *design.Relationship, child, parent *Table, role string, names []design.Name, optional bool) *ForeignKey {
	refs := parent.PrimaryKey
	if len(rel.References) > 0 && rel.Kind != design.ManyToMany {
		refs = design.Names(rel.References)
		for _, ref := range rel.References {
			if parent.Column(ref.Name) == nil {
				r.rep.Report(ref.Pos, design.RuleUnknownColumn, "", "`references` names column %q, which %s does not have", ref.Name, parent.Entity)
				return nil
			}
		}
	}
	if len(refs) == 0 {
		r.rep.Report(rel.Pos, design.RuleInvalidRelationship, fmt.Sprintf("give %s a `pk` field", parent.Entity),
			"%s has no primary key to reference", parent.Entity)
		return nil
	}
	if len(names) > 0 && len(names) != len(refs) {
		r.rep.Report(names[0].Pos, design.RuleInvalidRelationship, "",
			"`columns` names %d columns but the referenced key of %s has %d", len(names), parent.Entity, len(refs))
		return nil
	}
	fk := &ForeignKey{
		Name: rel.Name, Table: child, RefTable: parent, RefColumns: refs,
		OnDelete: rel.OnDelete, OnUpdate: rel.OnUpdate, Optional: optional, Role: role,
	}
	if fk.OnDelete == "" {
		fk.OnDelete = "restrict"
	}
	for i, ref := range refs {
		refCol := parent.Column(ref)
		name := design.ForeignKeyColumnName(role, parent.Singular, ref)
		pos := rel.Pos
		if len(names) > 0 {
			name, pos = names[i].Name, names[i].Pos
		}
		keyType := design.KeyTypeFor(refCol.TypeInfo)
		if c := child.Column(name); c != nil {
			if c.ForeignKey != nil && c.Origin == ForeignKeyColumn {
				r.rep.Report(rel.Pos, design.RuleDuplicateName, fmt.Sprintf("add `as ROLE` to name the column `ROLE_%s`", ref),
					"relationship %q adds column %s.%s, which another relationship already adds", relString(rel), child.Entity, name)
				return nil
			}
			if c.Origin == DeclaredColumn && c.TypeInfo.Base != "" && c.TypeInfo.String() != keyType.String() {
				r.rep.Report(c.Pos, design.RuleForeignKeyTypeMismatch, fmt.Sprintf("declare it as `%s`, or remove it", keyType),
					"field %s.%s is %s but references %s.%s, which is %s", child.Entity, name, c.Type, parent.Entity, ref, keyType)
				return nil
			}
			if c.Origin != DeclaredColumn {
				r.rep.Report(rel.Pos, design.RuleDuplicateName, "add `as ROLE`",
					"relationship %q adds column %s.%s, which already exists", relString(rel), child.Entity, name)
				return nil
			}
			c.ForeignKey = fk
			fk.Columns = append(fk.Columns, name)
			continue
		}
		c := &Column{
			Name: name, Type: keyType.String(), TypeInfo: keyType, Enum: refCol.Enum, Nullable: optional,
			Origin: ForeignKeyColumn, ForeignKey: fk, Pos: pos,
		}
		child.addColumn(c)
		fk.Columns = append(fk.Columns, name)
	}
	child.ForeignKeys = append(child.ForeignKeys, fk)
	return fk
}

func (r *resolver) retryColumns() {
	for _, f := range r.d.Failures {
		if f.Retry == nil || f.Entity.Name == "" {
			continue
		}
		t := r.byEntity[f.Entity.Name]
		if t == nil || t.Retry {
			continue
		}
		t.Retry = true
		for _, c := range []*Column{
			{Name: "attempts", Type: "integer", TypeInfo: design.Type{Base: "integer", Known: true}, Default: "0",
				Check: "attempts >= 0", Description: "Attempts made so far (failure retries)."},
			{Name: "last_error", Type: "text", TypeInfo: design.Type{Base: "text", Known: true}, Nullable: true,
				Description: "The error of the last failed attempt."},
			{Name: "next_attempt_at", Type: "timestamptz", TypeInfo: design.Type{Base: "timestamptz", Known: true}, Nullable: true,
				Description: "When the next attempt is due."},
		} {
			if t.Column(c.Name) != nil {
				continue // declared by hand
			}
			c.Origin, c.Pos = RetryColumn, f.Retry.Pos
			t.addColumn(c)
		}
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

func (r *resolver) eventTables() {
	seen := map[string]bool{}
	var eventEnums []*Enum
	for _, es := range r.d.Events {
		t := r.table(es.Entity, "`events`")
		if t == nil {
			continue
		}
		if seen[es.Entity.Name] {
			r.rep.Report(es.Entity.Pos, design.RuleDuplicateKey, "merge the two lists", "events of %q are listed twice", es.Entity.Name)
			continue
		}
		seen[es.Entity.Name] = true
		name := t.Singular + "_events"
		et := &Enum{Name: t.Singular + "_event", Schema: t.Schema, Kind: EventEnum, Pos: es.Entity.Pos}
		values := map[string]bool{}
		for _, v := range es.Types {
			if values[v.Name] {
				r.rep.Report(v.Pos, design.RuleDuplicateName, "remove the second one", "event type %q of %s is listed twice", v.Name, t.Entity)
				continue
			}
			values[v.Name] = true
			et.Values = append(et.Values, v.Name)
		}
		ev := &Table{
			Entity: name, Name: name, Schema: t.Schema, Singular: t.Singular + "_event", Kind: EventTable,
			Group: t.Group, Pos: es.Entity.Pos, EventsOf: t, EventEnum: et,
			Description: fmt.Sprintf("Append-only log of what happened to %s.", t.Entity),
		}
		et.Table = ev
		t.Events = ev
		ev.addColumn(&Column{
			Name: "id", Type: "bigint", TypeInfo: design.Type{Base: "bigint", Known: true},
			Identity: IdentityAlways, PK: true, Origin: EventColumn, Pos: es.Entity.Pos,
		})
		ev.PrimaryKey = []string{"id"}
		fk := &ForeignKey{Table: ev, RefTable: t, RefColumns: t.PrimaryKey, OnDelete: "restrict"}
		for _, ref := range t.PrimaryKey {
			refCol := t.Column(ref)
			if refCol == nil {
				continue
			}
			kt := design.KeyTypeFor(refCol.TypeInfo)
			colName := design.ForeignKeyColumnName("", t.Singular, ref)
			ev.addColumn(&Column{
				Name: colName, Type: kt.String(), TypeInfo: kt, Enum: refCol.Enum,
				Origin: EventColumn, ForeignKey: fk, Pos: es.Entity.Pos,
			})
			fk.Columns = append(fk.Columns, colName)
		}
		ev.ForeignKeys = []*ForeignKey{fk}
		ev.addColumn(
			&Column{Name: "type", Type: et.Name, TypeInfo: design.Type{Base: et.Name}, Enum: et, Origin: EventColumn, Pos: es.Entity.Pos,
				Description: "What happened."},
			&Column{Name: "occurred_at", Type: "timestamptz", TypeInfo: design.Type{Base: "timestamptz", Known: true},
				Default: "now()", Origin: EventColumn, Pos: es.Entity.Pos, Description: "When it happened."},
			&Column{Name: "payload", Type: "jsonb", TypeInfo: design.Type{Base: "jsonb", Known: true}, Nullable: true,
				Origin: EventColumn, Pos: es.Entity.Pos, Description: "Details of the event."},
		)
		ev.Indexes = append(ev.Indexes, &TableIndex{Columns: append(append([]string{}, fk.Columns...), "occurred_at"), Pos: es.Entity.Pos})
		rl := &Relation{Kind: design.OneToMany, Parent: t, Child: ev, ForeignKeys: []*ForeignKey{fk}}
		fk.Relation = rl
		r.s.Relations = append(r.s.Relations, rl)
		r.s.Tables = append(r.s.Tables, ev)
		r.byEntity[name] = ev
		eventEnums = append(eventEnums, et)
	}
	for _, et := range eventEnums {
		r.addEnum(et)
	}
}

func (r *resolver) declaredIndexes() {
	for _, e := range r.d.Entities {
		t := r.byEntity[e.Name]
		if t == nil || t.Entity != e.Name {
			continue
		}
		for _, ix := range e.Indexes {
			ti := &TableIndex{Name: ix.Name, Unique: ix.Unique, Where: ix.Where, Using: ix.Using, Pos: ix.Pos}
			ok := true
			for _, c := range ix.Columns {
				if !IsIndexExpression(c.Name) && t.Column(IndexColumnName(c.Name)) == nil {
					r.unknownColumn(t, c, "an index")
					ok = false
				}
				ti.Columns = append(ti.Columns, c.Name)
			}
			if ok {
				t.Indexes = append(t.Indexes, ti)
			}
		}
		for _, set := range e.Unique {
			ok := true
			for _, c := range set {
				if t.Column(c.Name) == nil {
					r.unknownColumn(t, c, "`unique`")
					ok = false
				}
			}
			if !ok {
				continue
			}
			if len(set) == 1 {
				t.Column(set[0].Name).Unique = true
				continue
			}
			t.Uniques = append(t.Uniques, &Unique{Columns: design.Names(set), Pos: set[0].Pos})
		}
	}
}

// IsIndexExpression reports whether an index entry is an expression rather than a column.
func IsIndexExpression(s string) bool {
	return strings.HasPrefix(strings.TrimSpace(s), "(")
}

// IndexColumnName strips an ordering suffix (`created_at desc`) from an index column.
func IndexColumnName(s string) string {
	// The first of strings.Fields(s), without building the list.
	rest := strings.TrimLeftFunc(s, unicode.IsSpace)
	if rest == "" {
		return s
	}
	if i := strings.IndexFunc(rest, unicode.IsSpace); i >= 0 {
		return rest[:i]
	}
	return rest
}

func (r *resolver) unknownColumn(t *Table, c design.Name, what string) {
	names := make([]string, len(t.Columns))
	for i, col := range t.Columns {
		names[i] = col.Name
	}
	hint := ""
	if s := r.rep.Suggest(IndexColumnName(c.Name), names); s != "" {
		hint = fmt.Sprintf("did you mean `%s`?", s)
	}
	r.rep.Report(c.Pos, design.RuleUnknownColumn, hint, "%s names column %q, which %s does not have", what, IndexColumnName(c.Name), t.Entity)
}

// foreignKeyIndexes adds an index for every foreign key that no index, primary
// key or unique constraint already leads with.
func (r *resolver) foreignKeyIndexes() {
	for _, t := range r.s.Tables {
		if len(t.ForeignKeys) == 0 {
			continue
		}
		t.Indexes = slices.Grow(t.Indexes, len(t.ForeignKeys))
		leading := leadingSets(t)
		for _, fk := range t.ForeignKeys {
			if len(fk.Columns) == 0 || leading[setKey(fk.Columns)] {
				continue
			}
			ix := &TableIndex{Columns: append([]string{}, fk.Columns...), ForForeignKey: true, Pos: t.Pos}
			t.Indexes = append(t.Indexes, ix)
			addPrefixSets(leading, ix.Columns)
		}
	}
}

// leadingSets collects, as set keys, the column sets that a lookup can use an
// existing key or index for: every prefix of the primary key, of each unique
// constraint and of each plain B-tree index, and each unique column.
// (A set, because an index on (a, b) serves a foreign key on (b, a) too.)
func leadingSets(t *Table) map[string]bool {
	sets := make(map[string]bool, len(t.PrimaryKey)+len(t.Uniques)+2*len(t.Indexes)+4)
	addPrefixSets(sets, t.PrimaryKey)
	for _, c := range t.Columns {
		if c.Unique {
			sets[c.Name] = true // the set key of one column
		}
	}
	for _, u := range t.Uniques {
		addPrefixSets(sets, u.Columns)
	}
	for _, ix := range t.Indexes {
		if ix.Where == "" && (ix.Using == "" || ix.Using == "btree") {
			if !hasSortOrder(ix.Columns) {
				addPrefixSets(sets, ix.Columns)
				continue
			}
			plain := make([]string, len(ix.Columns))
			for i, c := range ix.Columns {
				plain[i] = IndexColumnName(c)
			}
			addPrefixSets(sets, plain)
		}
	}
	return sets
}

// hasSortOrder reports whether an index column carries more than a name
// (IndexColumnName would change it).
func hasSortOrder(cols []string) bool {
	for _, c := range cols {
		if IndexColumnName(c) != c {
			return true
		}
	}
	return false
}

// addPrefixSets adds the set key of every prefix of cols.
func addPrefixSets(sets map[string]bool, cols []string) {
	for k := 1; k <= len(cols); k++ {
		sets[setKey(cols[:k])] = true
	}
}

// setKey identifies a list of column names regardless of order.
func setKey(cols []string) string {
	switch len(cols) {
	case 1:
		return cols[0]
	case 2:
		if cols[1] < cols[0] {
			return cols[1] + "\x00" + cols[0]
		}
		return cols[0] + "\x00" + cols[1]
	}
	sorted := append([]string{}, cols...)
	sort.Strings(sorted)
	return strings.Join(sorted, "\x00")
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
		if m[x] < 0 {
			return false
		}
	}
	return true
}

// flowAndFailures checks that flow steps and failures name entities that exist.
func (r *resolver) flowAndFailures() {
	for _, step := range r.d.Flow {
		for _, list := range [][]design.Name{step.Creates, step.Reads, step.Updates} {
			for _, n := range list {
				r.table(n, "flow step")
			}
		}
		if step.Event.Name != "" {
			if ent, _, ok := strings.Cut(step.Event.Name, "."); ok {
				r.table(design.Name{Name: ent, Pos: step.Event.Pos}, "flow step event")
			}
		}
	}
	for _, f := range r.d.Failures {
		if f.Entity.Name != "" {
			r.table(f.Entity, "failure %q", f.Name)
		}
		if f.Entity.Name != "" && f.State.Name != "" {
			if t := r.byEntity[f.Entity.Name]; t != nil {
				for _, m := range t.Machines {
					if slices.Contains(m.States, f.State.Name) {
						m.FailureStates[f.State.Name] = append(m.FailureStates[f.State.Name], f.Name)
						break
					}
				}
			}
		}
	}
}

// relationshipText formats a relationship for %q only when a message is printed.
type relationshipText struct{ rel *design.Relationship }

// String is the relationship's short form.
func (t relationshipText) String() string { return relString(t.rel) }

func relString(rel *design.Relationship) string {
	s := rel.From.Name + " " + rel.Kind.String() + " " + rel.To.Name
	if rel.Via.Name != "" {
		s += " via " + rel.Via.Name
	}
	return s
}

// RelationshipString is the short form of a relationship, for messages and diagrams.
func RelationshipString(rel *design.Relationship) string { return relString(rel) }
