package postgres

import (
	"fmt"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// EventTableGuard keeps an event table append-only: a trigger function (CREATE
// OR REPLACE), a row trigger that rejects UPDATE and DELETE, and a statement
// trigger that rejects TRUNCATE (also when it would cascade from the entity's
// table). Violations raise SQLSTATE 23001 (restrict_violation). It returns
// nil for a table that is not an event table.
func EventTableGuard(t *schema.Table) []string {
	if t.Kind != schema.EventTable {
		return nil
	}
	fn := qualify(t.Schema, EventGuardFunctionName(t))
	body := "BEGIN\n" +
		"    RAISE EXCEPTION USING\n" +
		"        MESSAGE = format('%s is append-only: %s is not allowed', TG_TABLE_NAME, TG_OP),\n" +
		"        DETAIL = 'Events record what happened; they are never changed or removed.',\n" +
		"        HINT = 'Record a new event instead.',\n" +
		"        ERRCODE = 'restrict_violation', SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME;\n" +
		"END\n"
	q := dollarQuote(body)
	return []string{
		fmt.Sprintf("CREATE OR REPLACE FUNCTION %s() RETURNS trigger\n    LANGUAGE plpgsql\nAS %s\n%s%s;", fn, q, body, q),
		fmt.Sprintf("CREATE OR REPLACE TRIGGER %s\n    BEFORE UPDATE OR DELETE ON %s\n    FOR EACH ROW EXECUTE FUNCTION %s();",
			sqlname.QuoteIdent(EventGuardTriggerName(t)), QualifiedTable(t), fn),
		fmt.Sprintf("CREATE OR REPLACE TRIGGER %s\n    BEFORE TRUNCATE ON %s\n    FOR EACH STATEMENT EXECUTE FUNCTION %s();",
			sqlname.QuoteIdent(EventTruncateTriggerName(t)), QualifiedTable(t), fn),
	}
}
