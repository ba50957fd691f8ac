package textcount

import (
	"math"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func fuzzSeeds(f *testing.F) {
	for _, tc := range parseCases {
		if len(tc.text) < 600 {
			f.Add(tc.text)
		}
	}
	for _, s := range []string{"", "\xff", "a\xe2\x82", "\x00\x01\x1f", "e\u0301\u0316\u0301", "\uFFFE\uFB2C",
		"a" + strings.Repeat("\u0301\u0316", 40), "\u1100\u1161\u11A8", "x.com/a\U0001F468\u200D\U0001F469", "$\U0001F600.mail.net"} {
		f.Add(s)
	}
}

// FuzzParse checks the properties every result has, whatever the text.
func FuzzParse(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		r := Parse(text)
		len16 := 0
		boundary := map[int]bool{len(text): true}
		hasInvalid := false
		for i, c := range text {
			boundary[i] = true
			len16 += utf16.RuneLen(c)
			if c == 0xFFFE || c == 0xFEFF || c == 0xFFFF {
				hasInvalid = true
			}
		}
		if r.ValidBytes < 0 || r.ValidBytes > len(text) || !boundary[r.ValidBytes] {
			t.Fatalf("ValidBytes %d is not a code point boundary of the %d-byte text", r.ValidBytes, len(text))
		}
		if r.WeightedLength < 0 || r.Permillage < 0 || r.ValidRangeStart != 0 || r.DisplayRangeStart != 0 {
			t.Fatalf("negative length or non-zero range start: %+v", r)
		}
		if want := max(len16-1, 0); r.DisplayRangeEnd != want {
			t.Fatalf("DisplayRangeEnd %d, want %d", r.DisplayRangeEnd, want)
		}
		if want := r.WeightedLength > 0 && r.WeightedLength <= 280 && !hasInvalid; r.Valid != want {
			t.Fatalf("Valid %v, want %v (%+v)", r.Valid, want, r)
		}
		if want := int(math.Floor(float64(r.WeightedLength) / 280 * 1000)); r.Permillage != want {
			t.Fatalf("Permillage %d, want %d", r.Permillage, want)
		}
		if r.Valid && (r.ValidRangeEnd != r.DisplayRangeEnd || r.ValidBytes != len(text)) {
			t.Fatalf("valid text with ValidRangeEnd %d, DisplayRangeEnd %d, ValidBytes %d of %d", r.ValidRangeEnd, r.DisplayRangeEnd, r.ValidBytes, len(text))
		}
		if !r.Valid && len(text) > 0 && r.ValidBytes == len(text) {
			t.Fatalf("invalid text, but ValidBytes covers all of it: %+v", r)
		}
		// Counting text[:ValidBytes] on its own is not checked: URL
		// detection depends on what follows (a t.co link with a slug over
		// 40 is no URL, its first characters alone are one), so the prefix
		// can weigh more alone than it does inside the text.
		if got := ParseWith(text, Config{}); got != r {
			t.Fatalf("ParseWith with the zero Config = %+v, Parse = %+v", got, r)
		}
		if got, ok := ParseUTF8([]byte(text), Config{}); ok != utf8.ValidString(text) || ok && got != r {
			t.Fatalf("ParseUTF8 = %+v, %v; Parse = %+v, UTF-8 %v", got, ok, r, utf8.ValidString(text))
		}
		if isASCII(text) {
			if got, _ := parseGeneral(text, &DefaultConfig, false); got != r {
				t.Fatalf("general path %+v, ASCII path %+v", got, r)
			}
			n := utf16.Encode([]rune(text))
			if got := count(n, appendURLs(nil, n), &DefaultConfig, emojiHints{}, nil); got != countASCII(n, appendURLs(nil, n), &DefaultConfig) {
				t.Fatalf("count %+v, countASCII %+v", got, countASCII(n, appendURLs(nil, n), &DefaultConfig))
			}
		}
		if n := utf16.Encode([]rune(text)); firstDomainDot(n) < 0 && len(appendURLs(nil, n)) > 0 {
			t.Fatalf("firstDomainDot finds no dot that can end a domain, but the text has URLs %v", appendURLs(nil, n))
		}
	})
}

// FuzzNormalize checks the normalization and the mapping of positions back
// to the original text: NFC(src[:b]) must be exactly the first k2 units of
// the NFC text.
func FuzzNormalize(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			text = replaceInvalid(text)
		}
		var w work
		n, mode, len16, ok := appendNFC16(nil, &w, text)
		if !ok || len16 != len(utf16.Encode([]rune(text))) {
			t.Fatalf("appendNFC16(%+q): ok %v, length %d", text, ok, len16)
		}
		ref := norm.NFC.String(text)
		if !strings.Contains(ref, "\u034F") {
			if got := string(utf16.Decode(n)); got != ref {
				t.Fatalf("appendNFC16(%+q) = %+q, want %+q", text, got, ref)
			}
			if len(text) < 200 {
				if got := string(slowNFC(nil, text)); got != ref {
					t.Fatalf("slowNFC(%+q) = %+q, want %+q", text, got, ref)
				}
			}
		}
		for k := 0; k <= len(n); k += 1 + len(n)/16 {
			b, k2 := sourceOffset(&w, text, k, mode)
			if k2 > k || b < 0 || b > len(text) || !utf8.ValidString(text[:b]) {
				t.Fatalf("sourceOffset(%d) = %d, %d", k, b, k2)
			}
			prefix, _, _, _ := appendNFC16(nil, &work{}, text[:b])
			if string(utf16.Decode(prefix)) != string(utf16.Decode(n[:k2])) {
				t.Fatalf("sourceOffset(%+q, %d) = byte %d, unit %d, but NFC(text[:%d]) = %+q, not %+q",
					text, k, b, k2, b, string(utf16.Decode(prefix)), string(utf16.Decode(n[:k2])))
			}
		}
	})
}

// TestLargeInputs runs the texts that stress each stage at sizes far above
// any post: long runs of combining marks (normalized without the
// stream-safe limit), dots and schemes for the URL scanner, ZWJ chains for
// the emoji pass.
func TestLargeInputs(t *testing.T) {
	t.Parallel()
	const n = 1 << 16
	tests := []struct {
		name       string
		text       string
		validBytes int
	}{
		{"ASCII", strings.Repeat("a", 4*n), 280},
		{"alternating marks", "a" + strings.Repeat("\u0316\u0301", n), 0},
		{"marks only", strings.Repeat("\u0301", n), 280 * 2},
		{"mixed", strings.Repeat("e\u0301中😀 http://x.com/ ", n/16), 236},
		{"dots", strings.Repeat(".", n), 280},
		{"labels", strings.Repeat("a.", n), 280},
		{"schemes", strings.Repeat("http://", n/4), 280},
		{"ZWJ chain", strings.Repeat("😀\u200d", n/4), 651},
		{"invalid UTF-8", strings.Repeat("\xff", n), 140},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Parse(tc.text)
			if r.Valid || r.ValidBytes != tc.validBytes {
				t.Errorf("Parse = %+v, want invalid with ValidBytes %d", r, tc.validBytes)
			}
		})
	}
}
