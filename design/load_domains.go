package design

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// Domain is one entry of the `domains` section: a named type over a base type,
// with its own NOT NULL, default and CHECK constraints, that fields can name
// as their type. The DDL keeps it a domain (CREATE DOMAIN).
type Domain struct {
	Name        string
	Pos         Pos
	Schema      string // "" means public
	Type        string // the base type, as written
	TypePos     Pos
	NotNull     bool
	Default     string
	Checks      []string // SQL boolean expressions over VALUE, without outer parentheses
	Description string
}

var domainKeys = []string{"type", "schema", "not_null", "default", "check", "description"}

// domain reads one domain: a base type (`numeric(12,2)`) or a map.
func (l *loader) domain(name string, k, v *yaml.Node) {
	d := &Domain{Name: name, Pos: l.pos(k)}
	v = l.resolve(v)
	if v == nil {
		return
	}
	if v.Kind == yaml.ScalarNode && !isNull(v) {
		d.Type, d.TypePos = strings.TrimSpace(v.Value), l.pos(v)
	} else {
		l.keyedAs(v, labelOf("domain %q", name), domainKeys, func(key string, k, v *yaml.Node) {
			switch key {
			case "type":
				if s, ok := l.scalar(v, "`type`"); ok {
					d.Type, d.TypePos = strings.TrimSpace(s), l.pos(v)
				}
			case "schema":
				d.Schema, _ = l.scalar(v, "`schema`")
			case "not_null":
				d.NotNull = l.boolean(v, "`not_null`")
			case "default":
				d.Default, _ = l.scalar(v, "`default`")
			case "check":
				v = l.resolve(v)
				if v != nil && v.Kind == yaml.SequenceNode {
					for _, item := range l.sequence(v, "`check`") {
						if s, ok := l.scalar(item, "a check"); ok {
							d.Checks = append(d.Checks, stripParens(s))
						}
					}
				} else if s, ok := l.scalar(v, "`check`"); ok {
					d.Checks = append(d.Checks, stripParens(s))
				}
			case "description":
				d.Description, _ = l.text(v, "`description`")
			}
		})
	}
	if d.Type == "" {
		l.rep.Report(d.Pos, RuleMissingKey, "add `type: text` (the domain's base type)", "domain %q has no base `type`", name)
		return
	}
	l.d.Domains = append(l.d.Domains, d)
}
