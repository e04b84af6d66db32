package importdbml

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/schemagen/schemagen/design/check"
)

// FuzzImport checks that any DBML imports without a panic, that every
// diagnostic points at a line, that the same DBML gives the same design, and
// that a design the import hands over validates.
//
//	go test ./generators/importdbml -run '^$' -fuzz FuzzImport -fuzztime 1m
func FuzzImport(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.dbml")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"",
		"Table a { id int [pk] }",
		"Table a { id int [pk, default: `1); CREATE TABLE x (y int`] }",
		"Table a { id int [pk, default: `1 -- x`] }\nTable b { id int [ref: > a.id] }",
		`Table "a""b" { "c""d" int [note: 'it''s \' \\'] }`,
		"Table a { id int [pk] }\nTable b { id int [pk] }\nRef: a.id <> b.id\nRef: a.id <> b.id",
		"TablePartial p { ~p }\nTable a { ~p\n id int }",
		"Enum e { \"\" }\nTable a { x e }",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, diags, err := Import("fuzz.dbml", data, Options{})
		for _, d := range diags {
			if d.Pos.Line < 1 || d.Message == "" {
				t.Fatalf("diagnostic without a line or message: %+v", d)
			}
		}
		if err != nil {
			if out != nil {
				t.Fatal("output with an error")
			}
			return
		}
		again, _, _ := Import("fuzz.dbml", data, Options{})
		if !bytes.Equal(out, again) {
			t.Fatal("two imports differ")
		}
		if _, ds := check.Source("fuzz.yaml", out, nil); ds.HasErrors() {
			t.Fatalf("the design does not validate:\n%v\n%s", ds, out)
		}
	})
}
