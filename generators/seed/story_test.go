package seed

import (
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
)

// storyTimes are a table's timestamp columns that the story orders, by rank.
func storyTimes(tb *schema.Table) []*schema.Column {
	var out []*schema.Column
	for _, c := range tb.Columns {
		if b := c.TypeInfo.Base; (b != "timestamptz" && b != "timestamp") || c.TypeInfo.Array > 0 || c.Check != "" || c.Unique || c.Generated != "" {
			continue
		}
		if timeRank(c.Name) >= 0 {
			out = append(out, c)
		}
	}
	return out
}

// verifyStory checks that a seeded database tells a plausible story: in
// every row, a time named for an earlier moment (created, sent) is not
// after one named for a later moment (read, deleted); an optional key into
// its own table points at another, earlier row; and a row's events start
// at its creation and its updated_at is not before its last event.
func verifyStory(t testing.TB, conn *pgx.Conn, s *schema.Schema) {
	t.Helper()
	c := ctx(t)
	count := func(query string) int {
		t.Helper()
		var n int
		if err := conn.QueryRow(c, query).Scan(&n); err != nil {
			t.Fatalf("%s: %s", query, describe(err))
		}
		return n
	}
	checked := 0
	for _, tb := range s.Tables {
		times := storyTimes(tb)
		for _, a := range times {
			for _, b := range times {
				if timeRank(a.Name) >= timeRank(b.Name) {
					continue
				}
				checked++
				if n := count(fmt.Sprintf("SELECT count(*) FROM %s WHERE %s > %s", qualified(tb), quote(a.Name), quote(b.Name))); n > 0 {
					t.Errorf("%s: %d rows have %s after %s", tb.QualifiedName(), n, a.Name, b.Name)
				}
			}
		}
		var created *schema.Column
		if len(times) > 0 && timeRank(times[0].Name) <= 1 && !times[0].Nullable {
			created = times[0]
		}
		for _, fk := range tb.ForeignKeys {
			if fk.RefTable != tb || !fk.Optional {
				continue
			}
			checked++
			var same, join []string
			for i, col := range fk.Columns {
				same = append(same, fmt.Sprintf("%s = %s", quote(col), quote(fk.RefColumns[i])))
				join = append(join, fmt.Sprintf("r.%s = p.%s", quote(col), quote(fk.RefColumns[i])))
			}
			if n := count(fmt.Sprintf("SELECT count(*) FROM %s WHERE %s", qualified(tb), strings.Join(same, " AND "))); n > 0 {
				t.Errorf("%s: %d rows point at themselves through %s", tb.QualifiedName(), n, strings.Join(fk.Columns, ","))
			}
			if created != nil {
				if n := count(fmt.Sprintf("SELECT count(*) FROM %s AS r JOIN %s AS p ON %s WHERE p.%s > r.%s",
					qualified(tb), qualified(tb), strings.Join(join, " AND "), quote(created.Name), quote(created.Name))); n > 0 {
					t.Errorf("%s: %d rows point through %s at a later row", tb.QualifiedName(), n, strings.Join(fk.Columns, ","))
				}
			}
		}
		if tb.Events == nil || len(tb.PrimaryKey) == 0 || len(tb.Events.ForeignKeys) == 0 {
			continue
		}
		var on []string
		for i, col := range tb.Events.ForeignKeys[0].Columns {
			on = append(on, fmt.Sprintf("e.%s = r.%s", quote(col), quote(tb.PrimaryKey[i])))
		}
		span := fmt.Sprintf("(SELECT min(e.occurred_at) AS first, max(e.occurred_at) AS last FROM %s AS e WHERE %s)", qualified(tb.Events), strings.Join(on, " AND "))
		if created != nil {
			checked++
			if n := count(fmt.Sprintf("SELECT count(*) FROM %s AS r, LATERAL %s AS s WHERE s.first IS DISTINCT FROM r.%s", qualified(tb), span, quote(created.Name))); n > 0 {
				t.Errorf("%s: %d rows' first event is not at their %s", tb.QualifiedName(), n, created.Name)
			}
		}
		if u := walkedTimeColumn(tb); u != nil && len(tb.Machines) > 0 {
			checked++
			if n := count(fmt.Sprintf("SELECT count(*) FROM %s AS r, LATERAL %s AS s WHERE r.%s < s.last", qualified(tb), span, quote(u.Name))); n > 0 {
				t.Errorf("%s: %d rows have %s before their last event", tb.QualifiedName(), n, u.Name)
			}
		}
	}
	t.Logf("%d story checks", checked)
}

func TestTimeRank(t *testing.T) {
	for name, want := range map[string]int{
		"created_at": 0, "sent_at": 1, "delivered_at": 2, "read_at": 3, "last_read_at": 3, "edited_at": 3,
		"updated_at": 3, "deleted_at": 4, "expires_at": -1, "thread_at": -1, "muted_until": -1,
	} {
		if got := timeRank(name); got != want {
			t.Errorf("timeRank(%q) = %d, want %d", name, got, want)
		}
	}
}

func TestPlausibleText(t *testing.T) {
	for name, ok := range map[string]func(string) bool{
		"content_type": func(v string) bool { return strings.Count(v, "/") == 1 && !strings.Contains(v, " ") },
		"locale":       func(v string) bool { return len(v) == 5 && v[2] == '-' },
		"currency":     func(v string) bool { return len(v) == 3 && strings.ToUpper(v) == v },
		"country_code": func(v string) bool { return len(v) == 2 && strings.ToUpper(v) == v },
		"timezone":     func(v string) bool { return strings.Contains(v, "/") || v == "UTC" },
		"ip":           func(v string) bool { return strings.Count(v, ".") == 3 },
		"slug":         func(v string) bool { return !strings.Contains(v, " ") && strings.ToLower(v) == v },
		"sha":          func(v string) bool { return len(v) == 64 },
		"app_version":  func(v string) bool { return strings.Count(v, ".") == 2 },
		"phone":        func(v string) bool { return strings.HasPrefix(v, "+") && !strings.Contains(v, " ") },
		"event_type":   func(v string) bool { return !strings.Contains(v, " ") && strings.ToLower(v) == v },
	} {
		s, diags := check.Source("t.yaml", []byte(fmt.Sprintf(`schemagen: 1
name: texts
entities:
  items:
    fields:
      id: bigint pk
      %s: text
`, name)), nil)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		var out strings.Builder
		if _, err := WriteScript(s, Options{Rows: 20, Seed: 3, Format: Copy}, &out); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(out.String(), "\n") {
			cols := strings.Split(line, "\t")
			if len(cols) != 2 || cols[1] == `\N` {
				continue
			}
			if !ok(cols[1]) {
				t.Errorf("%s = %q does not read like one", name, cols[1])
			}
		}
	}
}
