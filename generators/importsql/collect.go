package importsql

import (
	"fmt"
	"regexp"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/schemagen/schemagen/internal/sqlname"
)

// tally counts what was skipped (or changed) of one kind, and where the first one is.
type tally struct {
	kind  string
	count int
	loc   int
	note  string
}

// collector walks the parsed statements and builds the tables, enums and
// domains they describe, folding ALTER TABLE, COMMENT and ALTER SEQUENCE in.
type collector struct {
	searchPath []string
	tables     []*sqlTable
	byKey      map[string]*sqlTable
	enums      []*sqlEnum
	domains    map[string]*sqlDomain
	seqs       map[string]*sqlSequence
	seqOrder   []*sqlSequence
	funcs      map[string]bool
	// collations and opclasses are the names (lower case, without schema)
	// of the collations and operator classes the file creates: the design
	// cannot create them, so an index entry must not use them.
	collations map[string]bool
	opclasses  map[string]bool
	extensions []*sqlExtension
	// domainOrder lists the domains in file order.
	domainOrder []*sqlDomain
	// others maps schema.name of views and partitions to the kind a later
	// ALTER TABLE or CREATE INDEX on them is counted under.
	others map[string]string
	// partitionParents maps schema.name of each partition to its
	// partitioned table: a block that names a partition runs after it.
	partitionParents map[string]*sqlTable

	skipped []*tally
	changed []*tally

	// src is the SQL text; stmtText is the text of the statement being
	// collected ("" inside CREATE SCHEMA), which SQL blocks keep.
	src      string
	stmtText string
	// blocks are the statements kept as SQL blocks, in file order.
	blocks       []*sqlBlock
	blockNames   map[string]int       // how many blocks have each name
	blockObjects map[string]*sqlBlock // by the object each creates
	funcBlocks   map[string]*sqlBlock // the block of each function of the file
	// collationBlocks are the blocks of the collations of the file.
	collationBlocks map[string]*sqlBlock
	// funcSchemas and collationSchemas are the schemas the file's functions
	// and collations were created in, by lower-case name.
	funcSchemas, collationSchemas map[string]string
	// typeSchemas are the schemas of the composite and range types the file
	// creates (kept as SQL blocks), by name.
	typeSchemas map[string]string
}

func newCollector() *collector {
	return &collector{
		searchPath: []string{"public"},
		byKey:      map[string]*sqlTable{},
		domains:    map[string]*sqlDomain{},
		seqs:       map[string]*sqlSequence{},
		funcs:      map[string]bool{},
		collations: map[string]bool{},
		opclasses:  map[string]bool{},
		others:     map[string]string{},

		partitionParents: map[string]*sqlTable{},

		blockNames:   map[string]int{},
		blockObjects: map[string]*sqlBlock{},
		funcBlocks:   map[string]*sqlBlock{},

		collationBlocks:  map[string]*sqlBlock{},
		funcSchemas:      map[string]string{},
		collationSchemas: map[string]string{},
	}
}

func bump(list *[]*tally, kind string, loc int, note string) {
	for _, t := range *list {
		if t.kind == kind {
			t.count++
			return
		}
	}
	*list = append(*list, &tally{kind: kind, count: 1, loc: loc, note: note})
}

// skip records a statement kind the design format cannot express.
func (c *collector) skip(kind string, loc int) { bump(&c.skipped, kind, loc, "") }

// change records something imported with a loss, explained by note.
func (c *collector) change(kind string, loc int, note string) { bump(&c.changed, kind, loc, note) }

func (c *collector) schemaFor(rv *pg_query.RangeVar) string {
	if rv.Schemaname != "" {
		return rv.Schemaname
	}
	return c.searchPath[0]
}

// lookup finds a table named by rv the way PostgreSQL would: its schema, or the search path.
func (c *collector) lookup(schema, name string) *sqlTable {
	if schema != "" {
		return c.byKey[schema+"."+name]
	}
	for _, s := range c.searchPath {
		if t := c.byKey[s+"."+name]; t != nil {
			return t
		}
	}
	for _, s := range []string{"public", "pg_catalog"} {
		if t := c.byKey[s+"."+name]; t != nil {
			return t
		}
	}
	return nil
}

func (c *collector) lookupRV(rv *pg_query.RangeVar) *sqlTable {
	return c.lookup(rv.Schemaname, rv.Relname)
}

func strs(nodes []*pg_query.Node) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

func (c *collector) statement(raw *pg_query.RawStmt) {
	loc := int(raw.StmtLocation)
	end := len(c.src)
	if raw.StmtLen > 0 {
		end = loc + int(raw.StmtLen)
	}
	c.stmtText = ""
	if loc >= 0 && loc <= end && end <= len(c.src) {
		c.stmtText = strings.TrimSpace(c.src[loc:end]) + ";"
	}
	c.node(raw.Stmt, loc)
	c.stmtText = ""
}

