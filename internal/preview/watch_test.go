package preview

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/schemagen/schemagen/design"
)

// startWatching runs the server's watcher until the test ends.
func startWatching(t *testing.T, s *Server) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.watch(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("watch: %v", err)
		}
	})
	// inotify is armed once watch has added the directory; give it a moment.
	time.Sleep(50 * time.Millisecond)
}

func TestWatchSeesAPlainSave(t *testing.T) {
	s, path := newTestServer(t, goodYAML, Options{Debounce: 20 * time.Millisecond, Poll: -1})
	startWatching(t, s)
	writeFile(t, path, badYAML)
	st := waitFor(t, s, "the error after a save", func(st pageState) bool { return st.Status == statusErrors })
	if st.Version != 2 || st.Shown != 1 {
		t.Errorf("version %d shown %d; want 2 and 1", st.Version, st.Shown)
	}
}

// Many writes in a short time become a few versions, and the last one wins.
func TestWatchDebouncesBursts(t *testing.T) {
	s, path := newTestServer(t, goodYAML, Options{Debounce: 150 * time.Millisecond, MaxWait: 2 * time.Second, Poll: -1})
	startWatching(t, s)
	const writes = 40
	for i := range writes {
		content := goodYAML
		if i%2 == 0 {
			content = badYAML
		}
		if i == writes-1 {
			content = withEntity("final_entities")
		}
		writeFile(t, path, content)
		time.Sleep(2 * time.Millisecond)
	}
	st := waitFor(t, s, "the last write", func(st pageState) bool {
		return st.Status == statusOK && st.Version > 1 && s.current().good.schema.Tables[2].Name == "final_entities"
	})
	// 40 writes in about 100ms, quiet period 150ms: one reload, perhaps two
	// on a slow machine; never one per write.
	if st.Version > 4 {
		t.Errorf("%d writes made %d versions; a burst should coalesce", writes, st.Version-1)
	}
}

// A file rewritten without pause still updates the page: the debounce waits
// at most MaxWait after the first change.
func TestWatchMaxWaitUnderConstantWrites(t *testing.T) {
	s, path := newTestServer(t, goodYAML, Options{Debounce: 200 * time.Millisecond, MaxWait: 300 * time.Millisecond, Poll: -1})
	startWatching(t, s)
	stop := time.Now().Add(3 * time.Second)
	sawUpdate := false
	for i := 0; time.Now().Before(stop); i++ {
		writeFile(t, path, withEntity("e"+strings.Repeat("x", i%7)))
		time.Sleep(20 * time.Millisecond) // always within the quiet period
		if s.Version() > 1 {
			sawUpdate = true
			break
		}
	}
	if !sawUpdate {
		t.Error("a file written every 20ms was never reloaded: the debounce must not wait forever")
	}
}

// Editors such as vim and the JetBrains IDEs write a temporary file and rename
// it over the design; the directory watch sees that.
func TestWatchRenameSave(t *testing.T) {
	s, path := newTestServer(t, goodYAML, Options{Debounce: 20 * time.Millisecond, Poll: -1})
	startWatching(t, s)
	for i, name := range []string{"renamed_ones", "renamed_twos"} {
		tmp := filepath.Join(filepath.Dir(path), ".shop.yaml.swp")
		writeFile(t, tmp, withEntity(name))
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
		waitFor(t, s, "the renamed-in content", func(st pageState) bool {
			return st.Version == i+2 && st.Status == statusOK && s.current().good.schema.Tables[2].Name == name
		})
	}
	// Only the design file counts: other files in the directory change nothing.
	writeFile(t, filepath.Join(filepath.Dir(path), "other.yaml"), badYAML)
	time.Sleep(200 * time.Millisecond)
	if v := s.Version(); v != 3 {
		t.Errorf("writing another file in the directory made version %d", v)
	}
}

