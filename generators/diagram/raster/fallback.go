package raster

import (
	"image"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// The embedded Liberation fonts cover Latin, Greek and Cyrillic. For other
// scripts (Chinese, Japanese, Korean, Arabic, ...) the painter looks for an
// installed font that has the glyph, in the directories fontconfig searches
// by default (Debian: `apt-get install fonts-noto-cjk` or
// fonts-droid-fallback), instead of embedding several megabytes per script.
// Fonts whose glyphs are bitmaps only (colour emoji) cannot be painted and
// are passed over. A character no font has is still an empty box, and
// Painted.Missing names it. SCHEMAGEN_SYSTEM_FONTS=0 turns the search off
// (the picture then depends on nothing installed).

// fontDirs are fontconfig's default font directories, and the usual ones of
// macOS and Windows.
func fontDirs() []string {
	dirs := []string{"/usr/share/fonts", "/usr/local/share/fonts"}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		dirs = append(dirs, filepath.Join(d, "fonts"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, ".local", "share", "fonts"), filepath.Join(home, ".fonts"))
	}
	switch runtime.GOOS {
	case "darwin":
		dirs = append(dirs, "/Library/Fonts", "/System/Library/Fonts")
	case "windows":
		if w := os.Getenv("WINDIR"); w != "" {
			dirs = append(dirs, filepath.Join(w, "Fonts"))
		}
	}
	return dirs
}

// systemFonts finds and parses installed fonts once, on the first character
// the embedded fonts lack; each file stays open for the life of the process
// and is read only where a glyph is needed.
var systemFonts struct {
	sync.Mutex
	scanned bool
	paths   []string                // candidate files, most likely first
	parsed  map[string][]*sfnt.Font // nil entry: unreadable
	byRune  map[rune]*opentype.Font // nil entry: no font has it
}

// fallbackFont returns an installed font that can paint r, or nil.
func fallbackFont(r rune) *opentype.Font {
	if os.Getenv("SCHEMAGEN_SYSTEM_FONTS") == "0" {
		return nil
	}
	sf := &systemFonts
	sf.Lock()
	defer sf.Unlock()
	if f, ok := sf.byRune[r]; ok {
		return f
	}
	if !sf.scanned {
		sf.scanned = true
		sf.paths = scanFontDirs(fontDirs())
		sf.parsed = map[string][]*sfnt.Font{}
		sf.byRune = map[rune]*opentype.Font{}
	}
	var buf sfnt.Buffer
	for _, path := range sf.paths {
		fonts, ok := sf.parsed[path]
		if !ok {
			fonts = openCollection(path)
			sf.parsed[path] = fonts
		}
		for _, f := range fonts {
			i, err := f.GlyphIndex(&buf, r)
			if err != nil || i == 0 {
				continue
			}
			// An outline is needed: bitmap-only fonts (colour emoji) fail here.
			if _, err := f.LoadGlyph(&buf, i, fixed.I(12), nil); err != nil {
				continue
			}
			sf.byRune[r] = f
			return f
		}
	}
	sf.byRune[r] = nil
	return nil
}

// scanFontDirs lists the font files under dirs: broad-coverage fallback
// fonts first (their names say CJK, Fallback, Unifont...), regular weights
// before the others, then the rest, each part sorted, so the choice does not
// depend on the order of directories.
func scanFontDirs(dirs []string) []string {
	var regular, broad, rest []string
	seen := map[string]bool{}
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // an unreadable directory is skipped
			}
			ext := strings.ToLower(filepath.Ext(path))
			if d.IsDir() || (ext != ".ttf" && ext != ".otf" && ext != ".ttc" && ext != ".otc") || seen[path] {
				return nil
			}
			seen[path] = true
			name := strings.ToLower(filepath.Base(path))
			if strings.Contains(name, "cjk") || strings.Contains(name, "fallback") || strings.Contains(name, "wqy") ||
				strings.Contains(name, "unifont") || strings.Contains(name, "han") {
				if strings.Contains(name, "regular") {
					regular = append(regular, path)
				} else {
					broad = append(broad, path)
				}
			} else {
				rest = append(rest, path)
			}
			return nil
		})
	}
	slices.Sort(regular)
	slices.Sort(broad)
	slices.Sort(rest)
	return slices.Concat(regular, broad, rest)
}

// openCollection parses a font file (one font or a collection); nil when it
// cannot be read.
func openCollection(path string) []*sfnt.Font {
	file, err := os.Open(path)
	if err != nil {
		return nil
	}
	c, err := sfnt.ParseCollectionReaderAt(file)
	if err != nil {
		file.Close()
		return nil
	}
	var out []*sfnt.Font
	for i := 0; i < c.NumFonts(); i++ {
		if f, err := c.Font(i); err == nil {
			out = append(out, f)
		}
	}
	return out
}

// mixedFace draws each character with the embedded font when it has the
// glyph and with an installed fallback font otherwise, at the same size.
type mixedFace struct {
	font.Face
	primary   *sfnt.Font
	size      float64
	fallbacks map[*opentype.Font]font.Face
	buf       sfnt.Buffer
}

func (m *mixedFace) faceFor(r rune) font.Face {
	if i, err := m.primary.GlyphIndex(&m.buf, r); err == nil && i != 0 {
		return m.Face
	}
	f := fallbackFont(r)
	if f == nil {
		return m.Face
	}
	face, ok := m.fallbacks[f]
	if !ok {
		var err error
		face, err = opentype.NewFace(f, &opentype.FaceOptions{Size: m.size, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			face = m.Face
		}
		m.fallbacks[f] = face
	}
	return face
}

// Glyph implements font.Face.
func (m *mixedFace) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	return m.faceFor(r).Glyph(dot, r)
}

// GlyphBounds implements font.Face.
func (m *mixedFace) GlyphBounds(r rune) (fixed.Rectangle26_6, fixed.Int26_6, bool) {
	return m.faceFor(r).GlyphBounds(r)
}

// GlyphAdvance implements font.Face.
func (m *mixedFace) GlyphAdvance(r rune) (fixed.Int26_6, bool) {
	return m.faceFor(r).GlyphAdvance(r)
}

// Kern implements font.Face: pairs within the embedded font only.
func (m *mixedFace) Kern(r0, r1 rune) fixed.Int26_6 {
	if m.faceFor(r0) != m.Face || m.faceFor(r1) != m.Face {
		return 0
	}
	return m.Face.Kern(r0, r1)
}
