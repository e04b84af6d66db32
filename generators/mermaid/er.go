package mermaid

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
)

// writeER writes an erDiagram: one entity block per table with its columns
// (type, name, keys and a comment for nullability, state machines and types
// Mermaid cannot spell), then one relationship line per foreign key.
func writeER(b *strings.Builder, s *schema.Schema, only []string) error {
	drawn := map[*schema.Table]bool{}
	if only == nil {
		for _, t := range s.Tables {
			drawn[t] = true
		}
	} else {
		for _, name := range only {
			t := s.Table(name)
			if t == nil {
				return fmt.Errorf("unknown entity %q", name)
			}
			drawn[t] = true
		}
	}
	b.WriteString("erDiagram\n")
	for _, t := range s.Tables {
		if !drawn[t] {
			continue
		}
		id := ident(t.QualifiedName())
		if id != t.QualifiedName() {
			fmt.Fprintf(b, "    %s[\"%s\"] {\n", id, text(t.QualifiedName()))
		} else {
			fmt.Fprintf(b, "    %s {\n", id)
		}
		for _, c := range t.Columns {
			fmt.Fprintf(b, "        %s %s", attrType(c.Type), attrName(c.Name))
			var keys []string
			if c.PK {
				keys = append(keys, "PK")
			}
			if c.ForeignKey != nil {
				keys = append(keys, "FK")
			}
			if c.Unique {
				keys = append(keys, "UK")
			}
			if len(keys) > 0 {
				b.WriteString(" " + strings.Join(keys, ", "))
			}
			if comment := columnComment(t, c); comment != "" {
				fmt.Fprintf(b, " \"%s\"", text(comment))
			}
			b.WriteByte('\n')
		}
		b.WriteString("    }\n")
	}
	for _, child := range s.Tables {
		for _, fk := range child.ForeignKeys {
			parent := fk.RefTable
			if parent == nil || !drawn[child] || !drawn[parent] {
				continue
			}
			left := "||" // exactly one parent
			if fk.Optional {
				left = "|o"
			}
			right := "o{" // zero or many children
			if fk.Unique {
				right = "o|"
			}
			fmt.Fprintf(b, "    %s %s--%s %s : \"%s\"\n", ident(parent.QualifiedName()), left, right,
				ident(child.QualifiedName()), text(strings.Join(fk.Columns, ", ")))
		}
	}
	return nil
}

// attrType spells a column type the way Mermaid's erDiagram accepts it: a
// word of letters, digits, underscores, hyphens, brackets and parentheses
// (commas and spaces are not allowed, so `numeric(12,2)` becomes
// `numeric(12-2)` and the exact type goes in the comment).
func attrType(typ string) string {
	var b strings.Builder
	for i, r := range typ {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '_':
			b.WriteRune(r)
		case r >= '0' && r <= '9', r == '-', r == '(', r == ')', r == '[', r == ']':
			if i == 0 {
				b.WriteByte('t')
			}
			b.WriteRune(r)
		case r == ',':
			b.WriteByte('-')
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "unknown"
	}
	return b.String()
}

// columnComment says what the attribute line cannot: the real name when
// attrName had to change it, nullability, the state machine of a state
// column, the exact type when attrType had to change it.
func columnComment(t *schema.Table, c *schema.Column) string {
	var parts []string
	if attrName(c.Name) != c.Name {
		parts = append(parts, "column "+c.Name)
	}
	if c.Nullable {
		parts = append(parts, "nullable")
	}
	if c.Machine != nil {
		parts = append(parts, "state machine "+c.Machine.Name)
	} else if c.Enum != nil && t.Kind != schema.EventTable {
		parts = append(parts, "enum")
	}
	if attrType(c.Type) != c.Type {
		parts = append(parts, c.Type)
	}
	return strings.Join(parts, "; ")
}
