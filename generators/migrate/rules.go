package migrate

import "github.com/schemagen/schemagen/design"

// consent is how every destructive-change rule ends: what the commands do.
const consent = "`schemagen migrate diff` and `migrate new` refuse the change (exit 1) unless\n`--allow-destructive` is given; with it, the change is made and reported as a warning."

// The migration rules, reported by Diff against the new design (or the old one,
// for what the new one no longer has).
var (
	ruleDropTable = &design.Rule{Name: RuleDropTable, Severity: design.Error, Doc: `A table of the old design is gone from the new one.

DROP TABLE deletes every row of the table. When the entity was only renamed,
say so and the migration renames the table, keeping its rows.

Bad:
    entities:
      riders: { fields: { id: uuid pk } }   # was: passengers
Good:
    entities:
      riders: { renamed_from: passengers, fields: { id: uuid pk } }

Fix: keep the entity, or rename it with ` + "`renamed_from`" + `.
` + consent}

	ruleDropColumn = &design.Rule{Name: RuleDropColumn, Severity: design.Error, Doc: `A column of the old design is gone from the new one.

DROP COLUMN deletes the column's value in every row. A renamed field looks
like a dropped one and a new one, unless the design says where it came from.

Bad:
    fields:
      full_name: text        # was: name
Good:
    fields:
      full_name: { type: text, renamed_from: name }

Fix: keep the field, or rename it with ` + "`renamed_from`" + `.
` + consent}

	ruleDropEnumValue = &design.Rule{Name: RuleDropEnumValue, Severity: design.Error, Doc: `An enum value is removed.

PostgreSQL cannot remove a value from an enum type, so the type is rebuilt
and every column of it converted; the conversion fails if a row still holds
the removed value.

Bad:
    enums:
      plan: [free, pro]        # was: [free, pro, legacy]
Good:
    enums:
      plan: [free, pro, legacy]   # keep it until no row holds it

Fix: update the rows that hold the value first (in a data migration), then remove it.
` + consent}

	ruleDropState = &design.Rule{Name: RuleDropState, Severity: design.Error, Doc: `A state is removed from a state machine.

The machine's enum type is rebuilt; the migration fails if a row is still in
the removed state, and the rows that passed through it lose that history.

Bad:
    states: [requested, accepted, completed]   # was: ... paused ...
Good:
    states: [requested, accepted, paused, completed]

Fix: move the rows out of the state first (a data migration), then remove it.
` + consent}

	ruleDropEventType = &design.Rule{Name: RuleDropEventType, Severity: design.Error, Doc: `An event type is removed.

The event enum is rebuilt; the migration fails if an event of that type was
ever recorded, and event tables are append-only, so those rows cannot go.

Bad:
    events:
      rides: [requested, completed]       # was: [requested, rated, completed]
Good:
    events:
      rides: [requested, rated, completed]

Fix: keep the event type; stop recording it instead.
` + consent}

	ruleNarrowType = &design.Rule{Name: RuleNarrowType, Severity: design.Error, Doc: `A column's type changes to one that cannot hold every value of the old one.

Converting bigint to integer, text to varchar(n) or numeric to a smaller
precision fails on a value that does not fit, or loses precision.

Bad:
    fare_cents: integer      # was: bigint
Good:
    fare_cents: bigint

Fix: widen instead (integer -> bigint, varchar(n) -> text), or convert the data first.
` + consent}

	ruleNotNull = &design.Rule{Name: RuleNotNull, Severity: design.Error, Doc: `A column becomes NOT NULL, or a NOT NULL column is added, without a default.

On a table with rows, the rows that have no value make the migration fail.
With a default, existing NULLs are filled in before the constraint is added.

Bad:
    phone: text              # was: text?
Good:
    phone: text default ''

Fix: give it a default, or make it nullable (` + "`?`" + `) and fill it in a later migration.
` + consent}

	ruleGenerated = &design.Rule{Name: RuleGenerated, Severity: design.Error, Doc: `A column becomes generated, or its generation expression changes.

PostgreSQL cannot change that in place: the column is dropped and added again,
its stored values recomputed, and any value written by hand is lost.

Bad:
    total_cents: bigint generated (net_cents + tax_cents)   # was: bigint
Good:
    total_cents: bigint

Fix: add a new generated column next to the old one, and drop the old one later.
` + consent}

	ruleIrreversible = &design.Rule{Name: RuleIrreversible, Severity: design.Warning, Doc: `The down migration cannot fully undo the up migration.

A down migration restores the schema, not data: what the up migration dropped
(a table, a column, a value) comes back empty, and what it added is dropped
with its data. The down file says so in a comment and ` + "`migrate diff`" + ` warns.

Bad:
    # up drops the column notes; down adds it back, empty
Good:
    # keep the column until its data is no longer needed, then drop it knowingly

Fix: nothing to change when the loss is intended; otherwise keep what would be lost.`}
)

