package docsite

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
)

// newPage starts a page with the generated-file header and its title.
func newPage(path, title string) *md {
	m := &md{path: path}
	m.b.WriteString(Header)
	m.line("# %s", title)
	m.blank()
	return m
}

// home is the "back to the start" line under every page's title.
func (st *site) home(m *md) {
	m.line("%s · design %s", m.link("Home", ReadmeFile), code(st.s.Name))
	m.blank()
}

func (st *site) readme() *page {
	s := st.s
	m := newPage(ReadmeFile, escapeText(s.Name))
	m.paragraph(s.Description)
	var counts []string
	for _, c := range []struct {
		n          int
		one, other string
	}{{len(s.Tables), "table", "tables"}, {len(s.Machines), "state machine", "state machines"},
		{len(s.Failures), "failure mode", "failure modes"}, {len(s.Flow), "flow step", "flow steps"}} {
		switch c.n {
		case 0:
		case 1:
			counts = append(counts, "1 "+c.one)
		default:
			counts = append(counts, fmt.Sprintf("%d %s", c.n, c.other))
		}
	}
	if len(counts) > 0 {
		m.line("%s.", strings.Join(counts, ", "))
		m.blank()
	}

	if len(s.Flow) > 0 {
		m.line("## Flow")
		m.blank()
		for i, step := range s.Flow {
			m.line("%d. %s", i+1, st.stepStory(m, step))
		}
		m.blank()
		m.image("The flow, step by step", st.flowPicture, st.mermaidOf("flow", ""))
	}

	if len(st.overview) > 0 {
		m.line("## Diagrams")
		m.blank()
		for _, p := range st.overview {
			m.line("### %s", escapeText(p.title))
			m.blank()
			m.image(p.title, p.file, p.mermaid)
		}
	}

	st.tableIndex(m)

	if len(s.Machines) > 0 {
		m.line("## State machines")
		m.blank()
		var rows [][]string
		for _, mc := range s.Machines {
			rows = append(rows, []string{
				m.link(code(mc.Name), st.machineFile[mc]),
				m.link(code(mc.Table.Entity), st.tableFile[mc.Table]) + "." + code(mc.Column),
				strconv.Itoa(len(mc.States)),
				code(mc.Initial),
				codes(mc.Terminal),
			})
		}
		m.table([]string{"Machine", "Column", "States", "Initial", "Terminal"}, rows)
	}

	var evRows [][]string
	for _, t := range s.Tables {
		if t.Kind != schema.EventTable || t.EventsOf == nil || t.EventEnum == nil {
			continue
		}
		evRows = append(evRows, []string{
			m.link(code(t.EventsOf.Entity), st.tableFile[t.EventsOf]),
			m.link(code(t.Entity), st.tableFile[t]),
			codes(t.EventEnum.Values),
		})
	}
	if len(evRows) > 0 {
		m.line("## Events")
		m.blank()
		m.table([]string{"Entity", "Recorded in", "Types"}, evRows)
	}

	if len(s.Failures) > 0 {
		m.line("## Failure modes")
		m.blank()
		var rows [][]string
		for _, f := range s.Failures {
			rows = append(rows, st.failureRow(m, f))
		}
		m.table([]string{"Failure", "Entity", "When", "Handled by"}, rows)
	}
	return &page{path: ReadmeFile, title: s.Name, kind: "home", search: s.Description, md: m.b.String()}
}

