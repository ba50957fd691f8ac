package linemap

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"

	"github.com/xpostdev/xpost/internal/fsx"
)

// upper maps a line to its number and the line in upper case, giving way
// to other goroutines now and then so that workers finish out of order.
func upper() Func {
	return func(dst, line []byte, n int) ([]byte, error) {
		dst = strconv.AppendInt(dst, int64(n), 10)
		dst = append(dst, ' ')
		dst = append(dst, bytes.ToUpper(line)...)
		return append(dst, '\n'), nil
	}
}

// sequential is what Map must write: upper applied line by line.
func sequential(in string) string {
	var out []byte
	fn := upper()
	for n, line := range strings.Split(strings.TrimSuffix(in, "\n"), "\n") {
		out, _ = fn(out, []byte(line), n+1)
	}
	return string(out)
}

func TestMapOrder(t *testing.T) {
	t.Parallel()
	var in strings.Builder
	for i := range 20000 {
		// Lines of very different lengths, so batches differ in size.
		fmt.Fprintf(&in, "line %d %s\n", i, strings.Repeat("x", i%97*i%13))
	}
	in.WriteString(strings.Repeat("long", 1<<19) + "\n") // 2 MiB: a big line alone
	in.WriteString("after the long line\n")
	for _, workers := range []int{1, 2, 5} {
		for _, r := range []struct {
			name string
			r    func() io.Reader
		}{
			{"whole", func() io.Reader { return strings.NewReader(in.String()) }},
			{"byte by byte", func() io.Reader { return iotest.OneByteReader(strings.NewReader(in.String()[:20000])) }},
			{"half reads", func() io.Reader { return iotest.HalfReader(strings.NewReader(in.String())) }},
		} {
			t.Run(fmt.Sprintf("%s/%d workers", r.name, workers), func(t *testing.T) {
				t.Parallel()
				var out bytes.Buffer
				src := r.r()
				if err := Map(t.Context(), src, &out, Options{Limit: 4 << 20, Workers: workers}, upper); err != nil {
					t.Fatal(err)
				}
				want := in.String()
				if r.name == "byte by byte" {
					want = want[:20000]
				}
				if out.String() != sequential(want) {
					t.Errorf("output differs from the sequential map (%d bytes, want %d)", out.Len(), len(sequential(want)))
				}
			})
		}
	}
}

func TestMapEmpty(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := Map(t.Context(), strings.NewReader(""), &out, Options{Limit: 10}, upper); err != nil || out.Len() != 0 {
		t.Errorf("Map of nothing = %v, %q", err, out.String())
	}
	if err := Map(t.Context(), strings.NewReader("last line without a newline"), &out, Options{Limit: 100}, upper); err != nil || out.String() != "1 LAST LINE WITHOUT A NEWLINE\n" {
		t.Errorf("Map = %v, %q", err, out.String())
	}
}

// TestMapFuncError: a Func's error stops the run after the results of the
// lines before it, even when the input would go on and on.
func TestMapFuncError(t *testing.T) {
	t.Parallel()
	bad := errors.New("bad line")
	failAt := func() Func {
		fn := upper()
		return func(dst, line []byte, n int) ([]byte, error) {
			if string(line) == "bad" {
				return dst, bad
			}
			return fn(dst, line, n)
		}
	}
	var in strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&in, "line %d\n", i)
	}
	in.WriteString("bad\n")
	// The input never ends: Map must not wait for it.
	pr, pw := io.Pipe()
	defer pw.Close()
	go func() {
		io.WriteString(pw, in.String())
		io.WriteString(pw, "more\nand more\n")
	}()
	var out bytes.Buffer
	err := Map(t.Context(), pr, &out, Options{Limit: 100, Workers: 3}, failAt)
	if !errors.Is(err, bad) {
		t.Fatalf("Map = %v, want %v", err, bad)
	}
	if want := sequential(strings.TrimSuffix(in.String(), "bad\n")); out.String() != want {
		t.Errorf("wrote %d bytes before the error, want the %d of the lines before it", out.Len(), len(want))
	}
}

