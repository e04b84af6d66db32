package importdbml

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/generators/dbml"
	"github.com/schemagen/schemagen/generators/importsql"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

// musicbrainz returns the 519-table MusicBrainz schema of the SQL corpus and
// its DBML (the SQL imported, then exported with `schemagen export dbml`).
func musicbrainz(b *testing.B) (sql, dbmlText []byte) {
	b.Helper()
	path := filepath.Join(golden.ModuleRoot(b), "..", "shared", "corpus", "musicbrainz.sql")
	sql, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("the SQL corpus is not at %s: %v", path, err)
	}
	design, _, err := importsql.Import("musicbrainz.sql", sql, importsql.Options{})
	if err != nil {
		b.Fatal(err)
	}
	s, diags := check.Source("musicbrainz.yaml", design, nil)
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	dbmlText, err = dbml.Generate(s)
	if err != nil {
		b.Fatal(err)
	}
	return sql, dbmlText
}

// BenchmarkImportMusicBrainzDBML imports MusicBrainz written as DBML; compare
// it with BenchmarkImportMusicBrainzSQL, the SQL import of the same schema, in
// the same run.
func BenchmarkImportMusicBrainzDBML(b *testing.B) {
	_, text := musicbrainz(b)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, diags, err := Import("musicbrainz.dbml", text, Options{}); err != nil {
			b.Fatal(err, diags)
		}
	}
}

// BenchmarkImportMusicBrainzSQL is the baseline: the SQL import of the schema.
func BenchmarkImportMusicBrainzSQL(b *testing.B) {
	sql, _ := musicbrainz(b)
	b.SetBytes(int64(len(sql)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := importsql.Import("musicbrainz.sql", sql, importsql.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