func (c *collector) node(n *pg_query.Node, loc int) {
	switch s := n.Node.(type) {
	case *pg_query.Node_CreateStmt:
		c.createTable(s.CreateStmt, loc)
	case *pg_query.Node_AlterTableStmt:
		c.alterTable(s.AlterTableStmt, loc)
	case *pg_query.Node_IndexStmt:
		c.createIndex(s.IndexStmt, loc)
	case *pg_query.Node_CreateEnumStmt:
		c.createEnum(s.CreateEnumStmt, loc)
	case *pg_query.Node_CreateDomainStmt:
		c.createDomain(s.CreateDomainStmt, loc)
	case *pg_query.Node_CommentStmt:
		c.comment(s.CommentStmt, loc)
	case *pg_query.Node_CreateSeqStmt:
		c.createSequence(s.CreateSeqStmt, loc)
	case *pg_query.Node_AlterSeqStmt:
		c.alterSequence(s.AlterSeqStmt, loc)
	case *pg_query.Node_VariableSetStmt:
		if s.VariableSetStmt.Name == "search_path" {
			c.setSearchPath(strsOrConsts(s.VariableSetStmt.Args))
		}
	case *pg_query.Node_SelectStmt:
		if !c.setConfig(s.SelectStmt) {
			c.skip("queries", loc)
		}
	case *pg_query.Node_CreateSchemaStmt:
		if len(s.CreateSchemaStmt.SchemaElts) == 0 {
			// A schema of its own (pg_dump writes every schema so) may hold
			// only views or functions: kept as a block, which settleBlocks
			// drops again when a table of the design lives there.
			name := s.CreateSchemaStmt.Schemaname
			c.blocks = append(c.blocks, &sqlBlock{name: "schema " + name, schema: name, loc: loc,
				body: "CREATE SCHEMA IF NOT EXISTS " + sqlname.QuoteIdent(name) + ";"})
			break
		}
		saved := c.searchPath
		c.searchPath = []string{s.CreateSchemaStmt.Schemaname}
		create := "CREATE SCHEMA IF NOT EXISTS " + sqlname.QuoteIdent(s.CreateSchemaStmt.Schemaname) + ";\n"
		for _, elt := range s.CreateSchemaStmt.SchemaElts {
			// An element has no text of its own: a SQL block gets it printed
			// back, and the first one creates the schema (which may hold no table).
			c.stmtText = ""
			if text, err := pg_query.Deparse(&pg_query.ParseResult{Stmts: []*pg_query.RawStmt{{Stmt: elt}}}); err == nil {
				c.stmtText = create + text + ";"
				create = ""
			}
			c.node(elt, nodeLocation(elt, loc))
		}
		c.searchPath = saved
	case *pg_query.Node_CreateFunctionStmt:
		names := strs(s.CreateFunctionStmt.Funcname)
		if len(names) == 0 {
			break
		}
		name := names[len(names)-1]
		c.funcs[strings.ToLower(name)] = true
		c.localSchema(names, c.funcSchemas)
		kind := "function"
		if s.CreateFunctionStmt.IsProcedure {
			kind = "procedure"
		}
		c.keepBlock(kind, name, "", n, loc)
		if b := c.lastBlock(); b != nil && b.object == strings.ToLower(name) {
			c.funcBlocks[b.object] = b
		}
	case *pg_query.Node_CreateExtensionStmt:
		c.createExtension(s.CreateExtensionStmt, loc)
	case *pg_query.Node_DropStmt:
		c.drop(s.DropStmt)
	case *pg_query.Node_TransactionStmt, *pg_query.Node_VariableShowStmt:
		// BEGIN/COMMIT and session settings do not describe the schema.
	case *pg_query.Node_ViewStmt:
		c.keepBlock("view", s.ViewStmt.View.Relname, "", n, loc)
		c.others[c.schemaFor(s.ViewStmt.View)+"."+s.ViewStmt.View.Relname] = "views"
	case *pg_query.Node_CreateTableAsStmt:
		in := s.CreateTableAsStmt.Into
		if s.CreateTableAsStmt.Objtype != pg_query.ObjectType_OBJECT_MATVIEW || in == nil || in.Rel == nil {
			c.skip("CREATE TABLE AS", loc)
			break
		}
		c.keepBlock("materialized view", in.Rel.Relname, "", n, loc)
		c.others[c.schemaFor(in.Rel)+"."+in.Rel.Relname] = "materialized views"
	case *pg_query.Node_CreateTrigStmt:
		c.keepBlock("trigger", s.CreateTrigStmt.Trigname, " on "+s.CreateTrigStmt.Relation.Relname, n, loc)
	case *pg_query.Node_CreatePolicyStmt:
		c.keepBlock("policy", s.CreatePolicyStmt.PolicyName, " on "+s.CreatePolicyStmt.Table.Relname, n, loc)
	case *pg_query.Node_AlterPolicyStmt:
		c.skip("row security policies", loc)
	case *pg_query.Node_RuleStmt:
		c.keepBlock("rule", s.RuleStmt.Rulename, " on "+s.RuleStmt.Relation.Relname, n, loc)
	case *pg_query.Node_GrantStmt, *pg_query.Node_GrantRoleStmt, *pg_query.Node_AlterOwnerStmt,
		*pg_query.Node_AlterDefaultPrivilegesStmt, *pg_query.Node_CreateRoleStmt, *pg_query.Node_AlterRoleStmt:
		c.skip("privileges and ownership", loc)
	case *pg_query.Node_InsertStmt, *pg_query.Node_UpdateStmt, *pg_query.Node_DeleteStmt, *pg_query.Node_CopyStmt:
		c.skip("data (INSERT, UPDATE, DELETE, COPY)", loc)
	case *pg_query.Node_DoStmt:
		c.doExtensions(s.DoStmt, loc)
		c.keepBlock("DO block", fmt.Sprint(len(c.blocks)+1), "", n, loc)
		blk := c.lastBlock()
		// Functions created inside a DO block are functions of the file too.
		for _, a := range s.DoStmt.Args {
			if de := a.GetDefElem(); de != nil && de.Defname == "as" {
				if str := de.Arg.GetString_(); str != nil {
					for _, m := range doFunction.FindAllStringSubmatch(str.Sval, -1) {
						parts := strings.Split(strings.ReplaceAll(m[1], `"`, ""), ".")
						name := strings.ToLower(parts[len(parts)-1])
						c.funcs[name] = true
						c.localSchema(parts, c.funcSchemas)
						if blk != nil {
							c.funcBlocks[name] = blk
						}
					}
				}
			}
		}
	case *pg_query.Node_CompositeTypeStmt:
		rv := s.CompositeTypeStmt.Typevar
		c.keepBlock("type", rv.Relname, "", n, loc)
		c.blockType(rv.Relname, c.schemaFor(rv))
	case *pg_query.Node_CreateRangeStmt:
		names := strs(s.CreateRangeStmt.TypeName)
		c.keepBlock("type", names[len(names)-1], "", n, loc)
		schema := c.searchPath[0]
		if len(names) > 1 {
			schema = names[len(names)-2]
		}
		c.blockType(names[len(names)-1], schema)
	case *pg_query.Node_DefineStmt:
		names := strs(s.DefineStmt.Defnames)
		if len(names) == 0 {
			c.skip(defineKind(s.DefineStmt), loc)
			break
		}
		name := names[len(names)-1]
		if s.DefineStmt.Kind == pg_query.ObjectType_OBJECT_COLLATION {
			c.collations[strings.ToLower(name)] = true
			c.localSchema(names, c.collationSchemas)
		}
		c.keepBlock(defineBlockKind(s.DefineStmt), name, "", n, loc)
		if b := c.lastBlock(); b != nil && s.DefineStmt.Kind == pg_query.ObjectType_OBJECT_COLLATION {
			c.collationBlocks[strings.ToLower(name)] = b
		}
	case *pg_query.Node_AlterTsconfigurationStmt:
		names := strs(s.AlterTsconfigurationStmt.Cfgname)
		if dep := c.blockObjects[strings.ToLower(names[len(names)-1])]; dep != nil && c.stmtText != "" {
			dep.body += "\n" + c.stmtText
		} else {
			c.skip(statementKind(n), loc)
		}
	case *pg_query.Node_CreateOpClassStmt:
		if names := strs(s.CreateOpClassStmt.Opclassname); len(names) > 0 {
			c.opclasses[strings.ToLower(names[len(names)-1])] = true
		}
		c.skip(statementKind(n), loc)
	case *pg_query.Node_CreateStatsStmt:
		c.createStatistics(s.CreateStatsStmt, n, loc)
	case *pg_query.Node_CreatePlangStmt:
		c.skip("procedural languages", loc)
	case *pg_query.Node_AlterEnumStmt:
		c.alterEnum(s.AlterEnumStmt, loc)
	default:
		c.skip(statementKind(n), loc)
	}
}

