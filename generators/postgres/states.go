package postgres

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// The SQLSTATEs the generated triggers raise. Both are integrity-constraint
// violations (class 23), so drivers and ORMs that map that class to
// "constraint violated" treat them like a failed CHECK or foreign key.
const (
	// StateViolation is raised for an illegal transition or a new row that
	// does not start in the initial state (check_violation).
	StateViolation = "23514"
	// AppendOnlyViolation is raised for UPDATE, DELETE or TRUNCATE on an
	// event table (restrict_violation).
	AppendOnlyViolation = "23001"
)

// StateMachine enforces a state machine in the database: a trigger function
// (CREATE OR REPLACE) and two triggers on the machine's table. An UPDATE that
// changes the state column must follow a declared transition; an UPDATE that
// leaves it unchanged (other columns, or the same state) is not checked. An
// INSERT must use the initial state, so that every row's history starts
// where the design says it does. Violations raise SQLSTATE 23514
// (check_violation) with the machine and both states in the message, the
// table and column in the error fields and the allowed next states in DETAIL.
//
// The triggers are AFTER ROW triggers with a WHEN condition: they see the
// final row (after any BEFORE trigger changed it) and cost nothing for
// updates that do not change the state.
func StateMachine(m *schema.Machine) []string {
	col := sqlname.QuoteIdent(m.Column)
	fn := qualify(m.Table.Schema, StateFunctionName(m))
	enum := QualifiedEnum(m.Enum)
	table := QualifiedTable(m.Table)
	initial := sqlname.QuoteLiteral(m.Initial) + "::" + enum
	insertWhen := fmt.Sprintf("NEW.%s IS DISTINCT FROM %s", col, initial)
	if c := m.Table.Column(m.Column); c != nil && c.Nullable {
		// A nullable state column may hold NULL: a row not in the machine yet.
		insertWhen = fmt.Sprintf("NEW.%s <> %s", col, initial)
	}
	return []string{
		stateFunction(m),
		fmt.Sprintf("CREATE OR REPLACE TRIGGER %s\n    AFTER INSERT ON %s\n    FOR EACH ROW WHEN (%s)\n    EXECUTE FUNCTION %s();",
			sqlname.QuoteIdent(StateInsertTriggerName(m)), table, insertWhen, fn),
		fmt.Sprintf("CREATE OR REPLACE TRIGGER %s\n    AFTER UPDATE ON %s\n    FOR EACH ROW WHEN (OLD.%s IS DISTINCT FROM NEW.%s)\n    EXECUTE FUNCTION %s();",
			sqlname.QuoteIdent(StateTriggerName(m)), table, col, col, fn),
	}
}

// pinnedSearchPath is the SET clause of every generated function. A function
// that runs under its caller's search_path resolves operators and functions
// there: a role that may create objects in any schema could define its own
// `text = text`, put that schema first and make the transition check say
// yes. Pinned to pg_catalog (and pg_temp last, where PostgreSQL never looks
// for functions or operators), the body can only reach the built-ins.
const pinnedSearchPath = "SET search_path = pg_catalog, pg_temp"

// dollarQuote picks a dollar-quote tag that does not occur in body.
func dollarQuote(body string) string {
	tag := "$schemagen$"
	for i := 1; strings.Contains(body, tag); i++ {
		tag = fmt.Sprintf("$schemagen%d$", i)
	}
	return tag
}

