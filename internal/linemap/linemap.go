// Package linemap maps the lines of a stream to output on several cores
// and writes the results in the order of the lines: read → map on N
// workers → write in input order. Lines are independent in a JSON Lines
// input such as `xpost count --jsonl`'s, and one core counts far slower
// than a disk reads.
//
// The one reader does as little as it can, since it runs alone: it reads
// large chunks straight into a batch's buffer, cuts the batch after the
// last "\n" it holds and carries the unfinished line into the next batch;
// the workers find the lines of their batches themselves.
//
// Memory stays bounded whatever the input: lines are at most a set length,
// a fixed number of batches of lines are in flight, and only one line
// longer than a batch at a time. Every result is handed on before each read
// that may wait for more input, so a program feeding one line and waiting
// for its answer gets it.
//
// It is not a general job queue: a worker's error stops the whole run.
package linemap

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"io"
	"runtime"
	"slices"
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
	// readSize is the size of each read, and so about the size of a
	// batch, the unit handed to a worker: big enough that handing it on
	// costs little per line, small enough that many are in flight for the
	// workers to share.
	readSize = 32 << 10
	// batchLines bounds the lines of a batch, so that what they map to
	// stays bounded however short they are.
	batchLines = 256
	// bigLine is the length past which a line goes alone, and only one
	// such line is in flight at a time, so that memory stays near the
	// longest line whatever the input.
	bigLine = 1 << 20
	// bigBatch is the size past which a batch's buffers are not kept for
	// the next batch, so one long line does not pin its memory.
	bigBatch = 4 * readSize
)

// maxEmptyReads is the number of reads in a row returning nothing after
// which the input is taken as broken, as bufio.Reader does.
const maxEmptyReads = 100

// sizes are the reader's sizes: the constants above, or small ones in
// tests so that short inputs cross every boundary.
type sizes struct {
	read, batchLines, bigLine int
}

var defaultSizes = sizes{read: readSize, batchLines: batchLines, bigLine: bigLine}

// batch is a run of consecutive lines, what they map to, and how the run
// ended.
type batch struct {
	// data holds the lines, each ended by "\n" but the last line of the
	// input, which needs none. While the reader fills the batch it holds
	// only the start of a line that has no "\n" yet, and what is read.
	data    []byte
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
// what came before, stops reading and returns that error, a line longer
// than opts.Limit being an *fsx.LineTooLongError. When ctx ends, a read
// that waits is abandoned (see fsx.ContextReader) and Map returns
// context.Cause(ctx).
func Map(ctx context.Context, r io.Reader, w io.Writer, opts Options, newFunc func() Func) error {
	return mapSized(ctx, r, w, opts, newFunc, defaultSizes)
}

// mapSized is Map with the reader's sizes given, so that tests can make
// short inputs cross every boundary.
func mapSized(ctx context.Context, r io.Reader, w io.Writer, opts Options, newFunc func() Func, sz sizes) error {
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
		wg.Go(func() { work(ctx, fn, opts.Limit, jobs) })
	}
	rd := &reader{
		ctx: ctx, r: fsx.ContextReader(ctx, r), limit: opts.Limit, sizes: sz,
		free: free, jobs: jobs, order: order, bigToken: bigToken,
	}
	wg.Go(func() {
		defer close(jobs)
		defer close(order)
		rd.run()
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
	b.data, b.out = b.data[:0], b.out[:0]
	b.err, b.readErr, b.flush, b.big = nil, nil, false, false
}

// work maps the lines of each batch from jobs, finding where they end.
func work(ctx context.Context, fn Func, limit int, jobs <-chan *batch) {
	for b := range jobs {
		// After an error the batches still in the queue are not wanted.
		if ctx.Err() == nil {
			b.out, b.err = mapLines(fn, limit, b.out, b.data, b.first)
		}
		b.done <- struct{}{}
	}
}

// mapLines appends what the lines of data map to to out; the first is
// line number first. A line longer than limit stops it, as a Func's error
// does.
func mapLines(fn Func, limit int, out, data []byte, first int) ([]byte, error) {
	n := first
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil // the last line of the input
		}
		if len(line) > limit {
			return out, &fsx.LineTooLongError{Line: n, Limit: limit}
		}
		var err error
		if out, err = fn(out, line, n); err != nil {
			return out, err
		}
		n++
	}
	return out, nil
}

// reader cuts the input into batches and hands them to the workers and,
// in the same order, to the writer.
type reader struct {
	ctx   context.Context
	r     io.Reader
	limit int
	sizes
	free     chan *batch
	jobs     chan<- *batch
	order    chan<- *batch
	bigToken chan struct{}
	cur      *batch // the batch being filled
	next     int    // the number of the line that starts cur
	rest     []byte // what follows the part of cur sent, while it is cut
}

