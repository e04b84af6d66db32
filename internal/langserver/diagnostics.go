package langserver

import (
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
		Range:           d.wordAt(pos),
		Severity:        ptr(severity(diag.Severity)),
		Code:            &protocol.IntegerOrString{Value: diag.Rule},
		CodeDescription: &protocol.CodeDescription{HRef: RulesURL + diag.Rule},
		Source:          ptr("schemagen"),
		Message:         msg,
	}
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
