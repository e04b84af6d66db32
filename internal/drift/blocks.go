package drift

import (
	"regexp"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/schemagen/schemagen/design/schema"
)

// carry records the objects that the design's SQL blocks create (functions,
// procedures, triggers, views, materialized views, types, ...): the design
// carries them as text, so drift does not report them as extra objects. Their
// definitions are not compared: a block is SQL the design does not model.
func (c *Catalog) carry(s *schema.Schema) {
	for _, b := range s.Blocks {
		tree, err := pg_query.Parse(b.Body)
		if err != nil {
			continue // the design passed the check; a block that does not parse carries nothing
		}
		for _, raw := range tree.Stmts {
			if do := raw.Stmt.GetDoStmt(); do != nil {
				// A DO block creates what its body says; the functions it
				// creates are found as the import finds them.
				for _, a := range do.Args {
					if de := a.GetDefElem(); de != nil && de.Defname == "as" {
						for _, m := range doFunction.FindAllStringSubmatch(de.Arg.GetString_().GetSval(), -1) {
							c.Carried[carriedKey("function", strings.ReplaceAll(m[1], `"`, ""))] = true
						}
					}
				}
				continue
			}
			if cs := raw.Stmt.GetCreateSchemaStmt(); cs != nil {
				c.Schemas[cs.Schemaname] = true
				continue
			}
			if kind, name := createdObject(raw.Stmt); name != "" {
				c.Carried[carriedKey(kind, name)] = true
			}
		}
	}
}

// carriedKey is how a carried object is found: its kind and its name without
// schema (a block may create it under another search path), in lower case.
func carriedKey(kind, name string) string {
	// A live function is named with its arguments: f(a integer, b text).
	name, _, _ = strings.Cut(name, "(")
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	return kind + ":" + strings.ToLower(name)
}

// carries reports whether a block of the design creates the object.
func (c *Catalog) carries(kind, name string) bool {
	return c.Carried[carriedKey(kind, name)]
}

// createdObject names the kind (as drift's findings name things) and the name
// of what a block statement creates.
func createdObject(n *pg_query.Node) (kind, name string) {
	last := func(nodes []*pg_query.Node) string {
		if len(nodes) == 0 {
			return ""
		}
		return nodes[len(nodes)-1].GetString_().GetSval()
	}
	switch x := n.Node.(type) {
	case *pg_query.Node_CreateFunctionStmt:
		return "function", last(x.CreateFunctionStmt.Funcname)
	case *pg_query.Node_DefineStmt:
		if x.DefineStmt.Kind == pg_query.ObjectType_OBJECT_AGGREGATE {
			return "function", last(x.DefineStmt.Defnames)
		}
		return "object", last(x.DefineStmt.Defnames)
	case *pg_query.Node_CreateTrigStmt:
		return "trigger", x.CreateTrigStmt.Trigname
	case *pg_query.Node_ViewStmt:
		return "object", x.ViewStmt.View.Relname
	case *pg_query.Node_CreateTableAsStmt:
		if x.CreateTableAsStmt.Into != nil && x.CreateTableAsStmt.Into.Rel != nil {
			return "object", x.CreateTableAsStmt.Into.Rel.Relname
		}
	case *pg_query.Node_CompositeTypeStmt:
		return "object", x.CompositeTypeStmt.Typevar.Relname
	case *pg_query.Node_CreateSeqStmt:
		return "object", x.CreateSeqStmt.Sequence.Relname
	case *pg_query.Node_IndexStmt:
		return "object", x.IndexStmt.Idxname
	}
	return "", ""
}

// doFunction finds a function that a DO block creates.
var doFunction = regexp.MustCompile(`(?i)create\s+(?:or\s+replace\s+)?function\s+([\w."]+)`)
