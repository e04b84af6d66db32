// Package jsonschema generates the JSON Schema (draft-07) of the design
// format, for editors: yaml-language-server (VS Code's YAML extension,
// Neovim, Helix, Zed) completes and checks a design that names it. The
// properties come from the loader's own key lists (design.KeySets), so a key
// the loader accepts cannot be missing from the schema: Generate fails when a
// key has no description here.
package jsonschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/design"
)

// ID is the address the schema names itself by: the copy the repository ships.
const ID = "https://raw.githubusercontent.com/schemagen/schemagen/main/docs/schemagen.schema.json"

// Schema is one JSON Schema node. Fields are written in this order, empty ones left out.
type Schema struct {
	Schema               string      `json:"$schema,omitempty"`
	ID                   string      `json:"$id,omitempty"`
	Ref                  string      `json:"$ref,omitempty"`
	Title                string      `json:"title,omitempty"`
	Description          string      `json:"description,omitempty"`
	Type                 any         `json:"type,omitempty"`
	Const                any         `json:"const,omitempty"`
	Enum                 []any       `json:"enum,omitempty"`
	Pattern              string      `json:"pattern,omitempty"`
	MinLength            *int        `json:"minLength,omitempty"`
	Minimum              *int        `json:"minimum,omitempty"`
	Properties           *Properties `json:"properties,omitempty"`
	Required             []string    `json:"required,omitempty"`
	AdditionalProperties any         `json:"additionalProperties,omitempty"`
	PropertyNames        *Schema     `json:"propertyNames,omitempty"`
	Items                *Schema     `json:"items,omitempty"`
	MinItems             *int        `json:"minItems,omitempty"`
	OneOf                []*Schema   `json:"oneOf,omitempty"`
	AnyOf                []*Schema   `json:"anyOf,omitempty"`
	Definitions          *Properties `json:"definitions,omitempty"`
	Examples             []any       `json:"examples,omitempty"`
}

// Properties is an ordered map of names to schemas: the design's order is kept in the output.
type Properties struct {
	Names   []string
	Schemas map[string]*Schema
}

// Set adds or replaces a property, keeping the first position of its name.
func (p *Properties) Set(name string, s *Schema) {
	if p.Schemas == nil {
		p.Schemas = map[string]*Schema{}
	}
	if _, ok := p.Schemas[name]; !ok {
		p.Names = append(p.Names, name)
	}
	p.Schemas[name] = s
}

// MarshalJSON writes the properties in their order.
func (p *Properties) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, name := range p.Names {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(name)
		v, err := json.Marshal(p.Schemas[name])
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Generate returns the JSON Schema of the design format, indented, ending in a newline.
func Generate() ([]byte, error) {
	root, err := build()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func ref(def string) *Schema { return &Schema{Ref: "#/definitions/" + def} }

func intPtr(n int) *int { return &n }

// build assembles the schema: one definition per map of the format, its
// properties taken from design.KeySets.
func build() (*Schema, error) {
	defs := &Properties{}
	var missing []string
	for _, set := range design.KeySets() {
		info, ok := maps[set.Map]
		if !ok {
			return nil, fmt.Errorf("jsonschema: the loader's map %q has no description", set.Map)
		}
		obj := &Schema{
			Description:          info.description,
			Type:                 info.typ(),
			Properties:           &Properties{},
			Required:             info.required,
			AdditionalProperties: false,
		}
		for _, key := range set.Keys {
			p, ok := properties[set.Map+"."+key]
			if !ok {
				missing = append(missing, set.Map+"."+key)
				continue
			}
			obj.Properties.Set(key, p)
		}
		defs.Set(set.Map, obj)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("jsonschema: keys the loader accepts but the schema does not describe: %s", strings.Join(missing, ", "))
	}
	for _, name := range sharedDefs.Names {
		defs.Set(name, sharedDefs.Schemas[name])
	}
	top := defs.Schemas["design"]
	design := &Schema{
		Schema:               "http://json-schema.org/draft-07/schema#",
		ID:                   ID,
		Title:                "schemagen design",
		Description:          top.Description,
		Type:                 "object",
		Properties:           top.Properties,
		Required:             top.Required,
		AdditionalProperties: false,
		Definitions:          defs,
	}
	delete(defs.Schemas, "design")
	defs.Names = without(defs.Names, "design")
	return design, nil
}

func without(names []string, name string) []string {
	out := names[:0:0]
	for _, n := range names {
		if n != name {
			out = append(out, n)
		}
	}
	return out
}
