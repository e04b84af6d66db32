package postgres

import (
	"fmt"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// EventTableGuard keeps an event table append-only and its ids in sequence:
// a trigger function (CREATE OR REPLACE), a row trigger that rejects UPDATE
// and DELETE, and a statement trigger that rejects TRUNCATE (also when it
// would cascade from the entity's table), all with SQLSTATE 23001
// (restrict_violation); then the function and trigger of EventIDFromSequence.
// It returns nil for a table that is not an event table.
func EventTableGuard(t *schema.Table) []string {
	if t.Kind != schema.EventTable {
		return nil
	}
	fn := qualify(t.Schema, EventGuardFunctionName(t))
	body := "BEGIN\n" +
		"    RAISE EXCEPTION USING\n" +
		"        MESSAGE = pg_catalog.format('%s is append-only: %s is not allowed', TG_TABLE_NAME, TG_OP),\n" +
		"        DETAIL = 'Events record what happened; they are never changed or removed.',\n" +
		"        HINT = 'Record a new event instead.',\n" +
		"        ERRCODE = 'restrict_violation', SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, CONSTRAINT = TG_NAME;\n" +
		"END\n"
	q := dollarQuote(body)
	return append([]string{
		fmt.Sprintf("CREATE OR REPLACE FUNCTION %s() RETURNS trigger\n    LANGUAGE plpgsql\n    %s\nAS %s\n%s%s;", fn, pinnedSearchPath, q, body, q),
		fmt.Sprintf("CREATE OR REPLACE TRIGGER %s\n    BEFORE UPDATE OR DELETE ON %s\n    FOR EACH ROW EXECUTE FUNCTION %s();",
			sqlname.QuoteIdent(EventGuardTriggerName(t)), QualifiedTable(t), fn),
		fmt.Sprintf("CREATE OR REPLACE TRIGGER %s\n    BEFORE TRUNCATE ON %s\n    FOR EACH STATEMENT EXECUTE FUNCTION %s();",
			sqlname.QuoteIdent(EventTruncateTriggerName(t)), QualifiedTable(t), fn),
	}, EventIDFromSequence(t)...)
}

// EventIDFromSequence makes every event take its id from the table's identity
// sequence, whatever the INSERT says. `GENERATED ALWAYS` alone does not: any
// role with INSERT may write `OVERRIDING SYSTEM VALUE` (and COPY may name the
// column) to plant rows with the ids the sequence will hand out next; later
// inserts then fail with 23505, and an append-only table keeps the planted
// rows. A BEFORE INSERT trigger keeps an id only when it is the one this
// session just drew from the sequence (currval), which is what the identity
// default gives; any other id is replaced by nextval.
//
// The function is SECURITY DEFINER, so that roles with INSERT on the table
// need no privilege on its sequence; its search_path is pinned and EXECUTE
// is revoked from PUBLIC (triggers fire without it). It returns nil for a
// table that is not an event table.
func EventIDFromSequence(t *schema.Table) []string {
	if t.Kind != schema.EventTable {
		return nil
	}
	fn := qualify(t.Schema, EventIDFunctionName(t))
	body := "DECLARE\n" +
		"    seq regclass := pg_catalog.pg_get_serial_sequence(pg_catalog.format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME), 'id');\n" +
		"BEGIN\n" +
		"    IF seq IS NULL THEN\n" +
		"        RAISE EXCEPTION USING\n" +
		"            MESSAGE = pg_catalog.format('%s has no identity column \"id\" any more', TG_TABLE_NAME),\n" +
		"            DETAIL = 'Events take their ids from the sequence of the identity column \"id\".',\n" +
		"            ERRCODE = 'undefined_column', SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, CONSTRAINT = TG_NAME;\n" +
		"    END IF;\n" +
		"    BEGIN\n" +
		"        IF NEW.id = pg_catalog.currval(seq) THEN\n" +
		"            RETURN NEW; -- the identity default: this session just drew it\n" +
		"        END IF;\n" +
		"    EXCEPTION WHEN object_not_in_prerequisite_state THEN\n" +
		"        NULL; -- this session has drawn no id from the sequence: the INSERT chose it\n" +
		"    END;\n" +
		"    NEW.id := pg_catalog.nextval(seq);\n" +
		"    RETURN NEW;\n" +
		"END\n"
	q := dollarQuote(body)
	return []string{
		fmt.Sprintf("CREATE OR REPLACE FUNCTION %s() RETURNS trigger\n    LANGUAGE plpgsql\n    SECURITY DEFINER\n    %s\nAS %s\n%s%s;", fn, pinnedSearchPath, q, body, q),
		fmt.Sprintf("REVOKE ALL ON FUNCTION %s() FROM PUBLIC;", fn),
		fmt.Sprintf("CREATE OR REPLACE TRIGGER %s\n    BEFORE INSERT ON %s\n    FOR EACH ROW EXECUTE FUNCTION %s();",
			sqlname.QuoteIdent(EventIDTriggerName(t)), QualifiedTable(t), fn),
	}
}