// tableIndex lists every table: entities by group (a section per group,
// as an imported database's schemas become groups), then junction and event
// tables.
func (st *site) tableIndex(m *md) {
	s := st.s
	var groups []string
	byGroup := map[string][]*schema.Table{}
	var junctions, events []*schema.Table
	for _, t := range s.Tables {
		switch t.Kind {
		case schema.JunctionTable:
			junctions = append(junctions, t)
			continue
		case schema.EventTable:
			events = append(events, t)
			continue
		}
		if _, seen := byGroup[t.Group]; !seen {
			groups = append(groups, t.Group)
		}
		byGroup[t.Group] = append(byGroup[t.Group], t)
	}
	head := []string{"Table", "Description", "Columns", "State machines"}
	rows := func(ts []*schema.Table) [][]string {
		var out [][]string
		for _, t := range ts {
			var machines []string
			for _, mc := range t.Machines {
				machines = append(machines, m.link(code(mc.Name), st.machineFile[mc]))
			}
			out = append(out, []string{m.link(code(t.Entity), st.tableFile[t]), firstSentence(t.Description),
				strconv.Itoa(len(t.Columns)), strings.Join(machines, ", ")})
		}
		return out
	}
	if len(groups) > 0 {
		m.line("## Entities")
		m.blank()
		if len(groups) == 1 && groups[0] == "" {
			m.table(head, rows(byGroup[""]))
		} else {
			for _, g := range groups {
				title := "Group " + code(g)
				if g == "" {
					title = "Without a group"
				}
				m.line("### %s", title)
				m.blank()
				m.table(head, rows(byGroup[g]))
			}
		}
	}
	if len(junctions) > 0 {
		m.line("## Junction tables")
		m.blank()
		m.table(head, rows(junctions))
	}
	if len(events) > 0 {
		m.line("## Event tables")
		m.blank()
		m.table(head, rows(events))
	}
}

// stepStory tells one flow step: what it does, with links to what it touches.
func (st *site) stepStory(m *md, step *design.FlowStep) string {
	var parts []string
	for _, verb := range []struct {
		word  string
		names []design.Name
	}{{"creates", step.Creates}, {"reads", step.Reads}, {"updates", step.Updates}} {
		if len(verb.names) == 0 {
			continue
		}
		var links []string
		for _, n := range verb.names {
			links = append(links, st.tableLink(m, n.Name))
		}
		parts = append(parts, verb.word+" "+strings.Join(links, ", "))
	}
	if step.Event.Name != "" {
		ev := "records " + code(step.Event.Name)
		if ent, _, ok := strings.Cut(step.Event.Name, "."); ok {
			if t := st.s.Table(ent); t != nil && t.Events != nil {
				ev += " in " + m.link(code(t.Events.Entity), st.tableFile[t.Events])
			}
		}
		parts = append(parts, ev)
	}
	text := escapeText(step.Step)
	if len(parts) > 0 {
		text += " — " + strings.Join(parts, "; ")
	}
	return text
}

// tableLink links to a table's page by its design name, or names it when
// there is no such table.
func (st *site) tableLink(m *md, entity string) string {
	if t := st.s.Table(entity); t != nil {
		return m.link(code(entity), st.tableFile[t])
	}
	return code(entity)
}

// failureRow is a failure mode in the index tables.
func (st *site) failureRow(m *md, f *design.Failure) []string {
	entity := ""
	if f.Entity.Name != "" {
		entity = st.tableLink(m, f.Entity.Name)
	}
	return []string{
		m.link(code(f.Name), failuresFile+"#"+st.failureID[f.Name]),
		entity,
		escapeText(f.When),
		st.handling(f),
	}
}

// handling says in a few words how a failure is handled.
func (st *site) handling(f *design.Failure) string {
	var parts []string
	if f.State.Name != "" {
		parts = append(parts, "state "+code(f.State.Name))
	}
	if f.Retry != nil {
		parts = append(parts, fmt.Sprintf("retried up to %d times", f.Retry.MaxAttempts))
	}
	if f.Event.Name != "" {
		parts = append(parts, "records "+code(failureEvent(f)))
	}
	if f.Handling != "" {
		parts = append(parts, escapeText(f.Handling))
	}
	return strings.Join(parts, "; ")
}

