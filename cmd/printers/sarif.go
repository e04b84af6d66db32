package printers

import (
	"io"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"
	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/internal/rulebook"
)

// InformationURI is where SARIF viewers link the tool to.
const InformationURI = "https://github.com/schemagen/schemagen"

// SARIF writes diagnostics as a SARIF 2.1.0 log (for GitHub code scanning and
// other viewers). Every rule is described in the log with its documentation,
// so that viewers can show the explanation next to each result.
func SARIF(w io.Writer, diags design.Diagnostics, _ map[string][]byte) error {
	report, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	run := sarif.NewRunWithInformationURI("schemagen", InformationURI).WithColumnKind(sarifColumnKind)
	index := map[string]int{}
	for i, r := range rulebook.All().Rules() {
		index[r.Name] = i
		_, body, _ := strings.Cut(r.Doc, "\n")
		run.AddRule(r.Name).
			WithName(ruleName(r.Name)).
			WithShortDescription(sarif.NewMultiformatMessageString(r.Title())).
			WithFullDescription(sarif.NewMultiformatMessageString(strings.TrimSpace(body))).
			WithHelp(sarif.NewMultiformatMessageString(r.Doc)).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(r.Severity)))
	}
	run.WithResults([]*sarif.Result{})
	for _, d := range diags {
		msg := d.Message
		if d.Hint != "" {
			msg += " (hint: " + d.Hint + ")"
		}
		result := run.CreateResultForRule(d.Rule).
			WithLevel(sarifLevel(d.Severity)).
			WithMessage(sarif.NewTextMessage(msg))
		if i, ok := index[d.Rule]; ok {
			result.WithRuleIndex(i)
		}
		region := sarif.NewRegion()
		if d.Pos.Line > 0 {
			region.WithStartLine(d.Pos.Line)
		}
		if d.Pos.Col > 0 {
			region.WithStartColumn(d.Pos.Col)
		}
		result.AddLocation(sarif.NewLocationWithPhysicalLocation(
			sarif.NewPhysicalLocation().
				WithArtifactLocation(sarif.NewSimpleArtifactLocation(artifactURI(d.Pos.File))).
				WithRegion(region)))
	}
	report.AddRun(run)
	return report.PrettyWrite(w)
}

func sarifLevel(s design.Severity) string {
	switch s {
	case design.Error:
		return "error"
	case design.Warning:
		return "warning"
	}
	return "note"
}

// ruleName turns a kebab-case rule id into the PascalCase name SARIF viewers show.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}
