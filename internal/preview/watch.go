package preview

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// fallbackPoll is how often the file is checked when fsnotify cannot watch it.
const fallbackPoll = 500 * time.Millisecond

// fingerprint is what the fallback poll compares: it changes when the file is
// written, replaced, removed or created.
type fingerprint struct {
	exists  bool
	size    int64
	modTime time.Time
	mode    os.FileMode
}

func statFingerprint(path string) fingerprint {
	info, err := os.Stat(path)
	if err != nil {
		return fingerprint{}
	}
	return fingerprint{exists: true, size: info.Size(), modTime: info.ModTime(), mode: info.Mode()}
}

// debouncer turns a burst of change notifications into one reload: it fires
// quiet after the last notification, but never later than maxWait after the
// first, so that a file rewritten many times a second still updates the page.
type debouncer struct {
	quiet, maxWait time.Duration
	timer          *time.Timer
	pending        bool
	first          time.Time
}

// C is the channel that receives when a reload is due; nil while none is pending.
func (d *debouncer) C() <-chan time.Time {
	if !d.pending {
		return nil
	}
	return d.timer.C
}

// touch records a change at now.
func (d *debouncer) touch(now time.Time) {
	if !d.pending {
		d.first = now
		d.pending = true
	}
	wait := d.quiet
	if deadline := d.first.Add(d.maxWait); now.Add(wait).After(deadline) {
		wait = max(deadline.Sub(now), 0)
	}
	if d.timer == nil {
		d.timer = time.NewTimer(wait)
		return
	}
	// Since Go 1.23, Reset on an unstopped timer never delivers a stale value.
	d.timer.Reset(wait)
}

// fired must be called after receiving from C.
func (d *debouncer) fired() { d.pending = false }

func (d *debouncer) stop() {
	if d.timer != nil {
		d.timer.Stop()
	}
}

// watch reloads the design after every burst of changes to it, until ctx is
// done. It watches the file's directory rather than the file, so that a save
// that writes a temporary file and renames it over the design (vim, JetBrains,
// many others) is seen, and so is the file coming back after a delete.
// A slow poll of the file's size and time catches anything the directory
// watch misses (the directory itself removed and recreated, network file
// systems, an overflowing event queue).
func (s *Server) watch(ctx context.Context) error {
	dir, base := filepath.Dir(s.abs), filepath.Base(s.abs)
	poll := s.opts.Poll
	var events <-chan fsnotify.Event
	var errs <-chan error
	w, err := fsnotify.NewWatcher()
	if err == nil {
		defer w.Close()
		events, errs = w.Events, w.Errors
		err = w.Add(dir)
	}
	watching := err == nil
	if err != nil {
		// Without notifications (no inotify instances left, an exotic file
		// system) the preview still works, a little slower.
		s.logf("warning: cannot watch %s (%v); checking the file every %v instead", dir, err, fallbackPoll)
		if poll <= 0 || poll > fallbackPoll {
			poll = fallbackPoll
		}
	}

	d := &debouncer{quiet: s.opts.Debounce, maxWait: s.opts.MaxWait}
	defer d.stop()

	var pollC <-chan time.Time
	if poll > 0 {
		t := time.NewTicker(poll)
		defer t.Stop()
		pollC = t.C
	}
	last := statFingerprint(s.abs)

	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-events:
			if !ok {
				return nil
			}
			if filepath.Clean(ev.Name) == dir && ev.Has(fsnotify.Remove|fsnotify.Rename) {
				watching = false // the directory is gone; the poll re-adds it
				d.touch(time.Now())
				continue
			}
			if filepath.Base(ev.Name) == base {
				d.touch(time.Now())
			}
		case err, ok := <-errs:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				d.touch(time.Now()) // events were lost: read the file again
				continue
			}
			s.logf("file watcher: %v", err)
		case <-d.C():
			d.fired()
			last = statFingerprint(s.abs)
			s.reload()
		case <-pollC:
			if !watching && w != nil {
				if err := w.Add(dir); err == nil {
					watching = true
				}
			}
			if fp := statFingerprint(s.abs); fp != last {
				last = fp
				d.touch(time.Now())
			}
		}
	}
}
