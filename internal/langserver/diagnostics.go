package langserver

import (
	"regexp"
	"strconv"

	"github.com/schemagen/schemagen/design"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// RulesURL is where a diagnostic's rule is explained: docs/rules.md has one
// section per rule, anchored by its name (the text `schemagen explain` prints).
const RulesURL = "https://github.com/schemagen/schemagen/blob/main/docs/rules.md#"

// lspDiagnostics converts the last check's diagnostics. The hint, when there
// is one, follows the message on its own line, as `validate` prints it.
func (d *document) lspDiagnostics() []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(d.checked.diags))
	for _, diag := range d.checked.diags {
		out = append(out, d.lspDiagnostic(diag))
	}
	return out
}

func (d *document) lspDiagnostic(diag design.Diagnostic) protocol.Diagnostic {
	msg := diag.Message
	if diag.Hint != "" {
		msg += "\nhint: " + diag.Hint
	}
	pos := diag.Pos
	if !pos.IsValid() {
		pos = design.Pos{Line: 1, Col: 1}
	}
	if pos.Col < 1 {
		pos.Col = 1
	}
	return protocol.Diagnostic{
		Range:              d.wordAt(pos),
		RelatedInformation: d.related(diag.Message),
		Severity:           ptr(severity(diag.Severity)),
		Code:               &protocol.IntegerOrString{Value: diag.Rule},
		CodeDescription:    &protocol.CodeDescription{HRef: RulesURL + diag.Rule},
		Source:             ptr("schemagen"),
		Message:            msg,
	}
}

// citedRE finds the other place a message cites: "... as table \"users\" (at FILE:LINE:COL)".
var citedRE = regexp.MustCompile(`\bas ([^()]+?) \(at (.+?):(\d+):(\d+)\)`)

// related turns the places a message cites in the same design into related
// locations, which editors show as links under the diagnostic.
func (d *document) related(msg string) []protocol.DiagnosticRelatedInformation {
	var out []protocol.DiagnosticRelatedInformation
	for _, m := range citedRE.FindAllStringSubmatch(msg, -1) {
		if m[2] != d.name {
			continue
		}
		line, _ := strconv.Atoi(m[3])
		col, _ := strconv.Atoi(m[4])
		p := design.Pos{File: d.name, Line: line, Col: col}
		out = append(out, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: d.uri, Range: d.wordAt(p)},
			Message:  m[1] + " is declared here",
		})
	}
	return out
}

func severity(s design.Severity) protocol.DiagnosticSeverity {
	switch s {
	case design.Error:
		return protocol.DiagnosticSeverityError
	case design.Warning:
		return protocol.DiagnosticSeverityWarning
	}
	return protocol.DiagnosticSeverityInformation
}