func TestMapReadErrors(t *testing.T) {
	t.Parallel()
	failure := errors.New("disk on fire")
	tests := []struct {
		name    string
		in      io.Reader
		wantOut string
		check   func(error) bool
	}{
		{
			name:    "line too long",
			in:      strings.NewReader("a\nb\n" + strings.Repeat("c", 101) + "\nd\n"),
			wantOut: "1 A\n2 B\n",
			check: func(err error) bool {
				tl, ok := errors.AsType[*fsx.LineTooLongError](err)
				return ok && tl.Line == 3
			},
		},
		{
			name:    "reads that return nothing",
			in:      io.MultiReader(strings.NewReader("a\nb\nc"), readerFunc(func([]byte) (int, error) { return 0, nil })),
			wantOut: "1 A\n2 B\n",
			check:   func(err error) bool { return errors.Is(err, io.ErrNoProgress) },
		},
		{
			name:    "read error",
			in:      io.MultiReader(strings.NewReader("a\nb\n"), iotest.ErrReader(failure)),
			wantOut: "1 A\n2 B\n",
			check:   func(err error) bool { return errors.Is(err, failure) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			err := Map(t.Context(), tt.in, &out, Options{Limit: 100, Workers: 2}, upper)
			if !tt.check(err) {
				t.Errorf("Map = %v", err)
			}
			if out.String() != tt.wantOut {
				t.Errorf("wrote %q, want %q", out.String(), tt.wantOut)
			}
		})
	}
}

// TestMapWriteError: a failed write stops the run.
func TestMapWriteError(t *testing.T) {
	t.Parallel()
	in := strings.Repeat("some line of text\n", 100000)
	failure := errors.New("no space left")
	w := &failingWriter{after: 100 << 10, err: failure}
	if err := Map(t.Context(), strings.NewReader(in), w, Options{Limit: 100, Workers: 2}, upper); !errors.Is(err, failure) {
		t.Errorf("Map = %v, want %v", err, failure)
	}
}

type failingWriter struct {
	after int
	err   error
}

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after < len(p) {
		return 0, w.err
	}
	w.after -= len(p)
	return len(p), nil
}

// TestMapAnswersBeforeWaiting feeds one line at a time and reads its
// answer before writing the next: each result must be handed on while
// Map waits for more input.
func TestMapAnswersBeforeWaiting(t *testing.T) {
	t.Parallel()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- Map(t.Context(), inR, outW, Options{Limit: 100, Workers: 2}, upper)
		outW.Close()
	}()
	answers := bufio.NewReader(outR)
	for i := 1; i <= 5; i++ {
		if _, err := fmt.Fprintf(inW, "line %d\n", i); err != nil {
			t.Fatal(err)
		}
		got, err := answers.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("%d LINE %d\n", i, i); got != want {
			t.Fatalf("answer %q, want %q", got, want)
		}
	}
	inW.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if rest, _ := io.ReadAll(answers); len(rest) != 0 {
		t.Errorf("more output after the last answer: %q", rest)
	}
}

// TestMapStops: when the context ends, a read that waits is given up.
func TestMapStops(t *testing.T) {
	t.Parallel()
	inR, inW := io.Pipe()
	defer inW.Close()
	ctx, cancel := context.WithCancelCause(t.Context())
	stop := errors.New("interrupted")
	var out bytes.Buffer
	fn := func() Func {
		up := upper()
		return func(dst, line []byte, n int) ([]byte, error) {
			cancel(stop) // the first line stops the run
			return up(dst, line, n)
		}
	}
	go io.WriteString(inW, "one\n")
	if err := Map(ctx, inR, &out, Options{Limit: 100, Workers: 2}, fn); !errors.Is(err, stop) {
		t.Errorf("Map = %v, want %v", err, stop)
	}
}

