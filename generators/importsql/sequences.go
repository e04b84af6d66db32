package importsql

import (
	"strings"

	"github.com/schemagen/schemagen/internal/sqlname"
)

// renameSerialSequence keeps the name of a serial column's sequence when it
// is not the one PostgreSQL would choose (a table renamed after its
// sequence was created: Harbor's cve_allowlist draws from
// cve_whitelist_id_seq): a SQL block after the table renames the sequence
// that `serial` creates, so the column's default names the same sequence.
func (b *builder) renameSerialSequence(e *entity, col *sqlColumn, s *sqlSequence) {
	t := e.t
	want := sqlname.SerialSequence(t.name, col.name)
	if s.name == want || s.schema != t.schema {
		return
	}
	blk := &sqlBlock{
		name: "sequence " + s.name,
		body: "ALTER SEQUENCE " + sqlname.QuoteIdent(t.schema) + "." + sqlname.QuoteIdent(want) +
			" RENAME TO " + sqlname.QuoteIdent(s.name) + ";",
		loc:  col.loc,
		late: true,
	}
	b.c.blocks = append(b.c.blocks, blk)
	b.blockAfter[blk] = []string{e.key}
}

// keepSequence keeps a sequence that is not a serial's (shared by several
// columns, as Rails' partitioned tables and their templates share one) as a
// SQL block before the tables, so that the defaults drawing from it stay,
// and reports whether it could: a sequence created inside CREATE SCHEMA has
// no text of its own. Its OWNED BY, if any, is a block after the owning table.
func (b *builder) keepSequence(s *sqlSequence) bool {
	if s.block != nil {
		return true
	}
	if s.stmt == "" {
		return false
	}
	s.block = &sqlBlock{name: "sequence " + s.name, object: strings.ToLower(s.name), body: s.stmt, loc: s.loc}
	b.c.blocks = append(b.c.blocks, s.block)
	b.blockAfter[s.block] = nil
	for _, t := range b.c.tables {
		col, ok := strings.CutPrefix(s.ownedBy, t.key()+".")
		e := b.byTable[t]
		if !ok || e == nil || t.column(col) == nil {
			continue
		}
		owned := &sqlBlock{
			name: "sequence " + s.name + " owned by " + t.name + "." + col,
			body: "ALTER SEQUENCE " + sqlname.QuoteIdent(s.schema) + "." + sqlname.QuoteIdent(s.name) +
				" OWNED BY " + sqlname.QuoteIdent(t.schema) + "." + sqlname.QuoteIdent(t.name) + "." + sqlname.QuoteIdent(col) + ";",
			loc:  s.loc,
			late: true,
		}
		b.c.blocks = append(b.c.blocks, owned)
		b.blockAfter[owned] = []string{e.key}
		break
	}
	return true
}
