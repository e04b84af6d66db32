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
		switch name {
		case RuleIrreversible:
			r.Severity = design.Warning
			r.Doc = RuleDocs[name] + "\n\nThe down migration cannot restore what the up migration changes; it says so in a comment and `migrate diff` warns."
		case RuleTableRewrite, RuleTableScan:
			r.Doc = RuleDocs[name] + "\n\n`schemagen migrate diff` and `migrate new` refuse the change (exit 1) unless `--allow-locks` (or `--online=false` for an idle database); with it, the change is made and reported as a warning."
		case RuleExistingRows:
			r.Severity = design.Warning
			r.Doc = RuleDocs[name] + "\n\nA warning: `migrate diff` and `migrate new` name the constraint; with `--dsn` they count the rows instead."
		case RuleRowsViolate:
			r.Doc = RuleDocs[name] + "\n\n`schemagen migrate diff --dsn` and `migrate new --dsn` exit 1."
		default:
			r.Doc = RuleDocs[name] + "\n\n`schemagen migrate diff` and `migrate new` refuse the change (exit 1) unless `--allow-destructive`; with it, the change is made and reported as a warning."
		}
		design.Register(r)
	}
}
