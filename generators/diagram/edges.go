package diagram

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
)

// An ER edge joins one column of a parent to one column of a child. Every end
// that lands on a drawn table gets a port of its own: when several edges leave
// one key (users.id referenced by nine tables), the key's cell is divided into
// as many ports, stacked, so that the `||` and `|o` markers sit apart instead
// of fusing into one blob. A composite foreign key is drawn column to column:
// the first pair carries the crow's-foot markers, the others are plain lines.

// edgeEnd is one end of an ER edge: a table and, when the table is drawn in
// full, the port of its column.
type edgeEnd struct {
	table  *schema.Table
	column string
	port   string // "" for a ghost, which has no ports
	side   string // "e" (a parent's key, right) or "w" (a child's column, left)
}

// ref is the DOT endpoint: "node":"port":side, or "node" for a ghost.
func (e edgeEnd) ref() string {
	if e.port == "" {
		return quoteID(e.table.Entity)
	}
	return quoteID(e.table.Entity) + ":" + quoteID(e.port) + ":" + e.side
}

// erEdge is one drawn line of an ER diagram.
type erEdge struct {
	from, to edgeEnd
	fk       *schema.ForeignKey
	pair     int // which column pair of the foreign key: 0 carries the markers
}

// attrs are the DOT attributes of an edge; pinned says the ranks are pinned,
// so that edges must not pull tables out of them.
func (e erEdge) attrs(pinned bool) string {
	tail := "teetee" // exactly one parent
	if e.fk.Optional {
		tail = "teeodot" // zero or one parent
	}
	head := "crowodot" // zero or many children
	if e.fk.Unique {
		head = "teeodot" // one-to-one: zero or one child
	}
	child, parent := e.fk.Table, e.fk.RefTable
	tip := fmt.Sprintf("%s.%s → %s.%s", child.Name, strings.Join(e.fk.Columns, ","), parent.Name, strings.Join(e.fk.RefColumns, ","))
	a := fmt.Sprintf("arrowtail=%s, arrowhead=%s, tooltip=%s", tail, head, quoteID(tip))
	if e.pair > 0 {
		// The further columns of a composite key: a plain line beside the first.
		a = fmt.Sprintf("arrowtail=none, arrowhead=none, penwidth=0.8, tooltip=%s", quoteID(tip))
	}
	if pinned {
		a += ", constraint=false"
	}
	return a
}

// portKey names a column cell: a table, a column and a side.
type portKey struct {
	table  *schema.Table
	column string
	side   string
}

// portCounts says how many edges end at each column cell of a drawn table;
// a cell with more than one is divided into that many ports.
type portCounts map[portKey]int

// erEdges lists the edges of a view in a fixed order (children in view order,
// their foreign keys in order, column pairs in order) and gives every end on a
// drawn table a port of its own.
func erEdges(v *view) ([]erEdge, portCounts) {
	drawn := map[*schema.Table]bool{}
	for _, t := range v.tables {
		drawn[t] = true
	}
	ghost := map[*schema.Table]bool{}
	for _, t := range v.ghosts {
		ghost[t] = true
	}
	counts := portCounts{}
	take := func(t *schema.Table, column, side string) string {
		if !drawn[t] || t.Column(column) == nil {
			return ""
		}
		k := portKey{t, column, side}
		counts[k]++
		return cellPort(column, side, counts[k])
	}
	var edges []erEdge
	for _, child := range append(append([]*schema.Table{}, v.tables...), v.ghosts...) {
		for _, fk := range child.ForeignKeys {
			parent := fk.RefTable
			if parent == nil || len(fk.Columns) == 0 || len(fk.RefColumns) == 0 {
				continue
			}
			if !drawn[child] && !drawn[parent] {
				continue // a link between two ghosts
			}
			if !drawn[parent] && !ghost[parent] {
				continue
			}
			pairs := min(len(fk.Columns), len(fk.RefColumns))
			if !drawn[parent] || !drawn[child] {
				pairs = 1 // a ghost has no columns to pair
			}
			for i := 0; i < pairs; i++ {
				edges = append(edges, erEdge{
					from: edgeEnd{table: parent, column: fk.RefColumns[i], port: take(parent, fk.RefColumns[i], "e"), side: "e"},
					to:   edgeEnd{table: child, column: fk.Columns[i], port: take(child, fk.Columns[i], "w"), side: "w"},
					fk:   fk,
					pair: i,
				})
			}
		}
	}
	// A cell with one edge keeps its plain port name; with more, the ports
	// are numbered from 1 in edge order.
	for i := range edges {
		for _, end := range []*edgeEnd{&edges[i].from, &edges[i].to} {
			if end.port == "" {
				continue
			}
			k := portKey{end.table, end.column, end.side}
			if counts[k] == 1 {
				end.port = cellPort(k.column, k.side, 0)
			}
		}
	}
	return edges, counts
}

// cellPort is the port name of a column cell: n == 0 for the whole cell, n >= 1
// for the n-th of several ports stacked in it. Ports must be unique per node
// and are quoted, so the column name itself is safe.
func cellPort(column, side string, n int) string {
	base := portName(column, map[string]string{"e": "r", "w": "l"}[side])
	if n == 0 {
		return base
	}
	return fmt.Sprintf("%s%d", base, n)
}

// portCell writes a column's outer cell: its content with one port when at most
// one edge ends there, or the content beside a stack of n thin ports, each
// 16 points high (a marker is about 8), on the outer side (right for "e", left for "w").
func portCell(column, side string, n int, attrs, content string) string {
	if n <= 1 {
		return fmt.Sprintf(`<TD PORT=%q %s>%s</TD>`, cellPort(column, side, 0), attrs, content)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<TD CELLPADDING="0" %s><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">`, attrs)
	text := fmt.Sprintf(`<TD ROWSPAN="%d" CELLPADDING="3" ALIGN="LEFT">%s</TD>`, n, content)
	for i := 1; i <= n; i++ {
		port := fmt.Sprintf(`<TD PORT=%q WIDTH="2" HEIGHT="16" FIXEDSIZE="TRUE"></TD>`, cellPort(column, side, i))
		b.WriteString("<TR>")
		switch {
		case i > 1:
			b.WriteString(port)
		case side == "e":
			b.WriteString(text + port)
		default:
			b.WriteString(port + text)
		}
		b.WriteString("</TR>")
	}
	b.WriteString("</TABLE></TD>")
	return b.String()
}