// nodeLocation is the location of a schema element inside CREATE SCHEMA.
func nodeLocation(n *pg_query.Node, fallback int) int {
	switch s := n.Node.(type) {
	case *pg_query.Node_CreateStmt:
		return int(s.CreateStmt.Relation.Location)
	case *pg_query.Node_IndexStmt:
		return int(s.IndexStmt.Relation.Location)
	}
	return fallback
}

func defineKind(d *pg_query.DefineStmt) string {
	switch d.Kind {
	case pg_query.ObjectType_OBJECT_AGGREGATE:
		return "aggregates"
	case pg_query.ObjectType_OBJECT_COLLATION:
		return "collations"
	case pg_query.ObjectType_OBJECT_OPERATOR:
		return "operators"
	case pg_query.ObjectType_OBJECT_TSCONFIGURATION, pg_query.ObjectType_OBJECT_TSDICTIONARY,
		pg_query.ObjectType_OBJECT_TSPARSER, pg_query.ObjectType_OBJECT_TSTEMPLATE:
		return "text search configurations"
	}
	return "type definitions (CREATE TYPE without AS ENUM)"
}

// statementKind names a statement the importer has no special case for, from its node type.
func statementKind(n *pg_query.Node) string {
	name := strings.TrimPrefix(strings.TrimPrefix(typeName(n), "*pg_query.Node_"), "Node_")
	name = strings.TrimSuffix(name, "Stmt")
	var b strings.Builder
	for i, r := range name {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String()) + " statements"
}

func strsOrConsts(nodes []*pg_query.Node) []string {
	var out []string
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		} else if a := n.GetAConst(); a != nil && a.GetSval() != nil {
			out = append(out, a.GetSval().Sval)
		}
	}
	return out
}

