package prisma

import (
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
)

// implicitFieldName names the list field of an implicit many-to-many after
// the model at the far end, in the plural (`categories Category[]`).
func implicitFieldName(far *schema.Table) string { return camel(design.Plural(far.Singular)) }

// implicit is a junction table that has exactly the shape of Prisma's
// implicit many-to-many table, so it is written as list fields on both models
// instead of a model of its own.
type implicit struct {
	a, b *schema.ForeignKey // column A (to the model whose name sorts first), column B
	name string             // the relation's name; "" for Prisma's default <A>To<B>
}

// implicitJunctions finds the junction tables Prisma would create itself for an
// implicit many-to-many relation: named `_NAME`, with exactly the columns `A`
// and `B`, each a foreign key to the single-column primary key of a different
// model, A to the model whose name sorts first, both ON DELETE CASCADE ON
// UPDATE CASCADE, keyed (or unique) on (A, B), in A's schema, with no other
// constraint or index. Prisma reads and writes such a table by name and column
// position, so only that exact shape can be implicit; every other junction is
// an explicit model (a design's junctions usually carry real names and keys).
func (g *gen) implicitJunctions() map[*schema.Table]*implicit {
	out := map[*schema.Table]*implicit{}
	for _, t := range g.s.Tables {
		if im := g.implicitShape(t); im != nil {
			out[t] = im
		}
	}
	return out
}

func (g *gen) implicitShape(t *schema.Table) *implicit {
	if t.Kind != schema.JunctionTable || len(t.Name) < 2 || !strings.HasPrefix(t.Name, "_") ||
		len(t.Columns) != 2 || t.Columns[0].Name != "A" || t.Columns[1].Name != "B" || len(t.ForeignKeys) != 2 {
		return nil
	}
	im := &implicit{}
	for _, fk := range t.ForeignKeys {
		p := fk.RefTable
		if p == nil || len(fk.Columns) != 1 || len(p.PrimaryKey) != 1 || len(fk.RefColumns) != 1 || fk.RefColumns[0] != p.PrimaryKey[0] ||
			fk.OnDelete != "cascade" || fk.OnUpdate != "cascade" {
			return nil
		}
		switch fk.Columns[0] {
		case "A":
			im.a = fk
		case "B":
			im.b = fk
		}
	}
	if im.a == nil || im.b == nil || im.a.RefTable == im.b.RefTable || g.models[im.a.RefTable] >= g.models[im.b.RefTable] {
		return nil
	}
	if schemaOf(t) != schemaOf(im.a.RefTable) {
		return nil
	}
	keyed := strings.Join(t.PrimaryKey, ",") == "A,B"
	for _, u := range t.Uniques {
		keyed = keyed || strings.Join(u.Columns, ",") == "A,B" && len(t.PrimaryKey) == 0
	}
	if !keyed || len(t.Uniques) > 1 || len(t.PrimaryKey) > 0 && len(t.Uniques) > 0 {
		return nil
	}
	for _, ix := range t.Indexes {
		if strings.Join(ix.Columns, ",") != "B" || ix.Unique || ix.Where != "" {
			return nil
		}
	}
	name := t.Name[1:]
	if name != g.models[im.a.RefTable]+"To"+g.models[im.b.RefTable] {
		im.name = name
	}
	return im
}

func schemaOf(t *schema.Table) string {
	if t.Schema == "" {
		return "public"
	}
	return t.Schema
}
