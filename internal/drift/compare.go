package drift

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// Kind says how an object of the database differs from the design.
type Kind string

// Kinds of difference.
const (
	Missing  Kind = "missing"  // the design has it, the database does not
	Extra    Kind = "extra"    // the database has it, the design does not
	Changed  Kind = "changed"  // both have it, with a different definition
	Disabled Kind = "disabled" // a trigger of the design that the database has but does not fire
)

// Finding is one difference between the database and the design.
type Finding struct {
	Table  string // qualified table the object belongs to; "" for schemas, extensions, enum types and objects outside tables
	Thing  string // "table", "column", "constraint", "index", "trigger", "function", "enum", "domain", "schema", "extension", "comment", or another catalog kind
	Name   string // the object's name (qualified for objects outside tables)
	Column string // the column a column-level difference concerns
	Kind   Kind
	// Detail says what changed ("type", "not null", "default", "identity",
	// "collation", "generated", "values", "definition", "comment") for
	// Changed findings.
	Detail  string
	Message string // the difference in words, for people
	// Owned is false for objects the design does not own (tables, schemas,
	// enum types, functions and extensions it does not create): they are
	// reported only with Options.Strict.
	Owned bool

	exprs *exprPair // a default, generated or CHECK expression the server still has to compare
}

// exprPair is an expression of the design and the database's, to compare on
// the server when their texts differ.
type exprPair struct {
	want, live string
	cast       string // the column's type for defaults and generated columns, "" for checks
	// from is the row the expressions are planned over, when it is not one
	// of the finding's table (a domain's).
	from string
}

// Options tunes a comparison.
type Options struct {
	// Strict also reports objects the design does not own.
	Strict bool
	// NoComments leaves comments out, for databases built with
	// `schemagen sql --no-comments`.
	NoComments bool
	// Ignore holds glob patterns (path.Match syntax) of object names to leave
	// out: "public.audit_*", "rides.rides_hotfix_idx", "legacy.*". A name is
	// schema.table for tables, schema.table.object for what belongs to a
	// table, and schema.name for other objects; the public schema may be left out.
	Ignore []string
}

// Validate reports a malformed ignore pattern.
func (o Options) Validate() error {
	for _, p := range o.Ignore {
		if _, err := path.Match(p, ""); err != nil {
			return fmt.Errorf("ignore pattern %q: %v", p, err)
		}
	}
	return nil
}

