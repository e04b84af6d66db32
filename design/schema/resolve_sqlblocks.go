package schema

import (
	"fmt"

	"github.com/schemagen/schemagen/design"
)

// Block is a SQL block of the design (the `sql` section): SQL for objects the
// design does not model, run as written.
type Block struct {
	Name string
	// After are the tables and earlier blocks the block needs, as written.
	After []string
	// Tables are the tables the block needs, directly or through the blocks
	// it is after.
	Tables []*Table
	// Late is set when the block needs a table: it then runs once every
	// generated object exists, and otherwise before the tables.
	Late    bool
	Body    string
	Pos     design.Pos
	BodyPos design.Pos
}

// sqlBlocks resolves the `sql` section: block names are unique and `after`
// names entities or earlier blocks.
func (r *resolver) sqlBlocks() {
	byName := map[string]*Block{}
	for _, b := range r.d.SQL {
		blk := &Block{Name: b.Name, Body: b.Body, Pos: b.Pos, BodyPos: b.BodyPos}
		if prev := byName[b.Name]; prev != nil {
			r.rep.Report(b.Pos, design.RuleDuplicateName, "rename one of them",
				"SQL block %q is declared twice (first at %s)", b.Name, prev.Pos)
			continue
		}
		byName[b.Name] = blk
		for _, a := range b.After {
			blk.After = append(blk.After, a.Name)
			if t := r.byEntity[a.Name]; t != nil {
				blk.Tables = appendTable(blk.Tables, t)
				blk.Late = true
				continue
			}
			if dep := byName[a.Name]; dep != nil && dep != blk {
				for _, t := range dep.Tables {
					blk.Tables = appendTable(blk.Tables, t)
				}
				blk.Late = blk.Late || dep.Late
				continue
			}
			hint := fmt.Sprintf("declare `%s` under `entities`, or list a SQL block declared above this one", a.Name)
			if s := r.rep.Suggest(a.Name, append(r.entityNames(), blockNames(r.s.Blocks)...)); s != "" {
				hint = fmt.Sprintf("did you mean `%s`?", s)
			}
			r.rep.Report(a.Pos, design.RuleUnknownEntity, hint,
				"SQL block %q is after %q, which is neither an entity nor a SQL block declared above it", b.Name, a.Name)
		}
		r.s.Blocks = append(r.s.Blocks, blk)
	}
}

func appendTable(list []*Table, t *Table) []*Table {
	for _, have := range list {
		if have == t {
			return list
		}
	}
	return append(list, t)
}

func blockNames(bs []*Block) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Name
	}
	return out
}
