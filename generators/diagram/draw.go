package diagram

import (
	"errors"
	"fmt"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/diagram/raster"
)

// Drawing is a rendered diagram and what its reader must be told about it:
// that a PNG was shrunk below one pixel per point, or that a whole design too
// big for one readable picture was drawn as the overview of its groups.
type Drawing struct {
	Data  []byte
	Notes []string
}

// Readable limits of one ER picture: past either, no single picture can be
// read (MusicBrainz's 515 tables lay out as 18,000 by 25,000 points, 450
// megapixels at one pixel per point), so the whole design is drawn as the
// overview of its groups instead and the note says where the rest is.
const (
	// maxPictureTables is the most tables one picture of a whole design draws.
	maxPictureTables = 250
	// maxPictureArea is the most estimated table area (square points, spacing
	// included) one picture of a whole design draws; the laid-out picture is
	// two to three times larger.
	maxPictureArea = 30e6
)

// Draw renders a diagram like Render and returns the notes the reader needs.
// An ER diagram of a whole design past maxPictureTables tables (or
// maxPictureArea) is drawn, in SVG and PNG, as the overview of its groups.
func Draw(s *schema.Schema, opts Options, format string) (*Drawing, error) {
	if s == nil {
		return nil, errors.New("no schema to draw")
	}
	kind, err := opts.kind()
	if err != nil {
		return nil, err
	}
	if kind == ER && opts.Focus == "" && opts.Group == "" && !opts.Ungrouped && (format == "svg" || format == "png") {
		if n, area := pictureSize(s); n > maxPictureTables || area > maxPictureArea {
			d, err := drawOverview(s, opts.Engine, format, groupLinks(s, opts.GroupLink))
			if err != nil {
				return nil, err
			}
			d.Notes = append([]string{fmt.Sprintf(
				"%d tables are too many for one readable picture: drew the overview of the %d groups instead; --split DIR draws every group (with this overview linked to them), --group NAME one group, --focus TABLE one neighbourhood",
				n, len(overviewGroups(s)))}, d.Notes...)
			return d, nil
		}
	}
	if format == "png" {
		layout, err := Layout(s, opts, "json")
		if err != nil {
			return nil, err
		}
		return paintPNG(layout)
	}
	data, err := Render(s, opts, format)
	if err != nil {
		return nil, err
	}
	return &Drawing{Data: data}, nil
}

// pictureSize is the number of tables of a whole design and their estimated
// area with spacing, in square points.
func pictureSize(s *schema.Schema) (tables int, area float64) {
	for _, t := range s.Tables {
		w, h := nodeSize(t, false)
		area += w * h
	}
	return len(s.Tables), area
}

// paintPNG paints a Graphviz json layout, with a note when the picture had to
// be painted below one pixel per point.
func paintPNG(layout []byte) (*Drawing, error) {
	p, err := raster.Paint(layout, raster.Options{})
	if err != nil {
		return nil, fmt.Errorf("painting PNG: %w", err)
	}
	if len(p.PNG) == 0 {
		return nil, errors.New("painting PNG: empty image")
	}
	d := &Drawing{Data: p.PNG}
	if len(p.Missing) > 0 {
		shown := string(p.Missing[:min(len(p.Missing), 8)])
		if len(p.Missing) > 8 {
			shown += "..."
		}
		d.Notes = append(d.Notes, fmt.Sprintf(
			"%d characters have no glyph in the PNG's embedded fonts (Liberation: Latin, Greek, Cyrillic) nor in an installed font (Debian: fonts-noto-cjk for Chinese, Japanese and Korean) and are drawn as empty boxes: %s; the SVG shows them with the viewer's fonts",
			len(p.Missing), shown))
	}
	if p.Scale < raster.MinScale {
		d.Notes = append(d.Notes, fmt.Sprintf(
			"the picture is %.0f by %.0f points: painted at %.2f pixels per point, so 10-point text is %.0f pixels high; the SVG keeps every detail, and --split, --group or --focus draw smaller pictures",
			p.Width, p.Height, p.Scale, 10*p.Scale))
	}
	return d, nil
}
