package textcount

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

var (
	benchShortASCII = "Shipping the new release today: faster startup, fewer allocations, and a calmer UI. Thanks to everyone who tested the betas!"
	benchShortURL   = "Release notes for v2.4 are up at https://example.com/blog/v2-4 and the docs at docs.example.org/start. Feedback welcome!"
	benchMixed280   = "Tokyo 東京 trip 🧑‍💻 notes: https://example.com/itinerary?day=1 — ramen 🍜, temples ⛩️, and 👨‍👩‍👧‍👦 fun. Café crème ☕ at x.com/cafe. 日本語のテキストも少し。 Флаг 🇯🇵 and 👍🏽! #travel @friend"
	benchMixed25000 = mixedText(25000)
	benchNFD        = norm.NFD.String(strings.Repeat("Ça déménage à Zürich: résumé, naïve, 한국어 텍스트, Åström. ", 5))
)

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
		units += utf16Len(p)
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

func BenchmarkParse(b *testing.B) {
	b.Run("short-ascii", func(b *testing.B) { benchmarkParse(b, benchShortASCII, DefaultConfig) })
	b.Run("short-ascii-url", func(b *testing.B) { benchmarkParse(b, benchShortURL, DefaultConfig) })
	b.Run("mixed-280", func(b *testing.B) { benchmarkParse(b, benchMixed280, DefaultConfig) })
	b.Run("mixed-25000", func(b *testing.B) { benchmarkParse(b, benchMixed25000, PremiumConfig) })
	b.Run("mixed-25000-overflow", func(b *testing.B) { benchmarkParse(b, benchMixed25000, DefaultConfig) })
	b.Run("nfd", func(b *testing.B) { benchmarkParse(b, benchNFD, DefaultConfig) })
}

// TestShortASCIIAllocs holds the budget of DESIGN.md §6: counting a short
// ASCII post allocates nothing.
func TestShortASCIIAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { Parse(benchShortASCII) }); n != 0 {
		t.Errorf("Parse of a short ASCII post allocates %v times, want 0", n)
	}
}
