package postgres

import (
	"runtime"
	"sync"
)

// parsePool runs parser checks on every CPU (libpg_query keeps its state per
// thread, so parses may run at once) while its caller goes on working:
// Generate hands it the PL/pgSQL functions first and parses them while it
// writes the rest of the file.
type parsePool struct {
	jobs    chan func()
	feeders sync.WaitGroup // the goroutines that queue the checks of one add
	workers sync.WaitGroup
}

// newParsePool starts one worker per CPU. Every pool must be waited for.
func newParsePool() *parsePool {
	p := &parsePool{jobs: make(chan func())}
	for range runtime.GOMAXPROCS(0) {
		p.workers.Add(1)
		go func() {
			defer p.workers.Done()
			for job := range p.jobs {
				job()
			}
		}()
	}
	return p
}

// add queues checks without waiting for a worker to take them, and returns
// the slice that holds their errors, in the order of checks, once wait returned.
func (p *parsePool) add(checks []func() error) []error {
	errs := make([]error, len(checks))
	p.feeders.Add(1)
	go func() {
		defer p.feeders.Done()
		for i, check := range checks {
			p.jobs <- func() { errs[i] = check() }
		}
	}()
	return errs
}

// wait returns when every check added has run.
func (p *parsePool) wait() {
	p.feeders.Wait()
	close(p.jobs)
	p.workers.Wait()
}

// firstError is the first error of errs in order, so that the message never
// depends on which check finished first.
func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
