package migrate

import (
	"sort"

	"github.com/schemagen/schemagen/design"
)

// init registers the migration rules with the design package, so that
// `schemagen explain` and the SARIF output document them like every other rule.
func init() {
	names := make([]string, 0, len(RuleDocs))
	for name := range RuleDocs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		r := &design.Rule{Name: name, Severity: design.Error}
		if name == RuleIrreversible {
			r.Severity = design.Warning
			r.Doc = RuleDocs[name] + "\n\nThe down migration cannot restore what the up migration changes; it says so in a comment and `migrate diff` warns."
		} else {
			r.Doc = RuleDocs[name] + "\n\n`schemagen migrate diff` and `migrate new` refuse the change (exit 1) unless `--allow-destructive`; with it, the change is made and reported as a warning."
		}
		design.Register(r)
	}
}
