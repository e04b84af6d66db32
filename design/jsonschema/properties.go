package jsonschema

import (
	"strings"

	"github.com/schemagen/schemagen/design"
)

// mapInfo describes one map of the format as a whole.
type mapInfo struct {
	description string
	required    []string
	mayBeEmpty  bool // the loader accepts the key with no value (`users:`)
}

func (m mapInfo) typ() any {
	if m.mayBeEmpty {
		return objectOrNull
	}
	return "object"
}

// maps describes every map design.KeySets lists.
var maps = map[string]mapInfo{
	"design":       {"A schemagen design: the story of a system (flow, entities, relationships, states, events, failures) that schemagen checks and turns into diagrams, PostgreSQL DDL, Go code and migrations.", []string{"schemagen", "name"}, false},
	"entity":       {"An entity: one table of the database.", nil, true},
	"field":        {"A field in its map form: a column and its options.", []string{"type"}, false},
	"index":        {"An index in its map form.", []string{"columns"}, false},
	"enum":         {"An enum in its map form.", []string{"values"}, false},
	"unique":       {"A unique constraint in its map form, with its options.", []string{"columns"}, false},
	"extension":    {"An extension in its map form: its name, and the schema and version to create it with.", []string{"name"}, false},
	"domain":       {"A domain in its map form: a named type over a base type, with its own constraints.", []string{"type"}, false},
	"relationship": {"A relationship in its map form: exactly one pair of sides, `{one: A, many: B}`, `{one: A, one_of: B}` or `{many: A, many_of: B, via: J}`.", nil, false},
	"machine":      {"A state machine on one column of an entity; the database enforces its transitions.", []string{"entity", "initial"}, false},
	"failure":      {"Something that goes wrong in the real world, and how the system survives it.", []string{"name", "when"}, false},
	"retry":        {"The retry policy of a failure: schemagen adds attempt-counting columns.", []string{"max_attempts"}, false},
	"flow_step":    {"One step of the flow, in its map form.", []string{"step"}, false},
	"partitioning": {"Declarative partitioning of the entity's table: by range, list or hash, on a key, with its partitions.", []string{"by", "key"}, false},
	"partition":    {"One partition: a table holding the rows whose key falls in its bounds.", []string{"name", "bounds"}, false},
	"sql_block":    {"A SQL block: SQL for an object the design does not model (function, view, trigger, ...), run as written.", []string{"name", "body"}, false},
}

func str(desc string) *Schema { return &Schema{Type: "string", Description: desc} }

// nonEmpty is a name: a string with at least one character.
func nonEmpty(desc string) *Schema {
	return &Schema{Type: "string", MinLength: intPtr(1), Description: desc}
}

// nameOrNames is what the loader's names() accepts: one name or a list of them.
func nameOrNames(desc string) *Schema {
	return &Schema{Description: desc, AnyOf: []*Schema{ref("name"), {Type: "array", Items: ref("name")}}}
}

func boolean(desc string) *Schema {
	return &Schema{Description: desc + " true or false (yes/no and on/off are read too).",
		Enum: []any{true, false, "true", "false", "yes", "no", "on", "off"}}
}

// objectOrNull and arrayOrNull: the loader reads an empty section (`entities:`) as an empty one.
var (
	objectOrNull = []string{"object", "null"}
	arrayOrNull  = []string{"array", "null"}
)

func expr(desc string) *Schema {
	return &Schema{Description: desc, Type: []string{"string", "number", "boolean"}}
}

func action(desc string) *Schema {
	// The loader lowers the case and reads `_` as a space: list the usual spellings.
	var values []any
	for _, a := range design.OnDeleteActions() {
		values = append(values, a)
		if strings.Contains(a, " ") {
			values = append(values, strings.ReplaceAll(a, " ", "_"))
		}
	}
	return &Schema{Description: desc, Type: "string", Enum: values}
}

