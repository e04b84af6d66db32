package lint

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
)

// Rules about how data is typed.
var (
	RuleMoneyAsFloat = &Rule{Rule: design.Rule{Name: "money-as-float", Severity: design.Warning, Doc: `A money-like field typed as a floating-point number.

` + "`real`" + ` and ` + "`double precision`" + ` cannot hold 0.10 exactly; sums drift by
fractions of a cent and totals stop matching the payment provider's.

Bad:
    price: double precision
Good:
    price: numeric(12,2)
    amount_cents: bigint

Fix: use ` + "`numeric(p,s)`" + `, or an integer count of the smallest unit (` + "`*_cents bigint`" + `).`}, Check: checkMoneyAsFloat}

	RuleTimestampWithoutTimeZone = &Rule{Rule: design.Rule{Name: "timestamp-without-time-zone", Severity: design.Warning, Doc: `` + "`timestamp`" + ` instead of ` + "`timestamptz`" + `.

` + "`timestamp`" + ` stores a wall-clock reading with no zone: the same instant written
from two servers in different zones becomes two values, and daylight-saving
changes make an hour ambiguous. ` + "`timestamptz`" + ` stores the instant.

A column of the same name and type in several tables (` + "`modifieddate`" + ` in
every table of a schema) is one decision: it is reported once, at its first
table, with the list of the others. A calendar date (` + "`birth_date`" + `, ` + "`due_on`" + `)
belongs in ` + "`date`" + `: a birthday stored as an instant shifts by a day across zones.

Bad:
    created_at: timestamp default now()
    birth_date: timestamp
Good:
    created_at: timestamptz default now()
    birth_date: date

Fix: use ` + "`timestamptz`" + ` for an instant, ` + "`date`" + ` for a calendar date.`}, Check: checkTimestampWithoutTimeZone}

	RuleNoPrimaryKey = &Rule{Rule: design.Rule{Name: "no-primary-key", Severity: design.Info, Doc: `An entity that relies on the implicit id.

Without a ` + "`pk`" + ` field an entity gets ` + "`id bigint generated always as identity`" + `. That is
often right; say so explicitly when the key matters (uuid keys for ids that
leave the system, natural keys for reference data).

Bad:
    countries: { fields: { name: text } }
Good:
    countries: { fields: { code: char(2) pk, name: text } }

Fix: declare a ` + "`pk`" + ` field, or accept the implicit id.`}, Check: checkNoPrimaryKey}
)

// More rules about how data is typed.
var (
	RuleSerialColumn = &Rule{Rule: design.Rule{Name: "serial-column", Severity: design.Info, Doc: `A ` + "`serial`" + ` or ` + "`bigserial`" + ` column instead of an identity column.

` + "`serial`" + ` is an old shorthand for a sequence and a default: the sequence is a
separate object with its own permissions, a plain INSERT may still write any
value, and copying the table's definition loses the link. Identity columns
(SQL standard, PostgreSQL 10+) do the same job without these surprises.

A design with more than five serial columns made one schema-wide
choice; it is reported once, listing the columns.

Bad:
    id: bigserial pk
Good:
    id: bigint pk identity

Fix: use ` + "`bigint identity`" + ` (or leave out the key: the implicit ` + "`id`" + ` is an identity column).`}, Check: checkSerialColumn}

	RuleEmailCaseSensitive = &Rule{Rule: design.Rule{Name: "email-case-sensitive", Severity: design.Info, Doc: `A unique email address compared case-sensitively.

` + "`Bob@example.com`" + ` and ` + "`bob@example.com`" + ` reach the same mailbox, but a unique
` + "`text`" + ` column treats them as two values: one person ends up with two
accounts, and a login typed with other capitals finds nobody.

Bad:
    email: text unique
Good:
    email: citext unique

Fix: type the column ` + "`citext`" + ` (the citext extension), or add a unique index on
` + "`(lower(email))`" + ` and compare lower-cased addresses.`}, Check: checkEmailCaseSensitive}

	RuleUnusedEnum = &Rule{Rule: design.Rule{Name: "unused-enum", Severity: design.Info, Doc: `A declared enum that no field uses.

An enum type is a promise that some column holds one of its values; one that
nothing uses is either a field that was forgotten or a leftover.

Bad:
    enums:
      user_role: [creator, customer]
    entities:
      users: { fields: { id: uuid pk, role: text } }
Good:
    entities:
      users: { fields: { id: uuid pk, role: user_role default 'customer' } }

An enum that a SQL block names (a function's argument, a view's cast) is used.

Fix: use the enum as a field's type, or remove it.`}, Check: checkUnusedEnum}
)

var dataRules = []*Rule{RuleMoneyAsFloat, RuleTimestampWithoutTimeZone, RuleNoPrimaryKey, RuleSerialColumn, RuleEmailCaseSensitive, RuleUnusedEnum}

// serialHandful is the number of serial columns up to which each is reported
// on its own line; above it the design made a schema-wide choice, reported once.
const serialHandful = 5

func checkSerialColumn(p *Pass) {
	var cols []*schema.Column
	var names []string
	var first *schema.Table
	for _, t := range p.Schema.Tables {
		for _, c := range t.Columns {
			if c.Origin == schema.DeclaredColumn && c.TypeInfo.IsSerial() {
				if first == nil {
					first = t
				}
				cols = append(cols, c)
				names = append(names, t.Entity+"."+c.Name)
			}
		}
	}
	if len(cols) > serialHandful {
		p.Report(cols[0].Pos, "use identity columns (`integer identity`, `bigint identity`) throughout",
			"%d columns are serial or bigserial, a schema-wide choice; an identity column does the same without a separate sequence to manage: %s",
			len(cols), strings.Join(names, ", "))
		return
	}
	for i, c := range cols {
		want := "bigint"
		switch c.TypeInfo.Base {
		case "serial":
			want = "integer"
		case "smallserial":
			want = "smallint"
		}
		p.Report(c.Pos, fmt.Sprintf("use `%s identity`", want),
			"%s is %s; an identity column does the same without a separate sequence to manage", names[i], c.Type)
	}
}

