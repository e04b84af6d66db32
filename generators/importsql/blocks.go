package importsql

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/schemagen/schemagen/internal/sqlname"
	"github.com/schemagen/schemagen/internal/sqlrefs"
)

// sqlBlock is a statement (with the comments later folded into it) that the
// design keeps as a SQL block: a function, view, trigger, ... as written.
type sqlBlock struct {
	name string // "view film_list", "function last_day", ...
	// object is the lower-case name of the object the block creates, which
	// COMMENT statements and later blocks find it by; "" when none.
	object string
	body   string
	loc    int
	refs   []sqlrefs.Name
	// after are the earlier blocks whose objects this one names.
	after []*sqlBlock
	// late is set when the block names a table, directly or through after.
	late bool
	// schema is the schema a bare CREATE SCHEMA block creates.
	schema string
}

// keepBlock records the current statement as a SQL block. kind and object
// name it ("view", "film_list"; suffix says " on film" for a trigger); the statement's references to tables and to
// the objects of earlier blocks become its `after`.
func (c *collector) keepBlock(kind, object, suffix string, stmt *pg_query.Node, loc int) {
	if c.stmtText == "" {
		// A statement inside CREATE SCHEMA has no text of its own.
		c.skip(kind+"s inside CREATE SCHEMA", loc)
		return
	}
	body := c.stmtText
	if !isDefaultPath(c.searchPath) {
		// The block runs where the file ran it: the names it leaves
		// unqualified are found in the same schemas.
		quoted := make([]string, len(c.searchPath))
		for i, s := range c.searchPath {
			quoted[i] = sqlname.QuoteIdent(s)
		}
		body = "SET search_path = " + strings.Join(quoted, ", ") + ";\n" + body
	}
	b := &sqlBlock{name: kind + " " + object + suffix, object: strings.ToLower(object), body: body, loc: loc}
	if n := c.blockNames[b.name]; n > 0 {
		c.blockNames[b.name] = n + 1
		b.name = fmt.Sprintf("%s (%d)", b.name, n+1)
	} else {
		c.blockNames[b.name] = 1
	}
	if prev := c.blockObjects[b.object]; prev != nil && b.object != "" {
		// CREATE OR REPLACE of an object of an earlier block: it must run
		// after that block, or the older version would win.
		b.after = append(b.after, prev)
		b.late = prev.late
	}
	for _, ref := range sqlrefs.Refs(stmt) {
		// A name may be a table and a block's object at once (a trigger on
		// table t calling function t()): a table is always a dependency.
		isTable := c.lookup(ref.Schema, ref.Name) != nil
		if strings.EqualFold(ref.Name, object) && !isTable {
			continue // the object itself
		}
		if dep := c.blockObjects[strings.ToLower(ref.Name)]; dep != nil {
			b.after = append(b.after, dep)
			b.late = b.late || dep.late
			if !isTable {
				continue
			}
		}
		b.refs = append(b.refs, ref)
	}
	c.blocks = append(c.blocks, b)
	if b.object != "" {
		c.blockObjects[b.object] = b
	}
}

func isDefaultPath(path []string) bool {
	return len(path) == 0 || len(path) == 1 && path[0] == "public"
}

// commentOnBlock adds a COMMENT statement to the block of the object it is
// about, and reports whether there was one.
func (c *collector) commentOnBlock(cs *pg_query.CommentStmt) bool {
	var names []string
	switch {
	case cs.Object.GetList() != nil:
		names = strs(cs.Object.GetList().Items)
	case cs.Object.GetObjectWithArgs() != nil:
		names = strs(cs.Object.GetObjectWithArgs().Objname)
	case cs.Object.GetTypeName() != nil:
		names = strs(cs.Object.GetTypeName().Names)
	case cs.Object.GetString_() != nil:
		names = []string{cs.Object.GetString_().Sval}
	}
	if len(names) == 0 || c.stmtText == "" {
		return false
	}
	b := c.blockObjects[strings.ToLower(names[len(names)-1])]
	if b == nil {
		return false
	}
	b.body += "\n" + c.stmtText
	return true
}

// blockTables resolves the blocks' references to the tables of the design,
// as the SQL check does: a qualified name names that table, an unqualified
// one any table of that name. A block that names a table, or one of its
// partitions, runs after it.
func (b *builder) blockTables(blk *sqlBlock) []*entity {
	var out []*entity
	for _, ref := range blk.refs {
		tables := b.c.tables
		if parent := b.c.partitionParent(ref.Schema, ref.Name); parent != nil {
			// A partition is created with its partitioned table.
			tables, ref.Schema, ref.Name = []*sqlTable{parent}, parent.schema, parent.name
		}
		for _, t := range tables {
			if t.name != ref.Name || ref.Schema != "" && ref.Schema != t.schema {
				continue
			}
			if e := b.byTable[t]; e != nil {
				dup := false
				for _, have := range out {
					dup = dup || have == e
				}
				if !dup {
					out = append(out, e)
				}
				break
			}
		}
	}
	return out
}

