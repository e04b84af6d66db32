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
	// works under any search_path and survives renames of the enum type.
	w("DECLARE\n    allowed text[];\nBEGIN\n")
	w("    IF TG_OP = 'INSERT' THEN\n")
	w("        RAISE EXCEPTION USING\n")
	w("            MESSAGE = format(%s, NEW.%s),\n", lit(fmtLiteral("state machine "+m.Name+": a new row must start in state \""+m.Initial+"\", not \"")+"%s\""), col)
	w("            DETAIL = format(%s, TG_TABLE_NAME),\n", lit("%s."+fmtLiteral(m.Column)+" starts in \""+fmtLiteral(m.Initial)+"\"; a row reaches other states only through the machine's transitions."))
	w("            HINT = %s,\n", lit("Insert the row in state \""+m.Initial+"\", then UPDATE it along the allowed transitions."))
	w("            ERRCODE = 'check_violation', SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,\n")
	w("            COLUMN = %s, DATATYPE = %s, CONSTRAINT = TG_NAME;\n", lit(m.Column), lit(m.Enum.Name))
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
	w("        MESSAGE = format(%s, OLD.%s, NEW.%s),\n", lit(fmtLiteral("state machine "+m.Name+": illegal transition from \"")+"%s\" to \"%s\""), col, col)
	w("        DETAIL = CASE WHEN cardinality(allowed) = 0\n")
	w("            THEN format(%s, TG_TABLE_NAME, OLD.%s)\n", lit("%s."+fmtLiteral(m.Column)+": \"%s\" is a terminal state; no transitions out."), col)
	w("            ELSE format(%s, TG_TABLE_NAME, OLD.%s, array_to_string(allowed, ', ')) END,\n", lit("%s."+fmtLiteral(m.Column)+" may move from \"%s\" to: %s."), col)
	w("        HINT = %s,\n", lit("The transitions of state machine "+m.Name+" are declared in the design's `states` section."))
	w("        ERRCODE = 'check_violation', SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,\n")
	w("        COLUMN = %s, DATATYPE = %s, CONSTRAINT = TG_NAME;\n", lit(m.Column), lit(m.Enum.Name))
	w("END\n")
	body := b.String()
	q := dollarQuote(body)
	return fmt.Sprintf("CREATE OR REPLACE FUNCTION %s() RETURNS trigger\n    LANGUAGE plpgsql\nAS %s\n%s%s;",
		qualify(m.Table.Schema, StateFunctionName(m)), q, body, q)
}

// fmtLiteral escapes text for use in the format string of SQL's format().
func fmtLiteral(s string) string { return strings.ReplaceAll(s, "%", "%%") }