func checkEmailCaseSensitive(p *Pass) {
	for _, t := range p.Schema.Tables {
		for _, c := range t.Columns {
			n := strings.ToLower(c.Name)
			if c.Origin != schema.DeclaredColumn || c.TypeInfo.Array > 0 || (n != "email" && !strings.HasSuffix(n, "_email") && n != "email_address") {
				continue
			}
			if c.TypeInfo.Base != "text" && c.TypeInfo.Base != "varchar" && c.TypeInfo.Base != "char" {
				continue
			}
			if !c.Unique && !uniqueLeading(t, c.Name) {
				continue
			}
			p.Report(c.Pos, "type it `citext`, or index `(lower("+c.Name+"))` as unique",
				"%s.%s is unique but case-sensitive: Bob@example.com and bob@example.com would be two accounts", t.Entity, c.Name)
		}
	}
}

func checkUnusedEnum(p *Pass) {
	used := map[*schema.Enum]bool{}
	for _, t := range p.Schema.Tables {
		for _, c := range t.Columns {
			if c.Enum != nil {
				used[c.Enum] = true
			}
		}
	}
	for _, e := range p.Schema.Enums {
		if e.Kind == schema.DeclaredEnum && !used[e] && !namedInBlock(p.Schema, e.Name) {
			p.Report(e.Pos, "use it as a field's type, or remove it", "enum %s is declared but no field uses it", e.Name)
		}
	}
}

// namedInBlock reports whether a SQL block of the design names an
// identifier (as a whole word, in any case): its functions and views use it.
func namedInBlock(s *schema.Schema, name string) bool {
	name = strings.ToLower(name)
	for _, b := range s.Blocks {
		body := strings.ToLower(b.Body)
		for i := strings.Index(body, name); i >= 0; {
			end := i + len(name)
			if (i == 0 || !isIdentByte(body[i-1])) && (end == len(body) || !isIdentByte(body[end])) {
				return true
			}
			next := strings.Index(body[i+1:], name)
			if next < 0 {
				break
			}
			i += 1 + next
		}
	}
	return false
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80
}

var moneyWords = []string{"price", "amount", "balance", "cost", "total", "fee", "salary", "payment", "tax", "discount", "subtotal", "refund", "revenue", "wage"}

func looksLikeMoney(name string) bool {
	n := strings.ToLower(name)
	if strings.HasSuffix(n, "_cents") || n == "cents" {
		return true
	}
	for _, w := range strings.Split(n, "_") {
		for _, m := range moneyWords {
			if w == m || w == m+"s" {
				return true
			}
		}
	}
	return false
}

func checkMoneyAsFloat(p *Pass) {
	for _, t := range p.Schema.Tables {
		for _, c := range t.Columns {
			if c.Origin != schema.DeclaredColumn {
				continue
			}
			if (c.TypeInfo.Base == "real" || c.TypeInfo.Base == "double precision") && looksLikeMoney(c.Name) {
				p.Report(c.Pos, "use `numeric(12,2)` or an integer count of cents",
					"%s.%s holds money in a floating-point type (%s): sums will drift", t.Entity, c.Name, c.Type)
			}
		}
	}
}

// isCalendarName reports whether a lower-case column name says it holds a
// calendar date rather than an instant: birth_date, hire_date, due_on, duedate.
func isCalendarName(n string) bool {
	return n == "date" || strings.HasSuffix(n, "_date") || strings.HasSuffix(n, "_on") ||
		strings.HasPrefix(n, "birth") || strings.HasPrefix(n, "due")
}

func checkTimestampWithoutTimeZone(p *Pass) {
	// A column of one name and type repeated across tables is one decision:
	// group them, in design order, and report each group once at its first column.
	type group struct {
		col    *schema.Column
		tables []string
	}
	var groups []*group
	byKey := map[string]*group{}
	for _, t := range p.Schema.Tables {
		for _, c := range t.Columns {
			if c.Origin != schema.DeclaredColumn || c.TypeInfo.Base != "timestamp" {
				continue
			}
			key := strings.ToLower(c.Name) + " " + c.Type
			g := byKey[key]
			if g == nil {
				g = &group{col: c}
				byKey[key] = g
				groups = append(groups, g)
			}
			g.tables = append(g.tables, t.Entity)
		}
	}
	for _, g := range groups {
		c := g.col
		tz := strings.Replace(c.Type, "timestamp", "timestamptz", 1)
		hint := fmt.Sprintf("use `%s`", tz)
		if isCalendarName(strings.ToLower(c.Name)) {
			hint = fmt.Sprintf("use `date` for a calendar date, else `%s`", tz)
		}
		if len(g.tables) == 1 {
			p.Report(c.Pos, hint, "%s.%s is a timestamp without time zone", g.tables[0], c.Name)
			continue
		}
		p.Report(c.Pos, hint, "column %s is a timestamp without time zone in %d tables: %s",
			c.Name, len(g.tables), strings.Join(g.tables, ", "))
	}
}

func checkNoPrimaryKey(p *Pass) {
	for _, t := range p.Schema.Tables {
		if t.Kind == schema.EntityTable && len(t.PrimaryKey) == 1 {
			if c := t.Column(t.PrimaryKey[0]); c != nil && c.Origin == schema.ImplicitID {
				p.Report(t.Pos, "declare a `pk` field, or accept the implicit id",
					"entity %s declares no primary key and gets an implicit `id bigint`", t.Entity)
			}
		}
	}
}
