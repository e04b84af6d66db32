package diagram

import "regexp"

// fontStack lists fonts with Helvetica's metrics (Arial, Liberation Sans and
// Arimo are metric-compatible with it, Nimbus Sans is a Helvetica clone), so a
// browser or rsvg-convert draws text the width Graphviz measured it. Without the
// list, Linux falls back to DejaVu Sans, which is wider and overflows cells.
const fontStack = `Helvetica,Arial,&quot;Liberation Sans&quot;,&quot;Nimbus Sans&quot;,Arimo,sans-serif`

var svgFontRE = regexp.MustCompile(`font-family="Helvetica[^"]*"`)

// svgColumnLinkRE matches the links Graphviz writes for the column tooltips.
var svgColumnLinkRE = regexp.MustCompile(` xlink:href="` + columnTipHref + `"`)

// svgCellAnchorIDRE matches the ids Graphviz gives the groups around cell
// anchors: a_nodeN_K, where K counts anchors across every graph the embedded
// Graphviz has rendered in this process, so the same picture drawn twice
// would differ. Nothing refers to them.
var svgCellAnchorIDRE = regexp.MustCompile(`<g id="a_(?:node|edge)\d+_\d+">`)

// fixSVGLinks removes the links that only carried column tooltips: what is
// left is an <a xlink:title> without a link, the form Graphviz writes for a
// node's tooltip, which browsers show on hover and which cannot be clicked.
// It also drops the process-wide counters from cell anchor ids, so output is
// deterministic.
func fixSVGLinks(svg []byte) []byte {
	svg = svgColumnLinkRE.ReplaceAll(svg, nil)
	return svgCellAnchorIDRE.ReplaceAll(svg, []byte("<g>"))
}

// fixSVGFonts replaces Graphviz's font-family attributes with fontStack.
func fixSVGFonts(svg []byte) []byte {
	return svgFontRE.ReplaceAll(svg, []byte(`font-family="`+fontStack+`"`))
}
