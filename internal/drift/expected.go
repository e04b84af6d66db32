package drift

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/sqlname"
)

// Expected is the catalog a database built with `schemagen sql` from s has:
// the generated DDL, read with PostgreSQL's parser.
func Expected(s *schema.Schema) (*Catalog, error) {
	// The SQL blocks are read on their own (carry): they may hold any
	// statement, which the reader of generated DDL below refuses.
	plain := *s
	plain.Blocks = nil
	ddl, err := postgres.Generate(&plain, postgres.Options{})
	if err != nil {
		return nil, err
	}
	c, err := expectedFromDDL(string(ddl))
	if err != nil {
		return nil, err
	}
	c.carry(s)
	return c, nil
}

func expectedFromDDL(ddl string) (*Catalog, error) {
	tree, err := pg_query.Parse(ddl)
	if err != nil {
		return nil, fmt.Errorf("reading the generated DDL: %w", err)
	}
	c := newCatalog()
	c.Schemas["public"] = true
	for _, raw := range tree.Stmts {
		if err := c.addStatement(raw.Stmt); err != nil {
			return nil, fmt.Errorf("reading the generated DDL: %w", err)
		}
	}
	return c, nil
}

// addStatement adds what one statement of the generated DDL creates. The
// generator writes a known set of statements; anything else is an error, so
// that a new kind of statement cannot be compared by accident as nothing.
func (c *Catalog) addStatement(n *pg_query.Node) error {
	switch x := n.Node.(type) {
	case *pg_query.Node_TransactionStmt:
	case *pg_query.Node_CreateExtensionStmt:
		c.Extensions[x.CreateExtensionStmt.Extname] = true
	case *pg_query.Node_CreateSchemaStmt:
		c.Schemas[x.CreateSchemaStmt.Schemaname] = true
	case *pg_query.Node_CreateEnumStmt:
		name := qualifiedNames(x.CreateEnumStmt.TypeName)
		e := &Enum{Name: name}
		for _, v := range x.CreateEnumStmt.Vals {
			e.Values = append(e.Values, v.GetString_().GetSval())
		}
		c.Enums[name] = e
	case *pg_query.Node_CreateStmt:
		if x.CreateStmt.Partbound != nil {
			// A partition of a partitioned table: drift compares the
			// parent; the partition is the design's, not an extra table.
			c.Carried[carriedKey("object", x.CreateStmt.Relation.Relname)] = true
			return nil
		}
		return c.createTable(x.CreateStmt)
	case *pg_query.Node_AlterTableStmt:
		t := c.Tables[rangeVarName(x.AlterTableStmt.Relation)]
		if t == nil {
			return fmt.Errorf("ALTER TABLE of unknown table %s", rangeVarName(x.AlterTableStmt.Relation))
		}
		for _, cmd := range x.AlterTableStmt.Cmds {
			ac := cmd.GetAlterTableCmd()
			if ac == nil || ac.Subtype != pg_query.AlterTableType_AT_AddConstraint {
				return fmt.Errorf("unexpected ALTER TABLE command on %s", t.Name)
			}
			if err := t.addConstraint(ac.Def.GetConstraint(), ""); err != nil {
				return err
			}
		}
	case *pg_query.Node_IndexStmt:
		t := c.Tables[rangeVarName(x.IndexStmt.Relation)]
		if t == nil {
			return fmt.Errorf("index %s of unknown table", x.IndexStmt.Idxname)
		}
		ix, err := canonicalIndexStmt(x.IndexStmt)
		if err != nil {
			return err
		}
		t.Indexes[ix.Name] = ix
	case *pg_query.Node_CreateFunctionStmt:
		f := &Function{Name: qualifiedNames(x.CreateFunctionStmt.Funcname), Returns: typeText(x.CreateFunctionStmt.ReturnType)}
		for _, o := range x.CreateFunctionStmt.Options {
			d := o.GetDefElem()
			switch d.GetDefname() {
			case "as":
				for _, part := range d.Arg.GetList().GetItems() {
					f.Body += part.GetString_().GetSval()
				}
			case "language":
				f.Language = d.Arg.GetString_().GetSval()
			case "security":
				f.SecurityDefiner = d.Arg.GetBoolean().GetBoolval()
			case "set":
				f.Config = functionConfig(f.Config, d.Arg.GetVariableSetStmt())
			}
		}
		c.Functions[f.Name] = f
	case *pg_query.Node_VariableSetStmt:
		// SET standard_conforming_strings = on: how the script is read, not
		// what it creates.
	case *pg_query.Node_GrantStmt:
		// The generator revokes EXECUTE on its SECURITY DEFINER functions from
		// PUBLIC; privileges are not compared (a design does not describe them).
	case *pg_query.Node_CreateTrigStmt:
		t := c.Tables[rangeVarName(x.CreateTrigStmt.Relation)]
		if t == nil {
			return fmt.Errorf("trigger %s of unknown table", x.CreateTrigStmt.Trigname)
		}
		def, err := canonicalTriggerStmt(x.CreateTrigStmt)
		if err != nil {
			return err
		}
		t.Triggers[x.CreateTrigStmt.Trigname] = &Trigger{Name: x.CreateTrigStmt.Trigname, Def: def}
	case *pg_query.Node_CommentStmt:
		return c.comment(x.CommentStmt)
	case *pg_query.Node_CreateDomainStmt:
		c.createDomain(x.CreateDomainStmt)
	default:
		return fmt.Errorf("unexpected statement %T", n.Node)
	}
	return nil
}

