package seed

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// Walks: how often a row stops in a state that is not terminal, and the
// longest walk (loops through failure states end there at the latest).
const (
	stopChance = 0.2
	maxMoves   = 16
)

// move is one step of a row through its machine.
type move struct {
	to        string
	at        time.Time
	attempts  int    // the row's attempts after the move
	lastError string // null when none
	nextAt    string // next_attempt_at, null unless the row waits for a retry
}

// event is one row of an event table.
type event struct {
	row     int
	at      time.Time
	seq     int // order of the event within its row
	typ     string
	payload string
}

// Payload is what an event written by seed records: the move it stands
// for. A creation event has no From.
type Payload struct {
	Machine string `json:"machine,omitempty"`
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`
	Attempt int    `json:"attempt,omitempty"`
	Created bool   `json:"created,omitempty"`
}

func (p Payload) json() string {
	b, _ := json.Marshal(p)
	return string(b)
}

// live walks the state machines of a table's rows and writes the moves as
// UPDATEs and the events they record.
func (g *generator) live(tp *table) error {
	t := tp.t
	if tp.n == 0 || (len(t.Machines) == 0 && t.Events == nil) {
		return nil
	}
	if len(t.PrimaryKey) == 0 {
		g.note(t.Pos, t, "", "has no primary key: its rows stay in their initial states and record no events")
		return nil
	}
	keys := make([][]string, len(t.PrimaryKey))
	for i, k := range t.PrimaryKey {
		vals, err := g.keptValues(tp, k)
		if err != nil {
			return err
		}
		keys[i] = vals
	}
	lived := g.walksOf(tp)
	for i, m := range t.Machines {
		if err := g.writeMoves(tp, m, keys, lived.walks[i]); err != nil {
			return err
		}
	}
	events := slices.Clone(lived.events)
	if t.Events == nil || len(t.Events.EventEnum.Values) == 0 {
		return nil
	}
	return g.writeEvents(tp, keys, events)
}

// lived is how a table's rows live: the walks of each machine, the events
// they record, and each row's last move (zero when it never moved).
type lived struct {
	walks    [][][]move // per machine, per row
	events   []event
	lastMove []time.Time
}

// walksOf walks every row of a table through its machines, once: the rows'
// times are arranged around the walks before the walks are written.
func (g *generator) walksOf(tp *table) *lived {
	if tp.lived != nil {
		return tp.lived
	}
	t := tp.t
	l := &lived{lastMove: make([]time.Time, tp.n)}
	attempts := make([]int, tp.n)
	lastError := make([]string, tp.n)
	// A row's second machine moves after its first one has: one story per row.
	busyUntil := make([]time.Time, tp.n)
	for i := range lastError {
		lastError[i] = null
		busyUntil[i] = rowTime(i, tp.n)
	}
	for _, m := range t.Machines {
		r := g.stream(t, "walk:"+m.Name)
		retry := g.retryStates(t, m)
		walks := make([][]move, tp.n)
		for row := range walks {
			start := rowTime(row, tp.n)
			l.events = append(l.events, event{row: row, at: start, seq: len(l.events), typ: g.eventType(t, m, m.Initial, true),
				payload: Payload{Machine: m.Name, To: m.Initial}.json()})
			walks[row] = walk(r, m, retry, busyUntil[row], &attempts[row], &lastError[row])
			if w := walks[row]; len(w) > 0 {
				busyUntil[row] = w[len(w)-1].at
				l.lastMove[row] = busyUntil[row]
			}
			from := m.Initial
			for _, mv := range walks[row] {
				p := Payload{Machine: m.Name, From: from, To: mv.to}
				if _, ok := retry[mv.to]; ok {
					p.Attempt = mv.attempts
				}
				l.events = append(l.events, event{row: row, at: mv.at, seq: len(l.events), typ: g.eventType(t, m, mv.to, false), payload: p.json()})
				from = mv.to
			}
		}
		l.walks = append(l.walks, walks)
	}
	if len(t.Machines) == 0 {
		for row := 0; row < tp.n; row++ {
			l.events = append(l.events, event{row: row, at: rowTime(row, tp.n), seq: row, typ: g.eventType(t, nil, "", true),
				payload: Payload{Created: true}.json()})
		}
	}
	tp.lived = l
	return l
}

// walkedTimeColumn is the column that the walks set to each move's time
// (updated_at, modified_at or changed_at), or nil.
func walkedTimeColumn(t *schema.Table) *schema.Column {
	for _, name := range []string{"updated_at", "modified_at", "changed_at"} {
		if c := t.Column(name); c != nil && timeTyped(c) && c.Generated == "" {
			return c
		}
	}
	return nil
}

// retryStates maps each state that a failure with retry lands in to its
// number of attempts.
func (g *generator) retryStates(t *schema.Table, m *schema.Machine) map[string]failureState {
	out := map[string]failureState{}
	for _, f := range g.s.Failures {
		if f.Entity.Name != t.Entity || f.State.Name == "" || !slices.Contains(m.States, f.State.Name) {
			continue
		}
		if _, seen := out[f.State.Name]; seen {
			continue
		}
		fs := failureState{name: f.Name, why: f.When}
		if f.Retry != nil {
			fs.retry, fs.max = true, f.Retry.MaxAttempts
			if fs.max <= 0 {
				fs.max = 3
			}
		}
		if fs.why == "" {
			fs.why = f.Name
		}
		out[f.State.Name] = fs
	}
	return out
}

// failureState is a state that a failure mode lands in.
type failureState struct {
	name, why string
	retry     bool
	max       int // attempts, for a failure with retry
}

// walk moves one row from the initial state along random legal
// transitions: it ends in a terminal state, stops in the middle by chance,
// or stops when the only ways on are failures out of attempts.
func walk(r *rand.Rand, m *schema.Machine, failures map[string]failureState, at time.Time, attempts *int, lastError *string) []move {
	var out []move
	state := m.Initial
	for len(out) < maxMoves && !m.IsTerminal(state) {
		var next []string
		for _, s := range m.Next(state) {
			if f, ok := failures[s]; ok && f.retry && *attempts >= f.max {
				continue
			}
			next = append(next, s)
		}
		if len(next) == 0 || r.Float64() < stopChance {
			break
		}
		state = next[r.IntN(len(next))]
		at = at.Add(time.Duration(1+r.IntN(72*60)) * time.Minute)
		mv := move{to: state, at: at, nextAt: null}
		if f, ok := failures[state]; ok {
			*lastError = f.why
			if f.retry {
				*attempts++
				mv.nextAt = timestamptz(at.Add(time.Duration(5<<min(*attempts, 10)) * time.Minute))
			}
		}
		mv.attempts, mv.lastError = *attempts, *lastError
		out = append(out, mv)
	}
	return out
}

func timestamptz(t time.Time) string { return t.Format("2006-01-02 15:04:05.999999Z07:00") }

// eventType is the event type that a move into state records: the event of
// the failure that lands there, the type named like the state, the event of
// the flow step that creates the entity, or the type most like the state.
// The payload says which move it was whatever the type.
func (g *generator) eventType(t *schema.Table, m *schema.Machine, state string, creation bool) string {
	if t.Events == nil {
		return ""
	}
	types := t.Events.EventEnum.Values
	if len(types) == 0 {
		return ""
	}
	own := func(name string) string {
		name = strings.TrimPrefix(name, t.Entity+".")
		if slices.Contains(types, name) {
			return name
		}
		return ""
	}
	if m != nil {
		for _, f := range g.s.Failures {
			if f.Entity.Name == t.Entity && f.State.Name == state && f.Event.Name != "" {
				if e := own(f.Event.Name); e != "" {
					return e
				}
			}
		}
	}
	if slices.Contains(types, state) {
		return state
	}
	if creation {
		for _, step := range g.s.Flow {
			for _, c := range step.Creates {
				// The step's event, unless it names a later state of the machine.
				if e := own(step.Event.Name); c.Name == t.Entity && e != "" && (m == nil || e == m.Initial || !slices.Contains(m.States, e)) {
					return e
				}
			}
		}
	}
	best, bestLen := types[0], 0
	for _, e := range types {
		n := commonPrefix(e, state)
		if n > bestLen && n >= 4 {
			best, bestLen = e, n
		}
	}
	return best
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// writeMoves writes the walks as UPDATEs: first every row's first move,
// then every second move, and so on, so each statement moves a row once.
func (g *generator) writeMoves(tp *table, m *schema.Machine, keys [][]string, walks [][]move) error {
	t := tp.t
	stateCol := t.Column(m.Column)
	retry := t.Retry && t.Column("attempts") != nil && t.Column("last_error") != nil && t.Column("next_attempt_at") != nil
	updated := walkedTimeColumn(t)
	var names, sets, where []string
	for i, k := range t.PrimaryKey {
		names = append(names, "k"+strconv.Itoa(i))
		where = append(where, fmt.Sprintf("seed_target.%s = v.k%d::%s", sqlname.QuoteIdent(k), i, sqlType(t.Column(k))))
	}
	names = append(names, "state")
	sets = append(sets, fmt.Sprintf("%s = v.state::%s", sqlname.QuoteIdent(m.Column), sqlType(stateCol)))
	if retry {
		names = append(names, "attempts", "last_error", "next_attempt_at")
		sets = append(sets, `attempts = v.attempts::integer`, `last_error = v.last_error::text`, `next_attempt_at = v.next_attempt_at::timestamptz`)
	}
	if updated != nil {
		names = append(names, "changed_at")
		sets = append(sets, fmt.Sprintf("%s = v.changed_at::%s", sqlname.QuoteIdent(updated.Name), sqlType(updated)))
	}
	head := fmt.Sprintf("UPDATE %s AS seed_target SET %s\nFROM (VALUES\n", qualified(t), strings.Join(sets, ", "))
	tail := fmt.Sprintf(") AS v(%s)\nWHERE %s;", strings.Join(names, ", "), strings.Join(where, " AND "))
	var b strings.Builder
	rows := 0
	flush := func() error {
		if rows == 0 {
			return nil
		}
		err := g.sink.Exec(head + b.String() + "\n" + tail)
		b.Reset()
		rows = 0
		return err
	}
	longest := 0
	for _, w := range walks {
		longest = max(longest, len(w))
	}
	for step := 0; step < longest; step++ {
		for row, w := range walks {
			if step >= len(w) {
				continue
			}
			mv := w[step]
			vals := make([]string, 0, len(names))
			for _, k := range keys {
				vals = append(vals, literal(k[row]))
			}
			vals = append(vals, literal(mv.to))
			if retry {
				vals = append(vals, strconv.Itoa(mv.attempts), literal(mv.lastError), literal(mv.nextAt))
			}
			if updated != nil {
				vals = append(vals, literal(timestamptz(mv.at)))
			}
			if rows > 0 {
				b.WriteString(",\n")
			}
			b.WriteString("  (" + strings.Join(vals, ", ") + ")")
			rows++
			if rows >= 1000 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
	}
	return nil
}

// writeEvents writes a table's events in time order, so that their ids
// (which the table's sequence hands out) follow time too.
func (g *generator) writeEvents(tp *table, keys [][]string, events []event) error {
	et := tp.t.Events
	slices.SortFunc(events, func(a, b event) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		if a.row != b.row {
			return a.row - b.row
		}
		return a.seq - b.seq
	})
	var cols []string
	if len(et.ForeignKeys) > 0 {
		cols = append(cols, et.ForeignKeys[0].Columns...)
	}
	if len(cols) != len(keys) {
		return &Error{Pos: et.Pos, Message: fmt.Sprintf("event table %s does not reference the key of %s", et.QualifiedName(), tp.t.QualifiedName())}
	}
	cols = append(cols, "type", "occurred_at", "payload")
	w := g.newRowWriter(et, cols, false)
	vals := make([]string, len(cols))
	for _, e := range events {
		for i, k := range keys {
			vals[i] = k[e.row]
		}
		vals[len(keys)], vals[len(keys)+1], vals[len(keys)+2] = e.typ, timestamptz(e.at), e.payload
		if err := w.add(vals); err != nil {
			return err
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	g.rep.Tables = append(g.rep.Tables, TableRows{Table: et.QualifiedName(), Rows: len(events)})
	return nil
}