// settleBlocks decides which blocks run after the tables, once every table is known.
func (b *builder) settleBlocks() {
	b.blockAfter = map[*sqlBlock][]string{}
	// A schema that holds a table is created by the design itself.
	tableSchemas := map[string]bool{}
	for _, t := range b.c.tables {
		tableSchemas[t.schema] = true
	}
	kept := b.c.blocks[:0]
	for _, blk := range b.c.blocks {
		if blk.schema == "" || !tableSchemas[blk.schema] {
			kept = append(kept, blk)
		}
	}
	b.c.blocks = kept
	for _, blk := range b.c.blocks {
		var after []string
		for _, e := range b.blockTables(blk) {
			after = append(after, e.key)
			blk.late = true
		}
		for _, dep := range blk.after {
			after = append(after, dep.name)
			blk.late = blk.late || dep.late
		}
		b.blockAfter[blk] = after
	}
}

// lateFunction reports whether a function of the file is one that the
// design cannot create before the tables: defined inside CREATE SCHEMA or a
// DO block, or in a block that needs a table. A check, default or index
// that calls it is skipped.
func (b *builder) lateFunction(name string) bool {
	blk := b.c.funcBlocks[name]
	return blk == nil || blk.late
}

// lastBlock is the block kept last, or nil.
func (c *collector) lastBlock() *sqlBlock {
	if len(c.blocks) == 0 {
		return nil
	}
	return c.blocks[len(c.blocks)-1]
}

// defineBlockKind names the kind of object a DefineStmt creates, for a block's name.
func defineBlockKind(d *pg_query.DefineStmt) string {
	switch d.Kind {
	case pg_query.ObjectType_OBJECT_AGGREGATE:
		return "aggregate"
	case pg_query.ObjectType_OBJECT_COLLATION:
		return "collation"
	case pg_query.ObjectType_OBJECT_OPERATOR:
		return "operator"
	case pg_query.ObjectType_OBJECT_TSCONFIGURATION:
		return "text search configuration"
	case pg_query.ObjectType_OBJECT_TSDICTIONARY:
		return "text search dictionary"
	case pg_query.ObjectType_OBJECT_TSPARSER:
		return "text search parser"
	case pg_query.ObjectType_OBJECT_TSTEMPLATE:
		return "text search template"
	}
	return "type"
}

// lateCollation is lateFunction for a collation of the file.
func (b *builder) lateCollation(name string) bool {
	blk := b.c.collationBlocks[strings.ToLower(name)]
	return blk == nil || blk.late
}

// localSchema is the schema a function or collation of the file was created
// in, when that is not public: the design's expressions are run with the
// default search path, so calls to it are qualified (see qualifyLocal).
func (c *collector) localSchema(names []string, kind map[string]string) {
	if len(names) == 0 {
		return
	}
	schema := c.searchPath[0]
	if len(names) > 1 {
		schema = names[len(names)-2]
	}
	if len(c.searchPath) == 0 {
		schema = "public"
	}
	kind[strings.ToLower(names[len(names)-1])] = schema
}

// qualifyLocal qualifies, in an expression of a table, the unqualified calls
// of functions and uses of collations that the file created outside public.
func (b *builder) qualifyLocal(n *pg_query.Node) {
	if len(b.c.funcSchemas) == 0 && len(b.c.collationSchemas) == 0 {
		return
	}
	qualify := func(names []*pg_query.Node, schemas map[string]string) []*pg_query.Node {
		if len(names) != 1 || names[0].GetString_() == nil {
			return names
		}
		if sc := schemas[strings.ToLower(names[0].GetString_().Sval)]; sc != "" && sc != "public" {
			return append([]*pg_query.Node{pg_query.MakeStrNode(sc)}, names...)
		}
		return names
	}
	sqlrefs.Walk(n, func(m protoreflect.ProtoMessage) {
		switch v := m.(type) {
		case *pg_query.FuncCall:
			v.Funcname = qualify(v.Funcname, b.c.funcSchemas)
		case *pg_query.CollateClause:
			v.Collname = qualify(v.Collname, b.c.collationSchemas)
		}
	})
}

// localCollation is a collation's name, qualified when the file created it outside public.
func (b *builder) localCollation(names []string) []string {
	if len(names) == 1 {
		if sc := b.c.collationSchemas[strings.ToLower(names[0])]; sc != "" && sc != "public" {
			return []string{sc, names[0]}
		}
	}
	return names
}

// dropBlock removes the latest block that creates the object a DROP names
// (a function, view, trigger, ...): the file's later DROP undoes it.
func (c *collector) dropBlock(obj *pg_query.Node) {
	var names []string
	switch {
	case obj.GetList() != nil:
		names = strs(obj.GetList().Items)
	case obj.GetObjectWithArgs() != nil:
		names = strs(obj.GetObjectWithArgs().Objname)
	case obj.GetTypeName() != nil:
		names = strs(obj.GetTypeName().Names)
	case obj.GetString_() != nil:
		names = []string{obj.GetString_().Sval}
	}
	if len(names) == 0 {
		return
	}
	name := strings.ToLower(names[len(names)-1])
	blk := c.blockObjects[name]
	if blk == nil {
		return
	}
	for i := len(c.blocks) - 1; i >= 0; i-- {
		if c.blocks[i] == blk {
			c.blocks = append(c.blocks[:i], c.blocks[i+1:]...)
			break
		}
	}
	delete(c.blockObjects, name)
	if c.funcBlocks[name] == blk {
		delete(c.funcBlocks, name)
		delete(c.funcs, name)
	}
}
