package preview

import (
	"sync"
)

// artifacts holds what is made from one good version of the design: each
// diagram and each generated code set is made at most once, on first request,
// and every request for it (from any number of tabs) shares that result.
type artifacts struct {
	mu    sync.Mutex
	items map[string]*artifact
}

type artifact struct {
	once sync.Once
	data []byte
	err  error
}

func newArtifacts() *artifacts { return &artifacts{items: map[string]*artifact{}} }

// forget drops the artifact named key, so that a request for a name that
// does not exist leaves nothing behind.
func (a *artifacts) forget(key string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.items, key)
}

// get returns the artifact named key, making it with build the first time.
// Callers asking for the same key while it is being built wait for that build.
func (a *artifacts) get(key string, build func() ([]byte, error)) ([]byte, error) {
	a.mu.Lock()
	it, ok := a.items[key]
	if !ok {
		it = &artifact{}
		a.items[key] = it
	}
	a.mu.Unlock()
	it.once.Do(func() {
		it.data, it.err = build()
	})
	return it.data, it.err
}
