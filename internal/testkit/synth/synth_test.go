package synth

import (
	"bytes"
	"testing"

	"github.com/schemagen/schemagen/design/check"
)

func TestDesignsValidate(t *testing.T) {
	for _, o := range []Options{{Entities: 10}, {Entities: 200, Groups: 10}, {Entities: 500, Groups: 10, Mutate: 0.01}} {
		data := Design(o)
		s, diags := check.Source("synthetic.yaml", data, nil)
		if diags.HasErrors() || s == nil {
			t.Fatalf("synthetic design %+v does not validate:\n%v", o, diags[:min(len(diags), 10)])
		}
		if got := len(s.Design.Entities); got != o.Entities {
			t.Errorf("%+v: %d entities, want %d", o, got, o.Entities)
		}
		if !bytes.Equal(data, Design(o)) {
			t.Errorf("%+v: two calls gave different bytes", o)
		}
	}
}

func TestMutateChangesAboutTheShareAsked(t *testing.T) {
	a := Design(Options{Entities: 1000, Groups: 10})
	b := Design(Options{Entities: 1000, Groups: 10, Mutate: 0.01})
	if bytes.Equal(a, b) {
		t.Fatal("Mutate changed nothing")
	}
	diff := 0
	al, bl := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	set := map[string]bool{}
	for _, l := range al {
		set[string(l)] = true
	}
	for _, l := range bl {
		if !set[string(l)] {
			diff++
		}
	}
	if diff < 30 || diff > 90 {
		t.Errorf("%d changed lines for 1%% of 6000 fields, want about 60", diff)
	}
}
