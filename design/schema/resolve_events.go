package schema

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/design"
)

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
		et := &Enum{Name: EventEnumName(t.Singular), Schema: t.Schema, Kind: EventEnum, Pos: es.Entity.Pos}
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
