package design

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
	"gopkg.in/yaml.v3"
)

// specToken is one top-level word of a short-form spec: parenthesised groups
// and quoted strings stay whole.
type specToken struct {
	text       string
	start, end int // byte offsets in the spec
}

// tokenizeSpec splits s on white space outside parentheses and quotes.
// It reports the offset of an unbalanced parenthesis or quote, or -1.
func tokenizeSpec(s string) ([]specToken, int) {
	return appendSpecTokens(make([]specToken, 0, 4), s)
}

// appendSpecTokens is tokenizeSpec appending to toks, so that a caller can reuse one buffer.
func appendSpecTokens(toks []specToken, s string) ([]specToken, int) {
	i := 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i >= len(s) {
			break
		}
		start := i
		depth := 0
		openAt := -1
		for i < len(s) {
			c := s[i]
			if c == '\'' || c == '"' {
				end := strings.IndexByte(s[i+1:], c)
				if end < 0 {
					return toks, i
				}
				i += end + 2
				continue
			}
			if c == '(' {
				if depth == 0 {
					openAt = i
				}
				depth++
			} else if c == ')' {
				depth--
				if depth < 0 {
					return toks, i
				}
			} else if (c == ' ' || c == '\t') && depth == 0 {
				break
			}
			i++
		}
		if depth != 0 {
			return toks, openAt
		}
		toks = append(toks, specToken{text: s[start:i], start: start, end: i})
	}
	return toks, -1
}

