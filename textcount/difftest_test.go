package textcount

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
	"unicode/utf16"
)

// The differential test compares Parse with the reference (ALGORITHM.md §1)
// on a corpus that the reference has answered. It runs only when
// TEXTCOUNT_DIFF names such a file: JSON lines {"text": ..., "ref": {the
// seven fields}}. Producing one needs Node and is not part of the repository's
// tests; the hand-written tables cover the same ground.

type diffCase struct {
	Text string `json:"text"`
	Ref  Result `json:"ref"`
}

func loadDiffCorpus(tb testing.TB) []diffCase {
	tb.Helper()
	path := os.Getenv("TEXTCOUNT_DIFF")
	if path == "" {
		tb.Skip("TEXTCOUNT_DIFF not set")
	}
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var cases []diffCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var c diffCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			tb.Fatal(err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return cases
}

func TestDifferential(t *testing.T) {
	t.Parallel()
	cases := loadDiffCorpus(t)
	bad := 0
	for i, c := range cases {
		got := Parse(c.Text)
		got.ValidBytes = 0
		if got != c.Ref {
			bad++
			if bad <= 30 {
				t.Errorf("case %d %+q (%d units): got %+v, reference %+v", i, short(c.Text), len(utf16.Encode([]rune(c.Text))), got, c.Ref)
			}
		}
	}
	t.Logf("%d texts, %d disagree", len(cases), bad)
}

func short(s string) string {
	r := []rune(s)
	if len(r) > 80 {
		return string(r[:60]) + "…" + string(r[len(r)-20:])
	}
	return s
}

func BenchmarkParseCorpus(b *testing.B) {
	cases := loadDiffCorpus(b)
	n := 0
	for _, c := range cases {
		n += len(c.Text)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cases {
			Parse(c.Text)
		}
	}
}