func (c *collector) setSearchPath(list []string) {
	var path []string
	for _, item := range list {
		for _, part := range strings.Split(item, ",") {
			part = strings.Trim(strings.TrimSpace(part), `"`)
			if part != "" && part != "$user" && part != "pg_catalog" {
				path = append(path, part)
			}
		}
	}
	if len(path) == 0 {
		path = []string{"public"}
	}
	c.searchPath = path
}

// setConfig handles pg_dump's `SELECT pg_catalog.set_config('search_path', ”, false);`.
func (c *collector) setConfig(sel *pg_query.SelectStmt) bool {
	if len(sel.TargetList) != 1 || sel.FromClause != nil {
		return false
	}
	rt := sel.TargetList[0].GetResTarget()
	if rt == nil || rt.Val == nil {
		return false
	}
	fc := rt.Val.GetFuncCall()
	if fc == nil {
		return false
	}
	names := strs(fc.Funcname)
	if len(names) == 0 || names[len(names)-1] != "set_config" || len(fc.Args) < 2 {
		return false
	}
	args := strsOrConsts(fc.Args[:2])
	if len(args) == 2 && args[0] == "search_path" {
		c.setSearchPath([]string{args[1]})
	}
	return true
}

func (c *collector) drop(d *pg_query.DropStmt) {
	for _, obj := range d.Objects {
		switch d.RemoveType {
		case pg_query.ObjectType_OBJECT_TABLE:
			if l := obj.GetList(); l != nil {
				names := strs(l.Items)
				var t *sqlTable
				if len(names) == 2 {
					t = c.lookup(names[0], names[1])
				} else if len(names) == 1 {
					t = c.lookup("", names[0])
				}
				if t != nil {
					c.removeTable(t)
				}
			}
		default:
			c.dropBlock(obj)
		}
	}
}

// other returns the kind of a view or partition rv names, or "".
func (c *collector) other(rv *pg_query.RangeVar) string {
	if rv.Schemaname != "" {
		return c.others[rv.Schemaname+"."+rv.Relname]
	}
	for _, s := range append(append([]string{}, c.searchPath...), "public") {
		if k := c.others[s+"."+rv.Relname]; k != "" {
			return k
		}
	}
	return ""
}

func (c *collector) removeTable(t *sqlTable) {
	delete(c.byKey, t.key())
	for i, x := range c.tables {
		if x == t {
			c.tables = append(c.tables[:i], c.tables[i+1:]...)
			break
		}
	}
}

// doFunction finds the functions a DO block creates.
var doFunction = regexp.MustCompile(`(?i)create\s+(?:or\s+replace\s+)?function\s+([\w."]+)`)

func (c *collector) createTable(cs *pg_query.CreateStmt, loc int) {
	rv := cs.Relation
	if cs.Partbound != nil {
		if c.partitionOf(cs) {
			return
		}
		c.skip("partitions", int(rv.Location))
		c.others[c.schemaFor(rv)+"."+rv.Relname] = "partitions"
		return
	}
	if rv.Relpersistence == "t" {
		c.skip("temporary tables", int(rv.Location))
		return
	}
	if cs.OfTypename != nil {
		c.skip("typed tables (CREATE TABLE OF)", int(rv.Location))
		return
	}
	t := &sqlTable{schema: c.schemaFor(rv), name: rv.Relname, loc: int(rv.Location), partitioned: cs.Partspec != nil, unlogged: rv.Relpersistence == "u"}
	if prev := c.byKey[t.key()]; prev != nil {
		if cs.IfNotExists {
			return
		}
		// A second CREATE of the same table (concatenated migrations): the later one wins.
		c.drop(&pg_query.DropStmt{RemoveType: pg_query.ObjectType_OBJECT_TABLE, Objects: []*pg_query.Node{
			{Node: &pg_query.Node_List{List: &pg_query.List{Items: []*pg_query.Node{pg_query.MakeStrNode(t.schema), pg_query.MakeStrNode(t.name)}}}}}})
	}
	if cs.Partspec != nil {
		t.partition = &sqlPartitioning{strategy: strategyName(cs.Partspec.Strategy)}
		for _, p := range cs.Partspec.PartParams {
			if el := p.GetPartitionElem(); el != nil {
				t.partition.elems = append(t.partition.elems, el)
			}
		}
	}
	for _, inh := range cs.InhRelations {
		if prv := inh.GetRangeVar(); prv != nil {
			if parent := c.lookupRV(prv); parent != nil {
				t.inherits = append(t.inherits, parent)
			}
		}
	}
	if len(t.inherits) > 0 {
		c.change("table inheritance", t.loc, "a table that inherits gets copies of its parents' columns and CHECK constraints; the inheritance itself is dropped")
		for _, p := range t.inherits {
			for _, pc := range p.columns {
				if t.column(pc.name) == nil {
					cp := *pc
					cp.comment, cp.inherited = "", true
					t.columns = append(t.columns, &cp)
					c.carryIntervalType(t, cp.name, cp.typ, t.loc)
				}
			}
			for _, ch := range p.checks {
				cp := *ch
				t.checks = append(t.checks, &cp)
			}
		}
	}
	for _, elt := range cs.TableElts {
		switch e := elt.Node.(type) {
		case *pg_query.Node_ColumnDef:
			c.addColumn(t, e.ColumnDef)
		case *pg_query.Node_Constraint:
			c.tableConstraint(t, e.Constraint)
		case *pg_query.Node_TableLikeClause:
			c.skip("LIKE clauses in CREATE TABLE", loc)
		}
	}
	for _, con := range cs.Constraints {
		if k := con.GetConstraint(); k != nil {
			c.tableConstraint(t, k)
		}
	}
	c.tables = append(c.tables, t)
	c.byKey[t.key()] = t
	if len(cs.Options) > 0 {
		c.carryTableOptions(t, cs.Options, t.loc)
	}
}

