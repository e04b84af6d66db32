// Package preview is the live preview behind `schemagen serve`: a small HTTP
// server on loopback that shows a design's diagrams, diagnostics and generated
// code, and pushes an update to every open page within a second of each save.
//
// It lives in internal/ rather than generators/ because it is not a pure
// generator: it watches a file, keeps state and serves HTTP. The command in
// cmd/cli only parses flags, opens the listener and wires in the real
// generators, so the server can be tested with httptest and fake renderers.
//
// The pieces:
//   - load.go reads the design (size-limited) and checks it into a snapshot:
//     a version number, the diagnostics as JSON, and the last design without
//     errors, whose diagrams stay on screen while the file has errors;
//   - watch.go watches the file's directory with fsnotify (so that editors
//     that save by renaming a temporary file work), debounces bursts of events
//     and falls back to a slow poll for anything fsnotify misses;
//   - cache.go renders each diagram and generated file at most once per design
//     version, one render at a time;
//   - events.go pushes the new version to every page with server-sent events;
//   - server.go has the fixed routes, the Host check against DNS rebinding and
//     the security headers; web/ holds the page, embedded in the binary.
package preview