// qualifiedNames is schema.name of a name list, public when there is no schema.
func qualifiedNames(nodes []*pg_query.Node) string {
	var names []string
	for _, n := range nodes {
		names = append(names, n.GetString_().GetSval())
	}
	if len(names) == 1 {
		return qualified("public", names[0])
	}
	return strings.Join(names, ".")
}

// serials are the pseudo-types that PostgreSQL turns into an integer type, a
// NOT NULL and a default drawn from a sequence named table_column_seq.
var serials = map[string]string{"serial": "int4", "serial4": "int4", "bigserial": "int8", "serial8": "int8", "smallserial": "int2", "serial2": "int2"}

func (c *Catalog) createTable(cs *pg_query.CreateStmt) error {
	t := newTable(rangeVarName(cs.Relation))
	c.Tables[t.Name] = t
	for _, elt := range cs.TableElts {
		if k := elt.GetConstraint(); k != nil {
			if err := t.addConstraint(k, ""); err != nil {
				return err
			}
			continue
		}
		cd := elt.GetColumnDef()
		if cd == nil {
			return fmt.Errorf("unexpected element of table %s", t.Name)
		}
		col := &Column{Name: cd.Colname, Type: typeText(cd.TypeName)}
		if cd.CollClause != nil && len(cd.CollClause.Collname) > 0 {
			col.Collation = cd.CollClause.Collname[len(cd.CollClause.Collname)-1].GetString_().GetSval()
		}
		if base, ok := serials[col.Type]; ok {
			col.Type, col.NotNull = base, true
			schema, table, _ := strings.Cut(t.Name, ".")
			seq := sqlname.SerialSequence(table, cd.Colname)
			if schema != "public" {
				seq = schema + "." + seq
			}
			col.Default = "nextval(" + sqlname.QuoteLiteral(seq) + "::regclass)"
		}
		t.Columns = append(t.Columns, col)
		for _, kn := range cd.Constraints {
			k := kn.GetConstraint()
			switch k.Contype {
			case pg_query.ConstrType_CONSTR_NOTNULL:
				col.NotNull = true
			case pg_query.ConstrType_CONSTR_NULL:
			case pg_query.ConstrType_CONSTR_DEFAULT:
				col.Default = deparseExpr(k.RawExpr)
			case pg_query.ConstrType_CONSTR_IDENTITY:
				col.Identity, col.NotNull = "by default", true
				if k.GeneratedWhen == "a" {
					col.Identity = "always"
				}
			case pg_query.ConstrType_CONSTR_GENERATED:
				col.Generated = deparseExpr(k.RawExpr)
			default:
				if err := t.addConstraint(k, cd.Colname); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// addConstraint adds a table constraint, or a column constraint of column col.
func (t *Table) addConstraint(k *pg_query.Constraint, col string) error {
	if k == nil {
		return fmt.Errorf("unexpected constraint on %s", t.Name)
	}
	out := &Constraint{Name: k.Conname, Deferrable: k.Deferrable, Deferred: k.Initdeferred}
	cols := func(nodes []*pg_query.Node) []string {
		var names []string
		for _, n := range nodes {
			names = append(names, n.GetString_().GetSval())
		}
		if len(names) == 0 && col != "" {
			names = []string{col}
		}
		return names
	}
	switch k.Contype {
	case pg_query.ConstrType_CONSTR_PRIMARY:
		out.Kind, out.Columns = 'p', cols(k.Keys)
		for _, name := range out.Columns {
			if c := t.Column(name); c != nil {
				c.NotNull = true
			}
		}
	case pg_query.ConstrType_CONSTR_UNIQUE:
		out.Kind, out.Columns = 'u', cols(k.Keys)
	case pg_query.ConstrType_CONSTR_CHECK:
		out.Kind, out.Check = 'c', deparseExpr(k.RawExpr)
	case pg_query.ConstrType_CONSTR_FOREIGN:
		out.Kind, out.Columns = 'f', cols(k.FkAttrs)
		out.RefTable = rangeVarName(k.Pktable)
		for _, n := range k.PkAttrs {
			out.RefColumns = append(out.RefColumns, n.GetString_().GetSval())
		}
		out.OnDelete, out.OnUpdate = action(k.FkDelAction), action(k.FkUpdAction)
	default:
		return fmt.Errorf("unexpected constraint %s on %s", k.Contype, t.Name)
	}
	if out.Name == "" {
		return fmt.Errorf("a constraint of %s has no name", t.Name)
	}
	t.Constraints[out.Name] = out
	return nil
}

func action(a string) byte {
	if a == "" {
		return 'a'
	}
	return a[0]
}

func (c *Catalog) comment(cs *pg_query.CommentStmt) error {
	var names []string
	for _, n := range cs.Object.GetList().GetItems() {
		names = append(names, n.GetString_().GetSval())
	}
	switch cs.Objtype {
	case pg_query.ObjectType_OBJECT_TABLE:
		if t := c.table(names); t != nil {
			t.Comment = cs.Comment
			return nil
		}
	case pg_query.ObjectType_OBJECT_COLUMN:
		if t := c.table(names[:len(names)-1]); t != nil {
			if col := t.Column(names[len(names)-1]); col != nil {
				col.Comment = cs.Comment
				return nil
			}
		}
	case pg_query.ObjectType_OBJECT_TYPE:
		if e := c.Enums[qualifiedNames(cs.Object.GetTypeName().GetNames())]; e != nil {
			e.Comment = cs.Comment
			return nil
		}
	}
	return fmt.Errorf("COMMENT ON %s %s: no such object", cs.Objtype, strings.Join(names, "."))
}

func (c *Catalog) table(names []string) *Table {
	if len(names) == 1 {
		names = []string{"public", names[0]}
	}
	return c.Tables[strings.Join(names, ".")]
}

// functionConfig adds one SET option of CREATE FUNCTION to config, in the form
// pg_proc.proconfig holds it ("search_path=pg_catalog, pg_temp").
func functionConfig(config string, set *pg_query.VariableSetStmt) string {
	if set == nil {
		return config
	}
	var vals []string
	for _, a := range set.Args {
		if s := a.GetAConst().GetSval(); s != nil {
			vals = append(vals, s.Sval)
		}
	}
	item := set.Name + "=" + strings.Join(vals, ", ")
	if config == "" {
		return item
	}
	return config + "; " + item
}