func (c *collector) addColumn(t *sqlTable, cd *pg_query.ColumnDef) {
	col := t.column(cd.Colname)
	if col == nil {
		col = &sqlColumn{name: cd.Colname}
		t.columns = append(t.columns, col)
	}
	col.loc, col.typ = int(cd.Location), cd.TypeName
	if cd.IsNotNull {
		col.notNull = true
	}
	if cd.RawDefault != nil {
		col.def = cd.RawDefault
	}
	if cd.CollClause != nil {
		col.collate = strs(cd.CollClause.Collname)
	}
	var lastKey *sqlKey
	var lastFK *sqlFK
	var carriedFK *pg_query.Constraint
	for _, n := range cd.Constraints {
		k := n.GetConstraint()
		if k == nil {
			continue
		}
		switch k.Contype {
		case pg_query.ConstrType_CONSTR_NOTNULL:
			col.notNull = true
		case pg_query.ConstrType_CONSTR_NULL:
			col.notNull = false
		case pg_query.ConstrType_CONSTR_DEFAULT:
			col.def = k.RawExpr
		case pg_query.ConstrType_CONSTR_IDENTITY:
			col.identity = k.GeneratedWhen
			col.notNull = true
			if len(k.Options) > 0 {
				c.change("identity sequence options", int(k.Location), "the design format has no sequence options: an identity column's START, INCREMENT, ... are dropped")
			}
		case pg_query.ConstrType_CONSTR_GENERATED:
			col.generated = k.RawExpr
		case pg_query.ConstrType_CONSTR_CHECK:
			if kind, ok := carriedConstraint(k); ok {
				c.carryConstraint(kind, t, k, int(k.Location))
				continue
			}
			t.checks = append(t.checks, &sqlCheck{name: k.Conname, expr: k.RawExpr, loc: int(k.Location), column: col.name})
		case pg_query.ConstrType_CONSTR_PRIMARY:
			t.pk = &sqlKey{name: k.Conname, columns: []string{col.name}, loc: int(k.Location)}
			col.notNull = true
		case pg_query.ConstrType_CONSTR_UNIQUE:
			lastKey = &sqlKey{name: k.Conname, columns: []string{col.name}, loc: int(k.Location), nullsNotDistinct: k.NullsNotDistinct,
				deferrable: deferrable(k.Deferrable, k.Initdeferred)}
			t.uniques = append(t.uniques, lastKey)
			lastFK = nil
		case pg_query.ConstrType_CONSTR_FOREIGN:
			if _, ok := carriedConstraint(k); ok {
				// Kept as a block once its DEFERRABLE, which follows it, is read.
				k.FkAttrs = []*pg_query.Node{pg_query.MakeStrNode(col.name)}
				carriedFK, lastFK, lastKey = k, nil, nil
				continue
			}
			c.foreignKey(t, k, []string{col.name})
			lastFK, lastKey = t.fks[len(t.fks)-1], nil
		case pg_query.ConstrType_CONSTR_ATTR_DEFERRABLE, pg_query.ConstrType_CONSTR_ATTR_DEFERRED:
			// A column constraint's DEFERRABLE comes as a node of its own, after it.
			mode := "immediate"
			if k.Contype == pg_query.ConstrType_CONSTR_ATTR_DEFERRED {
				mode = "deferred"
			}
			if carriedFK != nil && lastFK == nil && lastKey == nil {
				carriedFK.Deferrable = true
				carriedFK.Initdeferred = mode == "deferred"
			} else if lastFK != nil {
				lastFK.deferrable = mode
			} else if lastKey != nil {
				lastKey.deferrable = mode
			}
		}
	}
	if carriedFK != nil {
		c.carryConstraint("foreign key", t, carriedFK, int(carriedFK.Location))
	}
	c.carryIntervalType(t, cd.Colname, cd.TypeName, int(cd.Location))
}