// TestMapBoundedMemory: however long the input, only a bounded number of
// lines are read ahead of the output, and one long line at a time is in
// flight.
func TestMapBoundedMemory(t *testing.T) {
	t.Parallel()
	const workers = 2
	var written, ahead, bigNow, bigMax atomic.Int64
	out := bytes.Repeat([]byte("o"), 255)
	fn := func() Func {
		return func(dst, line []byte, n int) ([]byte, error) {
			storeMax(&ahead, int64(n)-written.Load())
			if len(line) > bigLine {
				storeMax(&bigMax, bigNow.Add(1))
				defer bigNow.Add(-1)
			}
			// Results longer than the writer's buffer holds many of, so
			// that what is written is close behind what is mapped.
			return append(append(dst, out...), '\n'), nil
		}
	}
	var in bytes.Buffer
	short := []byte("short line\n")
	long := append(bytes.Repeat([]byte("L"), bigLine+1), '\n')
	for i := range 30000 {
		in.Write(short)
		if i%10000 == 0 {
			for range 3 {
				in.Write(long)
			}
		}
	}
	w := writerFunc(func(p []byte) (int, error) {
		written.Add(int64(bytes.Count(p, []byte("\n"))))
		return len(p), nil
	})
	if err := Map(t.Context(), &in, w, Options{Limit: 2 << 20, Workers: workers}, fn); err != nil {
		t.Fatal(err)
	}
	// The batches in flight, and what the writer's buffer holds.
	if max := int64((2*workers+2)*batchLines + 64<<10/256); ahead.Load() > max {
		t.Errorf("a line was mapped %d lines ahead of the output, want at most %d", ahead.Load(), max)
	}
	if bigMax.Load() != 1 {
		t.Errorf("%d long lines in flight at once, want 1", bigMax.Load())
	}
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func storeMax(v *atomic.Int64, n int64) {
	for {
		old := v.Load()
		if n <= old || v.CompareAndSwap(old, n) {
			return
		}
	}
}

// chunkReader returns its input in reads of the given sizes, repeating
// the last, and io.EOF with the last bytes when eofWithData is set.
type chunkReader struct {
	in          []byte
	sizes       []int
	eofWithData bool
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.in) == 0 {
		return 0, io.EOF
	}
	k := c.sizes[0]
	if len(c.sizes) > 1 {
		c.sizes = c.sizes[1:]
	}
	n := copy(p[:min(len(p), k)], c.in)
	c.in = c.in[n:]
	if len(c.in) == 0 && c.eofWithData {
		return n, io.EOF
	}
	return n, nil
}

// TestMapCuts: batches are cut where reads end, which is anywhere in a
// line; the unfinished line goes on in the next batch and every line keeps
// its number.
func TestMapCuts(t *testing.T) {
	t.Parallel()
	exact := strings.Repeat("e", readSize-1) + "\n" // a read holds it and its "\n"
	tests := []struct {
		name  string
		in    string
		sizes []int
	}{
		{"cut mid-line", "first line\nsecond line\nthird\n", []int{14, 5, 100}},
		{"a line over many reads", "a\n" + strings.Repeat("long", 3000) + "\nb\nc", []int{3, 1000}},
		{"reads of one byte", "ab\n\ncd\r\nef", []int{1}},
		{"lines of the read size", exact + exact + strings.Repeat("f", readSize) + "\n" + exact, []int{readSize}},
		{"lines of the read size, reads off by one", exact + exact + strings.Repeat("f", readSize) + "\n" + exact, []int{readSize - 1, readSize + 1}},
		{"many batches of short lines", strings.Repeat("0123456789\n", 5*batchLines+3), []int{readSize}},
		{"more lines than a batch in one read", strings.Repeat("x\n", 3*batchLines+1) + "end", []int{1 << 20}},
		{"empty lines", strings.Repeat("\n", 2*batchLines+5), []int{7, readSize}},
	}
	for _, tt := range tests {
		for _, eofWithData := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/eof with data %v", tt.name, eofWithData), func(t *testing.T) {
				t.Parallel()
				var out bytes.Buffer
				r := &chunkReader{in: []byte(tt.in), sizes: tt.sizes, eofWithData: eofWithData}
				if err := Map(t.Context(), r, &out, Options{Limit: 1 << 20, Workers: 2}, upper); err != nil {
					t.Fatal(err)
				}
				if want := sequential(tt.in); out.String() != want {
					t.Errorf("output differs from the sequential map (%d bytes, want %d)", out.Len(), len(want))
				}
			})
		}
	}
}

// TestMapLimitAcrossReads: a line over the limit is found whether it ends
// in the read that holds its start, in a later one, or never.
func TestMapLimitAcrossReads(t *testing.T) {
	t.Parallel()
	head := strings.Repeat("ok\n", 1000) // lines 1 to 1000, over several batches
	for _, tail := range []string{
		strings.Repeat("c", 101) + "\nd\n",    // ends within a read
		strings.Repeat("c", 5000) + "\nd\n",   // ends reads later
		strings.Repeat("c", 1<<20),            // never ends
		strings.Repeat("c", 101),              // the last line, without "\n"
		"d\n" + strings.Repeat("c", 101) + "", // not the first line of its batch
	} {
		for _, size := range []int{1, 17, readSize} {
			var out bytes.Buffer
			r := &chunkReader{in: []byte(head + tail), sizes: []int{size}}
			err := Map(t.Context(), r, &out, Options{Limit: 100, Workers: 2}, upper)
			line := 1001
			if tail[0] == 'd' {
				line = 1002
			}
			tl, ok := errors.AsType[*fsx.LineTooLongError](err)
			if !ok || tl.Line != line || tl.Limit != 100 {
				t.Errorf("%d-byte tail in reads of %d: Map = %v, want line %d too long", len(tail), size, err, line)
			}
			before := head
			if line == 1002 {
				before += "d\n"
			}
			if want := sequential(before); out.String() != want {
				t.Errorf("%d-byte tail in reads of %d: wrote %d bytes, want the %d of the lines before", len(tail), size, out.Len(), len(want))
			}
		}
	}
}

