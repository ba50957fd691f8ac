package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"testing"
	"time"

	"github.com/xpostdev/xpost/textcount"
	"github.com/xpostdev/xpost/textcount/countcorpus"
)

// countCorpusLines is the number of lines of the benchmark corpus: enough
// that start-up costs vanish, few enough that a pass takes milliseconds.
const countCorpusLines = 20000

// countCorpus is the benchmark's input for `xpost count --jsonl`
// (textcount/countcorpus, which textcount's corpus benchmark counts too).
//
// XPOST_COUNT_CORPUS=FILE go test -run '^TestWriteCountCorpus$' writes it
// to FILE, so that other counters can be timed on the same texts.
var countCorpus, _ = countcorpus.Build(countCorpusLines)

// TestWriteCountCorpus writes the benchmark corpus to the file named by
// XPOST_COUNT_CORPUS, for timing other counters on the same texts.
func TestWriteCountCorpus(t *testing.T) {
	path := os.Getenv("XPOST_COUNT_CORPUS")
	if path == "" {
		t.Skip("set XPOST_COUNT_CORPUS=FILE to write the benchmark corpus")
	}
	if err := os.WriteFile(path, countCorpus, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCountCorpus checks that the corpus is what it is meant to be: valid
// input, mostly valid posts, some too long.
func TestCountCorpus(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	err := countLines(t.Context(), bytes.NewReader(countCorpus), "corpus", &out, textcount.DefaultConfig)
	if err != nil && !isExitFailure(err) {
		t.Fatal(err)
	}
	if got := bytes.Count(out.Bytes(), []byte("\n")); got != countCorpusLines {
		t.Fatalf("%d results for %d lines", got, countCorpusLines)
	}
	if invalid := bytes.Count(out.Bytes(), []byte(`"valid":false`)); invalid == 0 || invalid > countCorpusLines/10 {
		t.Errorf("%d of %d texts invalid, want a few", invalid, countCorpusLines)
	}
}

func isExitFailure(err error) bool {
	e, ok := err.(*exitError)
	return ok && e.code == exitFailure
}

// countFloor is the least any --jsonl counter must do: read the input line
// by line and look at every byte once.
func countFloor(in io.Reader) (sum int) {
	r := bufio.NewReaderSize(in, 64<<10)
	for {
		line, err := r.ReadSlice('\n')
		for _, c := range line {
			sum += int(c >> 7)
		}
		if err == bufio.ErrBufferFull {
			continue // a line longer than the buffer: its next piece
		}
		if err != nil {
			return sum
		}
	}
}

// BenchmarkCountJSONL measures `xpost count --jsonl` on the corpus, without
// the process around it (count), the floor of reading the same bytes line
// by line and looking at each once (floor), and the ratio of the two timed
// in turn in the same loop (vs-floor, reported as x-floor), which holds
// steady on a loaded machine where each alone does not.
func BenchmarkCountJSONL(b *testing.B) {
	count := func(b *testing.B) {
		err := countLines(b.Context(), bytes.NewReader(countCorpus), "bench", io.Discard, textcount.DefaultConfig)
		if err != nil && !isExitFailure(err) {
			b.Fatal(err)
		}
	}
	b.Run("count", func(b *testing.B) {
		b.SetBytes(int64(len(countCorpus)))
		b.ReportAllocs()
		for b.Loop() {
			count(b)
		}
	})
	b.Run("floor", func(b *testing.B) {
		b.SetBytes(int64(len(countCorpus)))
		for b.Loop() {
			countFloor(bytes.NewReader(countCorpus))
		}
	})
	b.Run("vs-floor", func(b *testing.B) {
		var counting, floor time.Duration
		for b.Loop() {
			t0 := time.Now()
			countFloor(bytes.NewReader(countCorpus))
			t1 := time.Now()
			count(b)
			counting += time.Since(t1)
			floor += t1.Sub(t0)
		}
		b.ReportMetric(float64(counting)/float64(floor), "x-floor")
	})
}
