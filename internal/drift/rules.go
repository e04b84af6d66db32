package drift

import "github.com/schemagen/schemagen/design"

// The drift rules: one per kind of finding, named "drift-" + Kind. Their
// examples are of a database, since drift compares one with the design.
var (
	ruleMissing = &design.Rule{Name: "drift-" + string(Missing), Severity: design.Error, Doc: `Something the design has is missing from the live database.

A table, column, key, index, enum value, trigger or function that
` + "`schemagen sql`" + ` creates is not there: a migration was skipped, or someone
dropped it by hand. What the design promises (a foreign key, a state-machine
trigger) is then not enforced.

Bad:
    -- the design has users.email unique; the database:
    ALTER TABLE users DROP CONSTRAINT users_email_key;
Good:
    -- the database has every object the design generates

Fix: apply the missing migrations, or run ` + "`schemagen drift DESIGN --sql`" + ` and review the repair.`}

	ruleExtra = &design.Rule{Name: "drift-" + string(Extra), Severity: design.Error, Doc: `The live database has something the design does not.

An index added during an incident, a column added by hand, a constraint from
a migration written outside schemagen: the next migration does not know about
it, and the design no longer tells the truth about the database. Objects the
design does not own (other schemas, extra tables) are reported only with
` + "`--strict`" + `; ` + "`--ignore PATTERN`" + ` skips what is meant to be there.

Bad:
    CREATE INDEX hotfix_rides_created ON rides (created_at);   -- not in the design
Good:
    # add it to the design:
    indexes:
      - [created_at]

Fix: add it to the design, or drop it (` + "`--sql`" + ` writes the DROP).`}

	ruleChanged = &design.Rule{Name: "drift-" + string(Changed), Severity: design.Error, Doc: `An object exists in both, with another definition.

A column's type, nullability or default, a foreign key's actions or
deferrability, a check's expression, an enum's values or their order, a
comment, or the body of a state-machine function differs from what the
design generates. An edited trigger function is the most dangerous: the
database may no longer enforce the state machine.

Bad:
    ALTER TABLE rides ALTER COLUMN fare_cents DROP NOT NULL;   -- the design says NOT NULL
Good:
    -- the definitions match what ` + "`schemagen sql`" + ` writes

Fix: change the design to what the database should keep, or repair the database with ` + "`--sql`" + `.`}

	ruleDisabled = &design.Rule{Name: "drift-" + string(Disabled), Severity: design.Error, Doc: `A trigger of the design exists but does not fire.

` + "`ALTER TABLE … DISABLE TRIGGER`" + ` during an incident and never enabled again:
state-machine transitions and append-only event tables are then not enforced,
although the catalog still shows the trigger.

Bad:
    ALTER TABLE rides DISABLE TRIGGER rides_ride_status_transition;
Good:
    ALTER TABLE rides ENABLE TRIGGER rides_ride_status_transition;

Fix: enable the trigger (` + "`--sql`" + ` writes the statement).`}
)

// Rules lists the drift rules, for internal/rulebook.
func Rules() []*design.Rule { return []*design.Rule{ruleMissing, ruleExtra, ruleChanged, ruleDisabled} }
