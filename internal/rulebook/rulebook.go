// Package rulebook is the one list of every rule schemagen reports: the
// format's own (package design), the lint rules (package lint), PostgreSQL's
// expression check (generators/postgres), the importer's and the migration
// differ's and drift's. `schemagen explain`, the SARIF printer, the live preview and
// docs/rules.md all read this list, so they always show the same rules.
package rulebook

import (
	"fmt"
	"sort"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/lint"
	"github.com/schemagen/schemagen/generators/importdbml"
	"github.com/schemagen/schemagen/generators/importsql"
	"github.com/schemagen/schemagen/generators/migrate"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/drift"
)

// Book is an ordered list of rules with a lookup by name.
type Book struct {
	rules  []*design.Rule
	byName map[string]*design.Rule
}

// New builds a book from rules in the order given; it fails on a repeated name.
func New(rules []*design.Rule) (*Book, error) {
	b := &Book{rules: rules, byName: make(map[string]*design.Rule, len(rules))}
	for _, r := range rules {
		if _, dup := b.byName[r.Name]; dup {
			return nil, fmt.Errorf("rulebook: rule %q is listed twice", r.Name)
		}
		b.byName[r.Name] = r
	}
	return b, nil
}

// All returns the tool's rules: the format's, then the lint rules by family,
// then the expression check, the importer's, the migration and the drift rules.
func All() *Book {
	rules := design.Rules()
	for _, r := range lint.Rules() {
		rules = append(rules, &r.Rule)
	}
	rules = append(rules, postgres.Rules()...)
	rules = append(rules, importsql.Rules()...)
	rules = append(rules, importdbml.Rules()...)
	rules = append(rules, migrate.Rules()...)
	rules = append(rules, drift.Rules()...)
	b, err := New(rules)
	if err != nil {
		// The list is fixed at compile time; TestNoDuplicateRules proves it has no repeat.
		panic(err)
	}
	return b
}

// Rules returns the rules in order. The slice is the book's own: do not modify it.
func (b *Book) Rules() []*design.Rule { return b.rules }

// Lookup returns the rule with the given name.
func (b *Book) Lookup(name string) (*design.Rule, bool) {
	r, ok := b.byName[name]
	return r, ok
}

// Suggest returns the rule name closest to a misspelt one, or "".
func (b *Book) Suggest(name string) string {
	names := make([]string, len(b.rules))
	for i, r := range b.rules {
		names[i] = r.Name
	}
	sort.Strings(names)
	return design.Suggest(name, names)
}
