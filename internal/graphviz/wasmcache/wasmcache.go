// Package wasmcache keeps go-graphviz's compiled WebAssembly in a private,
// per-user cache instead of the shared system temporary directory.
//
// go-graphviz compiles Graphviz from WebAssembly to machine code in a package
// init() and caches that machine code in os.TempDir()/go-graphviz, where any
// local user can plant a file first: the library then runs their code, or
// panics on a cache it cannot read. This package must run before it. Go
// initialises, among the packages whose imports are ready, the one with the
// smallest import path first; this package imports only the standard library
// (a subset of what wazero imports) and its path sorts before
// github.com/tetratelabs/wazero, which go-graphviz waits for, so its init()
// runs first and points TMPDIR at a directory it has checked. main calls
// Restore before anything else to give the caller's TMPDIR back.
//
// Do not import anything outside the standard library here: a dependency
// that sorts after wazero would let go-graphviz initialise first.
package wasmcache

import (
	"os"
)

// state is what init found; Restore reports it.
var state struct {
	// tmpdir and hadTmpdir are the caller's TMPDIR.
	tmpdir    string
	hadTmpdir bool
	// dir is the private cache directory TMPDIR points at while go-graphviz
	// initialises, "" when the cache is disabled.
	dir string
	// kept lists the cache files init verified, by path relative to dir.
	kept map[string]entry
	// problem says why the cache is disabled, nil when it is not or when
	// there is simply no per-user cache directory.
	problem error
}

func init() {
	state.tmpdir, state.hadTmpdir = os.LookupEnv("TMPDIR")
	dir, kept, problem := prepare()
	state.dir, state.kept, state.problem = dir, kept, problem
	if dir == "" {
		// go-graphviz cannot create a directory under a file, so it runs
		// without a cache (it compiles on every start).
		dir = os.DevNull
	}
	os.Setenv("TMPDIR", dir)
}

// Restore gives the process back the caller's TMPDIR and records the cache
// files go-graphviz wrote during start-up, so that the next start can tell a
// damaged file from a good one. It returns why the cache could not be used
// (for a warning), or nil. Call it first thing in main.
func Restore() error {
	if state.hadTmpdir {
		os.Setenv("TMPDIR", state.tmpdir)
	} else {
		os.Unsetenv("TMPDIR")
	}
	if state.dir != "" {
		// A manifest that cannot be written only costs a recompilation on
		// the next start.
		_ = record(state.dir, state.kept)
	}
	return state.problem
}
