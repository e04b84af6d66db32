package langserver

import (
	"slices"
	"sort"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// keysOf maps a path of enclosing keys (as yamlPath writes it) to the keys
// the loader accepts there, from design.KeySets.
func keysOf(path []string) []string {
	sets := map[string][]string{}
	for _, s := range design.KeySets() {
		sets[s.Map] = s.Keys
	}
	switch {
	case len(path) == 0:
		return sets["design"]
	case len(path) == 2 && path[0] == "entities":
		return sets["entity"]
	case len(path) == 4 && path[0] == "entities" && path[2] == "fields":
		return sets["field"]
	case len(path) == 4 && path[0] == "entities" && path[2] == "indexes":
		return sets["index"]
	case len(path) == 2 && path[0] == "enums":
		return sets["enum"]
	case len(path) == 2 && path[0] == "states":
		return sets["machine"]
	case len(path) == 2 && path[0] == "failures":
		return sets["failure"]
	case len(path) == 3 && path[0] == "failures" && path[2] == "retry":
		return sets["retry"]
	case len(path) == 2 && path[0] == "flow":
		return sets["flow_step"]
	case len(path) == 2 && path[0] == "relationships":
		return sets["relationship"]
	case len(path) == 2 && path[0] == "extensions":
		return sets["extension"]
	case len(path) == 2 && path[0] == "domains":
		return sets["domain"]
	case len(path) == 2 && path[0] == "sql":
		return sets["sql_block"]
	case len(path) == 4 && path[0] == "entities" && path[2] == "unique":
		return sets["unique"]
	case len(path) == 3 && path[0] == "entities" && path[2] == "partition":
		return sets["partitioning"]
	case len(path) == 5 && path[0] == "entities" && path[2] == "partition" && path[3] == "partitions":
		return sets["partition"]
	}
	return nil
}

// lineShape splits a line into its indentation, whether it is a list item,
// the indentation of its content, and its key ("" when none).
func lineShape(line string) (indent int, item bool, content int, key string) {
	indent = len(line) - len(strings.TrimLeft(line, " "))
	content = indent
	rest := line[indent:]
	for strings.HasPrefix(rest, "- ") || rest == "-" {
		item = true
		trimmed := strings.TrimLeft(strings.TrimPrefix(rest, "-"), " ")
		content += len(rest) - len(trimmed)
		rest = trimmed
	}
	if k, _, ok := strings.Cut(rest, ":"); ok && !strings.ContainsAny(k, " {[#\"'") {
		key = k
	}
	return indent, item, content, key
}

// yamlPath is the chain of keys that encloses a position of the line, found
// from the indentation of the lines above (so that it works while the text is
// not yet valid YAML). A list item is written "-".
func (d *document) yamlPath(lineNo, col int) []string {
	line := d.line(lineNo)
	_, item, content, _ := lineShape(line)
	target := min(content, col)
	if strings.TrimSpace(line) == "" {
		target = col
	}
	var path []string
	if item && col >= content {
		path = append(path, "-")
		target = len(line) - len(strings.TrimLeft(line, " "))
	}
	for i := lineNo - 1; i >= 0 && target > 0; i-- {
		l := d.line(i)
		if t := strings.TrimSpace(l); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		indent, item, content, key := lineShape(l)
		if key != "" && content < target {
			path = append(path, key)
			target = content
		}
		if item && indent < target {
			path = append(path, "-")
			target = indent
		}
	}
	slices.Reverse(path)
	return path
}

func (s *Server) completion(_ *glsp.Context, p *protocol.CompletionParams) (any, error) {
	var items []protocol.CompletionItem
	s.withDoc(p.TextDocument.URI, func(d *document) any {
		items = d.complete(p.Position)
		return nil
	})
	return protocol.CompletionList{IsIncomplete: false, Items: items}, nil
}

// names of the design the completion offers, from the last design that loaded.
func (d *document) names(kind symbolKind, scope string) []string {
	if d.navIndex() == nil {
		return nil
	}
	var out []string
	for _, o := range d.navIndex().occs {
		if o.sym.kind == kind && (scope == "" || o.sym.scope == scope) && !slices.Contains(out, o.sym.name) {
			out = append(out, o.sym.name)
		}
	}
	return out
}

func items(labels []string, kind protocol.CompletionItemKind, detail string) []protocol.CompletionItem {
	out := make([]protocol.CompletionItem, 0, len(labels))
	for _, l := range labels {
		out = append(out, protocol.CompletionItem{Label: l, Kind: ptr(kind), Detail: ptr(detail)})
	}
	return out
}

// complete lists what may be written at a position: keys where a key goes,
// and for values the entity names, field types, spec keywords, enum values
// or state names the key takes.
func (d *document) complete(p protocol.Position) []protocol.CompletionItem {
	line := d.line(int(p.Line))
	col := byteCol(line, int(p.Character))
	before := line[:col]
	path := d.yamlPath(int(p.Line), col)
	_, _, content, key := lineShape(line)
	if key == "" || col <= content+len(key) {
		// Where a key goes.
		if len(path) == 1 && path[0] == "events" {
			return items(d.names(entitySymbol, ""), protocol.CompletionItemKindClass, "entity")
		}
		if len(path) == 3 && path[0] == "states" && path[2] == "transitions" {
			return items(d.names(stateSymbol, path[1]), protocol.CompletionItemKindEnumMember, "state of "+path[1])
		}
		return items(keysOf(path), protocol.CompletionItemKindProperty, "key")
	}
	value := strings.TrimLeft(before[strings.Index(before, key+":")+len(key)+1:], " ")
	full := append(slices.Clone(path), key)
	entities := func() []protocol.CompletionItem {
		return items(d.names(entitySymbol, ""), protocol.CompletionItemKindClass, "entity")
	}
	switch {
	case len(full) == 4 && full[0] == "entities" && full[2] == "fields":
		return d.completeFieldSpec(value)
	case len(full) == 5 && full[0] == "entities" && full[2] == "fields" && key == "type":
		return d.typeItems()
	case slices.Contains([]string{"entity", "creates", "reads", "updates", "one", "many", "one_of", "many_of", "via"}, key):
		return entities()
	case len(full) >= 2 && full[0] == "states" && slices.Contains([]string{"initial", "terminal", "states"}, key),
		len(full) == 4 && full[0] == "states" && full[2] == "transitions":
		return items(d.names(stateSymbol, full[1]), protocol.CompletionItemKindEnumMember, "state of "+full[1])
	case full[0] == "failures" && key == "state":
		return items(d.names(stateSymbol, ""), protocol.CompletionItemKindEnumMember, "state")
	case full[0] == "failures" && key == "event":
		return items(d.names(eventSymbol, ""), protocol.CompletionItemKindEvent, "event")
	case full[0] == "flow" && key == "event":
		var labels []string
		for _, o := range d.navIndex().occsOf(eventSymbol) {
			if l := o.sym.scope + "." + o.sym.name; !slices.Contains(labels, l) {
				labels = append(labels, l)
			}
		}
		return items(labels, protocol.CompletionItemKindEvent, "event")
	case key == "on_delete" || key == "on_update":
		return items(design.OnDeleteActions(), protocol.CompletionItemKindValue, "referential action")
	}
	return nil
}

// completeFieldSpec completes the short form of a field: the type first,
// then the keywords; after `default`, an enum's values.
func (d *document) completeFieldSpec(value string) []protocol.CompletionItem {
	words := strings.Fields(value)
	typing := !strings.HasSuffix(value, " ") // the last word is being written
	done := words
	if typing && len(done) > 0 {
		done = done[:len(done)-1]
	}
	if len(done) == 0 {
		return d.typeItems()
	}
	if done[len(done)-1] == "default" {
		typ := strings.TrimSuffix(done[0], "?")
		var values []string
		if d.checked.schema != nil {
			for _, e := range d.checked.schema.Enums {
				if e.Name == typ {
					for _, v := range e.Values {
						values = append(values, "'"+v+"'")
					}
				}
			}
		}
		return items(values, protocol.CompletionItemKindEnumMember, "value of "+typ)
	}
	var kws []string
	for _, k := range design.SpecKeywords() {
		if !slices.Contains(done, k) {
			kws = append(kws, k)
		}
	}
	return items(kws, protocol.CompletionItemKindKeyword, "field option")
}

// typeItems are the built-in types, then the design's enums and state machines.
func (d *document) typeItems() []protocol.CompletionItem {
	builtin := design.BuiltinTypes()
	sort.Strings(builtin)
	out := items(builtin, protocol.CompletionItemKindTypeParameter, "PostgreSQL type")
	out = append(out, items(d.names(enumSymbol, ""), protocol.CompletionItemKindEnum, "enum")...)
	out = append(out, items(d.names(machineSymbol, ""), protocol.CompletionItemKindEnum, "state machine")...)
	return out
}
