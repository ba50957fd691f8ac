package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xpostdev/xpost/internal/fsx"
	"github.com/xpostdev/xpost/textcount"
)

// countCorpusLines is the number of lines of the benchmark corpus: enough
// that start-up costs vanish, few enough that a pass takes milliseconds.
const countCorpusLines = 20000

// countCorpus is the benchmark's input for `xpost count --jsonl`: posts of
// mixed scripts and lengths as a script exporting posts would write them,
// mostly raw UTF-8 (as jq -c writes it), some with escapes (newlines,
// quotes, \u escapes of accents and of emoji as surrogate pairs) and with
// other fields around the text.
//
// XPOST_COUNT_CORPUS=FILE go test -run '^TestWriteCountCorpus$' writes it
// to FILE, so that other counters can be timed on the same texts.
var countCorpus = buildCountCorpus(countCorpusLines)

// countCorpusPieces are the fragments texts are made of.
var countCorpusPieces = []string{
	"Shipping the new release today ", "faster start-up and fewer allocations. ", "Thanks to everyone who tested! ",
	"Read more at https://example.com/blog/2026/release-notes?utm_source=x ", "docs.example.org/start ", "see x.com/xpost ",
	"https://t.co/AbCdEf1234 ", "@friend ", "#golang ", "$XPST ",
	"🎉 ", "🧑‍💻 ", "👨‍👩‍👧‍👦 ", "❤️‍🔥 ", "👍🏽 ", "🇯🇵 ", "☕ ", "1️⃣ ",
	"東京で新しいリリースを発表しました。", "中文字符测试，", "한국어 텍스트 ", "Привет, мир! ", "Café crème à Zürich, ", "naïve résumé ",
	"e\u0301 ", "\u05e9\u05dc\u05d5\u05dd ", "— ", "… ",
}

func buildCountCorpus(n int) []byte {
	// A 31-bit linear congruential generator: the corpus is the same on
	// every run and every machine.
	seed := uint32(20261203)
	rnd := func(k int) int {
		seed = (seed*1103515245 + 12345) & 0x7fffffff
		return int(seed>>8) % k
	}
	var out bytes.Buffer
	raw := json.NewEncoder(&out)
	raw.SetEscapeHTML(false)
	var text strings.Builder
	for i := range n {
		text.Reset()
		// Mostly posts under 280 characters, some long Premium posts.
		pieces := 1 + rnd(8)
		if rnd(50) == 0 {
			pieces = 40 + rnd(200)
		}
		for range pieces {
			text.WriteString(countCorpusPieces[rnd(len(countCorpusPieces))])
		}
		if rnd(10) == 0 {
			text.WriteString("\n\"quoted\" line\twith a tab\\")
		}
		s := strings.TrimSpace(text.String())
		switch rnd(8) {
		case 0:
			// Every non-ASCII character as a \u escape, as an ASCII-only
			// encoder writes it.
			out.WriteString(`{"id":"` + itoa(i) + `","text":` + asciiJSON(s) + `}` + "\n")
		case 1:
			out.WriteString(`{"text":` + asciiJSON(s) + `,"lang":"und","public_metrics":{"likes":12,"reposts":[1,2.5e3,true,null]}}` + "\n")
		default:
			raw.Encode(map[string]any{"id": i, "text": s})
		}
	}
	return out.Bytes()
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

// asciiJSON is s as a JSON string literal with every non-ASCII character
// escaped (surrogate pairs beyond the BMP).
func asciiJSON(s string) string {
	b, _ := json.Marshal(s)
	var out strings.Builder
	for _, r := range string(b) {
		switch {
		case r < 0x80:
			out.WriteRune(r)
		case r > 0xFFFF:
			r -= 0x10000
			out.WriteString(hexEscape(0xD800 + r>>10))
			out.WriteString(hexEscape(0xDC00 + r&0x3FF))
		default:
			out.WriteString(hexEscape(r))
		}
	}
	return out.String()
}

func hexEscape(r rune) string {
	const digits = "0123456789abcdef"
	return `\u` + string([]byte{digits[r>>12&15], digits[r>>8&15], digits[r>>4&15], digits[r&15]})
}

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
	lines := fsx.NewLineReader(in, maxCountLine)
	for {
		line, _, err := lines.Line()
		if err != nil {
			return sum
		}
		for _, c := range line {
			sum += int(c >> 7)
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
