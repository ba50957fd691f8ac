// Package countcorpus builds the benchmark corpus of `xpost count --jsonl`
// and of textcount: posts of mixed scripts and lengths (URLs, emoji
// sequences, CJK, accents, some in decomposed form), as a script exporting
// posts would write them. The same corpus is timed end to end (cmd/xpost)
// and counter alone (textcount), so that the two can be compared.
//
// It is for benchmarks and their tests only; nothing in the program
// imports it. It lives beside textcount, which may import nothing else of
// the module.
package countcorpus

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// pieces are the fragments texts are made of.
var pieces = []string{
	"Shipping the new release today ", "faster start-up and fewer allocations. ", "Thanks to everyone who tested! ",
	"Read more at https://example.com/blog/2026/release-notes?utm_source=x ", "docs.example.org/start ", "see x.com/xpost ",
	"https://t.co/AbCdEf1234 ", "@friend ", "#golang ", "$XPST ",
	"🎉 ", "🧑‍💻 ", "👨‍👩‍👧‍👦 ", "❤️‍🔥 ", "👍🏽 ", "🇯🇵 ", "☕ ", "1️⃣ ",
	"東京で新しいリリースを発表しました。", "中文字符测试，", "한국어 텍스트 ", "Привет, мир! ", "Café crème à Zürich, ", "naïve résumé ",
	"e\u0301 ", "\u05e9\u05dc\u05d5\u05dd ", "— ", "… ",
}

// Build returns a corpus of n lines: the JSON Lines input, mostly raw
// UTF-8 (as jq -c writes it), some with escapes (newlines, quotes, \u
// escapes of accents and of emoji as surrogate pairs) and with other fields
// around the text, and the n texts it holds, in order. It is the same on
// every run and every machine.
func Build(n int) (jsonl []byte, texts []string) {
	// A 31-bit linear congruential generator.
	seed := uint32(20261203)
	rnd := func(k int) int {
		seed = (seed*1103515245 + 12345) & 0x7fffffff
		return int(seed>>8) % k
	}
	var out bytes.Buffer
	raw := json.NewEncoder(&out)
	raw.SetEscapeHTML(false)
	var text strings.Builder
	texts = make([]string, 0, n)
	for i := range n {
		text.Reset()
		// Mostly posts under 280 characters, some long Premium posts.
		k := 1 + rnd(8)
		if rnd(50) == 0 {
			k = 40 + rnd(200)
		}
		for range k {
			text.WriteString(pieces[rnd(len(pieces))])
		}
		if rnd(10) == 0 {
			text.WriteString("\n\"quoted\" line\twith a tab\\")
		}
		s := strings.TrimSpace(text.String())
		texts = append(texts, s)
		switch rnd(8) {
		case 0:
			// Every non-ASCII character as a \u escape, as an ASCII-only
			// encoder writes it.
			out.WriteString(`{"id":"` + strconv.Itoa(i) + `","text":` + asciiJSON(s) + `}` + "\n")
		case 1:
			out.WriteString(`{"text":` + asciiJSON(s) + `,"lang":"und","public_metrics":{"likes":12,"reposts":[1,2.5e3,true,null]}}` + "\n")
		default:
			raw.Encode(map[string]any{"id": i, "text": s})
		}
	}
	return out.Bytes(), texts
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
