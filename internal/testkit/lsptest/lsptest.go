// Package lsptest is a small Language Server Protocol client for tests: it
// speaks JSON-RPC 2.0 with Content-Length framing over any pair of streams
// (a child process's pipes, or io.Pipe to an in-process server), answers the
// server's own requests, and queues its notifications.
package lsptest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
)

// Message is one JSON-RPC message as received.
type Message struct {
	ID     *json.RawMessage `json:"id,omitempty"`
	Method string           `json:"method,omitempty"`
	Params json.RawMessage  `json:"params,omitempty"`
	Result json.RawMessage  `json:"result,omitempty"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// Client is one connection to a language server.
type Client struct {
	w         io.Writer
	wmu       sync.Mutex
	onRequest func(method string, params json.RawMessage) any

	mu      sync.Mutex
	nextID  int
	pending map[int]chan Message
	notes   []Message
	arrived chan struct{} // signalled when a notification arrives
	err     error         // why reading stopped
}

// New starts reading from r. onRequest answers requests the server sends
// (workspace/configuration, ...); nil answers every one with null.
func New(r io.Reader, w io.Writer, onRequest func(method string, params json.RawMessage) any) *Client {
	c := &Client{w: w, onRequest: onRequest, pending: map[int]chan Message{}, arrived: make(chan struct{}, 1)}
	go c.read(bufio.NewReader(r))
	return c
}

func (c *Client) read(r *bufio.Reader) {
	tp := textproto.NewReader(r)
	for {
		h, err := tp.ReadMIMEHeader()
		if err != nil {
			c.stop(err)
			return
		}
		n, err := strconv.Atoi(h.Get("Content-Length"))
		if err != nil {
			c.stop(fmt.Errorf("bad Content-Length %q", h.Get("Content-Length")))
			return
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			c.stop(err)
			return
		}
		var m Message
		if err := json.Unmarshal(body, &m); err != nil {
			c.stop(fmt.Errorf("bad message %s: %v", body, err))
			return
		}
		switch {
		case m.ID != nil && m.Method != "": // a request from the server
			var result any
			if c.onRequest != nil {
				result = c.onRequest(m.Method, m.Params)
			}
			go c.send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": result})
		case m.ID != nil:
			id, _ := strconv.Atoi(strings.Trim(string(*m.ID), `"`))
			c.mu.Lock()
			ch := c.pending[id]
			delete(c.pending, id)
			c.mu.Unlock()
			if ch != nil {
				ch <- m
			}
		default:
			c.mu.Lock()
			c.notes = append(c.notes, m)
			c.mu.Unlock()
			select {
			case c.arrived <- struct{}{}:
			default:
			}
		}
	}
}

func (c *Client) stop(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.err = err
	for id, ch := range c.pending {
		close(ch)
		delete(c.pending, id)
	}
	select {
	case c.arrived <- struct{}{}:
	default:
	}
}

func (c *Client) send(msg any) error {
	body, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if _, err := fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n", len(body)); err != nil {
		return err
	}
	_, err = c.w.Write(body)
	return err
}

// Call sends a request and decodes its result into result (when not nil).
func (c *Client) Call(ctx context.Context, method string, params, result any) error {
	c.mu.Lock()
	if c.err != nil {
		err := c.err
		c.mu.Unlock()
		return fmt.Errorf("%s: connection closed: %v", method, err)
	}
	c.nextID++
	id := c.nextID
	ch := make(chan Message, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	if err := c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params}); err != nil {
		return err
	}
	select {
	case m, ok := <-ch:
		if !ok {
			return fmt.Errorf("%s: connection closed", method)
		}
		if m.Error != nil {
			return fmt.Errorf("%s: error %d: %s", method, m.Error.Code, m.Error.Message)
		}
		if result == nil {
			return nil
		}
		return json.Unmarshal(m.Result, result)
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

// Notify sends a notification.
func (c *Client) Notify(method string, params any) error {
	return c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// Next removes and returns the first queued notification of method for which
// accept (nil accepts all) returns true, waiting for one to arrive.
func (c *Client) Next(ctx context.Context, method string, accept func(params json.RawMessage) bool) (json.RawMessage, error) {
	for {
		c.mu.Lock()
		for i, m := range c.notes {
			if m.Method == method && (accept == nil || accept(m.Params)) {
				c.notes = append(c.notes[:i:i], c.notes[i+1:]...)
				c.mu.Unlock()
				return m.Params, nil
			}
		}
		err := c.err
		c.mu.Unlock()
		if err != nil {
			return nil, fmt.Errorf("waiting for %s: connection closed: %v", method, err)
		}
		select {
		case <-c.arrived:
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for %s: %w", method, ctx.Err())
		}
	}
}