func (c *collector) tableConstraint(t *sqlTable, k *pg_query.Constraint) {
	loc := int(k.Location)
	switch k.Contype {
	case pg_query.ConstrType_CONSTR_PRIMARY:
		if k.Indexname != "" {
			c.change("constraints built on an existing index", loc, "ADD CONSTRAINT ... USING INDEX is skipped")
			return
		}
		t.pk = &sqlKey{name: k.Conname, columns: strs(k.Keys), loc: loc}
		for _, name := range t.pk.columns {
			if col := t.column(name); col != nil {
				col.notNull = true
			}
		}
		if len(k.Including) > 0 {
			c.change("INCLUDE columns", loc, "INCLUDE columns of keys and indexes are dropped")
		}
	case pg_query.ConstrType_CONSTR_UNIQUE:
		if k.Indexname != "" {
			c.change("constraints built on an existing index", loc, "ADD CONSTRAINT ... USING INDEX is skipped")
			return
		}
		t.uniques = append(t.uniques, &sqlKey{name: k.Conname, columns: strs(k.Keys), loc: loc, nullsNotDistinct: k.NullsNotDistinct,
			deferrable: deferrable(k.Deferrable, k.Initdeferred)})
		if len(k.Including) > 0 {
			c.change("INCLUDE columns", loc, "INCLUDE columns of keys and indexes are dropped")
		}
	case pg_query.ConstrType_CONSTR_CHECK:
		if kind, ok := carriedConstraint(k); ok {
			c.carryConstraint(kind, t, k, loc)
			return
		}
		t.checks = append(t.checks, &sqlCheck{name: k.Conname, expr: k.RawExpr, loc: loc})
	case pg_query.ConstrType_CONSTR_FOREIGN:
		if kind, ok := carriedConstraint(k); ok {
			c.carryConstraint(kind, t, k, loc)
			return
		}
		c.foreignKey(t, k, strs(k.FkAttrs))
	case pg_query.ConstrType_CONSTR_EXCLUSION:
		c.exclusion(t, k, loc)
	}
}

var fkActions = map[string]string{"a": "no action", "r": "restrict", "c": "cascade", "n": "set null", "d": "set default"}

func (c *collector) foreignKey(t *sqlTable, k *pg_query.Constraint, cols []string) {
	fk := &sqlFK{
		name: k.Conname, columns: cols, refTable: k.Pktable.Relname, refSchema: k.Pktable.Schemaname,
		refColumns: strs(k.PkAttrs), onDelete: fkActions[k.FkDelAction], onUpdate: fkActions[k.FkUpdAction],
		deferrable: deferrable(k.Deferrable, k.Initdeferred), notValid: k.SkipValidation, loc: int(k.Location),
	}
	if fk.onDelete == "" {
		fk.onDelete = "no action"
	}
	if fk.onUpdate == "" {
		fk.onUpdate = "no action"
	}
	if fk.refSchema == "" {
		// Resolve now, with the search path in force where the key is written.
		if p := c.lookup("", fk.refTable); p != nil {
			fk.refSchema = p.schema
		} else if fk.refTable == t.name {
			fk.refSchema = t.schema
		} else {
			fk.refSchema = c.searchPath[0]
		}
	}
	t.fks = append(t.fks, fk)
}

func (c *collector) alterTable(at *pg_query.AlterTableStmt, loc int) {
	if at.Objtype != pg_query.ObjectType_OBJECT_TABLE {
		switch at.Objtype {
		case pg_query.ObjectType_OBJECT_SEQUENCE:
			c.skip("sequence settings", loc)
		case pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW:
			c.skip("views", loc)
		case pg_query.ObjectType_OBJECT_INDEX:
			if !c.attachIndex(at) {
				c.skip("ALTER INDEX statements", loc)
			}
		default:
			c.skip("ALTER statements on other objects", loc)
		}
		return
	}
	t := c.lookupRV(at.Relation)
	if t == nil {
		if at.MissingOk {
			return
		}
		onlyOwner := len(at.Cmds) > 0
		for _, n := range at.Cmds {
			if cmd := n.GetAlterTableCmd(); cmd == nil || cmd.Subtype != pg_query.AlterTableType_AT_ChangeOwner {
				onlyOwner = false
			}
		}
		if onlyOwner {
			c.skip("privileges and ownership", loc)
			return
		}
		kind := c.other(at.Relation)
		if kind == "partitions" && c.carryPartitionAlter(at, &pg_query.Node{Node: &pg_query.Node_AlterTableStmt{AlterTableStmt: at}}, loc) {
			return
		}
		if kind != "" {
			c.skip("ALTER TABLE on "+kind, loc)
			return
		}
		c.skip("ALTER TABLE on tables not created in the file", loc)
		return
	}
	for _, n := range at.Cmds {
		cmd := n.GetAlterTableCmd()
		if cmd == nil {
			continue
		}
		switch cmd.Subtype {
		case pg_query.AlterTableType_AT_AddConstraint:
			if k := cmd.Def.GetConstraint(); k != nil {
				c.tableConstraint(t, k)
			}
		case pg_query.AlterTableType_AT_AddColumn:
			if cd := cmd.Def.GetColumnDef(); cd != nil {
				if cmd.MissingOk && t.column(cd.Colname) != nil {
					continue
				}
				c.addColumn(t, cd)
			}
		case pg_query.AlterTableType_AT_ColumnDefault:
			if col := t.column(cmd.Name); col != nil {
				col.def = cmd.Def
			}
		case pg_query.AlterTableType_AT_SetNotNull:
			if col := t.column(cmd.Name); col != nil {
				col.notNull = true
			}
		case pg_query.AlterTableType_AT_DropNotNull:
			if col := t.column(cmd.Name); col != nil {
				col.notNull = false
			}
		case pg_query.AlterTableType_AT_AddIdentity:
			if col := t.column(cmd.Name); col != nil {
				if k := cmd.Def.GetConstraint(); k != nil {
					col.identity = k.GeneratedWhen
					col.notNull = true
				}
			}
		case pg_query.AlterTableType_AT_DropColumn:
			for i, col := range t.columns {
				if col.name == cmd.Name {
					t.columns = append(t.columns[:i], t.columns[i+1:]...)
					break
				}
			}
		case pg_query.AlterTableType_AT_DropConstraint:
			c.dropConstraint(t, cmd.Name)
		case pg_query.AlterTableType_AT_ChangeOwner:
			c.skip("privileges and ownership", loc)
		case pg_query.AlterTableType_AT_AttachPartition, pg_query.AlterTableType_AT_DetachPartition:
			// pg_dump creates a partition as a table, then attaches it: it is not a table of the design.
			if pc := cmd.Def.GetPartitionCmd(); pc != nil && pc.Name != nil && cmd.Subtype == pg_query.AlterTableType_AT_AttachPartition {
				if part := c.lookupRV(pc.Name); part != nil {
					c.removeTable(part)
					c.others[part.key()] = "partitions"
					if !c.attachPartition(t, part) {
						c.skip("ATTACH PARTITION commands", loc)
						c.skip("partitions", part.loc)
					}
					continue
				}
			}
			c.skip("ATTACH PARTITION commands", loc)
		case pg_query.AlterTableType_AT_EnableRowSecurity, pg_query.AlterTableType_AT_ForceRowSecurity:
			c.skip("row security policies", loc)
		case pg_query.AlterTableType_AT_ClusterOn, pg_query.AlterTableType_AT_SetStatistics,
			pg_query.AlterTableType_AT_SetStorage, pg_query.AlterTableType_AT_SetRelOptions,
			pg_query.AlterTableType_AT_SetOptions, pg_query.AlterTableType_AT_ReplicaIdentity:
			c.carryStorage(t, cmd, loc)
		default:
			c.skip("other ALTER TABLE commands", loc)
		}
	}
}

