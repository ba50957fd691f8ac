package fsx

import (
	"context"
	"fmt"
	"io"

	"github.com/xpostdev/xpost/internal/human"
)

// ContextReader returns a reader whose Read returns as soon as ctx is done,
// with context.Cause(ctx), even while the read from r is blocked (standard
// input waiting for a terminal or a pipe that never closes). A read
// abandoned that way goes on in the background and its data is dropped;
// from then on every Read fails, so the reader is for inputs that are
// given up when ctx ends, such as a command's standard input on ctrl+c.
func ContextReader(ctx context.Context, r io.Reader) io.Reader {
	return &ctxReader{ctx: ctx, r: r, done: make(chan readResult, 1)}
}

type ctxReader struct {
	ctx  context.Context
	r    io.Reader
	buf  []byte // the background read's buffer, never the caller's
	done chan readResult
}

type readResult struct {
	n   int
	err error
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if c.ctx.Err() != nil {
		return 0, context.Cause(c.ctx)
	}
	if len(p) == 0 {
		return 0, nil
	}
	if cap(c.buf) < len(p) {
		c.buf = make([]byte, len(p))
	}
	buf := c.buf[:len(p)]
	go func() {
		n, err := c.r.Read(buf)
		c.done <- readResult{n, err}
	}()
	select {
	case res := <-c.done:
		return copy(p, buf[:res.n]), res.err
	case <-c.ctx.Done():
		// The read still owns buf; it is never used again.
		c.buf = nil
		return 0, context.Cause(c.ctx)
	}
}

// LineTooLongError is the error for a line longer than a reader of lines
// allows (internal/linemap, which reads `count --jsonl`'s input), so that
// a stream without line breaks cannot exhaust memory.
type LineTooLongError struct {
	Line  int // counted from 1
	Limit int
}

// Error names the line and the limit.
func (e *LineTooLongError) Error() string {
	return fmt.Sprintf("line %d is longer than %s", e.Line, human.Size(int64(e.Limit)))
}