// TestMapAnswersBeforeLineEnds: a line's answer does not wait for the end
// of the line after it.
func TestMapAnswersBeforeLineEnds(t *testing.T) {
	t.Parallel()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- Map(t.Context(), inR, outW, Options{Limit: 100, Workers: 2}, upper)
		outW.Close()
	}()
	answers := bufio.NewReader(outR)
	for _, step := range []struct{ write, answer string }{
		{"one\ntw", "1 ONE\n"},
		{"o\nthr", "2 TWO\n"},
		{"ee\n", "3 THREE\n"},
	} {
		if _, err := io.WriteString(inW, step.write); err != nil {
			t.Fatal(err)
		}
		got, err := answers.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if got != step.answer {
			t.Fatalf("answer %q, want %q", got, step.answer)
		}
	}
	inW.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

var errBang = errors.New("the line starts with an exclamation mark")

// reference is what Map must write and return, one line after another:
// the lines as fsx.LineReader splits them, a line over the limit or one
// the Func rejects stopping the run.
func reference(in []byte, limit int) (string, error) {
	if len(in) == 0 {
		return "", nil
	}
	var out []byte
	fn := upper()
	for i, line := range bytes.Split(bytes.TrimSuffix(in, []byte("\n")), []byte("\n")) {
		if len(line) > limit {
			return string(out), &fsx.LineTooLongError{Line: i + 1, Limit: limit}
		}
		if bytes.HasPrefix(line, []byte("!")) {
			return string(out), errBang
		}
		out, _ = fn(out, line, i+1)
	}
	return string(out), nil
}

// FuzzMap compares Map, with sizes small enough that short inputs cross
// every boundary (reads, batches of lines, long lines), against the
// reference, for inputs read in reads of random sizes.
func FuzzMap(f *testing.F) {
	f.Add([]byte("a\nb\n"), uint64(1), uint8(10))
	f.Add([]byte("a\r\n\nbb\nccc\n!d\neeee"), uint64(7), uint8(3))
	f.Add([]byte(strings.Repeat("x\n", 40)+strings.Repeat("y", 70)+"\nz"), uint64(42), uint8(100))
	f.Add([]byte("\n\n\n\n\n\n\n\n\n\n\n\n"), uint64(3), uint8(0))
	f.Fuzz(func(t *testing.T, in []byte, seed uint64, limit uint8) {
		rng := rand.New(rand.NewPCG(seed, seed>>32))
		sz := sizes{read: 1 + rng.IntN(40), batchLines: 1 + rng.IntN(8), bigLine: 1 + rng.IntN(60)}
		reads := make([]int, 1+rng.IntN(8))
		for i := range reads {
			reads[i] = rng.IntN(50) // a read of 0 bytes returns nothing and no error
		}
		reads = append(reads, 1+rng.IntN(50))
		r := &chunkReader{in: in, sizes: reads, eofWithData: rng.IntN(2) == 0}
		fn := func() Func {
			up := upper()
			return func(dst, line []byte, n int) ([]byte, error) {
				if bytes.HasPrefix(line, []byte("!")) {
					return dst, errBang
				}
				return up(dst, line, n)
			}
		}
		var out bytes.Buffer
		err := mapSized(t.Context(), r, &out, Options{Limit: int(limit), Workers: 1 + rng.IntN(3)}, fn, sz)
		wantOut, wantErr := reference(in, int(limit))
		if out.String() != wantOut {
			t.Errorf("sizes %+v: wrote\n%q\nwant\n%q", sz, out.String(), wantOut)
		}
		if fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Errorf("sizes %+v: Map = %v, want %v", sz, err, wantErr)
		}
	})
}