// properties describes every key of every map, named "map.key".
var properties = map[string]*Schema{
	"design.schemagen":     {Description: "The format version. This schemagen reads version 1.", Const: 1},
	"design.name":          nonEmpty("The system's name, lower snake_case; it names the Go package and the outputs."),
	"design.description":   str("What the system does, in one sentence."),
	"design.flow":          {Description: "The story, in order: what happens in the real world, and which entities each step creates, reads and updates.", Type: arrayOrNull, Items: ref("flow_item")},
	"design.entities":      {Description: "The things involved, by name: each becomes a table.", Type: objectOrNull, AdditionalProperties: ref("entity"), PropertyNames: ref("identifier")},
	"design.extensions":    {Description: "The PostgreSQL extensions the design needs (types, functions in defaults, operator classes): the DDL creates them first.", Type: arrayOrNull, Items: ref("extension_item")},
	"design.domains":       {Description: "Domains, by name: named types over a base type, with NOT NULL, default and checks, that fields can name as their type.", Type: objectOrNull, AdditionalProperties: ref("domain_item")},
	"design.enums":         {Description: "Plain enumerations, by name: each becomes a PostgreSQL enum type that fields can name as their type.", Type: objectOrNull, AdditionalProperties: ref("enum_item"), PropertyNames: ref("identifier")},
	"design.relationships": {Description: "How the entities connect: `A 1-n B`, `A 1-1 B` or `A n-n B via J`, or the map form.", Type: arrayOrNull, Items: ref("relationship_item")},
	"design.states":        {Description: "State machines, by name: the states an entity moves through; the generated DDL enforces the transitions.", Type: objectOrNull, AdditionalProperties: ref("machine")},
	"design.events":        {Description: "The events worth recording, by entity: each entity gets an append-only <singular>_events table.", Type: objectOrNull, AdditionalProperties: nameOrNames("The event types of this entity.")},
	"design.failures":      {Description: "What goes wrong, and how the system survives it.", Type: arrayOrNull, Items: ref("failure")},
	"design.sql":           {Description: "SQL blocks for objects the design does not model, run in order: without `after` before the tables, with `after` once they exist.", Type: arrayOrNull, Items: ref("sql_block")},

	"entity.partition":        {Description: "Declarative partitioning: `{by: range, key: [paid_at], partitions: [...]}`.", Ref: "#/definitions/partitioning"},
	"partitioning.by":         {Description: "The strategy.", Enum: []any{"range", "list", "hash"}},
	"partitioning.key":        nameOrNames("The partition key: columns, or parenthesised expressions."),
	"partitioning.partitions": {Description: "The partitions.", Type: arrayOrNull, Items: ref("partition")},
	"partition.name":          nonEmpty("The partition's table name."),
	"partition.bounds":        str("What follows FOR VALUES (FROM (...) TO (...), IN (...), WITH (MODULUS n, REMAINDER r)), or DEFAULT."),

	"sql_block.name":  nonEmpty("The block's name, unique among blocks; migrations pair blocks by it."),
	"sql_block.after": nameOrNames("The entities, or SQL blocks above, that the block needs."),
	"sql_block.body":  str("One or more SQL statements, run as written."),

	"entity.description":  str("What one row of this entity is."),
	"entity.fields":       {Description: "The columns, by name: a short form such as `text? unique` or the map form. Without a primary key the entity gets `id`.", Type: objectOrNull, AdditionalProperties: ref("field_item"), PropertyNames: ref("identifier")},
	"entity.group":        str("A group name: the diagram draws the entities of a group together."),
	"entity.schema":       str("The PostgreSQL schema of the table; public by default."),
	"entity.table":        str("The SQL table name when it differs from the entity's name."),
	"entity.indexes":      {Description: "Indexes: a column, a list of columns, or the map form.", Type: arrayOrNull, Items: ref("index_item")},
	"entity.renamed_from": str("The entity's previous name: migrations rename the table instead of dropping it."),
	"entity.unique":       {Description: "Column lists that are unique together, or maps with options.", Type: arrayOrNull, Items: &Schema{Description: "Columns unique together, or the map form.", AnyOf: []*Schema{ref("name"), {Type: "array", Items: ref("name")}, ref("unique")}}},
	"entity.keyless":      boolean("The table has no primary key on purpose: it gets no implicit id."),

	"field.type":         {Description: "The PostgreSQL type, an enum's name, or a state machine's; a trailing `?` makes it nullable.", Type: "string", Pattern: typePattern, Examples: []any{"text", "uuid", "integer?", "numeric(12,2)", "timestamptz"}},
	"field.nullable":     boolean("The column may be NULL (fields are NOT NULL by default)."),
	"field.pk":           boolean("The column is (part of) the primary key."),
	"field.unique":       boolean("The column's values are unique."),
	"field.identity":     {Description: "The database numbers new rows: true or `by default` for GENERATED BY DEFAULT AS IDENTITY, `always` for GENERATED ALWAYS AS IDENTITY.", Enum: []any{true, false, "true", "false", "yes", "no", "on", "off", "always", "by default", "by_default"}},
	"field.collate":      str("The column's collation (COLLATE), e.g. `C` or `myschema.mycollation`; the type's default when absent."),
	"field.default":      expr("The default: an SQL expression such as `now()` or `'draft'`."),
	"field.generated":    expr("A stored generated column: the SQL expression that computes it."),
	"field.check":        expr("A CHECK constraint: an SQL boolean expression."),
	"field.description":  str("What the column holds."),
	"field.renamed_from": str("The column's previous name: migrations rename it instead of dropping it."),

	"index.columns": nameOrNames("The indexed columns, or parenthesised expressions such as `(lower(email))`."),
	"index.unique":  boolean("The index is unique."),
	"index.where":   str("A partial index's predicate: an SQL boolean expression."),
	"index.name":    str("The index's name; derived from the table and columns by default."),
	"index.include": nameOrNames("Non-key columns the index carries (INCLUDE), for index-only scans."),
	"index.using":   {Description: "The access method; btree by default.", Type: "string", Enum: []any{"btree", "hash", "gin", "gist", "spgist", "brin"}},

	"extension.name":            nonEmpty("The extension's name, e.g. `citext` or `uuid-ossp`."),
	"extension.schema":          str("The schema to create the extension's objects in (WITH SCHEMA)."),
	"extension.version":         str("The extension's version (VERSION); its default version when absent."),
	"domain.type":               nonEmpty("The domain's base type: a built-in type, an enum, a type of a declared extension or another domain."),
	"domain.schema":             str("The schema of the domain; public when absent."),
	"domain.not_null":           boolean("The domain refuses NULL."),
	"domain.default":            expr("The domain's default, a SQL expression."),
	"domain.check":              {Description: "The domain's CHECK constraints, SQL boolean expressions over VALUE: one or a list.", AnyOf: []*Schema{{Type: "string"}, {Type: "array", Items: &Schema{Type: "string"}}}},
	"domain.description":        str("What the domain stands for."),
	"enum.values":               {Description: "The enum's values, in order.", AnyOf: []*Schema{ref("name"), {Type: "array", Items: ref("name"), MinItems: intPtr(1)}}},
	"unique.columns":            nameOrNames("The columns that are unique together, in order."),
	"unique.deferrable":         {Description: "DEFERRABLE: true, or deferred for DEFERRABLE INITIALLY DEFERRED.", Enum: []any{true, false, "true", "false", "immediate", "deferred", "initially deferred"}},
	"unique.nulls_not_distinct": boolean("NULLS NOT DISTINCT: rows whose columns are NULL clash (PostgreSQL 15)."),
	"entity.primary_key":        nameOrNames("The primary key's columns in key order, when it is not field order."),
	"relationship.deferrable":   {Description: "DEFERRABLE on the foreign key: true, or deferred for DEFERRABLE INITIALLY DEFERRED.", Enum: []any{true, false, "true", "false", "immediate", "deferred", "initially deferred"}},
	"entity.unlogged":           boolean("UNLOGGED: the table skips the write-ahead log (fast, emptied after a crash, not replicated)."),
	"relationship.not_valid":    boolean("NOT VALID: the key checks new rows only, not those already there."),
	"enum.schema":               str("The schema of the enum type; public when absent."),
	"enum.renamed_from":         str("The enum's previous name: migrations rename the type."),
	"enum.values_renamed_from": {Description: "Values renamed since the previous version, each new name mapped to its old one: migrations rename the value (ALTER TYPE ... RENAME VALUE), keeping every row.",
		Type: "object", AdditionalProperties: ref("name")},
	"enum.description": str("What the enum stands for."),

	"relationship.one":        nonEmpty("The parent entity (the `1` side)."),
	"relationship.many":       nonEmpty("The child entity of a 1-n relationship, or one side of an n-n."),
	"relationship.one_of":     nonEmpty("The child entity of a 1-1 relationship."),
	"relationship.many_of":    nonEmpty("The other side of an n-n relationship."),
	"relationship.via":        nonEmpty("The junction entity of an n-n relationship."),
	"relationship.as":         str("The role: the foreign-key column becomes ROLE_id."),
	"relationship.optional":   boolean("The foreign key may be NULL."),
	"relationship.on_delete":  action("What happens to the children when the parent is deleted; restrict by default."),
	"relationship.on_update":  action("What happens to the children when the parent's key changes."),
	"relationship.columns":    nameOrNames("The foreign-key columns on the child, when they are not derived."),
	"relationship.references": nameOrNames("The referenced columns on the parent; its primary key by default."),
	"relationship.name":       str("The foreign-key constraint's name."),

	"machine.entity":       nonEmpty("The entity whose column holds the state."),
	"machine.column":       str("The column that holds the state; `status` by default."),
	"machine.initial":      nonEmpty("The state a new row starts in."),
	"machine.transitions":  {Description: "For each state, the states it may move to.", Type: objectOrNull, AdditionalProperties: nameOrNames("The states this one may move to.")},
	"machine.terminal":     nameOrNames("The states a row never leaves."),
	"machine.states":       nameOrNames("The full list of states, when some appear in no transition."),
	"machine.renamed_from": str("The machine's previous name: migrations rename its type."),
	"machine.states_renamed_from": {Description: "States renamed since the previous version, each new name mapped to its old one: migrations rename the state (ALTER TYPE ... RENAME VALUE), keeping every row in it.",
		Type: "object", AdditionalProperties: ref("name")},
	"machine.description": str("What the states track."),

	"failure.name":        nonEmpty("The failure's name, lower snake_case."),
	"failure.when":        str("What goes wrong in the real world."),
	"failure.entity":      nonEmpty("The entity the failure affects."),
	"failure.state":       nonEmpty("The state the entity moves to when it happens."),
	"failure.handling":    str("How the system or its people recover."),
	"failure.retry":       {Description: "Retry the failed work: `{ max_attempts: 3 }`.", AnyOf: []*Schema{ref("retry")}},
	"failure.event":       nonEmpty("The event recorded when it happens."),
	"failure.description": str("More about the failure."),

	"retry.max_attempts": {Description: "How many attempts before giving up.", Type: "integer", Minimum: intPtr(1)},

	"flow_step.step":    str("What happens, in words."),
	"flow_step.creates": nameOrNames("The entities this step creates rows of."),
	"flow_step.reads":   nameOrNames("The entities this step reads."),
	"flow_step.updates": nameOrNames("The entities this step updates."),
	"flow_step.event":   nonEmpty("The event recorded: `entity.event_type`."),
}

