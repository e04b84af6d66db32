package importsql

import (
	"bytes"
	"regexp"
)

// copyFromStdin matches the COPY statement whose data follows it in the file.
var copyFromStdin = regexp.MustCompile(`(?i)^\s*copy\s.*\sfrom\s+stdin\b`)

// preprocess blanks out what pg_query cannot parse but psql accepts: psql
// meta-command lines (`\connect`, `\set`, ...) and the data blocks of
// `COPY ... FROM stdin` up to the `\.` line. It replaces them with spaces,
// keeping every newline, so that byte offsets (and so line and column numbers)
// stay those of the original file. It returns how many meta-commands and data
// blocks it removed, and where the first of each starts.
func preprocess(src []byte) (out []byte, metas, copies int, firstMeta, firstCopy int) {
	out = append([]byte(nil), src...)
	firstMeta, firstCopy = -1, -1
	inCopy := false
	for start := 0; start < len(out); {
		end := bytes.IndexByte(out[start:], '\n')
		if end < 0 {
			end = len(out)
		} else {
			end += start
		}
		line := out[start:end]
		trimmed := bytes.TrimLeft(line, " \t")
		switch {
		case inCopy:
			if bytes.Equal(bytes.TrimRight(trimmed, " \t\r"), []byte(`\.`)) {
				inCopy = false
			}
			blank(line)
		case len(trimmed) > 0 && trimmed[0] == '\\':
			if firstMeta < 0 {
				firstMeta = start
			}
			metas++
			blank(line)
		case copyFromStdin.Match(line):
			if firstCopy < 0 {
				firstCopy = start
			}
			copies++
			inCopy = true
		}
		start = end + 1
	}
	return out, metas, copies, firstMeta, firstCopy
}

func blank(b []byte) {
	for i := range b {
		if b[i] != '\n' && b[i] != '\r' {
			b[i] = ' '
		}
	}
}