func (c *collector) dropConstraint(t *sqlTable, name string) {
	if t.pk != nil && t.pk.name == name {
		t.pk = nil
	}
	for i, u := range t.uniques {
		if u.name == name {
			t.uniques = append(t.uniques[:i], t.uniques[i+1:]...)
			return
		}
	}
	for i, k := range t.checks {
		if k.name == name {
			t.checks = append(t.checks[:i], t.checks[i+1:]...)
			return
		}
	}
	for i, fk := range t.fks {
		if fk.name == name {
			t.fks = append(t.fks[:i], t.fks[i+1:]...)
			return
		}
	}
}

func (c *collector) createIndex(ix *pg_query.IndexStmt, loc int) {
	t := c.lookupRV(ix.Relation)
	if t == nil {
		if kind := c.other(ix.Relation); kind == "views" || kind == "materialized views" {
			c.keepBlock("index", ix.Idxname, " on "+ix.Relation.Relname, &pg_query.Node{Node: &pg_query.Node_IndexStmt{IndexStmt: ix}}, loc)
			return
		} else if kind == "partitions" {
			// An index of one partition, not a clone of its parent's (those
			// are attached to it, and ALTER INDEX ... ATTACH PARTITION drops
			// this block again): the design keeps it as written.
			c.keepBlock("index", ix.Idxname, " on "+ix.Relation.Relname, &pg_query.Node{Node: &pg_query.Node_IndexStmt{IndexStmt: ix}}, loc)
			return
		} else if kind != "" {
			c.skip("indexes on "+kind, loc)
			return
		}
		c.skip("indexes on tables not created in the file", loc)
		return
	}
	if (ix.NullsNotDistinct || len(ix.Options) > 0) && c.stmtText != "" {
		// What an index entry cannot say (NULLS NOT DISTINCT, WITH (fillfactor=50)) is kept by
		// keeping the statement as a block; INCLUDE columns are the entry's
		// include.
		c.keepBlock("index", ix.Idxname, " on "+ix.Relation.Relname, &pg_query.Node{Node: &pg_query.Node_IndexStmt{IndexStmt: ix}}, loc)
		return
	}
	si := &sqlIndex{name: ix.Idxname, unique: ix.Unique, using: strings.ToLower(ix.AccessMethod), where: ix.WhereClause, loc: loc}
	if si.using == "btree" {
		si.using = ""
	}
	for _, p := range ix.IndexParams {
		if e := p.GetIndexElem(); e != nil {
			si.params = append(si.params, e)
		}
	}
	for _, p := range ix.IndexIncludingParams {
		if e := p.GetIndexElem(); e != nil {
			si.include = append(si.include, e.Name)
		}
	}
	if ix.NullsNotDistinct {
		c.change("NULLS NOT DISTINCT", loc, "NULLS NOT DISTINCT is dropped")
	}
	t.indexes = append(t.indexes, si)
}

