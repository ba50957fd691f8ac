// Package linemap maps the lines of a stream to output on several cores
// and writes the results in the order of the lines: read → map on N
// workers → write in input order. Lines are independent in a JSON Lines
// input such as `xpost count --jsonl`'s, and one core counts far slower
// than a disk reads.
//
// Memory stays bounded whatever the input: lines are at most a set length
// (read by fsx.LineReader), a fixed number of batches of lines are in
// flight, and only one line longer than a batch at a time. Every result is
// handed on before each read that may wait for more input, so a program
// feeding one line and waiting for its answer gets it.
//
// It is not a general job queue: a worker's error stops the whole run.
package linemap

import (
	"bufio"
	"cmp"
	"context"
	"io"
	"runtime"
	"sync"

	"github.com/xpostdev/xpost/internal/fsx"
)

// Func appends to dst what one line maps to and returns it. line is the
// line without its "\n" (a "\r" before it is kept), valid only during the
// call; n is its number, counted from 1. An error stops the run: what the
// lines before it mapped to is written, and Map returns the error.
type Func func(dst, line []byte, n int) ([]byte, error)

// Options tune Map.
type Options struct {
	// Limit is the longest line in bytes, the "\n" not counted; a longer
	// one stops the run with an *fsx.LineTooLongError.
	Limit int
	// Workers is the number of lines mapped at once; 0 means one per
	// processor Go may use (GOMAXPROCS).
	Workers int
}

const (
	// batchBytes and batchLines bound a batch, the unit handed to a
	// worker: big enough that handing it on costs little per line, small
	// enough that many are in flight for the workers to share.
	batchBytes = 32 << 10
	batchLines = 256
	// bigLine is the length past which a line goes alone, and only one
	// such line is in flight at a time, so that memory stays near the
	// longest line whatever the input.
	bigLine = 1 << 20
	// bigBatch is the size past which a batch's buffers are not kept for
	// the next batch, so one long line does not pin its memory.
	bigBatch = 4 * batchBytes
)

// batch is a run of consecutive lines, what they map to, and how the run
// ended.
type batch struct {
	data    []byte // the lines, back to back
	ends    []int  // the end of each line in data
	first   int    // the number of the first line
	out     []byte // what the lines mapped to
	err     error  // the first error of the Func, which ends out
	readErr error  // the error of the read after the last line
	flush   bool   // the reader waited for input after this batch
	big     bool   // holds a line longer than bigLine (and the big token)
	done    chan struct{}
}

// Map reads the lines of r, maps each with a Func on its workers (newFunc
// gives each worker its own, so a Func may keep buffers without locks) and
// writes the results to w in the order of the lines. At the end of r it
// returns nil; on a read error, a Func's error or a write error it writes
// what came before, stops reading and returns that error, the read error
// as fsx.LineReader returns it. When ctx ends, a read that waits is
// abandoned (see fsx.ContextReader) and Map returns context.Cause(ctx).
func Map(ctx context.Context, r io.Reader, w io.Writer, opts Options, newFunc func() Func) error {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	// Every batch comes from free and returns to it once written, so no
	// more than nbatch are in flight, and sends to jobs and order, which
	// can hold them all, never wait.
	nbatch := 2*workers + 2
	free := make(chan *batch, nbatch)
	for range nbatch {
		free <- &batch{done: make(chan struct{}, 1)}
	}
	jobs := make(chan *batch, nbatch)
	order := make(chan *batch, nbatch)
	// bigToken is held by the one batch in flight with a long line.
	bigToken := make(chan struct{}, 1)
	bigToken <- struct{}{}

	var wg sync.WaitGroup
	for range workers {
		fn := newFunc()
		wg.Go(func() { work(ctx, fn, jobs) })
	}
	rd := &reader{ctx: ctx, free: free, jobs: jobs, order: order, bigToken: bigToken}
	wg.Go(func() {
		defer close(jobs)
		defer close(order)
		rd.run(fsx.ContextReader(ctx, r), opts.Limit)
	})
	defer wg.Wait()

	err := write(w, order, free, bigToken)
	if err == nil && ctx.Err() != nil {
		// The run was stopped from outside: some lines were not mapped.
		err = context.Cause(ctx)
	}
	cancel(err)
	return err
}

