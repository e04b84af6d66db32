package schema

// EventEnumName is the name of the enum type of an event table's `type`
// column for an entity whose singular is singular: `ride_event_type`.
//
// It must not be the singular of the event table (`ride_events`): tools
// that name a row type after the singular of its table, as sqlc does, would
// then give the table and the enum the same name.
func EventEnumName(singular string) string { return singular + "_event_type" }

// LegacyEventEnumName is the name event enums had before EventEnumName:
// `ride_event`. Databases built with those names are migrated with
// UseLegacyEventEnumNames.
func LegacyEventEnumName(singular string) string { return singular + "_event" }

// UseLegacyEventEnumNames renames the event enums of s to their legacy names,
// so that s describes a database built before EventEnumName: diffing it
// against a schema with the current names renames the types.
func UseLegacyEventEnumNames(s *Schema) {
	for _, e := range s.Enums {
		if e.Kind != EventEnum || e.Table == nil || e.Table.EventsOf == nil {
			continue
		}
		e.Name = LegacyEventEnumName(e.Table.EventsOf.Singular)
		for _, c := range e.Table.Columns {
			if c.Enum == e {
				c.Type, c.TypeInfo.Base = e.Name, e.Name
			}
		}
	}
}