// compare lists how live differs from want. Expressions whose texts differ
// are marked for the server to settle (exprs).
func compare(want, live *Catalog) []Finding {
	var out []Finding
	add := func(f Finding) { out = append(out, f) }

	for _, name := range keys(want.Schemas) {
		if !live.Schemas[name] {
			add(Finding{Thing: "schema", Name: name, Kind: Missing, Owned: true, Message: "schema " + name + " is missing"})
		}
	}
	for _, name := range keys(live.Schemas) {
		if !want.Schemas[name] {
			add(Finding{Thing: "schema", Name: name, Kind: Extra, Message: "schema " + name + " is not in the design"})
		}
	}
	for _, name := range keys(want.Extensions) {
		if !live.Extensions[name] {
			add(Finding{Thing: "extension", Name: name, Kind: Missing, Owned: true, Message: "extension " + name + " is not installed"})
		}
	}
	for _, name := range keys(live.Extensions) {
		if !want.Extensions[name] {
			add(Finding{Thing: "extension", Name: name, Kind: Extra, Message: "extension " + name + " is not in the design"})
		}
	}
	for _, name := range keys(want.Enums) {
		we, le := want.Enums[name], live.Enums[name]
		switch {
		case le == nil:
			add(Finding{Thing: "enum", Name: name, Kind: Missing, Owned: true, Message: "enum type " + display(name) + " is missing"})
		case strings.Join(we.Values, "\x00") != strings.Join(le.Values, "\x00"):
			add(Finding{Thing: "enum", Name: name, Kind: Changed, Detail: "values", Owned: true,
				Message: fmt.Sprintf("enum type %s %s: the database has (%s), the design (%s)", display(name), enumChange(we.Values, le.Values), strings.Join(le.Values, ", "), strings.Join(we.Values, ", "))})
		}
		if le != nil && le.Comment != we.Comment {
			add(Finding{Thing: "enum", Name: name, Kind: Changed, Detail: "comment", Owned: true,
				Message: fmt.Sprintf("enum type %s: comment is %s, the design says %s", display(name), quoteOrNone(le.Comment), quoteOrNone(we.Comment))})
		}
	}
	for _, name := range keys(live.Enums) {
		if want.Enums[name] == nil {
			add(Finding{Thing: "enum", Name: name, Kind: Extra, Message: "enum type " + display(name) + " is not in the design"})
		}
	}
	compareDomains(want, live, add)
	for _, name := range keys(want.Tables) {
		wt, lt := want.Tables[name], live.Tables[name]
		if lt == nil {
			add(Finding{Table: name, Thing: "table", Name: name, Kind: Missing, Owned: true, Message: "table is missing"})
			continue
		}
		out = append(out, compareTable(wt, lt, want)...)
	}
	for _, name := range keys(live.Tables) {
		if want.Tables[name] == nil {
			add(Finding{Table: name, Thing: "table", Name: name, Kind: Extra, Message: "table is not in the design"})
		}
	}
	for _, name := range keys(live.Others) {
		if want.carries("object", name) || want.carries("function", name) {
			continue
		}
		add(Finding{Thing: live.Others[name], Name: name, Kind: Extra, Message: live.Others[name] + " " + display(name) + " is not in the design"})
	}
	for _, name := range keys(want.Functions) {
		wf, lf := want.Functions[name], live.Functions[name]
		switch {
		case lf == nil:
			add(Finding{Thing: "function", Name: name, Kind: Missing, Owned: true, Message: "function " + display(name) + "() is missing"})
		case wf.Language != lf.Language || wf.Returns != lf.Returns:
			add(Finding{Thing: "function", Name: name, Kind: Changed, Detail: "definition", Owned: true,
				Message: fmt.Sprintf("function %s() is %s returning %s, the design says %s returning %s", display(name), lf.Language, lf.Returns, wf.Language, wf.Returns)})
		case wf.SecurityDefiner != lf.SecurityDefiner || wf.Config != lf.Config:
			add(Finding{Thing: "function", Name: name, Kind: Changed, Detail: "definition", Owned: true,
				Message: fmt.Sprintf("function %s() runs %s with settings %q; the design says %s with %q", display(name),
					securityText(lf.SecurityDefiner), lf.Config, securityText(wf.SecurityDefiner), wf.Config)})
		case wf.Body != lf.Body:
			add(Finding{Thing: "function", Name: name, Kind: Changed, Detail: "definition", Owned: true,
				Message: fmt.Sprintf("function %s() was edited: its body differs from the design's (%s)", display(name), firstDifference(wf.Body, lf.Body))})
		}
	}
	for _, name := range keys(live.Functions) {
		if want.Functions[name] == nil && !want.carries("function", name) {
			add(Finding{Thing: "function", Name: name, Kind: Extra, Message: "function " + display(name) + "() is not in the design"})
		}
	}
	return out
}

