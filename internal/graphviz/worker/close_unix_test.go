//go:build unix

package worker

import (
	"errors"
	"sync"
	"syscall"
	"testing"
)

// TestCloseKillsWorkers: Close kills every worker and reaps it (no process,
// not even a zombie, is left), and a closed pool lays nothing out.
func TestCloseKillsWorkers(t *testing.T) {
	p := newTestPool(t, "real", Config{Workers: 2})
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := p.Layout([]byte(dots[i%len(dots)]), "svg"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	pids := p.pids()
	if len(pids) == 0 {
		t.Fatal("no worker started")
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	for _, pid := range pids {
		// A zombie still answers signal 0; a reaped process does not.
		if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
			t.Errorf("worker %d is still there after Close (kill 0: %v)", pid, err)
		}
	}
	if _, err := p.Layout([]byte(dots[0]), "svg"); !errors.Is(err, errClosed) {
		t.Errorf("layout after Close: %v", err)
	}
}