// typePattern: a type starts with a letter or underscore (not a keyword of the short form).
const typePattern = `^\s*[A-Za-z_"]`

// fieldSpecPattern is the short form `TYPE[?] [pk] [unique] [identity]
// [default EXPR] [generated (EXPR)] [check (EXPR)]`: it must start with a
// type, not with a keyword.
var fieldSpecPattern = `^(?!\s*(?:` + strings.Join(design.SpecKeywords(), "|") + `)(?:\s|$))\s*[A-Za-z_"]`

// relationshipPattern is the short form `A KIND B [via J] [as ROLE] [optional] [on delete ACTION]`.
const relationshipPattern = `^\s*\S+\s+(?:1-[nN]|1-\*|1:[nN]|[nN]-1|\*-1|[nN]:1|1-1|1:1|[nNmM]-[nN]|\*-\*|[nNmM]:[nN])\s+\S+(?:\s.*)?$`

// sharedDefs are the definitions the maps refer to: names, booleans and the
// short-or-map alternatives.
var sharedDefs = func() *Properties {
	p := &Properties{}
	p.Set("name", &Schema{Type: "string", MinLength: intPtr(1), Description: "A name."})
	p.Set("identifier", &Schema{Type: "string", MinLength: intPtr(1), Description: "A name that becomes an SQL identifier."})
	p.Set("field_item", &Schema{
		Description: "A column: the short form `TYPE[?] [pk] [unique] [identity [always]] [collate NAME] [default EXPR] [generated (EXPR)] [check (EXPR)]`, for example `text? unique` or `integer default 0 check (n >= 0)`, or the map form.",
		OneOf: []*Schema{
			{Type: "string", Pattern: fieldSpecPattern, Description: "The short form: the type first, then pk, unique, identity [always], collate NAME, default EXPR, generated (EXPR), check (EXPR)."},
			ref("field"),
		},
	})
	p.Set("index_item", &Schema{
		Description: "An index: a column (`- email`), a list of columns (`- [a, b]`), or the map form.",
		OneOf:       []*Schema{ref("name"), {Type: "array", Items: ref("name")}, ref("index")},
	})
	p.Set("extension_item", &Schema{
		Description: "An extension: its name (`citext`) or the map form.",
		OneOf:       []*Schema{ref("name"), ref("extension")},
	})
	p.Set("domain_item", &Schema{
		Description: "A domain: its base type (`numeric(12,2)`) or the map form.",
		OneOf:       []*Schema{{Type: "string", MinLength: intPtr(1)}, ref("domain")},
	})
	p.Set("enum_item", &Schema{
		Description: "An enum: its values (`[a, b]`) or the map form.",
		OneOf:       []*Schema{ref("name"), {Type: "array", Items: ref("name"), MinItems: intPtr(1)}, ref("enum")},
	})
	p.Set("relationship_item", &Schema{
		Description: "A relationship: `A 1-n B`, `A 1-1 B` or `A n-n B via J`, then optionally `as ROLE`, `optional`, `on delete ACTION`; or the map form.",
		OneOf: []*Schema{
			{Type: "string", Pattern: relationshipPattern, Description: "The short form `A KIND B [via J] [as ROLE] [optional] [on delete ACTION]`, KIND one of 1-1, 1-n, n-1, n-n."},
			ref("relationship"),
		},
	})
	p.Set("flow_item", &Schema{
		Description: "A step of the flow: a sentence, or the map form with creates, reads, updates and event.",
		OneOf:       []*Schema{{Type: "string", Description: "What happens, in words."}, ref("flow_step")},
	})
	return p
}()
