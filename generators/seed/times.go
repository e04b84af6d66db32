package seed

import (
	"slices"
	"strings"
	"time"

	"github.com/schemagen/schemagen/design/schema"
)

// timeRanks orders the moments a row's time columns record by what their
// names say: a row is created, then sent or started, then delivered or
// accepted, then read, completed or edited, and at last deleted, cancelled
// or expired. A column whose name has none of the words is unconstrained.
var timeRanks = [][]string{
	{"created", "inserted", "registered", "joined", "requested", "placed", "opened", "signed_up", "signup", "enrolled", "ordered"},
	{"sent", "received", "started", "submitted", "issued", "published", "posted", "scheduled", "queued", "invited"},
	{"delivered", "accepted", "confirmed", "approved", "assigned", "paid", "shipped", "verified", "picked_up", "arrived", "activated"},
	{"read", "seen", "completed", "finished", "ended", "resolved", "updated", "modified", "changed", "edited", "processed", "last", "refunded", "dropped_off", "fulfilled"},
	{"deleted", "cancelled", "canceled", "expired", "archived", "revoked", "closed", "removed", "terminated", "deactivated", "banned"},
}

// timeRank is the place of a time column in a row's story, or -1 when its
// name does not say. Words are matched against the name's parts
// (`read_at`, `last_read_at`), so `thread_at` is not read.
func timeRank(name string) int {
	name = strings.ToLower(name)
	for rank := len(timeRanks) - 1; rank >= 0; rank-- {
		for _, w := range timeRanks[rank] {
			if hasWord(name, w) {
				return rank
			}
		}
	}
	return -1
}

// hasWord reports whether w is one or more whole parts of the snake_case name.
func hasWord(name, w string) bool {
	for i := 0; i+len(w) <= len(name); i++ {
		if name[i:i+len(w)] == w && (i == 0 || name[i-1] == '_') && (i+len(w) == len(name) || name[i+len(w)] == '_') {
			return true
		}
	}
	return false
}

// storyColumn is a written time column whose name places it in the story.
type storyColumn struct {
	index int // in the table's written columns
	rank  int
	c     *schema.Column
}

// storyColumns are the columns of a table whose times orderTimes arranges:
// timestamps with a rank, written by seed, with no check of their own and
// no foreign key or unique constraint that another column depends on.
func storyColumns(tp *table) []storyColumn {
	var out []storyColumn
	for i, c := range tp.written {
		gen := tp.gens[c.Name]
		if gen == nil || gen.unique || tp.keep[c.Name] || c.Check != "" || c.TypeInfo.Array > 0 {
			continue
		}
		if b := c.TypeInfo.Base; b != "timestamptz" && b != "timestamp" {
			continue
		}
		if r := timeRank(c.Name); r >= 0 {
			out = append(out, storyColumn{index: i, rank: r, c: c})
		}
	}
	slices.SortStableFunc(out, func(a, b storyColumn) int { return a.rank - b.rank })
	return out
}

// orderTimes arranges the story columns of one row so that a column of a
// lower rank never holds a later time than one of a higher rank: the row's
// times are handed out again in rank order, the first one (when it names a
// creation, sending or start) becomes the row's creation time, where its
// events start, and when the walks set
// updatedCol (non-negative) at the row's last move, that time stays fixed
// and the others are kept on their side of it.
func orderTimes(cols []storyColumn, vals []string, created time.Time, lastMove time.Time, updatedCol int) {
	var times []time.Time
	var present []storyColumn
	for _, sc := range cols {
		if vals[sc.index] == null {
			continue
		}
		at, ok := parseTime(vals[sc.index])
		if !ok {
			continue
		}
		times = append(times, at)
		present = append(present, sc)
	}
	if len(present) == 0 {
		return
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	if present[0].rank <= 1 {
		times[0] = created // a creation, sending or start is when the row began
	}
	fixedRank := -1
	for _, sc := range present {
		if sc.index == updatedCol && !lastMove.IsZero() {
			fixedRank = sc.rank
		}
	}
	for i, sc := range present {
		at := times[i]
		switch {
		case fixedRank < 0:
		case sc.index == updatedCol:
			at = lastMove
		case sc.rank < fixedRank && at.After(lastMove):
			at = lastMove
		case sc.rank > fixedRank && at.Before(lastMove):
			at = lastMove
		}
		vals[sc.index] = formatTime(sc.c, at)
	}
}

// parseTime reads a time that timeValue wrote.
func parseTime(v string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02 15:04:05.999999Z07:00", "2006-01-02 15:04:05.999999"} {
		if at, err := time.Parse(layout, v); err == nil {
			return at, true
		}
	}
	return time.Time{}, false
}

// formatTime writes a time as a literal of the column's type.
func formatTime(c *schema.Column, at time.Time) string {
	if c.TypeInfo.Base == "timestamp" {
		return at.Format("2006-01-02 15:04:05.999999")
	}
	return timestamptz(at)
}
