package schema

import "testing"

func TestIndexEntryOpclass(t *testing.T) {
	for entry, want := range map[string]string{
		"name":                 "",
		"name DESC NULLS LAST": "",
		"name gin_trgm_ops":    "gin_trgm_ops",
		"name COLLATE \"C\" text_pattern_ops DESC":      "text_pattern_ops",
		"name COLLATE musicbrainz.musicbrainz":          "",
		"(lower(name)) gist_trgm_ops(siglen = 64) DESC": "gist_trgm_ops",
		"(lower(name))":                   "",
		"(a + b) ASC":                     "",
		`"My Col" ext.my_ops`:             "ext.my_ops",
		"doc tsvector_ops (siglen = 100)": "tsvector_ops",
	} {
		if got := IndexEntryOpclass(entry); got != want {
			t.Errorf("IndexEntryOpclass(%q) = %q, want %q", entry, got, want)
		}
	}
}
