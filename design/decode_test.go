package design

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/schemagen/schemagen/internal/testkit/synth"
	"gopkg.in/yaml.v3"
)

// loadBothWays loads data decoded in pieces wherever decodeInPieces can, and
// with one decoder, and reports whether the pieces were used.
func loadBothWays(t *testing.T, name string, data []byte) (pieces bool) {
	t.Helper()
	defer func(old int) { piecewiseMinSize = old }(piecewiseMinSize)
	piecewiseMinSize = 1 << 62
	whole, wholeDiags := Load(name, data)
	piecewiseMinSize = 0
	// Two CPUs make four pieces; sixteen make thirty-two, most a single entry.
	for _, cpus := range []int{2, 16} {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(cpus))
		_, pieces = decodeInPieces(data)
		split, splitDiags := Load(name, data)
		if !reflect.DeepEqual(whole, split) {
			t.Errorf("%s, %d CPUs: the design loaded from pieces differs from the one loaded whole", name, cpus)
		}
		if !reflect.DeepEqual(wholeDiags, splitDiags) {
			t.Errorf("%s, %d CPUs: diagnostics differ:\nwhole:  %v\npieces: %v", name, cpus, wholeDiags, splitDiags)
		}
	}
	return pieces
}

// TestDecodeInPiecesLoadsTheSameDesign: a design decoded in pieces loads into
// exactly the design (positions included) and diagnostics that one decoder
// gives, for the examples, every rule's test design and synthetic designs.
func TestDecodeInPiecesLoadsTheSameDesign(t *testing.T) {
	files, _ := filepath.Glob("../examples/*.yaml")
	more, _ := filepath.Glob("lint/testdata/rules/*.yaml")
	files = append(files, more...)
	if len(files) < 10 {
		t.Fatalf("only %d designs found", len(files))
	}
	used := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if loadBothWays(t, f, data) {
			used++
		}
	}
	if used < len(files)/2 {
		t.Errorf("pieces were used for %d of %d designs", used, len(files))
	}
	for _, n := range []int{10, 300} {
		if !loadBothWays(t, fmt.Sprintf("synth-%d", n), synth.Design(synth.Options{Entities: n})) {
			t.Errorf("synth-%d was not decoded in pieces", n)
		}
	}
}

// TestDecodeInPiecesFallsBack: whatever the pieces cannot decode as the
// whole file would be decoded (syntax errors, aliases across pieces, entries
// that are not where they seem) is decoded whole, with the same result.
func TestDecodeInPiecesFallsBack(t *testing.T) {
	var entities strings.Builder
	for i := range 40 {
		fmt.Fprintf(&entities, "  e%d:\n    fields:\n      id: bigint pk\n      note: text\n", i)
	}
	body := entities.String()
	for name, c := range map[string]struct {
		text   string
		pieces bool
	}{
		"plain":              {"schemagen: 1\nname: x\nentities:\n" + body + "relationships:\n  - e1 1-n e2\n", true},
		"comments":           {"# head\nschemagen: 1 # one\nname: x\nentities: # the things\n" + strings.ReplaceAll(body, "  e2", "  # c\n  e2") + "# tail\n", true},
		"block scalar":       {"schemagen: 1\nname: x\nentities:\n" + strings.Replace(body, "    fields:", "    description: |\n      a\n\n      b:\n    fields:", 20) + "\n", true},
		"alias across":       {"schemagen: 1\nname: x\nentities:\n  e:\n    fields: &f\n      id: bigint pk\n" + strings.ReplaceAll(body, "    fields:\n      id: bigint pk\n      note: text\n", "    fields: *f\n"), false},
		"syntax error":       {"schemagen: 1\nname: x\nentities:\n" + strings.Replace(body, "note: text", "note: [text", 1), false},
		"flow across lines":  {"schemagen: 1\nname: x\nentities:\n" + strings.Replace(body, "note: text", "note: [text,\n  e99: x]", 30), false},
		"second document":    {"schemagen: 1\nname: x\nentities:\n" + body + "---\nname: y\n", false},
		"quoted top key":     {"\"schemagen\": 1\nname: x\nentities:\n" + body, false},
		"tab":                {"schemagen: 1\nname: x\nentities:\n" + body + "\tx: 1\n", false},
		"sequence at zero":   {"schemagen: 1\nname: x\nentities:\n" + body + "relationships:\n- e1 1-n e2\n", false},
		"crlf":               {strings.ReplaceAll("schemagen: 1\nname: x\nentities:\n"+body, "\n", "\r\n"), true},
		"duplicate entities": {"schemagen: 1\nname: x\nentities:\n" + body + body, true},
	} {
		_, pieces := func() (*yaml.Node, bool) {
			defer func(old int) { piecewiseMinSize = old }(piecewiseMinSize)
			piecewiseMinSize = 0
			return decodeInPieces([]byte(c.text))
		}()
		if pieces != c.pieces {
			t.Errorf("%s: decoded in pieces %v, want %v", name, pieces, c.pieces)
		}
		loadBothWays(t, name, []byte(c.text))
	}
}

// BenchmarkDecodeInPieces decodes a synthetic design of 5,000 entities with
// one decoder and in pieces, alternately, and reports the pieces' wall time
// over the single decoder's (x-whole): the gain that justifies decodeInPieces.
//
//	go test ./design -run '^$' -bench DecodeInPieces -benchtime 10x
func BenchmarkDecodeInPieces(b *testing.B) {
	data := synth.Design(synth.Options{Entities: 5000})
	var whole, pieces time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		var n yaml.Node
		if err := yaml.Unmarshal(data, &n); err != nil {
			b.Fatal(err)
		}
		whole += time.Since(start)
		start = time.Now()
		if _, ok := decodeInPieces(data); !ok {
			b.Fatal("not decoded in pieces")
		}
		pieces += time.Since(start)
	}
	b.ReportMetric(float64(whole.Milliseconds())/float64(b.N), "whole-ms/op")
	b.ReportMetric(float64(pieces.Milliseconds())/float64(b.N), "pieces-ms/op")
	b.ReportMetric(float64(pieces)/float64(whole), "x-whole")
}
