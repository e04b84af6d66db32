// YAML syntax errors, pointed at the line where the mistake really is
// (yaml.v3 often reports the line of the enclosing block) with a hint.

package design

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

func firstBadByte(data []byte) (line, col int) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 || r == 0 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[size:]
	}
	return line, col
}

var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

func (l *loader) syntaxError(err error, data []byte) {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	line := 1
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		if m[1] != "" {
			line, _ = strconv.Atoi(m[1])
		}
		msg = m[2]
	}
	line = syntaxErrorLine(data, line)
	l.rep.Report(Pos{File: l.file, Line: line, Col: 1}, RuleYAMLSyntax, syntaxHint(data, line), "invalid YAML: %s", msg)
}

// nullableInFlowRE finds a plain value ending in `?` inside `{...}` or `[...]`,
// which the YAML parser rejects although the format allows `text?`.
var nullableInFlowRE = regexp.MustCompile(`[{\[,]\s*(?:[\w-]+\s*:\s*)?[\w()\[\], ]*[\w)\]]\?\s*[,}\]]`)

// syntaxHint suggests a fix for the mistakes people make most in designs.
func syntaxHint(data []byte, line int) string {
	lines := bytes.Split(data, []byte("\n"))
	if line < 1 || line > len(lines) {
		return ""
	}
	text := lines[line-1]
	switch {
	case nullableInFlowRE.Match(text):
		return "quote a nullable type inside { } or [ ]: `{type: \"text?\"}`, or use the block form"
	case bytes.HasPrefix(bytes.TrimLeft(text, " "), []byte("\t")) || bytes.Contains(text[:len(text)-len(bytes.TrimLeft(text, " \t"))], []byte("\t")):
		return "indent with spaces: YAML does not allow tabs for indentation"
	}
	return "check the indentation, colons, brackets and quotes on this line and the one before"
}

// maxSyntaxProbes bounds the extra parses syntaxErrorLine may spend.
const maxSyntaxProbes = 64

// syntaxErrorLine finds the line where a document that yaml.v3 rejects goes
// wrong. yaml.v3 reports the line where the enclosing block or flow collection
// starts (and counts it from zero), which can be far above the mistake. The
// mistake is on the first line after which no prefix of the document parses:
// prefix(k-1) parses and every longer prefix fails. Probing is bounded, so a
// huge broken file costs a few dozen parses at most; reported is the line
// yaml.v3 gave when nothing better is found.
func syntaxErrorLine(data []byte, reported int) int {
	starts := []int{0} // byte offset where each line starts
	for i, c := range data {
		if c == '\n' && i+1 < len(data) {
			starts = append(starts, i+1)
		}
	}
	n := len(starts)
	parses := func(k int) bool { // does the prefix of k lines parse?
		end := len(data)
		if k < n {
			end = starts[k]
		}
		var node yaml.Node
		return yaml.Unmarshal(data[:end], &node) == nil
	}
	// Walk back from the end while prefixes fail: the line after the last
	// prefix that parses is where the document broke for good.
	probes := 0
	k := n - 1
	for ; k >= 0 && probes < maxSyntaxProbes; k-- {
		probes++
		if parses(k) {
			return k + 1
		}
	}
	if k < 0 {
		return 1
	}
	// Too far from the end to walk: bisect between the start (the empty
	// document parses) and k+1 (fails).
	lo, hi := 0, k+1
	for hi-lo > 1 && probes < 2*maxSyntaxProbes {
		probes++
		mid := (lo + hi) / 2
		if parses(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	if hi-lo == 1 {
		return hi
	}
	if reported < 1 || reported > n {
		return 1
	}
	return reported
}
