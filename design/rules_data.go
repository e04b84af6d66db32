package design

import (
	"fmt"
	"strings"
)

// Rules about how data is typed.
var (
	RuleMoneyAsFloat = &Rule{Name: "money-as-float", Severity: Warning, Doc: `A money-like field typed as a floating-point number.

` + "`real`" + ` and ` + "`double precision`" + ` cannot hold 0.10 exactly; sums drift by
fractions of a cent and totals stop matching the payment provider's.

Bad:
    price: double precision
Good:
    price: numeric(12,2)
    amount_cents: bigint

Fix: use ` + "`numeric(p,s)`" + `, or an integer count of the smallest unit (` + "`*_cents bigint`" + `).`, Check: checkMoneyAsFloat}

	RuleTimestampWithoutTimeZone = &Rule{Name: "timestamp-without-time-zone", Severity: Warning, Doc: `` + "`timestamp`" + ` instead of ` + "`timestamptz`" + `.

` + "`timestamp`" + ` stores a wall-clock reading with no zone: the same instant written
from two servers in different zones becomes two values, and daylight-saving
changes make an hour ambiguous. ` + "`timestamptz`" + ` stores the instant.

Bad:
    created_at: timestamp default now()
Good:
    created_at: timestamptz default now()

Fix: use ` + "`timestamptz`" + `.`, Check: checkTimestampWithoutTimeZone}

	RuleNoPrimaryKey = &Rule{Name: "no-primary-key", Severity: Info, Doc: `An entity that relies on the implicit id.

Without a ` + "`pk`" + ` field an entity gets ` + "`id bigint generated always as identity`" + `. That is
often right; say so explicitly when the key matters (uuid keys for ids that
leave the system, natural keys for reference data).

Bad:
    countries: { fields: { name: text } }
Good:
    countries: { fields: { code: char(2) pk, name: text } }

Fix: declare a ` + "`pk`" + ` field, or accept the implicit id.`, Check: checkNoPrimaryKey}
)

var dataRules = []*Rule{RuleMoneyAsFloat, RuleTimestampWithoutTimeZone, RuleNoPrimaryKey}

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
			if c.Origin != DeclaredColumn {
				continue
			}
			if (c.TypeInfo.Base == "real" || c.TypeInfo.Base == "double precision") && looksLikeMoney(c.Name) {
				p.Report(c.Pos, "use `numeric(12,2)` or an integer count of cents",
					"%s.%s holds money in a floating-point type (%s): sums will drift", t.Entity, c.Name, c.Type)
			}
		}
	}
}

func checkTimestampWithoutTimeZone(p *Pass) {
	for _, t := range p.Schema.Tables {
		for _, c := range t.Columns {
			if c.Origin == DeclaredColumn && c.TypeInfo.Base == "timestamp" {
				p.Report(c.Pos, fmt.Sprintf("use `%s`", strings.Replace(c.Type, "timestamp", "timestamptz", 1)),
					"%s.%s is a timestamp without time zone", t.Entity, c.Name)
			}
		}
	}
}

func checkNoPrimaryKey(p *Pass) {
	for _, t := range p.Schema.Tables {
		if t.Kind == EntityTable && len(t.PrimaryKey) == 1 {
			if c := t.Column(t.PrimaryKey[0]); c != nil && c.Origin == ImplicitID {
				p.Report(t.Pos, "declare a `pk` field, or accept the implicit id",
					"entity %s declares no primary key and gets an implicit `id bigint`", t.Entity)
			}
		}
	}
}
