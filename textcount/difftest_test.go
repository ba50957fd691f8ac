package textcount

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode/utf16"
)

// The differential test compares Parse with the reference (docs/counting.md §1)
// on a corpus that the reference has answered. It runs only when
// TEXTCOUNT_DIFF names such files (separated by commas): JSON lines
// {"text": ..., "ref": {the seven fields}}, optionally with "ref_v2",
// "ref_v1" and "ref_premium" (v3 with a limit of 25,000) as well. Producing
// them needs Node and is not part of the repository's tests; the
// hand-written tables cover the same ground.

type diffCase struct {
	Text       string  `json:"text"`
	Ref        Result  `json:"ref"`
	RefV2      *Result `json:"ref_v2"`
	RefV1      *Result `json:"ref_v1"`
	RefPremium *Result `json:"ref_premium"`
}

func loadDiffCorpus(tb testing.TB) []diffCase {
	tb.Helper()
	paths := os.Getenv("TEXTCOUNT_DIFF")
	if paths == "" {
		tb.Skip("TEXTCOUNT_DIFF not set")
	}
	var cases []diffCase
	for _, path := range strings.Split(paths, ",") {
		f, err := os.Open(path)
		if err != nil {
			tb.Fatal(err)
		}
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
		f.Close()
	}
	return cases
}

func TestDifferential(t *testing.T) {
	t.Parallel()
	cases := loadDiffCorpus(t)
	compared, bad := 0, 0
	check := func(i int, text, cfgName string, cfg Config, want *Result) {
		if want == nil {
			return
		}
		compared++
		got := ParseWith(text, cfg)
		got.ValidBytes = 0
		if got != *want {
			bad++
			if bad <= 30 {
				t.Errorf("case %d %+q (%d units, %s): got %+v, reference %+v", i, short(text), len(utf16.Encode([]rune(text))), cfgName, got, *want)
			}
		}
	}
	for i, c := range cases {
		check(i, c.Text, "default", DefaultConfig, &c.Ref)
		check(i, c.Text, "v2", ConfigV2, c.RefV2)
		check(i, c.Text, "v1", ConfigV1, c.RefV1)
		check(i, c.Text, "premium", PremiumConfig, c.RefPremium)
	}
	t.Logf("%d texts, %d comparisons, %d disagree", len(cases), compared, bad)
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
