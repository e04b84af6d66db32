package design

import (
	"fmt"
	"sort"
)

// Pos is a position in a design file; Line and Col are 1-based, zero when unknown.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position as file:line:col, the way compilers do.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// IsValid reports whether the position points at a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Severity says how serious a diagnostic is.
type Severity int

// Severities, most serious last so that they compare naturally.
const (
	Info Severity = iota
	Warning
	Error
)

// String is the severity's name as printed in diagnostics.
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "info"
}

// ParseSeverity turns "error", "warning" or "info" into a Severity.
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "error":
		return Error, true
	case "warning":
		return Warning, true
	case "info":
		return Info, true
	}
	return Info, false
}

// Diagnostic is one problem found in a design.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Rule     string // stable kebab-case rule name, see Rules
	Message  string
	Hint     string // a fix, as a verb phrase, when one is known
}

// String formats the diagnostic as file:line:col: severity: message [rule].
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", d.Pos, d.Severity, d.Message, d.Rule)
}

// Diagnostics is a list of diagnostics.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool { return ds.Count(Error) > 0 }

// Count returns how many diagnostics have the given severity.
func (ds Diagnostics) Count(s Severity) int {
	n := 0
	for _, d := range ds {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Sort orders diagnostics by file, line, column, rule and message, and drops exact duplicates.
func (ds Diagnostics) Sort() Diagnostics {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d == ds[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// reporter collects diagnostics, filling in each rule's severity.
type reporter struct {
	diags Diagnostics
	// suggestions counts did-you-mean searches: past maxSuggestions a broken
	// file gets plain hints, so that a flood of typos cannot cost minutes.
	suggestions int
}

// maxSuggestions bounds the did-you-mean searches of one stage of one check.
const maxSuggestions = 500

// suggest is the package's suggest within the reporter's budget.
func (r *reporter) suggest(s string, candidates []string) string {
	if r.suggestions >= maxSuggestions {
		return ""
	}
	r.suggestions++
	return suggest(s, candidates)
}

func (r *reporter) report(pos Pos, rule *Rule, hint, format string, args ...any) {
	r.diags = append(r.diags, Diagnostic{
		Pos:      pos,
		Severity: rule.Severity,
		Rule:     rule.Name,
		Message:  fmt.Sprintf(format, excerptArgs(args)...),
		Hint:     excerptHint(hint),
	})
}
