package worker

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// The framing between schemagen and a worker, over the worker's standard
// input and output. Every integer is big-endian.
//
//	request: "GVQ1" | uint32 len(format) | format | uint32 len(dot) | dot
//	reply:   "GVR1" | status byte | uint32 len(payload) | payload
//
// A reply's payload is the rendering (statusOK) or an error message
// (statusError). The magic on every frame makes a program that is not a
// worker (or a worker out of step) an error instead of a wrong picture.
const (
	requestMagic = "GVQ1"
	replyMagic   = "GVR1"

	statusOK    byte = 0
	statusError byte = 1

	// maxFormat bounds a format name ("svg", "json", ...).
	maxFormat = 32
	// maxPayload bounds DOT source and renderings. The 519-table MusicBrainz
	// design's largest SVG is a few megabytes; this only stops a corrupt
	// length from reading forever.
	maxPayload = 1 << 30
)

// writeRequest sends one layout request.
func writeRequest(w io.Writer, format string, dot []byte) error {
	if len(format) > maxFormat {
		return fmt.Errorf("format name of %d bytes", len(format))
	}
	if len(dot) > maxPayload {
		return fmt.Errorf("%d bytes of DOT is more than a worker accepts (%d)", len(dot), maxPayload)
	}
	head := make([]byte, 0, 12+len(format))
	head = append(head, requestMagic...)
	head = binary.BigEndian.AppendUint32(head, uint32(len(format)))
	head = append(head, format...)
	head = binary.BigEndian.AppendUint32(head, uint32(len(dot)))
	if _, err := w.Write(head); err != nil {
		return err
	}
	_, err := w.Write(dot)
	return err
}

// readRequest reads one layout request; io.EOF means the input ended
// cleanly between requests.
func readRequest(r io.Reader) (format string, dot []byte, err error) {
	if err := readMagic(r, requestMagic); err != nil {
		return "", nil, err
	}
	f, err := readChunk(r, maxFormat)
	if err != nil {
		return "", nil, fmt.Errorf("reading the format: %w", err)
	}
	dot, err = readChunk(r, maxPayload)
	if err != nil {
		return "", nil, fmt.Errorf("reading the DOT: %w", err)
	}
	return string(f), dot, nil
}

// writeReply sends one reply.
func writeReply(w io.Writer, status byte, payload []byte) error {
	head := make([]byte, 0, 9)
	head = append(head, replyMagic...)
	head = append(head, status)
	head = binary.BigEndian.AppendUint32(head, uint32(len(payload)))
	if _, err := w.Write(head); err != nil {
		return err
	}
	_, err := w.Write(payload)
	return err
}

// readReply reads one reply.
func readReply(r io.Reader) (status byte, payload []byte, err error) {
	if err := readMagic(r, replyMagic); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return 0, nil, err
	}
	var b [1]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return 0, nil, unexpected(err)
	}
	if b[0] != statusOK && b[0] != statusError {
		return 0, nil, fmt.Errorf("%w: status byte %#x", errMalformed, b[0])
	}
	payload, err = readChunk(r, maxPayload)
	if err != nil {
		return 0, nil, err
	}
	return b[0], payload, nil
}

// errMalformed marks a frame that does not follow the framing.
var errMalformed = errors.New("malformed frame")

// readMagic reads a frame's first four bytes; io.EOF when there are none.
func readMagic(r io.Reader, magic string) error {
	var m [4]byte
	n, err := io.ReadFull(r, m[:])
	switch {
	case n == 0 && err == io.EOF:
		return io.EOF
	case err != nil:
		return unexpected(err)
	case string(m[:]) != magic:
		return fmt.Errorf("%w: starts with %q, want %q", errMalformed, m[:], magic)
	}
	return nil
}

// readChunk reads a uint32 length and that many bytes, refusing more than
// limit. The buffer grows with the bytes that arrive, so a corrupt length
// costs no memory before the data ends.
func readChunk(r io.Reader, limit int) ([]byte, error) {
	var l [4]byte
	if _, err := io.ReadFull(r, l[:]); err != nil {
		return nil, unexpected(err)
	}
	n := binary.BigEndian.Uint32(l[:])
	if uint64(n) > uint64(limit) {
		return nil, fmt.Errorf("%w: length %d is over the limit %d", errMalformed, n, limit)
	}
	var buf bytes.Buffer
	buf.Grow(int(min(n, 1<<20)))
	if _, err := io.CopyN(&buf, r, int64(n)); err != nil {
		return nil, unexpected(err)
	}
	return buf.Bytes(), nil
}

// unexpected turns an end of input inside a frame into io.ErrUnexpectedEOF.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
