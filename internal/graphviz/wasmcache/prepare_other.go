//go:build !unix

package wasmcache

// entry is one cache file as the manifest records it.
type entry struct{}

// prepare does nothing outside Unix: Windows' temporary directory is per user
// and os.TempDir does not read TMPDIR there.
func prepare() (dir string, kept map[string]entry, problem error) {
	return "", nil, nil
}

func record(dir string, kept map[string]entry) error { return nil }
