package preview

import "sync"

// broker tells every open page that a new version exists. A subscriber's
// channel holds at most one pending signal: a page that is slow to read
// misses intermediate versions and simply fetches the newest state.
type broker struct {
	mu   sync.Mutex
	subs map[chan struct{}]struct{}
}

func newBroker() *broker { return &broker{subs: map[chan struct{}]struct{}{}} }

// subscribe returns a channel that receives a signal after each publish, or
// ok=false when limit subscribers are already connected.
func (b *broker) subscribe(limit int) (ch chan struct{}, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.subs) >= limit {
		return nil, false
	}
	ch = make(chan struct{}, 1)
	b.subs[ch] = struct{}{}
	return ch, true
}

func (b *broker) unsubscribe(ch chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.subs, ch)
}

// publish signals every subscriber without ever blocking.
func (b *broker) publish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- struct{}{}:
		default: // a signal is already pending: the page will read the newest version
		}
	}
}

// count is the number of connected pages.
func (b *broker) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}
