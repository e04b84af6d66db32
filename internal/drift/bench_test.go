package drift

import (
	"os/exec"
	"testing"
	"time"
)

// BenchmarkMusicBrainz compares the 519-table MusicBrainz import with its own
// database, and reports the time as a ratio to `pg_dump --schema-only` of the
// same database (the cost of reading a schema the usual way):
//
//	.ci/with-postgres go test -run '^$' -bench MusicBrainz -benchtime 5x ./internal/drift
func BenchmarkMusicBrainz(b *testing.B) {
	pgDump, err := exec.LookPath("pg_dump")
	if err != nil {
		b.Skip("pg_dump is not installed")
	}
	designs, extensions := corpusDesigns(b)
	src := designs["musicbrainz.yaml"]
	s := mustCheck(b, "musicbrainz.yaml", src)
	conn, dsn := built(b, s, extensions["musicbrainz.yaml"]...)
	ctx := ctxFor(b)
	var drift, dump time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		r, err := Check(ctx, conn, s, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Findings) > 0 {
			b.Fatalf("drift on a fresh build: %v", r.Diagnostics(s))
		}
		drift += time.Since(start)
		start = time.Now()
		if out, err := exec.Command(pgDump, "--schema-only", "-d", dsn, "-f", "/dev/null").CombinedOutput(); err != nil {
			b.Fatalf("pg_dump: %v\n%s", err, out)
		}
		dump += time.Since(start)
	}
	b.ReportMetric(float64(drift.Milliseconds())/float64(b.N), "drift-ms/op")
	b.ReportMetric(float64(dump.Milliseconds())/float64(b.N), "pg_dump-ms/op")
	b.ReportMetric(float64(drift)/float64(dump), "drift/pg_dump")
}
