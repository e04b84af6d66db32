package postgres

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
)

// splitDomains divides the domains between those created before the SQL
// blocks that run before the tables and those created after them. A domain
// goes first, so that a function's signature may use it (`RETURNS
// test.one_nine`, as PostgREST's fixtures do), unless it needs a block: its
// base type is one a block creates (a composite type), or its default or a
// check calls a function a block defines. Order within each part is the
// design's.
func splitDomains(s *schema.Schema) (before, after []*schema.Domain) {
	if len(s.Domains) == 0 {
		return nil, nil
	}
	functions := earlyBlockFunctions(s)
	late := map[*schema.Domain]bool{}
	for _, d := range s.Domains {
		needsBlock := d.Of != nil && late[d.Of] ||
			d.Of == nil && d.Enum == nil && !d.TypeInfo.Known && design.ExtensionOfType(d.TypeInfo.Base) == ""
		if !needsBlock && len(functions) > 0 {
			exprs := append([]string{d.Default}, d.Checks...)
			for _, e := range exprs {
				if callsAny(e, functions) {
					needsBlock = true
					break
				}
			}
		}
		if needsBlock {
			late[d] = true
			after = append(after, d)
		} else {
			before = append(before, d)
		}
	}
	return before, after
}

// earlyBlockFunctions are the lower-case names of the functions and
// procedures the blocks that run before the tables create. A block that does
// not parse (the SQL check reports it) counts as defining every function, so
// that the domains stay after the blocks, as they always were.
func earlyBlockFunctions(s *schema.Schema) map[string]bool {
	out := map[string]bool{}
	for _, b := range s.Blocks {
		if b.Late {
			continue
		}
		tree, err := pg_query.Parse(b.Body)
		if err != nil {
			return map[string]bool{"": true}
		}
		for _, raw := range tree.Stmts {
			if f := raw.Stmt.GetCreateFunctionStmt(); f != nil {
				names := strs(f.Funcname)
				if len(names) > 0 {
					out[strings.ToLower(names[len(names)-1])] = true
				}
			}
		}
	}
	return out
}

// callsAny reports whether a SQL expression may call one of the functions:
// a name followed by "(" anywhere in it. It errs towards yes, which only
// keeps a domain after the blocks.
func callsAny(expr string, functions map[string]bool) bool {
	if expr == "" {
		return false
	}
	if functions[""] {
		return true
	}
	lower := strings.ToLower(expr)
	for i := 0; i < len(lower); i++ {
		if lower[i] != '(' {
			continue
		}
		j := i
		for j > 0 && lower[j-1] == ' ' {
			j--
		}
		start := j
		for start > 0 && isNameByte(lower[start-1]) {
			start--
		}
		if start < j && functions[strings.Trim(lower[start:j], `"`)] {
			return true
		}
	}
	return false
}

func isNameByte(c byte) bool {
	return c == '_' || c == '"' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80
}

// strs returns the string values of a list of String nodes.
func strs(nodes []*pg_query.Node) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}