// write writes each batch's output in order, flushing where the reader
// waited for input, and returns the first error.
func write(w io.Writer, order <-chan *batch, free chan<- *batch, bigToken chan<- struct{}) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	for b := range order {
		<-b.done
		if _, err := bw.Write(b.out); err != nil {
			return err
		}
		if err := cmp.Or(b.err, b.readErr); err != nil {
			bw.Flush()
			return err
		}
		if b.flush {
			if err := bw.Flush(); err != nil {
				return err
			}
		}
		if b.big {
			bigToken <- struct{}{}
		}
		b.reset()
		free <- b
	}
	return bw.Flush()
}

func (b *batch) reset() {
	if cap(b.data) > bigBatch {
		b.data = nil
	}
	if cap(b.out) > bigBatch {
		b.out = nil
	}
	b.data, b.ends, b.out = b.data[:0], b.ends[:0], b.out[:0]
	b.err, b.readErr, b.flush, b.big = nil, nil, false, false
}

// work maps the lines of each batch from jobs.
func work(ctx context.Context, fn Func, jobs <-chan *batch) {
	for b := range jobs {
		// After an error the batches still in the queue are not wanted.
		if ctx.Err() == nil {
			start := 0
			for k, end := range b.ends {
				out, err := fn(b.out, b.data[start:end], b.first+k)
				b.out = out
				if err != nil {
					b.err = err
					break
				}
				start = end
			}
		}
		b.done <- struct{}{}
	}
}

// reader cuts the input into batches and hands them to the workers and,
// in the same order, to the writer.
type reader struct {
	ctx      context.Context
	free     chan *batch
	jobs     chan<- *batch
	order    chan<- *batch
	bigToken chan struct{}
	cur      *batch // the batch being filled, nil when none
	waited   bool   // a batch asking for a flush is the last one sent
}

func (rd *reader) run(r io.Reader, limit int) {
	lines := fsx.NewLineReader(beforeRead{r: r, before: rd.beforeRead}, limit)
	for {
		line, n, err := lines.Line()
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			if rd.take() {
				rd.cur.readErr = err
				rd.send()
			}
			return
		}
		if len(line) > bigLine {
			// A long line goes alone, holding the one big token.
			if rd.cur != nil && len(rd.cur.ends) > 0 {
				rd.send()
			}
			select {
			case <-rd.bigToken:
			case <-rd.ctx.Done():
				return
			}
			if !rd.take() {
				rd.bigToken <- struct{}{}
				return
			}
			rd.cur.big = true
		} else if rd.cur == nil && !rd.take() { // most lines join the batch being filled
			return
		}
		b := rd.cur
		if len(b.ends) == 0 {
			b.first = n
		}
		b.data = append(b.data, line...)
		b.ends = append(b.ends, len(b.data))
		if b.big || len(b.data) >= batchBytes || len(b.ends) >= batchLines {
			rd.send()
		}
	}
}

// take makes sure there is a batch to fill, waiting for a free one; it
// reports false when the run has stopped.
func (rd *reader) take() bool {
	if rd.cur != nil {
		return true
	}
	select {
	case rd.cur = <-rd.free:
		return true
	case <-rd.ctx.Done():
		return false
	}
}

// send hands the current batch on.
func (rd *reader) send() {
	rd.waited = rd.cur.flush
	rd.jobs <- rd.cur
	rd.order <- rd.cur
	rd.cur = nil
}

// beforeRead runs before each read of the input, which may wait: the lines
// read so far go to the workers, and the writer is asked to write and
// flush their results once they are done.
func (rd *reader) beforeRead() {
	if rd.cur == nil || len(rd.cur.ends) == 0 {
		if rd.waited {
			return // nothing was sent since the last flush asked for
		}
		if !rd.take() {
			return // the run has stopped; the read will fail
		}
	}
	rd.cur.flush = true
	rd.send()
}

// beforeRead calls before ahead of every Read of r.
type beforeRead struct {
	r      io.Reader
	before func()
}

func (b beforeRead) Read(p []byte) (int, error) {
	b.before()
	return b.r.Read(p)
}