func TestWatchDeleteAndRecreate(t *testing.T) {
	s, path := newTestServer(t, goodYAML, Options{Debounce: 20 * time.Millisecond, Poll: -1})
	startWatching(t, s)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	st := waitFor(t, s, "file missing", func(st pageState) bool { return st.Status == statusMissing })
	if !strings.Contains(st.Problem, "file missing") || st.Shown != 1 {
		t.Errorf("missing: problem %q shown %d; want 'file missing' and the last diagrams (1)", st.Problem, st.Shown)
	}
	// Renamed away and back.
	writeFile(t, path+".bak", withEntity("back_agains"))
	if err := os.Rename(path+".bak", path); err != nil {
		t.Fatal(err)
	}
	st = waitFor(t, s, "the file back", func(st pageState) bool { return st.Status == statusOK })
	if st.Shown != st.Version || s.current().good.schema.Tables[2].Name != "back_agains" {
		t.Errorf("after recreating: shown %d version %d", st.Shown, st.Version)
	}
}

func TestWatchUnreadableAndHugeFiles(t *testing.T) {
	s, path := newTestServer(t, goodYAML, Options{Debounce: 20 * time.Millisecond, Poll: -1})
	startWatching(t, s)
	// A directory where the file was: unreadable, and the preview says why.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	st := waitFor(t, s, "unreadable", func(st pageState) bool { return st.Status == statusUnreadable })
	if !strings.Contains(st.Problem, "is a directory") || st.Shown != 1 {
		t.Errorf("unreadable: %q shown %d", st.Problem, st.Shown)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	// Larger than design.MaxFileSize: refused with a diagnostic, the last
	// diagrams kept, and never more than the limit read.
	huge := goodYAML + "# " + strings.Repeat("x", design.MaxFileSize) + "\n"
	writeFile(t, path, huge)
	st = waitFor(t, s, "too large", func(st pageState) bool { return st.Status == statusErrors })
	// (A reload may catch the file half written, a valid design then: the
	// diagrams shown are of the newest version without errors, whichever.)
	if len(st.Diagnostics) != 1 || st.Diagnostics[0].Rule != design.RuleInputTooLarge.Name || st.Shown == 0 || len(s.current().good.schema.Tables) != 2 {
		t.Errorf("huge file: diagnostics %+v shown %d", st.Diagnostics, st.Shown)
	}
	writeFile(t, path, goodYAML)
	waitFor(t, s, "recovery", func(st pageState) bool { return st.Status == statusOK && st.Shown == st.Version })
}

// When the design is a symlink, edits to its target happen in another
// directory: the fallback poll catches them.
func TestWatchPollCatchesWhatNotificationsMiss(t *testing.T) {
	target := filepath.Join(t.TempDir(), "real.yaml")
	writeFile(t, target, goodYAML)
	link := filepath.Join(t.TempDir(), "shop.yaml")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	s, err := New(Options{Path: link, Debounce: 20 * time.Millisecond, Poll: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	startWatching(t, s)
	time.Sleep(20 * time.Millisecond)
	writeFile(t, target, badYAML+"# a longer file\n")
	waitFor(t, s, "the target's edit", func(st pageState) bool { return st.Status == statusErrors })
}

func TestDebouncer(t *testing.T) {
	d := &debouncer{quiet: 100 * time.Millisecond, maxWait: 250 * time.Millisecond}
	defer d.stop()
	if d.C() != nil {
		t.Fatal("a fresh debouncer has a pending reload")
	}
	start := time.Now()
	d.touch(start)
	if d.C() == nil {
		t.Fatal("no reload pending after a change")
	}
	// Keep touching: the reload still comes, bounded by maxWait.
	deadline := time.After(5 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-d.C():
			d.fired()
			if d.C() != nil {
				t.Error("still pending after firing")
			}
			return
		case now := <-tick.C:
			d.touch(now)
		case <-deadline:
			t.Fatal("constant changes postponed the reload forever")
		}
	}
}
