package importsql

import (
	"regexp"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/schemagen/schemagen/design"
	"gopkg.in/yaml.v3"
)

// sqlExtension is a CREATE EXTENSION.
type sqlExtension struct {
	name, schema, version string
	loc                   int
}

func (c *collector) createExtension(s *pg_query.CreateExtensionStmt, loc int) {
	e := &sqlExtension{name: s.Extname, loc: loc}
	for _, o := range s.Options {
		de := o.GetDefElem()
		if de == nil {
			continue
		}
		v := ""
		if str := de.Arg.GetString_(); str != nil {
			v = str.Sval
		}
		switch de.Defname {
		case "schema":
			e.schema = v
		case "new_version":
			e.version = v
		}
	}
	c.addExtension(e)
}

func (c *collector) addExtension(e *sqlExtension) {
	if e.name == "plpgsql" {
		return // built into every database (old pg_dump versions still write it)
	}
	for _, x := range c.extensions {
		if x.name == e.name {
			return
		}
	}
	c.extensions = append(c.extensions, e)
}

// doExtension finds the extensions a DO block creates (`IF NOT EXISTS (...)
// THEN CREATE EXTENSION btree_gin`, as Temporal's schema does).
var doExtension = regexp.MustCompile(`(?i)create\s+extension\s+(?:if\s+not\s+exists\s+)?("[^"]+"|[\w-]+)`)

func (c *collector) doExtensions(d *pg_query.DoStmt, loc int) {
	for _, a := range d.Args {
		if de := a.GetDefElem(); de != nil && de.Defname == "as" {
			if str := de.Arg.GetString_(); str != nil {
				for _, m := range doExtension.FindAllStringSubmatch(str.Sval, -1) {
					name := m[1]
					if strings.HasPrefix(name, `"`) {
						name = strings.Trim(name, `"`)
					} else {
						name = strings.ToLower(name)
					}
					c.addExtension(&sqlExtension{name: name, loc: loc})
				}
			}
		}
	}
}

// domainEntry is a domain on its way into the design.
type domainEntry struct {
	d       *sqlDomain
	typ     string
	def     string
	checks  []string
	notNull bool
}

// domainEntries turns the file's domains into design domains; their
// expressions are printed with the others (printExprs).
func (b *builder) domainEntries() {
	for _, d := range b.c.domainOrder {
		de := &domainEntry{d: d, notNull: d.notNull}
		if inner := b.domainOf(d.typ); inner != nil {
			de.typ = inner.name + strings.Repeat("[]", len(d.typ.ArrayBounds))
		} else {
			text, base, schema := typeText(d.typ)
			de.typ = b.c.qualifyBlockType(text, base, schema)
			if e := b.c.enum(base); e != nil {
				de.typ = strings.Replace(text, base, e.name, 1)
			}
		}
		if d.def != nil {
			if b.callsLocalFunction(d.def) {
				b.c.skip("domain defaults that call functions defined in the file", d.loc)
			} else if s, ok := b.expr(d.def, d.loc); ok {
				de.def = s
			}
		}
		for _, k := range d.checks {
			if b.callsLocalFunction(k) {
				b.c.skip("domain CHECK constraints that call functions defined in the file", d.loc)
			} else if s, ok := b.expr(k, d.loc); ok {
				de.checks = append(de.checks, s)
			}
		}
		b.domains = append(b.domains, de)
	}
}

// extensionsNode writes the `extensions` list: a name, or a map with schema and version.
func (b *builder) extensionsNode() *yaml.Node {
	l := &yaml.Node{Kind: yaml.SequenceNode}
	for _, e := range b.c.extensions {
		if e.schema == "" && e.version == "" {
			l.Content = append(l.Content, str(e.name))
			continue
		}
		m := mapping(yaml.FlowStyle)
		add(m, "name", e.name)
		if e.schema != "" {
			add(m, "schema", e.schema)
		}
		if e.version != "" {
			add(m, "version", e.version)
		}
		l.Content = append(l.Content, m)
	}
	return l
}

// node writes a domain: its base type alone when that says everything.
func (d *domainEntry) node() *yaml.Node {
	if d.def == "" && len(d.checks) == 0 && !d.notNull && d.d.schema == "public" {
		return str(d.typ)
	}
	m := mapping(0)
	add(m, "type", d.typ)
	if d.d.schema != "public" {
		add(m, "schema", d.d.schema)
	}
	if d.notNull {
		add(m, "not_null", true)
	}
	if d.def != "" {
		add(m, "default", d.def)
	}
	switch len(d.checks) {
	case 0:
	case 1:
		add(m, "check", d.checks[0])
	default:
		l := &yaml.Node{Kind: yaml.SequenceNode}
		for _, c := range d.checks {
			l.Content = append(l.Content, str(c))
		}
		add(m, "check", l)
	}
	return m
}

// deferrable is a constraint's DEFERRABLE option as the design spells it.
func deferrable(isDeferrable, initiallyDeferred bool) string {
	switch {
	case initiallyDeferred:
		return "deferred"
	case isDeferrable:
		return "immediate"
	}
	return ""
}

// deferrableValue is the YAML value of `deferrable`: true, or deferred.
func deferrableValue(mode string) any {
	if mode == "deferred" {
		return "deferred"
	}
	return true
}

// keyTypesCompatible reports whether two types are integers of any widths, or
// both text or varchar (of any length): a foreign key between them keeps
// each column's own type (see the design's foreign-key columns as fields).
func keyTypesCompatible(a, b design.Type) bool {
	ints := map[string]bool{"smallint": true, "integer": true, "bigint": true}
	strs := map[string]bool{"text": true, "varchar": true}
	return a.Array == 0 && b.Array == 0 && (ints[a.Base] && ints[b.Base] || strs[a.Base] && strs[b.Base])
}
