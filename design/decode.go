package design

import (
	"bytes"
	"runtime"
	"sync"

	"gopkg.in/yaml.v3"
)

// piecewiseMinSize is the size from which Load decodes a design in pieces.
// Decoding the YAML is half of checking a large design and yaml.v3 does it on
// one CPU; in pieces it runs on every CPU. This is a second way to answer one
// question, kept because it pays more than 10%: at 5,000 entities (2.7 MB) on
// two CPUs the file becomes four pieces of about 25 ms of CPU time each and a
// fifth of 5 ms, against 105 ms for one decoder, the same CPU time in all,
// so that on two free CPUs the decode's wall time halves (about 55 ms instead
// of 105 ms: a tenth of `schemagen validate`). BenchmarkDecodeInPieces
// measures it. Below this size one decoder is as fast.
var piecewiseMinSize = 256 << 10

// decodeInPieces decodes a large design, whose top level is a block mapping
// of plain keys, in pieces on every CPU. The file is cut into pieces of about
// equal size, each starting either at a top-level key or at an entry of a
// section (a line at the indentation of the section's keys or list items);
// each piece is decoded on its own, with as many line breaks before it as
// there are lines before it in the file so that every node keeps its line and
// column, and the pieces' entries are joined into the one tree a single
// decoder would have built. It reports false, and the caller decodes the
// whole file, when the file is small or not of that simple shape, or when any
// piece does not decode (a syntax error, or an alias whose anchor is in
// another piece): the errors, and anything unusual, are always the single
// decoder's. The tree differs from the single decoder's only in comments,
// which no loader reads.
func decodeInPieces(data []byte) (*yaml.Node, bool) {
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 || len(data) < piecewiseMinSize {
		return nil, false
	}
	// More pieces than CPUs, so that the CPUs stay busy until the end.
	cuts, ok := cutPieces(data, len(data)/(2*workers))
	if !ok || len(cuts) < 2 {
		return nil, false
	}
	type piece struct {
		cut
		text []byte
		node yaml.Node
		err  error
	}
	pieces := make([]*piece, len(cuts))
	lines := 0
	for i, c := range cuts {
		to := len(data)
		if i+1 < len(cuts) {
			to = cuts[i+1].at
		}
		if i > 0 {
			lines += bytes.Count(data[cuts[i-1].at:c.at], []byte("\n"))
		}
		text := make([]byte, 0, lines+to-c.at)
		text = append(append(text, bytes.Repeat([]byte("\n"), lines)...), data[c.at:to]...)
		pieces[i] = &piece{cut: c, text: text}
	}
	var wg sync.WaitGroup
	for _, p := range pieces {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.err = yaml.Unmarshal(p.text, &p.node)
		}()
	}
	wg.Wait()
	var root, top, open *yaml.Node
	for _, p := range pieces {
		if p.err != nil || p.node.Kind != yaml.DocumentNode || len(p.node.Content) != 1 {
			return nil, false
		}
		n := p.node.Content[0]
		switch {
		case p.entries == 0 && n.Kind == yaml.MappingNode && len(n.Content) >= 2:
			// A piece that starts at a top-level key: more keys of the design.
			if root == nil {
				root, top = &p.node, n
			} else {
				top.Content = append(top.Content, n.Content...)
			}
			open = n.Content[len(n.Content)-1]
		case p.entries != 0 && open != nil && n.Kind == p.entries && open.Kind == p.entries:
			// A piece that starts at an entry: more of the last key's section.
			open.Content = append(open.Content, n.Content...)
		default:
			return nil, false
		}
	}
	return root, true
}

// cut is where a piece of a design starts: at a top-level key (entries is
// 0) or at an entry of a section, which is then a mapping or a sequence.
type cut struct {
	at      int
	entries yaml.Kind
}

// cutPieces cuts a design into pieces of at least size bytes, each starting
// at a top-level key or at an entry of a section; a piece that starts at an
// entry ends where its section does. It reports false unless the
// top level holds only plain keys (`name:`), comments and blank lines, and
// each section written on the lines under its key is indented by spaces, at
// least as far as its first entry: anything else (a document marker, a
// directive, a quoted or flow key, a tab, a list at column 1) is left to the
// single decoder.
func cutPieces(data []byte, size int) ([]cut, bool) {
	var cuts []cut
	var indent int     // of the current section's entries; 0 before its first
	var kind yaml.Kind // of the current section's entries
	inline := true     // the current key has its value on its own line
	for at := 0; at < len(data); {
		next := len(data)
		if i := bytes.IndexByte(data[at:], '\n'); i >= 0 {
			next = at + i + 1
		}
		line := bytes.TrimRight(data[at:next], "\r\n")
		n := len(line) - len(bytes.TrimLeft(line, " "))
		switch {
		case n == len(line) || line[n] == '#':
			// blank, or a comment
		case n == 0:
			key, rest, ok := bytes.Cut(line, []byte(":"))
			if !ok || !plainKey(key) || len(rest) > 0 && rest[0] != ' ' {
				return nil, false
			}
			rest = bytes.TrimLeft(rest, " ")
			inline = len(rest) > 0 && rest[0] != '#'
			indent, kind = 0, 0
			// A piece that starts at an entry ends with its section.
			if len(cuts) == 0 || at-cuts[len(cuts)-1].at >= size || cuts[len(cuts)-1].entries != 0 {
				cuts = append(cuts, cut{at: at})
			}
		case line[n] == '\t':
			return nil, false
		case inline:
			// the rest of a value that starts on its key's line
		case indent == 0:
			indent, kind = n, yaml.MappingNode
			if line[n] == '-' && (n+1 == len(line) || line[n+1] == ' ') {
				kind = yaml.SequenceNode
			}
		case n < indent:
			return nil, false
		case n == indent && at-cuts[len(cuts)-1].at >= size && entryStart(line[n:], kind):
			cuts = append(cuts, cut{at: at, entries: kind})
		}
		at = next
	}
	if len(cuts) == 0 || cuts[0].at != firstContent(data) {
		return nil, false
	}
	cuts[0].at = 0 // the first piece takes the comments before the first key too
	return cuts, true
}

// firstContent is where the first line that is neither blank nor a comment starts.
func firstContent(data []byte) int {
	for at := 0; at < len(data); {
		next := len(data)
		if i := bytes.IndexByte(data[at:], '\n'); i >= 0 {
			next = at + i + 1
		}
		if t := bytes.TrimLeft(bytes.TrimRight(data[at:next], "\r\n"), " "); len(t) > 0 && t[0] != '#' {
			return at
		}
		at = next
	}
	return len(data)
}

// entryStart reports whether text, at a section's indentation, starts one
// of its entries: a list item, or a key that is a plain name.
func entryStart(text []byte, kind yaml.Kind) bool {
	if kind == yaml.SequenceNode {
		return text[0] == '-' && (len(text) == 1 || text[1] == ' ')
	}
	return isKeyStart(text[0])
}

func isKeyStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// plainKey reports whether key is a name that YAML reads as itself.
func plainKey(key []byte) bool {
	for _, c := range key {
		if !isKeyStart(c) && (c < '0' || c > '9') {
			return false
		}
	}
	return len(key) > 0
}
