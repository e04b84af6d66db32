package design

// Rules reported while loading and resolving: the design cannot be built until they are fixed.
var (
	RuleYAMLSyntax = &Rule{Name: "yaml-syntax", Severity: Error, Doc: `The file is not valid YAML.

A design is a YAML file; schemagen cannot read anything else. The message says
what the YAML parser found and on which line.

Bad:
    entities:
      users:
        fields: { id: uuid pk
Good:
    entities:
      users:
        fields: { id: uuid pk }

Fix: correct the YAML at the line shown (indentation, a missing colon, an
unclosed bracket or quote).`}

	RuleInputTooLarge = &Rule{Name: "input-too-large", Severity: Error, Doc: `The file is too large to be a design.

schemagen refuses files over 16 MiB rather than spend minutes and gigabytes on
them. A design of 5000 entities is about 1 MB. For the same reason, YAML
aliases may add at most 100,000 nodes to a design once expanded: a small file
that aliases a large entity many times is a large design.

Bad:
    schemagen validate pg_dump.sql.gz
    entities:
      a: &big {fields: {f1: text, f2: text, ...}}   # 1,000 fields
      b: *big
      c: *big                                      # ... a thousand times
Good:
    schemagen validate design.yaml

Fix: check that the right file was given; split a generated design; write
the repeated part out instead of aliasing it.`}

	RuleUnknownKey = &Rule{Name: "unknown-key", Severity: Error, Doc: `A key the format does not define.

A misspelt key (` + "`relationship`" + ` for ` + "`relationships`" + `, ` + "`nulable`" + ` for
` + "`nullable`" + `) would otherwise be ignored silently and the design would not say
what its author meant. The message suggests the closest known key.

Bad:
    entities:
      users:
        feilds: { email: text }
Good:
    entities:
      users:
        fields: { email: text }

Fix: use the key the hint suggests, or remove the key.`}

	RuleDuplicateKey = &Rule{Name: "duplicate-key", Severity: Error, Doc: `A YAML map has the same key twice.

YAML parsers keep one of the two values and drop the other without a word, so
half of what was written is lost.

Bad:
    fields:
      email: text
      email: text unique
Good:
    fields:
      email: text unique

Fix: keep one of them.`}

	RuleMissingKey = &Rule{Name: "missing-key", Severity: Error, Doc: `A required key is missing.

The design needs ` + "`schemagen: 1`" + ` and ` + "`name`" + `; a state machine needs ` + "`entity`" + `
and ` + "`initial`" + `; a failure needs ` + "`name`" + ` and ` + "`when`" + `; a field in map form
needs ` + "`type`" + `.

Bad:
    states:
      ride_status:
        entity: rides
        transitions: { requested: [accepted] }
Good:
    states:
      ride_status:
        entity: rides
        initial: requested
        transitions: { requested: [accepted] }
        terminal: [accepted]

Fix: add the key the message names.`}

	RuleInvalidValue = &Rule{Name: "invalid-value", Severity: Error, Doc: `A key has a value of the wrong shape or an impossible value.

For example a map where a list is expected, ` + "`optional: maybe`" + `, an unknown
` + "`on_delete`" + ` action, or an enum default that is not one of the enum's values.

Bad:
    relationships:
      - { one: users, many: rides, on_delete: destroy }
Good:
    relationships:
      - { one: users, many: rides, on_delete: cascade }

Fix: give the value the shape the message asks for.`}

	RuleInvalidField = &Rule{Name: "invalid-field", Severity: Error, Doc: `A field spec cannot be read.

The short form is ` + "`TYPE[?] [pk] [unique] [identity [always]] [collate NAME] [default EXPR] [generated (EXPR)] [check (EXPR)]`" + `.
Parentheses and quotes must balance, ` + "`check`" + ` and ` + "`generated`" + ` take one
parenthesised expression, a primary key cannot be nullable, ` + "`identity`" + `
needs an integer type, and ` + "`collate`" + ` a collation name and a string type.

Bad:
    fare_cents: integer check fare_cents >= 0
Good:
    fare_cents: integer check (fare_cents >= 0)

Fix: follow the short form, or use the map form
` + "`{type: integer, check: fare_cents >= 0}`" + `.`}

	RuleInvalidRelationship = &Rule{Name: "invalid-relationship", Severity: Error, Doc: `A relationship cannot be read.

The short form is ` + "`A 1-1 B`" + `, ` + "`A 1-n B`" + ` or ` + "`A n-n B via J`" + `, optionally followed
by ` + "`as ROLE`" + `, ` + "`optional`" + ` and ` + "`on delete ACTION`" + `. The map form is
` + "`{one: A, many: B}`" + `, ` + "`{one: A, one_of: B}`" + ` or ` + "`{many: A, many_of: B, via: J}`" + `.

Bad:
    - users has many rides
Good:
    - users 1-n rides

Fix: write the relationship in one of the forms above.`}

	RuleUnknownEntity = &Rule{Name: "unknown-entity", Severity: Error, Doc: `A relationship, state machine, event, failure or flow step names an entity that does not exist.

Usually a typo or a singular where the entity is plural. Nothing can be
generated for a relationship to nowhere.

Bad:
    relationships:
      - user 1-n rides
Good:
    relationships:
      - users 1-n rides

Fix: use the entity's name as declared under ` + "`entities`" + ` (the hint suggests the closest one), or declare it.`}

	RuleUnknownColumn = &Rule{Name: "unknown-column", Severity: Error, Doc: `An index, unique constraint or relationship names a column the table does not have.

Columns are the declared fields plus the ones schemagen adds: the implicit ` + "`id`" + `,
foreign keys (` + "`user_id`" + `), state columns (` + "`status`" + `) and retry columns.

Bad:
    indexes:
      - columns: [user, created_at]
Good:
    indexes:
      - columns: [user_id, created_at]

Fix: use an existing column name.`}

	RuleDuplicateName = &Rule{Name: "duplicate-name", Severity: Error, Doc: `Two things end up with the same SQL name.

PostgreSQL folds unquoted names to lower case and truncates them to 63 bytes,
and every table is also a type: ` + "`Users`" + ` and ` + "`users`" + `, an enum named like a
table, a field that clashes with a foreign key or state column schemagen adds,
or two relationships that add the same column, cannot all exist.

Bad:
    relationships:
      - users 1-n rides
      - users 1-n rides          # both add rides.user_id
Good:
    relationships:
      - users 1-n rides
      - users 1-n rides as reviewer optional

Fix: rename one of them, or give the relationship a role with ` + "`as`" + `.`}

	RuleInvalidType = &Rule{Name: "invalid-type", Severity: Error, Doc: `A field type that is neither a PostgreSQL built-in type nor a declared enum.

The type goes into the DDL as written; an unknown type fails when the
migration runs, far from the design.

Bad:
    price: nummeric(12,2)
    role: user_role          # but no enum user_role
Good:
    price: numeric(12,2)
    role: user_role          # with enums: { user_role: [creator, customer] }

Fix: use the type the hint suggests, or declare the enum under ` + "`enums`" + `.`}

	RuleIdentifierTooLong = &Rule{Name: "identifier-too-long", Severity: Error, Doc: `A name longer than 63 bytes.

PostgreSQL silently truncates identifiers to 63 bytes, so the table or column
in the database would not have the name in the design, and two long names can
collide. schemagen shortens the names it invents for constraints and indexes
itself; table, column, type and state names are yours.

Bad:
    customer_subscription_billing_cycle_adjustment_history_entries_archive: {}
Good:
    subscription_adjustments_archive: {}

Fix: shorten the name (remember the ` + "`<singular>_events`" + ` table and ` + "`ROLE_id`" + ` columns schemagen derives from it).`}

	RuleForeignKeyTypeMismatch = &Rule{Name: "foreign-key-type-mismatch", Severity: Error, Doc: `A field declared by hand as a foreign key has another type than the key it references.

A relationship adds its foreign-key column itself; you may declare it to place
it or describe it, but an ` + "`integer`" + ` column cannot reference a ` + "`uuid`" + ` key.

Bad:
    users: { fields: { id: uuid pk } }
    rides: { fields: { user_id: bigint } }
    relationships: [users 1-n rides]
Good:
    rides: { fields: { user_id: uuid } }

Fix: give the field the referenced key's type, or remove it and let the relationship add it.`}

	RuleManyToManyNeedsJunction = &Rule{Name: "many-to-many-needs-junction", Severity: Error, Doc: `A many-to-many relationship without a junction table.

A relational database cannot store n-n directly: it needs a table with one row
per pair. Naming it keeps the name in your hands (and lets you give the pair
its own fields later: when a driver started serving a location, say).

Bad:
    - drivers n-n locations
Good:
    - drivers n-n locations via driver_locations

Fix: add ` + "`via JUNCTION`" + `; declare JUNCTION under ` + "`entities`" + ` if it has fields of its own.`}
)

// Rules lists the rules of the format itself, which Load and schema.Resolve
// report, in the order `schemagen explain` shows them. Each call returns a new
// slice: internal/rulebook builds the tool's one list from it.
func Rules() []*Rule {
	return []*Rule{
		RuleYAMLSyntax, RuleInputTooLarge, RuleUnknownKey, RuleDuplicateKey, RuleMissingKey, RuleInvalidValue,
		RuleInvalidField, RuleInvalidRelationship, RuleUnknownEntity, RuleUnknownColumn, RuleDuplicateName,
		RuleInvalidType, RuleIdentifierTooLong, RuleForeignKeyTypeMismatch, RuleManyToManyNeedsJunction,
		RuleInvalidRename,
		RulePartitionKeyNotInUnique, RuleUndeclaredExtension,
	}
}
