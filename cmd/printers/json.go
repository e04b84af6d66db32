package printers

import (
	"encoding/json"
	"io"

	"github.com/schemagen/schemagen/design"
)

// jsonDiagnostic is the JSON shape of one diagnostic; field names are part of the output contract.
type jsonDiagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

type jsonReport struct {
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Errors      int              `json:"errors"`
	Warnings    int              `json:"warnings"`
	Infos       int              `json:"infos"`
}

// JSON writes diagnostics as one JSON object: a "diagnostics" array and counts per severity.
func JSON(w io.Writer, diags design.Diagnostics, _ map[string][]byte) error {
	r := jsonReport{
		Diagnostics: make([]jsonDiagnostic, 0, len(diags)),
		Errors:      diags.Count(design.Error),
		Warnings:    diags.Count(design.Warning),
		Infos:       diags.Count(design.Info),
	}
	for _, d := range diags {
		r.Diagnostics = append(r.Diagnostics, jsonDiagnostic{
			File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col,
			Severity: d.Severity.String(), Rule: d.Rule, Message: d.Message, Hint: d.Hint,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
