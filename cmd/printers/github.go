package printers

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/schemagen/schemagen/design"
)

// GitHub writes diagnostics as GitHub Actions workflow commands, so that they
// show up as annotations on the pull request's changed lines. Like Text, it
// writes in large blocks and has handed everything to w when it returns.
func GitHub(w io.Writer, diags design.Diagnostics, _ map[string][]byte) error {
	bw := bufio.NewWriterSize(w, outputBuffer)
	if err := writeGitHub(bw, diags); err != nil {
		return err
	}
	return bw.Flush()
}

func writeGitHub(w io.Writer, diags design.Diagnostics) error {
	for _, d := range diags {
		level := "notice"
		switch d.Severity {
		case design.Error:
			level = "error"
		case design.Warning:
			level = "warning"
		}
		msg := d.Message
		if d.Hint != "" {
			msg += "\nHint: " + d.Hint
		}
		props := []string{"file=" + escapeProperty(d.Pos.File)}
		if d.Pos.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", d.Pos.Line))
		}
		if d.Pos.Col > 0 {
			props = append(props, fmt.Sprintf("col=%d", d.Pos.Col))
		}
		props = append(props, "title="+escapeProperty("schemagen "+d.Rule))
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", level, strings.Join(props, ","), escapeData(msg)); err != nil {
			return err
		}
	}
	return nil
}

// escapeData escapes a workflow command's message as the Actions runner expects.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