// locksConsent is how the lock rules end: what the commands do.
const locksConsent = "`schemagen migrate diff` and `migrate new` refuse the change (exit 1) unless `--allow-locks`\n(or `--online=false` for an idle database); with it, the change is made and reported as a warning."

// The rules of migrations on a busy database.
var (
	ruleTableRewrite = &design.Rule{Name: RuleTableRewrite, Severity: design.Error, Doc: `A change makes PostgreSQL rewrite a whole table under ACCESS EXCLUSIVE.

A type change other than widening a text type, a column added as identity or
generated, or an enum type rebuilt rewrites every row while every read and
write of the table waits. There is no online form of it.

Bad:
    fare_cents: bigint        # was: integer, on a table with millions of rows
Good:
    fare_cents_big: bigint    # a new column, filled in batches; the old one dropped later

Fix: do it at a quiet time with ` + "`--allow-locks`" + `, or in steps: add a new column, backfill it in batches, switch readers, drop the old one.
` + locksConsent}

	ruleTableScan = &design.Rule{Name: RuleTableScan, Severity: design.Error, Doc: `A change scans a whole table under a lock that blocks its writes.

Adding a primary key to an existing table builds its index under ACCESS
EXCLUSIVE; PostgreSQL has no online form of it (a unique index built
concurrently cannot become a primary key without a scan of its columns for NULLs).
Changing a column's collation (` + "`collate`" + `) rebuilds the indexes on it
under ACCESS EXCLUSIVE too.

Bad:
    entities:
      audit_log: { fields: { id: bigint pk, at: timestamptz } }   # was keyless
Good:
    # add the key at a quiet time, or keep the table keyless until then

Fix: run it at a quiet time with ` + "`--allow-locks`" + `.
` + locksConsent}

	ruleExistingRows = &design.Rule{Name: RuleExistingRows, Severity: design.Warning, Doc: `A new constraint applies to rows that already exist.

A CHECK, UNIQUE, FOREIGN KEY or NOT NULL added to a table with rows fails the
migration during the deploy if one row violates it, and leaves golang-migrate's
version dirty. ` + "`migrate diff --dsn`" + ` counts the violating rows on the live database
before the deploy.

Bad:
    currency: text check (currency in ('USD', 'EUR'))   # rows hold 'usd'
Good:
    currency: text check (currency in ('USD', 'EUR'))   # after UPDATE … SET currency = upper(currency)

Fix: run ` + "`migrate diff --dsn URL`" + ` against the live database and fix the rows it lists first.`}

	ruleRowsViolate = &design.Rule{Name: RuleRowsViolate, Severity: design.Error, Doc: `Rows of the live database violate a constraint the migration adds.

` + "`migrate diff --dsn`" + ` and ` + "`migrate new --dsn`" + ` counted them in a read-only
transaction: the migration would fail during the deploy. The message shows a
few of their keys.

Bad:
    -- 3 rows of payments have currency = 'usd'; the migration adds CHECK (currency in ('USD', 'EUR'))
Good:
    UPDATE payments SET currency = upper(currency);   -- a data migration first

Fix: fix the rows (or widen the constraint), then write the migration; the commands exit 1 until then.`}
)

// Rules lists the migration rules in the order `schemagen explain` shows them.
func Rules() []*design.Rule {
	return []*design.Rule{ruleDropTable, ruleDropColumn, ruleDropEnumValue, ruleDropState, ruleDropEventType,
		ruleNarrowType, ruleNotNull, ruleGenerated, ruleIrreversible,
		ruleTableRewrite, ruleTableScan, ruleExistingRows, ruleRowsViolate, ruleEnumReorder, ruleUnknownRename, ruleDropLinks, ruleDetachPartition}
}
