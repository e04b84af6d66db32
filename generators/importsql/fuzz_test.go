package importsql

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/schemagen/schemagen/design/check"
)

// FuzzImport checks that any SQL imports without a panic, that every
// diagnostic points at a line, that the same SQL gives the same design, and
// that a design the import hands over always validates: otherwise it must
// refuse with import-not-expressible.
//
//	go test ./generators/importsql -run '^$' -fuzz FuzzImport -fuzztime 1m
func FuzzImport(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.sql")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"",
		"CREATE TYPE kind AS ENUM ('', 'a');",
		`CREATE TYPE "x: y" AS ENUM ('p'); CREATE TABLE t (id int PRIMARY KEY, k "x: y");`,
		`CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (id int PRIMARY KEY, "my parent" int REFERENCES parent(id));`,
		`CREATE TABLE "a<b>" (id int PRIMARY KEY, "-" text, "a\b" text DEFAULT E'\\', c int CHECK (c > 0));`,
		"CREATE TABLE t (id int PRIMARY KEY, s text DEFAULT ''''); COMMENT ON TABLE t IS E'a\\nb';",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, sql []byte) {
		out, diags, err := Import("fuzz.sql", sql, Options{})
		for _, d := range diags {
			if d.Pos.Line < 1 || d.Message == "" {
				t.Fatalf("malformed diagnostic %+v", d)
			}
		}
		if err != nil {
			if out != nil {
				t.Fatalf("an error (%v) with a design", err)
			}
			return
		}
		again, _, _ := Import("fuzz.sql", sql, Options{})
		if !bytes.Equal(out, again) {
			t.Fatal("the same SQL gave two designs")
		}
		if _, check := check.Source("fuzz.yaml", out, nil); check.HasErrors() {
			t.Fatalf("the imported design does not validate: %v\n%s", check, out)
		}
	})
}
