package design

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// SQLBlock is one entry of the top-level `sql` section: SQL for an object the
// design does not model (a function, view, trigger, policy, collation, ...),
// carried as written. The SQL output runs the blocks in the design's order:
// those without `after` before the tables, so that checks, defaults and
// indexes may call the functions they define, and the others once the tables
// they name in `after` (and everything else the design generates) exist.
type SQLBlock struct {
	Name    string
	Pos     Pos
	After   []Name // entities (or earlier blocks) the block needs
	Body    string // one or more SQL statements
	BodyPos Pos    // where the body's text starts
}

var sqlBlockKeys = []string{"name", "after", "body"}

// sqlBlocks reads the `sql` section: a list of {name, after, body}.
func (l *loader) sqlBlocks(v *yaml.Node) {
	for _, item := range l.sequence(v, "`sql`") {
		b := &SQLBlock{Pos: l.pos(item)}
		l.keyed(item, "a SQL block", sqlBlockKeys, func(key string, k, v *yaml.Node) {
			switch key {
			case "name":
				if nm, ok := l.name(v, "`name`"); ok {
					b.Name = nm.Name
				}
			case "after":
				b.After = l.names(v, "an entity")
			case "body":
				if s, ok := l.scalar(v, "`body`"); ok {
					b.Body = s
					b.BodyPos = l.pos(l.resolve(v))
					if v.Style == yaml.LiteralStyle || v.Style == yaml.FoldedStyle {
						// A block scalar's text starts on the next line.
						b.BodyPos.Line++
						b.BodyPos.Col = 1
					}
				}
			}
		})
		if item.Kind != yaml.MappingNode {
			continue
		}
		if b.Name == "" {
			l.rep.Report(b.Pos, RuleMissingKey, "add `name: my_function`", "a SQL block needs a `name`")
			continue
		}
		if strings.TrimSpace(b.Body) == "" {
			l.rep.Report(b.Pos, RuleMissingKey, "add `body: |` with the SQL", "SQL block %q has no `body`", b.Name)
			continue
		}
		l.d.SQL = append(l.d.SQL, b)
	}
}