func (st *site) tablePage(t *schema.Table) (*page, error) {
	path := st.tableFile[t]
	m := newPage(path, code(t.Entity))
	st.home(m)
	facts := []string{"Table " + code(t.QualifiedName())}
	switch t.Kind {
	case schema.JunctionTable:
		facts = append(facts, "junction table")
	case schema.EventTable:
		if t.EventsOf != nil {
			facts = append(facts, "records the events of "+m.link(code(t.EventsOf.Entity), st.tableFile[t.EventsOf]))
		}
	}
	if t.Group != "" {
		facts = append(facts, "group "+code(t.Group))
	}
	m.line("%s.", strings.Join(facts, ", "))
	m.blank()
	m.paragraph(t.Description)

	m.line("## Columns")
	m.blank()
	var rows [][]string
	var colNames []string
	for _, c := range t.Columns {
		colNames = append(colNames, c.Name)
		rows = append(rows, []string{st.keys(t, c), code(c.Name), st.columnType(m, c), yesNo(c.Nullable),
			st.columnDefault(c), st.origin(m, t, c), c.Description})
	}
	m.table([]string{"Key", "Column", "Type", "Nullable", "Default", "Comes from", "Description"}, rows)

	st.constraints(m, t)
	st.indexes(m, t)
	st.relationships(m, t)

	for _, mc := range t.Machines {
		m.line("## State machine %s", m.link(code(mc.Name), st.machineFile[mc]))
		m.blank()
		m.line("Column %s, initial state %s.", code(mc.Column), code(mc.Initial))
		m.blank()
		m.image("State machine "+mc.Name, st.stateFile[mc], st.mermaidOf("states", mc.Name))
		st.stateTable(m, mc)
	}

	st.eventsSection(m, t)
	st.failuresSection(m, t)
	st.flowSection(m, t)

	m.line("## Neighbours")
	m.blank()
	m.image(t.Entity+" and the tables it links to", st.focusFile[t], st.mermaidOf("focus", t.Entity))

	search := strings.Join(append([]string{t.Description, t.Group}, colNames...), " ")
	return &page{path: path, title: t.Entity, kind: "table", group: t.Group, search: search, md: m.b.String()}, nil
}

// keys marks a column's keys: PK, FK, UQ.
func (st *site) keys(t *schema.Table, c *schema.Column) string {
	var k []string
	if c.PK {
		k = append(k, "PK")
	}
	if c.ForeignKey != nil {
		k = append(k, "FK")
	}
	if c.Unique {
		k = append(k, "UQ")
	}
	return strings.Join(k, " ")
}

// columnType is a column's type, linked to its state machine for a state column.
func (st *site) columnType(m *md, c *schema.Column) string {
	typ := code(c.Type)
	if c.Enum != nil {
		switch {
		case c.Enum.Machine != nil:
			typ = m.link(typ, st.machineFile[c.Enum.Machine])
		case len(c.Enum.Values) > 0:
			typ += " (" + codes(c.Enum.Values) + ")"
		}
	}
	return typ
}

func (st *site) columnDefault(c *schema.Column) string {
	switch {
	case c.Identity != "":
		return "identity (" + c.Identity + ")"
	case c.Generated != "":
		return "generated: " + code(c.Generated)
	}
	return code(c.Default)
}

// origin says where a column comes from.
func (st *site) origin(m *md, t *schema.Table, c *schema.Column) string {
	switch c.Origin {
	case schema.ImplicitID:
		return "implicit key"
	case schema.ForeignKeyColumn:
		if fk := c.ForeignKey; fk != nil && fk.RefTable != nil {
			return "foreign key to " + m.link(code(fk.RefTable.Entity), st.tableFile[fk.RefTable])
		}
		return "foreign key"
	case schema.StateColumn:
		if c.Machine != nil {
			return "state column of " + m.link(code(c.Machine.Name), st.machineFile[c.Machine])
		}
		return "state column"
	case schema.RetryColumn:
		var fs []string
		for _, f := range st.s.Failures {
			if f.Entity.Name == t.Entity && f.Retry != nil {
				fs = append(fs, m.link(code(f.Name), failuresFile+"#"+st.failureID[f.Name]))
			}
		}
		if len(fs) == 0 {
			return "retry column"
		}
		return "retry column of " + strings.Join(fs, ", ")
	case schema.EventColumn:
		return "event column"
	}
	if fk := c.ForeignKey; fk != nil && fk.RefTable != nil {
		return "declared, foreign key to " + m.link(code(fk.RefTable.Entity), st.tableFile[fk.RefTable])
	}
	return "declared"
}

