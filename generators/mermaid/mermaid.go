// Package mermaid writes a resolved design as Mermaid text (erDiagram,
// stateDiagram-v2 or flowchart), which GitHub renders inside Markdown.
package mermaid

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
)

// Options choose what to draw.
type Options struct {
	Kind    string // "er" (default), "states" or "flow"
	Machine string // states: only this machine
	// Tables, when not nil, limits an ER diagram to these entities (design
	// names); relationships to other tables are left out.
	Tables []string
}

// Generate returns the Mermaid text of a diagram.
func Generate(s *schema.Schema, opts Options) ([]byte, error) {
	if s == nil {
		return nil, fmt.Errorf("no schema to draw")
	}
	var b strings.Builder
	var err error
	switch opts.Kind {
	case "", "er":
		err = writeER(&b, s, opts.Tables)
	case "states":
		err = writeStates(&b, s, opts.Machine)
	case "flow":
		err = writeFlow(&b, s)
	default:
		return nil, fmt.Errorf("unknown diagram kind %q: use er, states or flow", opts.Kind)
	}
	if err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

// ident makes a Mermaid identifier: letters, digits and underscores, not
// starting with a digit, never a keyword. Anything else becomes an underscore;
// a name that changes also gets a short hash so that two names never collide.
func ident(name string) string { return identifier(name, false) }

// attrName makes an attribute name: like ident, but keywords are fine inside
// an entity's block and letters from U+00C0 on stay as they are (Mermaid 11
// reads `größe` as an attribute name). A name that still changes keeps its
// real spelling in the attribute's comment (columnComment).
func attrName(name string) string { return identifier(name, true) }

func identifier(name string, attribute bool) string {
	var b strings.Builder
	changed := false
	for i, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '_', attribute && r >= 0xC0 && r <= 0xFFFF:
			b.WriteRune(r)
		case r >= '0' && r <= '9':
			if i == 0 {
				b.WriteString("n")
				changed = true
			}
			b.WriteRune(r)
		default:
			b.WriteByte('_')
			changed = true
		}
	}
	if b.Len() == 0 {
		b.WriteString("x")
		changed = true
	}
	if !attribute && keywords[strings.ToLower(b.String())] {
		changed = true
	}
	if changed {
		fmt.Fprintf(&b, "_%04x", fnv16(name))
	}
	return b.String()
}

// keywords are words Mermaid's grammars read as statements (an entity named
// `end` ends a block); identifiers that spell one get a hash suffix.
var keywords = map[string]bool{
	"end": true, "subgraph": true, "direction": true, "classdef": true, "class": true,
	"style": true, "linkstyle": true, "title": true, "acctitle": true, "accdescr": true,
	"graph": true, "flowchart": true, "erdiagram": true, "statediagram": true, "state": true,
	"note": true, "click": true, "call": true, "href": true, "default": true, "as": true,
	"direction_tb": true, "direction_bt": true, "direction_lr": true, "direction_rl": true,
	"u": true, "pk": true, "fk": true, "uk": true,
}

func fnv16(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return (h >> 16) ^ (h & 0xffff)
}

// text escapes a string for a double-quoted Mermaid label: Mermaid reads
// #quot; and similar entity codes inside quotes, and a newline ends a statement.
func text(s string) string {
	r := strings.NewReplacer(`"`, "#quot;", "\n", " ", "\r", " ", "#", "#35;", "<", "#lt;", ">", "#gt;")
	return r.Replace(s)
}
