package docsite

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/diagram"
	"github.com/schemagen/schemagen/generators/importsql"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

// musicbrainz imports the 519-table MusicBrainz schema of the shared corpus
// (skipping when the corpus is absent).
func musicbrainz(b *testing.B) *schema.Schema {
	b.Helper()
	path := filepath.Join(golden.ModuleRoot(b), "..", "shared", "corpus", "musicbrainz.sql")
	sql, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("the corpus is not at %s: %v", path, err)
	}
	yaml, diags, err := importsql.Import("musicbrainz.sql", sql, importsql.Options{})
	if err != nil || diags.HasErrors() {
		b.Fatalf("importing: %v %v", err, diags)
	}
	s, diags := check.Source("musicbrainz.yaml", yaml, nil)
	if s == nil || diags.HasErrors() {
		b.Fatalf("the import has errors: %v", diags)
	}
	return s
}

// BenchmarkDocsMusicBrainz documents the 519-table MusicBrainz import and,
// in the same run, draws the baseline: its ER diagram split by group
// (`schemagen diagram --split`, 34 pictures). Each iteration does both and
// reports x-split, how many times longer the documentation takes, and the
// bytes the documentation allocates (alloc-MB; the peak memory of the command
// is measured from outside, with /usr/bin/time -v schemagen docs).
//
//	go test ./generators/docsite -run '^$' -bench DocsMusicBrainz -benchtime 1x
func BenchmarkDocsMusicBrainz(b *testing.B) {
	s := musicbrainz(b)
	var docs, split float64
	var files int
	var alloc uint64
	for i := 0; i < b.N; i++ {
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		start := nanotime()
		out, err := Generate(s, Options{Engine: testEngine})
		if err != nil {
			b.Fatal(err)
		}
		docs += float64(nanotime() - start)
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		alloc += after.TotalAlloc - before.TotalAlloc
		files = len(out)
		out = nil

		start = nanotime()
		if _, err := diagram.Split(s, diagram.Options{Engine: testEngine}, "svg"); err != nil {
			b.Fatal(err)
		}
		split += float64(nanotime() - start)
	}
	b.ReportMetric(docs/split, "x-split")
	b.ReportMetric(docs/float64(b.N)/1e9, "docs-s")
	b.ReportMetric(split/float64(b.N)/1e9, "split-s")
	b.ReportMetric(float64(alloc)/float64(b.N)/1e6, "alloc-MB")
	b.ReportMetric(float64(files), "files")
}

func nanotime() int64 { return time.Now().UnixNano() }