func (st *site) constraints(m *md, t *schema.Table) {
	var items []string
	if len(t.PrimaryKey) > 0 {
		items = append(items, "Primary key ("+codes(t.PrimaryKey)+")")
	}
	for _, c := range t.Columns {
		if c.Unique {
			items = append(items, "Unique ("+code(c.Name)+")")
		}
	}
	for _, u := range t.Uniques {
		items = append(items, "Unique ("+codes(u.Columns)+")")
	}
	for _, c := range t.Columns {
		if c.Check != "" {
			items = append(items, "Check on "+code(c.Name)+": "+code(c.Check))
		}
	}
	for _, fk := range t.ForeignKeys {
		items = append(items, st.foreignKey(m, fk))
	}
	if len(items) == 0 {
		return
	}
	m.line("## Constraints")
	m.blank()
	for _, it := range items {
		m.line("- %s", it)
	}
	m.blank()
}

// foreignKey describes a foreign key constraint.
func (st *site) foreignKey(m *md, fk *schema.ForeignKey) string {
	text := "Foreign key (" + codes(fk.Columns) + ") references "
	if fk.RefTable != nil {
		text += m.link(code(fk.RefTable.Entity), st.tableFile[fk.RefTable])
	}
	text += " (" + codes(fk.RefColumns) + ")"
	if fk.OnDelete != "" {
		text += ", on delete " + fk.OnDelete
	}
	if fk.OnUpdate != "" {
		text += ", on update " + fk.OnUpdate
	}
	if fk.Name != "" {
		text += ", named " + code(fk.Name)
	}
	return text
}

func (st *site) indexes(m *md, t *schema.Table) {
	if len(t.Indexes) == 0 {
		return
	}
	m.line("## Indexes")
	m.blank()
	var rows [][]string
	for _, ix := range t.Indexes {
		name := code(ix.Name)
		if ix.Name == "" {
			name = "(generated)"
		}
		using := ix.Using
		if using == "" {
			using = "btree"
		}
		note := ""
		if ix.ForForeignKey {
			note = "indexes a foreign key"
		}
		rows = append(rows, []string{name, codes(ix.Columns), yesNo(ix.Unique), using, code(ix.Where), note})
	}
	m.table([]string{"Name", "Columns", "Unique", "Method", "Where", "Note"}, rows)
}

// relationships lists the table's links in both directions: the foreign
// keys it holds, those that point at it, and the many-to-many relationships
// it takes part in through a junction table.
func (st *site) relationships(m *md, t *schema.Table) {
	var rows [][]string
	for _, fk := range t.ForeignKeys {
		if fk.RefTable == nil {
			continue
		}
		card := "many to one"
		if fk.Unique {
			card = "one to one"
		}
		if fk.Optional {
			card += ", optional"
		}
		if fk.Role != "" {
			card += ", as " + code(fk.Role)
		}
		rows = append(rows, []string{"references", m.link(code(fk.RefTable.Entity), st.tableFile[fk.RefTable]), card,
			codes(fk.Columns) + " → " + codes(fk.RefColumns), fk.OnDelete})
	}
	for _, fk := range st.incoming()[t] {
		card := "one to many"
		if fk.Unique {
			card = "one to one"
		}
		if fk.Optional {
			card += ", optional"
		}
		if fk.Role != "" {
			card += ", as " + code(fk.Role)
		}
		rows = append(rows, []string{"referenced by", m.link(code(fk.Table.Entity), st.tableFile[fk.Table]), card,
			codes(fk.Columns) + " → " + codes(fk.RefColumns), fk.OnDelete})
	}
	for _, r := range st.s.Relations {
		if r.Kind != design.ManyToMany || r.Junction == nil || r.Parent == nil || r.Child == nil {
			continue
		}
		var other *schema.Table
		switch t {
		case r.Parent:
			other = r.Child
		case r.Child:
			other = r.Parent
		default:
			continue
		}
		rows = append(rows, []string{"many to many", m.link(code(other.Entity), st.tableFile[other]),
			"through " + m.link(code(r.Junction.Entity), st.tableFile[r.Junction]), "", ""})
	}
	if len(rows) == 0 {
		return
	}
	m.line("## Relationships")
	m.blank()
	m.table([]string{"Direction", "Table", "Cardinality", "Columns", "On delete"}, rows)
}