func compareTable(wt, lt *Table, want *Catalog) []Finding {
	var out []Finding
	t := wt.Name
	add := func(f Finding) {
		f.Table, f.Owned = t, true
		out = append(out, f)
	}
	if wt.Comment != lt.Comment {
		add(Finding{Thing: "table", Name: t, Kind: Changed, Detail: "comment",
			Message: fmt.Sprintf("comment is %s, the design says %s", quoteOrNone(lt.Comment), quoteOrNone(wt.Comment))})
	}
	for _, wc := range wt.Columns {
		lc := lt.Column(wc.Name)
		if lc == nil {
			add(Finding{Thing: "column", Name: wc.Name, Column: wc.Name, Kind: Missing, Message: fmt.Sprintf("column %s (%s) is missing", wc.Name, wc.Type)})
			continue
		}
		col := func(detail, format string, args ...any) Finding {
			return Finding{Thing: "column", Name: wc.Name, Column: wc.Name, Kind: Changed, Detail: detail,
				Message: fmt.Sprintf("column %s: ", wc.Name) + fmt.Sprintf(format, args...)}
		}
		if wc.Type != lc.Type {
			add(col("type", "type is %s, the design says %s", lc.Type, wc.Type))
		}
		if wc.NotNull != lc.NotNull {
			add(col("not null", "%s, the design says %s", nullText(lc.NotNull), nullText(wc.NotNull)))
		}
		if wc.Identity != lc.Identity {
			add(col("identity", "identity is %s, the design says %s", orNone(lc.Identity), orNone(wc.Identity)))
		}
		if wc.Collation != lc.Collation {
			add(col("collation", "collation is %s, the design says %s", orNone(lc.Collation), orNone(wc.Collation)))
		}
		if canonicalExpr(wc.Default) != canonicalExpr(lc.Default) {
			f := col("default", "default is %s, the design says %s", orNone(lc.Default), orNone(wc.Default))
			if wc.Default != "" && lc.Default != "" {
				f.exprs = &exprPair{want: wc.Default, live: lc.Default, cast: lc.SQLType}
			}
			add(f)
		}
		if canonicalExpr(wc.Generated) != canonicalExpr(lc.Generated) {
			f := col("generated", "generated as %s, the design says %s", orNone(lc.Generated), orNone(wc.Generated))
			if wc.Generated != "" && lc.Generated != "" {
				f.exprs = &exprPair{want: wc.Generated, live: lc.Generated, cast: lc.SQLType}
			}
			add(f)
		}
		if wc.Comment != lc.Comment {
			add(col("comment", "comment is %s, the design says %s", quoteOrNone(lc.Comment), quoteOrNone(wc.Comment)))
		}
	}
	for _, lc := range lt.Columns {
		if wt.Column(lc.Name) == nil {
			add(Finding{Thing: "column", Name: lc.Name, Column: lc.Name, Kind: Extra, Message: fmt.Sprintf("column %s (%s) is not in the design", lc.Name, lc.Type)})
		}
	}
	for _, name := range keys(wt.Constraints) {
		wk, lk := wt.Constraints[name], lt.Constraints[name]
		if lk == nil {
			add(Finding{Thing: "constraint", Name: name, Column: oneColumn(wk), Kind: Missing, Message: fmt.Sprintf("%s %s is missing", constraintKind(wk.Kind), name)})
			continue
		}
		if d := constraintDiff(wk, lk); d != "" {
			f := Finding{Thing: "constraint", Name: name, Column: oneColumn(wk), Kind: Changed, Detail: "definition",
				Message: fmt.Sprintf("%s %s: %s", constraintKind(wk.Kind), name, d)}
			if wk.Kind == 'c' && lk.Kind == 'c' && d == checkDiff(wk, lk) {
				f.exprs = &exprPair{want: wk.Check, live: lk.Check}
			}
			add(f)
		}
	}
	for _, name := range keys(lt.Constraints) {
		if wt.Constraints[name] == nil {
			lk := lt.Constraints[name]
			add(Finding{Thing: "constraint", Name: name, Column: oneColumn(lk), Kind: Extra, Message: fmt.Sprintf("%s %s is not in the design: %s", constraintKind(lk.Kind), name, lk.Def)})
		}
	}
	for _, name := range keys(wt.Indexes) {
		wi, li := wt.Indexes[name], lt.Indexes[name]
		switch {
		case li == nil:
			add(Finding{Thing: "index", Name: name, Kind: Missing, Message: "index " + name + " is missing"})
		case wi.Def != li.Def:
			f := Finding{Thing: "index", Name: name, Kind: Changed, Detail: "definition", Message: fmt.Sprintf("index %s is %s, the design says %s", name, li.Def, wi.Def)}
			if wi.shape == li.shape && len(wi.exprs) == len(li.exprs) {
				f.exprs = &exprPair{want: "ROW(" + strings.Join(wi.exprs, ", ") + ")", live: "ROW(" + strings.Join(li.exprs, ", ") + ")"}
			}
			add(f)
		}
	}
	for _, name := range keys(lt.Indexes) {
		if wt.Indexes[name] == nil {
			add(Finding{Thing: "index", Name: name, Kind: Extra, Message: fmt.Sprintf("index %s is not in the design: %s", name, lt.Indexes[name].Def)})
		}
	}
	for _, name := range keys(wt.Triggers) {
		wg, lg := wt.Triggers[name], lt.Triggers[name]
		switch {
		case lg == nil:
			add(Finding{Thing: "trigger", Name: name, Kind: Missing, Message: "trigger " + name + " is missing"})
		case wg.Def != lg.Def:
			add(Finding{Thing: "trigger", Name: name, Kind: Changed, Detail: "definition", Message: fmt.Sprintf("trigger %s is %s, the design says %s", name, lg.Def, wg.Def)})
		case lg.Disabled:
			add(Finding{Thing: "trigger", Name: name, Kind: Disabled, Message: "trigger " + name + " is disabled: the database does not enforce it"})
		}
	}
	for _, name := range keys(lt.Triggers) {
		if wt.Triggers[name] == nil && !want.carries("trigger", name) {
			add(Finding{Thing: "trigger", Name: name, Kind: Extra, Message: fmt.Sprintf("trigger %s is not in the design: %s", name, lt.Triggers[name].Def)})
		}
	}
	return out
}

