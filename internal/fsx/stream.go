package fsx

import (
	"bufio"
	"bytes"
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

// LineTooLongError is returned by LineReader for a line longer than its
// limit.
type LineTooLongError struct {
	Line  int // counted from 1
	Limit int
}

// Error names the line and the limit.
func (e *LineTooLongError) Error() string {
	return fmt.Sprintf("line %d is longer than %s", e.Line, human.Size(int64(e.Limit)))
}

// LineReader reads a stream line by line, each line at most a set number
// of bytes, so that a stream without line breaks cannot exhaust memory.
type LineReader struct {
	r     *bufio.Reader
	limit int
	n     int // lines returned
	long  []byte
}

// NewLineReader reads lines of at most limit bytes (the "\n" not counted)
// from r.
func NewLineReader(r io.Reader, limit int) *LineReader {
	return &LineReader{r: bufio.NewReaderSize(r, min(64<<10, limit+1)), limit: limit}
}

// Line returns the next line without its "\n" (a "\r" before it is kept:
// the caller decides what it means) and its number, counted from 1. The
// last line needs no "\n". At the end of the stream it returns io.EOF. A
// line past the limit is a *LineTooLongError, after which the reader must
// not be used. The bytes are valid until the next call.
func (l *LineReader) Line() ([]byte, int, error) {
	line, err := l.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		l.long = append(l.long[:0], line...)
		for err == bufio.ErrBufferFull {
			if len(l.long) > l.limit {
				break
			}
			line, err = l.r.ReadSlice('\n')
			l.long = append(l.long, line...)
		}
		line = l.long
	}
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, l.n, err
	}
	if err == io.EOF && len(line) == 0 {
		return nil, l.n, io.EOF
	}
	l.n++
	line = bytes.TrimSuffix(line, []byte("\n"))
	if len(line) > l.limit {
		return nil, l.n, &LineTooLongError{Line: l.n, Limit: l.limit}
	}
	return line, l.n, nil
}
