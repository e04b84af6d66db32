package postgres

import (
	"runtime"
	"sync"
)

// parsePool runs parser checks on every CPU (libpg_query keeps its state per
// thread, so parses may run at once) while its caller goes on working:
// Generate hands it the PL/pgSQL functions first and parses them while it
// writes the rest of the file. The workers take checks from one queue under
// a lock, so that handing over thousands of checks costs no more than two
// wake-ups of the workers.
type parsePool struct {
	mu      sync.Mutex
	more    sync.Cond // signalled when checks are added or the pool is closing
	queue   []func()
	closing bool
	workers sync.WaitGroup
}

// newParsePool starts one worker per CPU. Every pool must be waited for.
func newParsePool() *parsePool {
	p := &parsePool{}
	p.more.L = &p.mu
	for range runtime.GOMAXPROCS(0) {
		p.workers.Add(1)
		go p.work()
	}
	return p
}

func (p *parsePool) work() {
	defer p.workers.Done()
	p.mu.Lock()
	for {
		if len(p.queue) > 0 {
			job := p.queue[0]
			p.queue = p.queue[1:]
			p.mu.Unlock()
			job()
			p.mu.Lock()
			continue
		}
		if p.closing {
			p.mu.Unlock()
			return
		}
		p.more.Wait()
	}
}

// add queues checks without waiting for a worker to take them, and returns
// the slice that holds their errors, in the order of checks, once wait returned.
func (p *parsePool) add(checks []func() error) []error {
	errs := make([]error, len(checks))
	p.mu.Lock()
	for i, check := range checks {
		p.queue = append(p.queue, func() { errs[i] = check() })
	}
	p.mu.Unlock()
	p.more.Broadcast()
	return errs
}

// wait returns when every check added has run.
func (p *parsePool) wait() {
	p.mu.Lock()
	p.closing = true
	p.mu.Unlock()
	p.more.Broadcast()
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
