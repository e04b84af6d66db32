package design

import "strings"

// Why is the first paragraph after the title of the rule's documentation: why
// the rule matters, on one line.
func (r *Rule) Why() string {
	_, body, _ := strings.Cut(r.Doc, "\n\n")
	why, _, _ := strings.Cut(body, "\n\n")
	if strings.HasPrefix(why, "Bad:") || strings.HasPrefix(why, "Fix:") {
		return ""
	}
	return strings.Join(strings.Fields(why), " ")
}

// Fix is the `Fix:` paragraph of the rule's documentation without its label,
// on one line, or "" when the documentation has none.
func (r *Rule) Fix() string {
	i := strings.LastIndex(r.Doc, "\nFix: ")
	if i < 0 {
		return ""
	}
	fix, _, _ := strings.Cut(r.Doc[i+len("\nFix: "):], "\n\n")
	return strings.Join(strings.Fields(fix), " ")
}
