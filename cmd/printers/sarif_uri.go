package printers

import (
	"net/url"
	"path/filepath"
	"strings"
)

// sarifColumnKind says how SARIF columns are counted: diagnostics count code
// points, and SARIF's default (utf16CodeUnits) would misplace every column
// after a character outside the Basic Multilingual Plane.
const sarifColumnKind = "unicodeCodePoints"

// artifactURI turns the file name of a diagnostic into the URI reference that
// SARIF requires: a relative path stays relative (it resolves against the
// checkout, as code scanning expects), an absolute path becomes a file: URI,
// and every character a URI cannot hold is percent-encoded (a space, `%`,
// the `<` and `>` of `<stdin>`). A colon is encoded too, so that
// `c:blog.yaml` cannot read as a URI with the scheme `c`.
func artifactURI(name string) string {
	p := filepath.ToSlash(name)
	segments := strings.Split(p, "/")
	for i, s := range segments {
		segments[i] = strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
	}
	escaped := strings.Join(segments, "/")
	if strings.HasPrefix(p, "/") {
		return "file://" + escaped
	}
	return escaped
}
