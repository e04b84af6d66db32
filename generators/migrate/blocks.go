package migrate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/internal/sqlrefs"
)

// blocks compares the SQL blocks of the two designs by name, as text. A new
// block runs as written; a block that goes has what it created dropped (its
// functions, views, triggers, ..., found in its parse tree), before any table
// or column changes, so that a view never holds a column back. A changed block
// is run again as written when every statement of it replaces its object in
// place (CREATE OR REPLACE of the same functions and triggers, comments);
// otherwise the old block's objects are dropped and the new block runs.
func (p *planner) blocks() {
	old := map[string]*schema.Block{}
	for _, b := range p.src.Blocks {
		old[b.Name] = b
	}
	// drop are the old blocks whose objects go: removed, or changed in a
	// way CREATE OR REPLACE cannot do. They are dropped last one first, so
	// that a view goes before the view it selects from.
	drop := map[*schema.Block]bool{}
	for _, b := range p.src.Blocks {
		drop[b] = true
	}
	for _, b := range p.dst.Blocks {
		prev := old[b.Name]
		if prev != nil {
			if normalizeBlock(prev.Body) == normalizeBlock(b.Body) && prev.Late == b.Late {
				delete(drop, prev)
				continue
			}
			if replacesInPlace(prev.Body, b.Body) {
				delete(drop, prev)
			}
		}
		ph := phaseEarlyBlocks
		if b.Late {
			ph = phaseLateBlocks
		}
		body := strings.TrimSpace(b.Body)
		if !strings.HasSuffix(body, ";") {
			body += "\n;"
		}
		p.add(ph, "-- SQL block: "+oneLine(b.Name)+"\nSET check_function_bodies = false;\n"+body+"\nRESET check_function_bodies;\nRESET search_path")
	}
	for i := len(p.src.Blocks) - 1; i >= 0; i-- {
		if b := p.src.Blocks[i]; drop[b] {
			p.dropBlock(b)
		}
	}
}

// dropBlock drops what a block of the old design created.
func (p *planner) dropBlock(b *schema.Block) {
	tree, err := pg_query.Parse(b.Body)
	if err != nil {
		return // the old design passed the check; nothing to undo otherwise
	}
	drops := sqlrefs.Drops(tree)
	if len(drops) == 0 {
		p.notes = append(p.notes, "SQL block "+b.Name+" is gone; it created nothing schemagen can drop (grants, settings or data stay as they are)")
		return
	}
	p.add(phaseDropBlocks, "-- SQL block "+oneLine(b.Name)+" changes or goes\n"+strings.Join(drops, "\n"))
}

// replacesInPlace reports whether running the new body over the old one's
// objects is enough: each statement is CREATE OR REPLACE of a function,
// procedure or trigger, or a COMMENT, and the new body drops (creates) the
// same objects as the old one, so nothing of the old block is left behind.
func replacesInPlace(oldBody, newBody string) bool {
	oldTree, err1 := pg_query.Parse(oldBody)
	newTree, err2 := pg_query.Parse(newBody)
	if err1 != nil || err2 != nil {
		return false
	}
	for _, raw := range newTree.Stmts {
		switch s := raw.Stmt.Node.(type) {
		case *pg_query.Node_CreateFunctionStmt:
			if !s.CreateFunctionStmt.Replace {
				return false
			}
		case *pg_query.Node_CreateTrigStmt:
			if !s.CreateTrigStmt.Replace {
				return false
			}
		case *pg_query.Node_CommentStmt:
		default:
			return false
		}
	}
	return strings.Join(sqlrefs.Drops(oldTree), "\n") == strings.Join(sqlrefs.Drops(newTree), "\n")
}

// normalizeBlock is a body with its whitespace collapsed, so that
// re-indenting a block is not a change.
func normalizeBlock(body string) string {
	return strings.Join(strings.Fields(body), " ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
