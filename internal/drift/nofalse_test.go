package drift

import (
	"testing"
)

// TestNoDriftOnFreshBuilds builds a database from every example and every
// design imported from the corpus with `schemagen sql`, and checks that drift
// finds nothing, even with --strict.
func TestNoDriftOnFreshBuilds(t *testing.T) {
	designs := exampleDesigns(t)
	extensions := map[string][]string{}
	if !testing.Short() {
		corpus, exts := corpusDesigns(t)
		for name, src := range corpus {
			designs["corpus/"+name] = src
			extensions["corpus/"+name] = exts[name]
		}
	}
	for _, name := range sortedNames(designs) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := mustCheck(t, name, designs[name])
			conn, _ := built(t, s, extensions[name]...)
			// The extensions the test created are not the design's: --ignore them.
			r, err := Check(ctxFor(t), conn, s, Options{Strict: true, Ignore: extensions[name]})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range r.Diagnostics(s) {
				t.Errorf("false drift: %s", d)
			}
		})
	}
}