func (c *collector) createEnum(ce *pg_query.CreateEnumStmt, loc int) {
	names := strs(ce.TypeName)
	e := &sqlEnum{name: names[len(names)-1], schema: c.searchPath[0], loc: loc}
	if len(names) > 1 {
		e.schema = names[len(names)-2]
	}
	for _, v := range ce.Vals {
		if s := v.GetString_(); s != nil {
			e.values = append(e.values, s.Sval)
		}
	}
	c.enums = append(c.enums, e)
}

func (c *collector) alterEnum(ae *pg_query.AlterEnumStmt, loc int) {
	names := strs(ae.TypeName)
	e := c.enum(names[len(names)-1])
	if e == nil || ae.NewVal == "" || ae.OldVal != "" {
		c.skip("ALTER TYPE statements", loc)
		return
	}
	for _, v := range e.values {
		if v == ae.NewVal {
			return
		}
	}
	at := len(e.values)
	for i, v := range e.values {
		if v == ae.NewValNeighbor {
			at = i
			if ae.NewValIsAfter {
				at = i + 1
			}
		}
	}
	e.values = append(e.values[:at], append([]string{ae.NewVal}, e.values[at:]...)...)
}

func (c *collector) enum(name string) *sqlEnum {
	for _, e := range c.enums {
		if e.name == name {
			return e
		}
	}
	return nil
}

func (c *collector) createDomain(cd *pg_query.CreateDomainStmt, loc int) {
	names := strs(cd.Domainname)
	d := &sqlDomain{name: names[len(names)-1], schema: c.searchPath[0], typ: cd.TypeName, loc: loc}
	if intervalFields(cd.TypeName) {
		c.change("interval fields of domains", loc, "a domain's interval fields and precision (DAY TO SECOND, (3)) are dropped")
	}
	for _, n := range cd.Constraints {
		k := n.GetConstraint()
		if k == nil {
			continue
		}
		switch k.Contype {
		case pg_query.ConstrType_CONSTR_NOTNULL:
			d.notNull = true
		case pg_query.ConstrType_CONSTR_DEFAULT:
			d.def = k.RawExpr
		case pg_query.ConstrType_CONSTR_CHECK:
			d.checks = append(d.checks, k.RawExpr)
		}
	}
	if prev := c.domains[d.name]; prev != nil {
		for i, x := range c.domainOrder {
			if x == prev {
				c.domainOrder = append(c.domainOrder[:i], c.domainOrder[i+1:]...)
				break
			}
		}
	}
	c.domains[d.name] = d
	c.domainOrder = append(c.domainOrder, d)
}

func (c *collector) comment(cs *pg_query.CommentStmt, loc int) {
	switch cs.Objtype {
	case pg_query.ObjectType_OBJECT_TABLE:
		if l := cs.Object.GetList(); l != nil {
			names := strs(l.Items)
			var t *sqlTable
			switch len(names) {
			case 1:
				t = c.lookup("", names[0])
			case 2:
				t = c.lookup(names[0], names[1])
			}
			if t != nil {
				t.comment = cs.Comment
				return
			}
		}
	case pg_query.ObjectType_OBJECT_COLUMN:
		if l := cs.Object.GetList(); l != nil {
			names := strs(l.Items)
			var t *sqlTable
			switch len(names) {
			case 2:
				t = c.lookup("", names[0])
			case 3:
				t = c.lookup(names[0], names[1])
			}
			if t != nil {
				if col := t.column(names[len(names)-1]); col != nil {
					col.comment = cs.Comment
					return
				}
			}
		}
	case pg_query.ObjectType_OBJECT_TYPE:
		if tn := cs.Object.GetTypeName(); tn != nil {
			names := strs(tn.Names)
			if e := c.enum(names[len(names)-1]); e != nil {
				e.comment = cs.Comment
				return
			}
		}
	}
	if c.commentOnBlock(cs) {
		return
	}
	c.skip("comments on objects other than tables, columns and enums", loc)
}

func (c *collector) createSequence(cs *pg_query.CreateSeqStmt, loc int) {
	s := &sqlSequence{schema: c.schemaFor(cs.Sequence), name: cs.Sequence.Relname, stmt: c.stmtText, loc: loc}
	c.seqs[s.schema+"."+s.name] = s
	c.seqOrder = append(c.seqOrder, s)
	c.sequenceOptions(s, cs.Options)
}

func (c *collector) alterSequence(as *pg_query.AlterSeqStmt, loc int) {
	s := c.seqs[c.schemaFor(as.Sequence)+"."+as.Sequence.Relname]
	if s == nil {
		c.skip("sequence settings", loc)
		return
	}
	c.sequenceOptions(s, as.Options)
}

func (c *collector) sequenceOptions(s *sqlSequence, opts []*pg_query.Node) {
	for _, o := range opts {
		de := o.GetDefElem()
		if de == nil || de.Defname != "owned_by" {
			continue
		}
		if l := de.Arg.GetList(); l != nil {
			names := strs(l.Items)
			if len(names) == 2 {
				if t := c.lookup("", names[0]); t != nil {
					names = []string{t.schema, names[0], names[1]}
				}
			}
			if len(names) == 3 {
				s.ownedBy = strings.Join(names, ".")
			}
		}
	}
}
