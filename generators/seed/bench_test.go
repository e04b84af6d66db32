package seed

import (
	"testing"
	"time"
)

// discard is a Sink that drops everything: generation alone.
type discard struct{}

func (discard) Exec(string) error         { return nil }
func (discard) Copy(string, []byte) error { return nil }

// BenchmarkMusicBrainzCopy seeds about a million rows into the MusicBrainz
// import (515 tables, COPY) on a real server and reports rows per second;
// "generate" is the baseline of the same run: the same rows written to
// nowhere. TestMusicBrainz is the small version that runs with the tests.
func BenchmarkMusicBrainzCopy(b *testing.B) {
	s, pre := corpusSchema(b, "musicbrainz")
	opts := musicBrainzOptions(1_000_000 / len(s.Tables))
	b.Run("generate", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			start := time.Now()
			rep, err := Generate(s, opts, discard{})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(rows(rep))/time.Since(start).Seconds(), "rows/s")
			b.ReportMetric(float64(rows(rep)), "rows")
		}
	})
	b.Run("load", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			conn := withDDLAfter(b, s, pre)
			b.StartTimer()
			start := time.Now()
			rep, err := load(b, conn, s, opts)
			if err != nil {
				b.Fatal(describe(err))
			}
			b.ReportMetric(float64(rows(rep))/time.Since(start).Seconds(), "rows/s")
			b.ReportMetric(float64(rows(rep)), "rows")
		}
	})
}

func rows(rep *Report) int {
	n := 0
	for _, t := range rep.Tables {
		n += t.Rows
	}
	return n
}