func (rd *reader) run() {
	if rd.cur = rd.take(); rd.cur == nil {
		return
	}
	rd.next = 1
	empty := 0 // reads in a row that returned nothing
	for {
		b := rd.cur
		b.data = slices.Grow(b.data, rd.read)
		start := len(b.data)
		n, err := rd.r.Read(b.data[start : start+rd.read])
		b.data = b.data[:start+n]
		if n > 0 || err != nil {
			empty = 0
		} else if empty++; empty == maxEmptyReads {
			err = io.ErrNoProgress // as bufio.Reader gives up on such a reader
		}
		// The part of cur read before has no "\n": lines end in what was
		// just read, if anywhere.
		if i := bytes.LastIndexByte(b.data[start:], '\n'); i >= 0 {
			if !rd.cut(start+i+1, start) {
				return
			}
			b = rd.cur
		}
		switch {
		case err == io.EOF:
			if len(b.data) > 0 { // the last line, without a "\n"
				rd.sendLast()
			}
			return
		case err != nil:
			// The start of a line cut short by the error is dropped.
			b.data = b.data[:0]
			b.readErr = err
			rd.send(b, false)
			return
		case len(b.data) > rd.limit:
			b.data = b.data[:0]
			b.readErr = &fsx.LineTooLongError{Line: rd.next, Limit: rd.limit}
			rd.send(b, false)
			return
		}
	}
}

// cut hands on the lines of cur that end before end, which is just past a
// "\n"; cur's bytes before from have none. The rest of cur, a line with no
// "\n" yet, becomes the start of the next batch. It reports false when the
// run has stopped.
func (rd *reader) cut(end, from int) bool {
	b := rd.cur
	// The first line may be one that went on over many reads, and so
	// long; any other began in the last read and is at most readSize.
	lines := bytes.Count(b.data[from:end], []byte{'\n'})
	sent := end
	if firstEnd := from + bytes.IndexByte(b.data[from:end], '\n'); firstEnd > rd.bigLine {
		b.big = true
		sent, lines = firstEnd+1, 1
	} else if lines > rd.batchLines {
		sent, lines = lineEnd(b.data, rd.batchLines), rd.batchLines
	}
	// b's buffer is not read once b is sent: a worker may be done with it
	// and the writer hand it back to be filled again.
	rd.rest = append(rd.rest[:0], b.data[sent:]...)
	tail := len(b.data) - end // the unfinished line at the end of rest
	b.data = b.data[:sent]
	if !rd.sendLines(b, lines, sent == end) {
		return false
	}
	rest := rd.rest
	for len(rest) > tail {
		nb := rd.take()
		if nb == nil {
			return false
		}
		lines := bytes.Count(rest[:len(rest)-tail], []byte{'\n'})
		n := len(rest) - tail
		if lines > rd.batchLines {
			n, lines = lineEnd(rest, rd.batchLines), rd.batchLines
		}
		nb.data = append(nb.data[:0], rest[:n]...)
		rest = rest[n:]
		if !rd.sendLines(nb, lines, len(rest) == tail) {
			return false
		}
	}
	if rd.cur = rd.take(); rd.cur == nil {
		return false
	}
	rd.cur.data = append(slices.Grow(rd.cur.data[:0], len(rest)+rd.read), rest...)
	if cap(rd.rest) > bigBatch {
		rd.rest = nil
	}
	return true
}

// lineEnd returns the index just past the k-th "\n" of p, which has at
// least k.
func lineEnd(p []byte, k int) int {
	i := 0
	for range k {
		i += bytes.IndexByte(p[i:], '\n') + 1
	}
	return i
}

// sendLast hands on cur, which holds the last line of the input, without
// a "\n".
func (rd *reader) sendLast() {
	b := rd.cur
	b.big = len(b.data) > rd.bigLine
	rd.sendLines(b, 1, false)
}

// sendLines numbers the lines of b, waits for the big token if b holds a
// long line, and hands b on; it reports false when the run has stopped.
func (rd *reader) sendLines(b *batch, lines int, flush bool) bool {
	b.first = rd.next
	rd.next += lines
	if b.big {
		// A long line goes alone, holding the one big token.
		select {
		case <-rd.bigToken:
		case <-rd.ctx.Done():
			return false
		}
	}
	rd.send(b, flush)
	return true
}

// take waits for a free batch; it returns nil when the run has stopped.
func (rd *reader) take() *batch {
	select {
	case b := <-rd.free:
		return b
	case <-rd.ctx.Done():
		return nil
	}
}

// send hands b on; flush asks the writer to flush after it, as the reader
// is about to read again. Every line read is handed on before the next
// read, the last batch asking for a flush, so no empty batch is ever
// needed to ask for one.
func (rd *reader) send(b *batch, flush bool) {
	b.flush = flush
	rd.jobs <- b
	rd.order <- b
}
