package textcount

import (
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/unicode/norm"

	"github.com/xpostdev/xpost/textcount/countcorpus"
)

var (
	benchShortASCII = "Shipping the new release today: faster startup, fewer allocations, and a calmer UI. Thanks to everyone who tested the betas!"
	benchShortURL   = "Release notes for v2.4 are up at https://example.com/blog/v2-4 and the docs at docs.example.org/start. Feedback welcome!"
	benchMixed280   = "Tokyo 東京 trip 🧑‍💻 notes: https://example.com/itinerary?day=1 — ramen 🍜, temples ⛩️, and 👨‍👩‍👧‍👦 fun. Café crème ☕ at x.com/cafe. 日本語のテキストも少し。 Флаг 🇯🇵 and 👍🏽! #travel @friend"
	benchMixed25000 = mixedText(25000)
	benchNFD        = norm.NFD.String(strings.Repeat("Ça déménage à Zürich: résumé, naïve, 한국어 텍스트, Åström. ", 5))
	benchTiny       = tinyTexts(30000)
	// benchCorpus holds the texts of `xpost count --jsonl`'s benchmark
	// corpus, so that the counter's share of that benchmark can be timed
	// alone.
	_, benchCorpus = countcorpus.Build(20000)
)

// tinyAlphabet holds URL, emoji and normalization hazards: schemes, TLDs,
// dots, brackets, joiners, combining marks, invalid characters,
// directional marks and full-width look-alikes.
var tinyAlphabet = []string{"a", "b", "x", "1", ".", ".", "/", "/", ":", "-", "_", "@", "#", "$", "?", "=", "&", "(", ")", "~", "!", ",", "'", "\"", "`", " ", " ", "\n",
	"co", "com", "org", "jp", "рф", "みんな", "中国", "xn--p1ai", "xn--", "http://", "https://", "HTTP://", "t.co/", "www.", "example",
	"😀", "🧑", "\u200d", "💻", "\ufe0f", "🏽", "🇺", "🇸", "1", "\u20e3", "日", "本", "é", "e", "\u0301", "\u0316", "Ａ", "＠", "＃",
	"\u202e", "\u2066", "\u200e", "\u061c", "\ufeff", "\ufffe", "\uffff", "\u3002", "\uff0e", "\u00a0", "\u3000", "\u200b",
	"ſ", "K", "\u212a", "İ", "ı", "ü", "а", "\u2013", "|", "[", "]", "*", "+", ";", "%"}

// tinyTexts returns n short random texts (1 to 30 pieces of tinyAlphabet,
// about 37 bytes on average), where per-call costs dominate. The generator
// is a 31-bit linear congruential one computed in float64, as a JavaScript
// program computes it, so that the same texts can be timed elsewhere.
func tinyTexts(n int) []string {
	seed := 4242.0
	rnd := func() float64 {
		seed = float64(uint32(int64(seed*1103515245+12345)) & 0x7fffffff)
		return seed / 0x7fffffff
	}
	texts := make([]string, n)
	for i := range texts {
		var b strings.Builder
		for k := 1 + int(rnd()*30); k > 0; k-- {
			b.WriteString(tinyAlphabet[int(rnd()*float64(len(tinyAlphabet)))])
		}
		texts[i] = b.String()
	}
	return texts
}

// mixedText builds a text of about n UTF-16 units of Latin, CJK, emoji
// sequences and URLs.
func mixedText(n int) string {
	parts := []string{"The quick brown fox ", "中文字符测试", "こんにちは世界", "🧑🏽‍💻", "👨‍👩‍👧‍👦", "❤️‍🔥", "🇺🇸",
		"https://example.com/path?q=1 ", "see x.com/foo ", "Привет мир ", "café ", "😷"}
	var b strings.Builder
	units := 0
	for i := 0; units < n; i++ {
		p := parts[(i*7)%len(parts)]
		b.WriteString(p)
		units += len(utf16.Encode([]rune(p)))
	}
	return b.String()
}

func benchmarkParse(b *testing.B, text string, cfg Config) {
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		ParseWith(text, cfg)
	}
}

// benchmarkParseAll counts every text of texts in each iteration.
func benchmarkParseAll(b *testing.B, texts []string) {
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			Parse(t)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	b.Run("short-ascii", func(b *testing.B) { benchmarkParse(b, benchShortASCII, DefaultConfig) })
	b.Run("short-ascii-url", func(b *testing.B) { benchmarkParse(b, benchShortURL, DefaultConfig) })
	b.Run("mixed-280", func(b *testing.B) { benchmarkParse(b, benchMixed280, DefaultConfig) })
	b.Run("mixed-25000", func(b *testing.B) { benchmarkParse(b, benchMixed25000, PremiumConfig) })
	b.Run("mixed-25000-overflow", func(b *testing.B) { benchmarkParse(b, benchMixed25000, DefaultConfig) })
	b.Run("nfd", func(b *testing.B) { benchmarkParse(b, benchNFD, DefaultConfig) })
	b.Run("tiny-url-dense", func(b *testing.B) { benchmarkParseAll(b, benchTiny) })
	b.Run("corpus", func(b *testing.B) { benchmarkParseAll(b, benchCorpus) })
}

// TestShortASCIIAllocs holds the allocation budget of the counter, which runs
// on every keystroke: counting a short ASCII post allocates nothing.
func TestShortASCIIAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { Parse(benchShortASCII) }); n != 0 {
		t.Errorf("Parse of a short ASCII post allocates %v times, want 0", n)
	}
}
