package importsql

import (
	"os"
	"path/filepath"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

func musicbrainz(b *testing.B) []byte {
	b.Helper()
	sql, err := os.ReadFile(filepath.Join(corpusDir(b), "musicbrainz.sql"))
	if err != nil {
		b.Fatal(err)
	}
	return sql
}

// BenchmarkImportMusicBrainz imports the 519-table MusicBrainz schema; compare
// it with BenchmarkParseMusicBrainz, the pg_query parse alone, in the same run.
func BenchmarkImportMusicBrainz(b *testing.B) {
	sql := musicbrainz(b)
	b.SetBytes(int64(len(sql)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := Import("musicbrainz.sql", sql, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseMusicBrainz is the baseline: pg_query.Parse of the same text.
func BenchmarkParseMusicBrainz(b *testing.B) {
	sql := musicbrainz(b)
	text, _, _, _, _ := preprocess(sql)
	b.SetBytes(int64(len(sql)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := pg_query.Parse(string(text)); err != nil {
			b.Fatal(err)
		}
	}
}