// incoming indexes, once, the foreign keys pointing at each table (self
// references included), in the order of the tables that hold them.
func (st *site) incoming() map[*schema.Table][]*schema.ForeignKey {
	if st.incomingFKs == nil {
		st.incomingFKs = map[*schema.Table][]*schema.ForeignKey{}
		for _, u := range st.s.Tables {
			for _, fk := range u.ForeignKeys {
				if fk.RefTable != nil {
					st.incomingFKs[fk.RefTable] = append(st.incomingFKs[fk.RefTable], fk)
				}
			}
		}
	}
	return st.incomingFKs
}

// stateTable lists a machine's states: where each can go and which failure
// modes land in it.
func (st *site) stateTable(m *md, mc *schema.Machine) {
	var rows [][]string
	for _, state := range mc.States {
		var kind []string
		if state == mc.Initial {
			kind = append(kind, "initial")
		}
		if mc.IsTerminal(state) {
			kind = append(kind, "terminal")
		}
		var failures []string
		for _, f := range mc.FailureStates[state] {
			failures = append(failures, m.link(code(f), failuresFile+"#"+st.failureID[f]))
		}
		rows = append(rows, []string{code(state), strings.Join(kind, ", "), codes(mc.Next(state)), strings.Join(failures, ", ")})
	}
	m.table([]string{"State", "", "Can move to", "Failures that land here"}, rows)
}

func (st *site) eventsSection(m *md, t *schema.Table) {
	ev := t.Events
	if ev == nil || ev.EventEnum == nil {
		return
	}
	m.line("## Events")
	m.blank()
	m.line("Recorded in %s.", m.link(code(ev.Entity), st.tableFile[ev]))
	m.blank()
	var rows [][]string
	for _, typ := range ev.EventEnum.Values {
		var by []string
		for i, step := range st.s.Flow {
			if step.Event.Name == t.Entity+"."+typ {
				by = append(by, fmt.Sprintf("step %d: %s", i+1, escapeText(step.Step)))
			}
		}
		for _, f := range st.s.Failures {
			if f.Entity.Name == t.Entity && f.Event.Name != "" && strings.TrimPrefix(f.Event.Name, t.Entity+".") == typ {
				by = append(by, "failure "+m.link(code(f.Name), failuresFile+"#"+st.failureID[f.Name]))
			}
		}
		rows = append(rows, []string{code(typ), strings.Join(by, "; ")})
	}
	m.table([]string{"Type", "Recorded by"}, rows)
}

func (st *site) failuresSection(m *md, t *schema.Table) {
	var rows [][]string
	for _, f := range st.s.Failures {
		if f.Entity.Name == t.Entity {
			r := st.failureRow(m, f)
			rows = append(rows, []string{r[0], r[2], r[3]})
		}
	}
	if len(rows) == 0 {
		return
	}
	m.line("## Failures")
	m.blank()
	m.table([]string{"Failure", "When", "Handled by"}, rows)
}

func (st *site) flowSection(m *md, t *schema.Table) {
	var items []string
	for i, step := range st.s.Flow {
		var verbs []string
		if has(step.Creates, t.Entity) {
			verbs = append(verbs, "creates")
		}
		if has(step.Reads, t.Entity) {
			verbs = append(verbs, "reads")
		}
		if has(step.Updates, t.Entity) {
			verbs = append(verbs, "updates")
		}
		if ent, _, ok := strings.Cut(step.Event.Name, "."); ok && ent == t.Entity {
			verbs = append(verbs, "records "+code(step.Event.Name))
		}
		if len(verbs) > 0 {
			items = append(items, fmt.Sprintf("Step %d, %s: %s", i+1, escapeText(step.Step), strings.Join(verbs, ", ")))
		}
	}
	if len(items) == 0 {
		return
	}
	m.line("## In the flow")
	m.blank()
	for _, it := range items {
		m.line("- %s", it)
	}
	m.blank()
}

