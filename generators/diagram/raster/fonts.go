package raster

import (
	"fmt"
	"strings"
	"sync"

	"github.com/go-fonts/liberation/liberationmonobold"
	"github.com/go-fonts/liberation/liberationmonobolditalic"
	"github.com/go-fonts/liberation/liberationmonoitalic"
	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansbolditalic"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
)

// family is one of the three Liberation families, each metric-compatible with
// a PostScript core font whose widths Graphviz knows.
type family int

const (
	sans  family = iota // Liberation Sans = Helvetica / Arial widths
	serif               // Liberation Serif = Times widths
	mono                // Liberation Mono = Courier widths
)

// Graphviz's text flags (the xdot "t" operation).
const (
	flagBold      = 1
	flagItalic    = 2
	flagUnderline = 4
	flagSuper     = 8
	flagSub       = 16
	flagStrike    = 32
	flagOverline  = 64
)

// fontStyle picks one of the twelve embedded fonts.
type fontStyle struct {
	family       family
	bold, italic bool
}

// fontFiles holds the embedded TrueType data of each style.
var fontFiles = map[fontStyle][]byte{
	{sans, false, false}:  liberationsansregular.TTF,
	{sans, true, false}:   liberationsansbold.TTF,
	{sans, false, true}:   liberationsansitalic.TTF,
	{sans, true, true}:    liberationsansbolditalic.TTF,
	{serif, false, false}: liberationserifregular.TTF,
	{serif, true, false}:  liberationserifbold.TTF,
	{serif, false, true}:  liberationserifitalic.TTF,
	{serif, true, true}:   liberationserifbolditalic.TTF,
	{mono, false, false}:  liberationmonoregular.TTF,
	{mono, true, false}:   liberationmonobold.TTF,
	{mono, false, true}:   liberationmonoitalic.TTF,
	{mono, true, true}:    liberationmonobolditalic.TTF,
}

// parsedFonts parses each embedded font once, on first use. A parsed
// *opentype.Font is safe for concurrent use; faces made from it are not, so
// each painting makes its own.
var parsedFonts struct {
	sync.Mutex
	fonts map[fontStyle]*opentype.Font
}

// loadFont returns the parsed font of a style.
func loadFont(st fontStyle) (*opentype.Font, error) {
	parsedFonts.Lock()
	defer parsedFonts.Unlock()
	if f, ok := parsedFonts.fonts[st]; ok {
		return f, nil
	}
	f, err := opentype.Parse(fontFiles[st])
	if err != nil {
		return nil, fmt.Errorf("parsing embedded font: %w", err)
	}
	if parsedFonts.fonts == nil {
		parsedFonts.fonts = make(map[fontStyle]*opentype.Font)
	}
	parsedFonts.fonts[st] = f
	return f, nil
}

// styleFor maps a Graphviz font name plus the "t" flags to an embedded font.
// Graphviz's PostScript names ("Helvetica-BoldOblique", "Times-Roman",
// "Courier-Bold"), fontconfig names ("Arial Bold", "DejaVu Sans Mono") and
// generic families ("sans-serif", "serif", "monospace") all resolve; an
// unknown name gets the sans family.
func styleFor(face string, flags int) fontStyle {
	name := strings.ToLower(face)
	st := fontStyle{family: sans}
	switch {
	case strings.Contains(name, "mono"), strings.Contains(name, "courier"), strings.Contains(name, "consol"),
		strings.Contains(name, "typewriter"):
		st.family = mono
	case strings.Contains(name, "sans"):
		st.family = sans
	case strings.Contains(name, "times"), strings.Contains(name, "serif"), strings.Contains(name, "roman"),
		strings.Contains(name, "georgia"), strings.Contains(name, "palatino"), strings.Contains(name, "bookman"),
		strings.Contains(name, "schoolbook"), strings.Contains(name, "garamond"):
		st.family = serif
	}
	st.bold = flags&flagBold != 0 || strings.Contains(name, "bold") || strings.Contains(name, "black") ||
		strings.Contains(name, "heavy")
	st.italic = flags&flagItalic != 0 || strings.Contains(name, "italic") || strings.Contains(name, "oblique")
	return st
}

// faceKey identifies a face of one painting: a style at a pixel size.
type faceKey struct {
	style fontStyle
	size  float64
}

// faces caches the faces of one painting (opentype faces are not safe for
// concurrent use, so the cache is not shared).
type faces map[faceKey]font.Face

// get returns the face of a style at a size in pixels.
func (fs faces) get(st fontStyle, size float64) (font.Face, error) {
	k := faceKey{st, size}
	if f, ok := fs[k]; ok {
		return f, nil
	}
	fnt, err := loadFont(st)
	if err != nil {
		return nil, err
	}
	// No hinting: glyphs keep their exact advances, so text is as wide as
	// Graphviz measured it.
	f, err := opentype.NewFace(fnt, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("making a %gpx font face: %w", size, err)
	}
	fs[k] = f
	return f, nil
}