// constraintDiff says how a live constraint differs from the design's, or "".
func constraintDiff(w, l *Constraint) string {
	if w.Kind != l.Kind {
		return fmt.Sprintf("is a %s, the design says %s", constraintKind(l.Kind), constraintKind(w.Kind))
	}
	var diffs []string
	if strings.Join(w.Columns, ",") != strings.Join(l.Columns, ",") {
		diffs = append(diffs, fmt.Sprintf("columns are (%s), the design says (%s)", strings.Join(l.Columns, ", "), strings.Join(w.Columns, ", ")))
	}
	if w.Kind == 'c' {
		if d := checkDiff(w, l); d != "" {
			diffs = append(diffs, d)
		}
	}
	if w.Kind == 'f' {
		if w.RefTable != l.RefTable || strings.Join(w.RefColumns, ",") != strings.Join(l.RefColumns, ",") {
			diffs = append(diffs, fmt.Sprintf("references %s (%s), the design says %s (%s)", display(l.RefTable), strings.Join(l.RefColumns, ", "), display(w.RefTable), strings.Join(w.RefColumns, ", ")))
		}
		if w.OnDelete != l.OnDelete {
			diffs = append(diffs, fmt.Sprintf("ON DELETE %s, the design says ON DELETE %s", actionText(l.OnDelete), actionText(w.OnDelete)))
		}
		if w.OnUpdate != l.OnUpdate {
			diffs = append(diffs, fmt.Sprintf("ON UPDATE %s, the design says ON UPDATE %s", actionText(l.OnUpdate), actionText(w.OnUpdate)))
		}
	}
	if w.Deferrable != l.Deferrable || w.Deferred != l.Deferred {
		diffs = append(diffs, fmt.Sprintf("%s, the design says %s", deferText(l), deferText(w)))
	}
	return strings.Join(diffs, "; ")
}

func checkDiff(w, l *Constraint) string {
	if canonicalExpr(w.Check) == canonicalExpr(l.Check) {
		return ""
	}
	return fmt.Sprintf("CHECK (%s), the design says CHECK (%s)", l.Check, w.Check)
}

func oneColumn(k *Constraint) string {
	if len(k.Columns) == 1 && k.Kind != 'c' {
		return k.Columns[0]
	}
	return ""
}

func constraintKind(k byte) string {
	return map[byte]string{'p': "primary key", 'u': "unique constraint", 'c': "check constraint", 'f': "foreign key", 'x': "exclusion constraint"}[k]
}

func actionText(a byte) string {
	return map[byte]string{'a': "NO ACTION", 'r': "RESTRICT", 'c': "CASCADE", 'n': "SET NULL", 'd': "SET DEFAULT"}[a]
}

func deferText(k *Constraint) string {
	switch {
	case k.Deferred:
		return "DEFERRABLE INITIALLY DEFERRED"
	case k.Deferrable:
		return "DEFERRABLE"
	}
	return "NOT DEFERRABLE"
}

func nullText(notNull bool) string {
	if notNull {
		return "NOT NULL"
	}
	return "nullable"
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func quoteOrNone(s string) string {
	if s == "" {
		return "none"
	}
	return fmt.Sprintf("%q", s)
}

// display leaves the public schema out of a qualified name.
func display(name string) string { return strings.TrimPrefix(name, "public.") }

// enumChange says how an enum's values changed, in a few words.
func enumChange(want, live []string) string {
	in := func(list []string, v string) bool {
		for _, x := range list {
			if x == v {
				return true
			}
		}
		return false
	}
	var added, removed []string
	for _, v := range live {
		if !in(want, v) {
			added = append(added, v)
		}
	}
	for _, v := range want {
		if !in(live, v) {
			removed = append(removed, v)
		}
	}
	var parts []string
	if len(added) > 0 {
		parts = append(parts, "has extra values "+strings.Join(added, ", "))
	}
	if len(removed) > 0 {
		parts = append(parts, "lacks "+strings.Join(removed, ", "))
	}
	if len(parts) == 0 {
		return "has its values in another order"
	}
	return strings.Join(parts, " and ")
}

// firstDifference quotes the first line where two texts differ.
func firstDifference(want, live string) string {
	wl, ll := strings.Split(want, "\n"), strings.Split(live, "\n")
	for i := 0; i < len(wl) || i < len(ll); i++ {
		var w, l string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(ll) {
			l = ll[i]
		}
		if w != l {
			return fmt.Sprintf("line %d is %q, the design's %q", i+1, strings.TrimSpace(l), strings.TrimSpace(w))
		}
	}
	return "white space"
}

// ignored reports whether a finding's object matches one of the patterns.
func (f Finding) ignored(patterns []string) bool {
	var names []string
	if f.Table != "" {
		names = append(names, f.Table)
		if f.Thing != "table" {
			names = append(names, f.Table+"."+f.Name)
		}
	} else {
		names = append(names, f.Name)
	}
	for _, n := range names {
		for _, p := range patterns {
			if ok, _ := path.Match(p, n); ok {
				return true
			}
			if ok, _ := path.Match(p, display(n)); ok && strings.HasPrefix(n, "public.") {
				return true
			}
		}
	}
	return false
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// securityText names a function's security mode as CREATE FUNCTION writes it.
func securityText(definer bool) string {
	if definer {
		return "SECURITY DEFINER"
	}
	return "SECURITY INVOKER"
}