func stateFunction(m *schema.Machine) string {
	col := sqlname.QuoteIdent(m.Column)
	lit := sqlname.QuoteLiteral
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	// The body names no type or table: it compares states as text, so that it
	// survives renames of the enum type. Its search_path is pinned (see
	// pinnedSearchPath), so the = and = ANY below are pg_catalog's whatever
	// the caller's search_path says.
	errorFields := func(indent, errcode string) {
		w("%sERRCODE = '%s', SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,\n", indent, errcode)
		w("%sCOLUMN = %s, DATATYPE = %s, CONSTRAINT = TG_NAME;\n", indent, lit(m.Column), lit(m.Enum.Name))
	}
	w("DECLARE\n    allowed text[];\nBEGIN\n")
	// A column renamed by hand would otherwise fail with PL/pgSQL's
	// `record "old" has no field`, which does not say what broke.
	w("    IF NOT EXISTS (SELECT FROM pg_catalog.pg_attribute\n")
	w("            WHERE attrelid = TG_RELID AND attname = %s AND attnum > 0 AND NOT attisdropped) THEN\n", lit(m.Column))
	w("        RAISE EXCEPTION USING\n")
	w("            MESSAGE = pg_catalog.format(%s, TG_TABLE_NAME),\n", lit(fmtLiteral("state machine "+m.Name+": table ")+"%s"+fmtLiteral(" has no column \""+m.Column+"\" any more")))
	w("            DETAIL = %s,\n", lit("The machine's state column was renamed or dropped after its trigger was created, so no change of state can be checked."))
	w("            HINT = %s,\n", lit("Rename the column back, or recreate the machine's function and triggers for the new column (schemagen migrate diff with `renamed_from`)."))
	errorFields("            ", "undefined_column")
	w("    END IF;\n")
	w("    IF TG_OP = 'INSERT' THEN\n")
	w("        RAISE EXCEPTION USING\n")
	w("            MESSAGE = pg_catalog.format(%s, %s),\n", lit(fmtLiteral("state machine "+m.Name+": a new row must start in state \""+m.Initial+"\", not ")+"%s"), shownState("NEW."+col))
	w("            DETAIL = pg_catalog.format(%s, TG_TABLE_NAME),\n", lit("%s."+fmtLiteral(m.Column)+" starts in \""+fmtLiteral(m.Initial)+"\"; a row reaches other states only through the machine's transitions."))
	w("            HINT = %s,\n", lit("Insert the row in state \""+m.Initial+"\", then UPDATE it along the allowed transitions."))
	errorFields("            ", "check_violation")
	w("    END IF;\n")
	w("    IF OLD.%s IS NULL THEN\n        allowed := ARRAY[%s];\n    ELSE\n", col, lit(m.Initial))
	w("        allowed := CASE OLD.%s::text\n", col)
	for _, s := range m.States {
		next := m.Next(s)
		if len(next) == 0 {
			continue
		}
		vals := make([]string, len(next))
		for i, n := range next {
			vals[i] = lit(n)
		}
		w("            WHEN %s THEN ARRAY[%s]\n", lit(s), strings.Join(vals, ", "))
	}
	w("            ELSE ARRAY[]::text[]\n        END;\n    END IF;\n")
	w("    IF NEW.%s::text = ANY (allowed) THEN\n        RETURN NULL;\n    END IF;\n", col)
	w("    RAISE EXCEPTION USING\n")
	w("        MESSAGE = pg_catalog.format(%s, %s, %s),\n", lit(fmtLiteral("state machine "+m.Name+": illegal transition from ")+"%s to %s"), shownState("OLD."+col), shownState("NEW."+col))
	w("        DETAIL = CASE WHEN pg_catalog.cardinality(allowed) = 0\n")
	w("            THEN pg_catalog.format(%s, TG_TABLE_NAME, %s)\n", lit("%s."+fmtLiteral(m.Column)+": %s is a terminal state; no transitions out."), shownState("OLD."+col))
	w("            ELSE pg_catalog.format(%s, TG_TABLE_NAME, %s, pg_catalog.array_to_string(allowed, ', ')) END,\n", lit("%s."+fmtLiteral(m.Column)+" may move from %s to: %s."), shownState("OLD."+col))
	w("        HINT = %s,\n", lit("The transitions of state machine "+m.Name+" are declared in the design's `states` section."))
	errorFields("        ", "check_violation")
	w("END\n")
	body := b.String()
	q := dollarQuote(body)
	return fmt.Sprintf("CREATE OR REPLACE FUNCTION %s() RETURNS trigger\n    LANGUAGE plpgsql\n    %s\nAS %s\n%s%s;",
		qualify(m.Table.Schema, StateFunctionName(m)), pinnedSearchPath, q, body, q)
}

// shownState is a state as the messages show it: in double quotes, or NULL
// for a nullable state column that is not in the machine (yet, or any more).
func shownState(expr string) string {
	return fmt.Sprintf(`COALESCE('"' || %s::text || '"', 'NULL')`, expr)
}

// fmtLiteral escapes text for use in the format string of SQL's format().
func fmtLiteral(s string) string { return strings.ReplaceAll(s, "%", "%%") }