func (st *site) machinePage(mc *schema.Machine) (*page, error) {
	path := st.machineFile[mc]
	m := newPage(path, "State machine "+code(mc.Name))
	st.home(m)
	m.line("The states of %s, in column %s (enum type %s).",
		m.link(code(mc.Table.Entity), st.tableFile[mc.Table]), code(mc.Column), code(mc.Name))
	m.blank()
	m.paragraph(mc.Description)
	m.image("State machine "+mc.Name, st.stateFile[mc], st.mermaidOf("states", mc.Name))
	m.line("## States")
	m.blank()
	st.stateTable(m, mc)
	m.line("## Transitions")
	m.blank()
	var rows [][]string
	for _, tr := range mc.Transitions {
		rows = append(rows, []string{code(tr.From), code(tr.To)})
	}
	m.table([]string{"From", "To"}, rows)
	return &page{path: path, title: mc.Name, kind: "machine", search: mc.Description + " " + strings.Join(mc.States, " "), md: m.b.String()}, nil
}

func (st *site) failuresPage() *page {
	m := newPage(failuresFile, "Failure modes")
	st.home(m)
	m.line("What can go wrong, and how the design survives it.")
	m.blank()
	var search []string
	for _, f := range st.s.Failures {
		search = append(search, f.Name, f.When)
		m.line("<a id=\"%s\"></a>", st.failureID[f.Name])
		m.blank()
		m.line("## %s", code(f.Name))
		m.blank()
		m.paragraph(f.Description)
		if f.When != "" {
			m.line("- **When:** %s", escapeText(f.When))
		}
		if f.Entity.Name != "" {
			line := "- **Entity:** " + st.tableLink(m, f.Entity.Name)
			if t := st.s.Table(f.Entity.Name); t != nil && f.State.Name != "" {
				for _, mc := range t.Machines {
					if slices.Contains(mc.States, f.State.Name) {
						line += ", moves to state " + code(f.State.Name) + " of " + m.link(code(mc.Name), st.machineFile[mc])
						break
					}
				}
			}
			m.line("%s", line)
		}
		if f.Retry != nil {
			line := fmt.Sprintf("- **Retry:** up to %d attempts", f.Retry.MaxAttempts)
			if t := st.s.Table(f.Entity.Name); t != nil {
				var cols []string
				for _, c := range t.Columns {
					if c.Origin == schema.RetryColumn {
						cols = append(cols, c.Name)
					}
				}
				if len(cols) > 0 {
					line += " (columns " + codes(cols) + ")"
				}
			}
			m.line("%s", line)
		}
		if f.Event.Name != "" {
			m.line("- **Records:** %s", code(failureEvent(f)))
		}
		if f.Handling != "" {
			m.line("- **Handling:** %s", escapeText(f.Handling))
		}
		m.blank()
	}
	return &page{path: failuresFile, title: "Failure modes", kind: "failures", search: strings.Join(search, " "), md: m.b.String()}
}

// mermaidOf returns a diagram's Mermaid text when --mermaid asked for it
// (drawn beforehand by draw).
func (st *site) mermaidOf(kind, name string) string {
	return st.mermaid[kind+"/"+name]
}

func has(names []design.Name, entity string) bool {
	for _, n := range names {
		if n.Name == entity {
			return true
		}
	}
	return false
}

// codes is a comma-separated list of code spans.
func codes(items []string) string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = code(it)
	}
	return strings.Join(out, ", ")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// firstSentence shortens a description for an index table.
func firstSentence(s string) string {
	s = oneLine(s)
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	if r := []rune(s); len(r) > 160 {
		s = strings.TrimSpace(string(r[:157])) + "..."
	}
	return s
}

// failureEvent is the event a failure records, written entity.event.
func failureEvent(f *design.Failure) string {
	if strings.Contains(f.Event.Name, ".") || f.Entity.Name == "" {
		return f.Event.Name
	}
	return f.Entity.Name + "." + f.Event.Name
}