// MatchParen returns the index of the parenthesis closing the one at open,
// skipping quoted strings and identifiers, or -1.
func MatchParen(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '\'', '"':
			end := strings.IndexByte(s[i+1:], s[i])
			if end < 0 {
				return -1
			}
			i += end + 1
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

var specKeywords = map[string]bool{"pk": true, "unique": true, "identity": true, "default": true, "generated": true, "check": true, "collate": true}

// offsetPos is the position of byte offset off inside a scalar node's value.
func (l *loader) offsetPos(n *yaml.Node, off int) Pos {
	p := l.pos(n)
	if n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle {
		p.Col++
	}
	if n.Style == 0 || n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle {
		if !strings.Contains(n.Value, "\n") {
			p.Col += len([]rune(n.Value[:off]))
		}
	}
	return p
}

// parseFieldSpec reads the short form `TYPE[?] [pk] [unique] [identity
// [always]] [collate NAME] [default EXPR] [generated (EXPR)] [check (EXPR)]`.
func (l *loader) parseFieldSpec(f *Field, n *yaml.Node) bool {
	s := n.Value
	toks, bad := appendSpecTokens(l.toks[:0], s)
	l.toks = toks // the tokens do not outlive this call: reuse the buffer
	if bad >= 0 {
		l.rep.Report(l.offsetPos(n, bad), RuleInvalidField, "balance the parentheses and quotes",
			"field %q: unbalanced parenthesis or quote in %q", f.Name, s)
		return false
	}
	if len(toks) == 0 {
		l.rep.Report(l.pos(n), RuleInvalidField, "write a type such as `text`", "field %q has no type", f.Name)
		return false
	}
	i := 0
	for i < len(toks) && !specKeywords[strings.ToLower(toks[i].text)] {
		i++
	}
	if i == 0 {
		l.rep.Report(l.pos(n), RuleInvalidField, "start the spec with the type, for example `uuid pk`",
			"field %q: the spec must start with a type, found %q", f.Name, toks[0].text)
		return false
	}
	typ := strings.TrimSpace(s[toks[0].start:toks[i-1].end])
	f.TypePos = l.offsetPos(n, toks[0].start)
	if strings.HasSuffix(typ, "?") {
		f.Nullable = true
		typ = strings.TrimSpace(strings.TrimSuffix(typ, "?"))
	}
	f.Type = typ
	var given uint8 // the keywords seen that take a value: a second would replace the first
	for i < len(toks) {
		kw := strings.ToLower(toks[i].text)
		at := l.offsetPos(n, toks[i].start)
		i++
		if bit := valueKeywordBit(kw); bit != 0 {
			if given&bit != 0 {
				hint := fmt.Sprintf("write one `%s`", kw)
				if kw == "check" {
					hint = "join the conditions into one check: `check (a AND b)`"
				}
				l.rep.Report(at, RuleInvalidField, hint, "field %q: `%s` given twice; only one can be kept", f.Name, kw)
				return false
			}
			given |= bit
		}
		switch kw {
		case "pk":
			f.PK = true
		case "unique":
			f.Unique = true
		case "identity":
			f.Identity = true
			// `identity always`, or `identity by default` said in full.
			switch {
			case i < len(toks) && strings.EqualFold(toks[i].text, "always"):
				f.IdentityAlways = true
				i++
			case i+1 < len(toks) && strings.EqualFold(toks[i].text, "by") && strings.EqualFold(toks[i+1].text, "default"):
				i += 2
			}
		case "collate":
			if i >= len(toks) || specKeywords[strings.ToLower(toks[i].text)] {
				l.rep.Report(at, RuleInvalidField, "write `collate NAME`, for example `collate \"C\"`",
					"field %q: `collate` needs a collation name", f.Name)
				return false
			}
			f.Collate, f.CollatePos = toks[i].text, l.offsetPos(n, toks[i].start)
			i++
		case "default":
			j := i
			for j < len(toks) && !specKeywords[strings.ToLower(toks[j].text)] {
				j++
			}
			if j == i {
				l.rep.Report(at, RuleInvalidField, "write `default EXPR`, for example `default now()`",
					"field %q: `default` needs an expression", f.Name)
				return false
			}
			f.Default = s[toks[i].start:toks[j-1].end]
			i = j
		case "generated", "check":
			if i >= len(toks) || !strings.HasPrefix(toks[i].text, "(") || !strings.HasSuffix(toks[i].text, ")") {
				l.rep.Report(at, RuleInvalidField, fmt.Sprintf("write `%s (EXPR)`", kw),
					"field %q: `%s` needs one parenthesised expression", f.Name, kw)
				return false
			}
			expr := stripParens(toks[i].text)
			if kw == "check" {
				f.Check = expr
			} else {
				f.Generated = expr
			}
			i++
		default:
			l.rep.Report(at, RuleInvalidField, "keywords are pk, unique, identity, collate, default, generated and check",
				"field %q: unexpected %q", f.Name, toks[i-1].text)
			return false
		}
	}
	return true
}

// valueKeywordBit numbers the field-spec keywords that take a value, for
// parseFieldSpec to notice one given twice; 0 for the others.
func valueKeywordBit(kw string) uint8 {
	switch kw {
	case "default":
		return 1
	case "generated":
		return 2
	case "check":
		return 4
	case "collate":
		return 8
	}
	return 0
}

var relationshipKeys = []string{"one", "many", "one_of", "many_of", "via", "as", "optional", "on_delete", "on_update", "columns", "references", "name", "deferrable", "not_valid"}

var onDeleteActions = []string{"restrict", "cascade", "set null", "set default", "no action"}

// relationship reads `A 1-n B [via J] [as ROLE] [optional] [on_delete ACTION]` or the map form.
func (l *loader) relationship(n *yaml.Node) {
	r := &Relationship{Pos: l.pos(n), OnDelete: "restrict"}
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		if l.shortRelationship(r, n) {
			l.d.Relationships = append(l.d.Relationships, r)
		}
		return
	}
	var one, many, oneOf, manyOf *Name
	ok := l.keyed(n, "a relationship", relationshipKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "one", "many", "one_of", "many_of":
			nm, ok := l.name(v, "`"+key+"`")
			if !ok {
				return
			}
			switch key {
			case "one":
				one = &nm
			case "many":
				many = &nm
			case "one_of":
				oneOf = &nm
			case "many_of":
				manyOf = &nm
			}
		case "via":
			r.Via, _ = l.name(v, "`via`")
		case "as":
			r.As, _ = l.scalar(v, "`as`")
		case "optional":
			r.Optional = l.boolean(v, "`optional`")
		case "on_delete", "on_update":
			s, ok := l.scalar(v, "`"+key+"`")
			if !ok {
				return
			}
			action := strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(s, "_", " "))), " ")
			if !slices.Contains(onDeleteActions, action) {
				l.rep.Report(l.pos(v), RuleInvalidValue, "use one of: "+strings.Join(onDeleteActions, ", "),
					"unknown %s action %q", key, s)
				return
			}
			if key == "on_delete" {
				r.OnDelete = action
			} else {
				r.OnUpdate = action
			}
		case "columns":
			r.Columns = l.names(v, "a column")
		case "references":
			r.References = l.names(v, "a column")
		case "name":
			r.Name, _ = l.scalar(v, "`name`")
		case "deferrable":
			r.Deferrable = l.deferrable(v)
		case "not_valid":
			r.NotValid = l.boolean(v, "`not_valid`")
		}
	})
	if !ok {
		return
	}
	switch {
	case one != nil && many != nil && oneOf == nil && manyOf == nil:
		r.Kind, r.From, r.To = OneToMany, *one, *many
	case one != nil && oneOf != nil && many == nil && manyOf == nil:
		r.Kind, r.From, r.To = OneToOne, *one, *oneOf
	case many != nil && manyOf != nil && one == nil && oneOf == nil:
		r.Kind, r.From, r.To = ManyToMany, *many, *manyOf
	default:
		l.rep.Report(r.Pos, RuleInvalidRelationship, "write `{one: A, many: B}`, `{one: A, one_of: B}` or `{many: A, many_of: B, via: J}`",
			"a relationship map needs exactly one pair of sides")
		return
	}
	l.d.Relationships = append(l.d.Relationships, r)
}

