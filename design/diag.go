package design

import (
	"fmt"
	"sort"
	"strings"
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

// Rule is one check with a stable name. Its Doc is what `schemagen explain`
// prints: a title line, a blank line, why it matters, a bad and a good example,
// and the fix. The rules of the format itself (this package's) are reported
// while loading and resolving; package lint holds the rules that judge a
// resolved design, and internal/rulebook lists every rule of the tool.
type Rule struct {
	Name     string
	Severity Severity
	Doc      string
}

// Title is the first line of the rule's documentation.
func (r *Rule) Title() string {
	title, _, _ := strings.Cut(r.Doc, "\n")
	return title
}

// Reporter collects the diagnostics of one stage of a check (loading,
// resolving, linting), filling in each rule's severity.
type Reporter struct {
	// Diags are the diagnostics reported so far, in the order reported.
	Diags Diagnostics
	// suggestions counts did-you-mean searches: past maxSuggestions a broken
	// file gets plain hints, so that a flood of typos cannot cost minutes.
	suggestions int
}

// maxSuggestions bounds the did-you-mean searches of one stage of one check.
const maxSuggestions = 500

// Suggest returns the candidate closest to a misspelt s, or "", within the
// reporter's budget of did-you-mean searches.
func (r *Reporter) Suggest(s string, candidates []string) string {
	if r.suggestions >= maxSuggestions {
		return ""
	}
	r.suggestions++
	return Suggest(s, candidates)
}

// Report records a diagnostic of rule at pos. hint is a fix as a verb phrase, or "".
func (r *Reporter) Report(pos Pos, rule *Rule, hint, format string, args ...any) {
	r.Diags = append(r.Diags, Diagnostic{
		Pos:      pos,
		Severity: rule.Severity,
		Rule:     rule.Name,
		Message:  fmt.Sprintf(format, excerptArgs(args)...),
		Hint:     excerptHint(hint),
	})
}
