// Package printers writes diagnostics in each output format schemagen offers:
// text for people, JSON for tools, GitHub workflow annotations and SARIF.
package printers

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/internal/rulebook"
)

// TextOptions tunes the text format.
type TextOptions struct {
	NoSource bool // print only the diagnostic lines, without the source line, caret and hint
	// Explain prints, under the first diagnostic of each rule, the rule's short
	// why and fix from its documentation, so that a newcomer learns the rule
	// without running `schemagen explain`.
	Explain bool
}

// Text writes diagnostics as `file:line:col: severity: message [rule]`, each
// followed by the offending source line, a caret under the column, and the hint.
// sources maps a file name to its content; files not in it get no source line.
//
// The text is written in large blocks, not line by line (thousands of
// diagnostics were as many write system calls), and all of it is handed to w
// before Text returns. A write error is w's to keep (cmd/cli's errWriter).
func Text(w io.Writer, diags design.Diagnostics, sources map[string][]byte, opts TextOptions) {
	bw := bufio.NewWriterSize(w, outputBuffer)
	defer bw.Flush()
	writeText(bw, diags, sources, opts)
}

// outputBuffer is the size of the blocks in which the printers write.
const outputBuffer = 64 << 10

func writeText(w io.Writer, diags design.Diagnostics, sources map[string][]byte, opts TextOptions) {
	lines := map[string][][]byte{}
	explained := map[string]bool{}
	for _, d := range diags {
		fmt.Fprintln(w, d.String())
		if opts.NoSource {
			continue
		}
		if src, ok := sources[d.Pos.File]; ok && len(src) > 0 && d.Pos.Line > 0 {
			ls, seen := lines[d.Pos.File]
			if !seen {
				ls = bytes.Split(src, []byte("\n"))
				lines[d.Pos.File] = ls
			}
			if d.Pos.Line <= len(ls) {
				line := strings.TrimRight(string(ls[d.Pos.Line-1]), "\r")
				if utf8.ValidString(line) && len(line) <= 500 {
					fmt.Fprintf(w, "    %s\n", line)
					fmt.Fprintf(w, "    %s^\n", caretPadding(line, d.Pos.Col))
				}
			}
		}
		if d.Hint != "" {
			fmt.Fprintf(w, "    hint: %s\n", d.Hint)
		}
		if opts.Explain && !explained[d.Rule] {
			explained[d.Rule] = true
			if r, ok := rulebook.All().Lookup(d.Rule); ok {
				writeWrapped(w, "    why:  ", r.Why())
				writeWrapped(w, "    fix:  ", r.Fix())
				fmt.Fprintf(w, "    more: schemagen explain %s\n", r.Name)
			}
		}
	}
}

// explainWidth is the column at which writeWrapped breaks lines.
const explainWidth = 80

// writeWrapped writes text after label, wrapped at explainWidth with the
// continuation lines indented under the text.
func writeWrapped(w io.Writer, label, text string) {
	if text == "" {
		return
	}
	indent := strings.Repeat(" ", len(label))
	line := label
	for i, word := range strings.Fields(text) {
		if i > 0 && len(line)+1+len(word) > explainWidth {
			fmt.Fprintln(w, line)
			line = indent + word
			continue
		}
		if i > 0 {
			line += " "
		}
		line += word
	}
	fmt.Fprintln(w, line)
}

// caretPadding returns the white space that puts a caret under column col,
// keeping tabs so that the caret lines up however tabs are shown.
func caretPadding(line string, col int) string {
	var b strings.Builder
	i := 1
	for _, r := range line {
		if i >= col {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		i++
	}
	return b.String()
}

// Summary returns a line such as "2 errors, 1 warning, 3 infos".
func Summary(diags design.Diagnostics) string {
	plural := func(n int, word string) string {
		if n == 1 {
			return fmt.Sprintf("1 %s", word)
		}
		return fmt.Sprintf("%d %ss", n, word)
	}
	return fmt.Sprintf("%s, %s, %s", plural(diags.Count(design.Error), "error"),
		plural(diags.Count(design.Warning), "warning"), plural(diags.Count(design.Info), "info"))
}