func (l *loader) shortRelationship(r *Relationship, n *yaml.Node) bool {
	toks, _ := tokenizeSpec(n.Value)
	bad := func(at int, hint, format string, args ...any) bool {
		p := l.pos(n)
		if at < len(toks) {
			p = l.offsetPos(n, toks[at].start)
		}
		l.rep.Report(p, RuleInvalidRelationship, hint, format, args...)
		return false
	}
	if len(toks) < 3 {
		return bad(0, "write `A 1-n B`, `A 1-1 B` or `A n-n B via J`", "a relationship needs two entities and a kind, found %q", n.Value)
	}
	name := func(i int) Name { return Name{Name: toks[i].text, Pos: l.offsetPos(n, toks[i].start)} }
	switch strings.ToLower(toks[1].text) {
	case "1-n", "1-*", "1:n":
		r.Kind, r.From, r.To = OneToMany, name(0), name(2)
	case "n-1", "*-1", "n:1":
		r.Kind, r.From, r.To = OneToMany, name(2), name(0)
	case "1-1", "1:1":
		r.Kind, r.From, r.To = OneToOne, name(0), name(2)
	case "n-n", "m-n", "*-*", "n:n", "m:n":
		r.Kind, r.From, r.To = ManyToMany, name(0), name(2)
	default:
		return bad(1, "use 1-1, 1-n or n-n", "unknown relationship kind %q", toks[1].text)
	}
	for i := 3; i < len(toks); i++ {
		word := strings.ToLower(toks[i].text)
		switch word {
		case "via", "as":
			if i+1 >= len(toks) {
				return bad(i, fmt.Sprintf("write `%s NAME`", word), "`%s` needs a name", word)
			}
			i++
			if word == "via" {
				r.Via = name(i)
			} else {
				r.As = toks[i].text
			}
		case "optional":
			r.Optional = true
		case "on_delete", "on":
			if word == "on" {
				if i+1 >= len(toks) || strings.ToLower(toks[i+1].text) != "delete" {
					return bad(i, "write `on delete cascade`", "expected `on delete ACTION`")
				}
				i++
			}
			if i+1 >= len(toks) {
				return bad(i, "use one of: "+strings.Join(onDeleteActions, ", "), "`on delete` needs an action")
			}
			i++
			action := strings.ToLower(strings.ReplaceAll(toks[i].text, "_", " "))
			if (action == "set" || action == "no") && i+1 < len(toks) {
				i++
				action += " " + strings.ToLower(toks[i].text)
			}
			if !slices.Contains(onDeleteActions, action) {
				return bad(i, "use one of: "+strings.Join(onDeleteActions, ", "), "unknown on delete action %q", action)
			}
			r.OnDelete = action
		default:
			hint := "after the two entities come `via J`, `as ROLE`, `optional` and `on delete ACTION`"
			if s := l.rep.Suggest(word, []string{"via", "as", "optional", "on_delete"}); s != "" {
				hint = fmt.Sprintf("did you mean `%s`?", s)
			}
			return bad(i, hint, "unexpected %q in relationship %q", toks[i].text, n.Value)
		}
	}
	return true
}

// Suggest returns the candidate closest to s when it is close enough to be a likely typo.
func Suggest(s string, candidates []string) string {
	best, bestDist := "", 1<<30
	ls := strings.ToLower(s)
	n := utf8.RuneCountInString(ls)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		// The distance is at least the difference in length: skip what cannot be close.
		if diff := utf8.RuneCountInString(lc) - n; diff > 3 || diff < -3 {
			continue
		}
		d := levenshtein.ComputeDistance(ls, lc)
		if d < bestDist || d == bestDist && c < best {
			best, bestDist = c, d
		}
	}
	limit := 2
	if len(s) <= 3 {
		limit = 1
	}
	if len(s) >= 8 {
		limit = 3
	}
	if best != "" && bestDist <= limit {
		return best
	}
	return ""
}
