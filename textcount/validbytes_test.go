package textcount

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestValidBytes(t *testing.T) {
	t.Parallel()
	a := func(n int) string { return strings.Repeat("a", n) }
	family := "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466"
	tests := []struct {
		name string
		text string
		want int
	}{
		{"empty", "", 0},
		{"short", "hello", 5},
		{"exactly the limit", a(280), 280},
		{"one over", a(281), 280},
		{"CJK over", strings.Repeat("中", 141), 140 * 3},
		{"emoji sequence not split", a(279) + family, 279},
		{"emoji sequence fits", a(278) + family, 278 + len(family)},
		{"precomposed accent over", a(280) + "é", 280},
		{"decomposed accent fits", a(279) + "e\u0301" + "b", 279 + 3},
		{"decomposed accent over", a(280) + "e\u0301", 280},
		{"expansion cut inside maps to its start", a(278) + "\uFB2C", 278},
		{"expansion fits", a(277) + "\uFB2C" + "b", 277 + 3},
		{"Hangul jamo composed at the end", a(278) + "\u1100\u1161" + "b", 278 + 6},
		{"invalid character first", "\uFEFFabc", 0},
		{"invalid character inside", "ab\uFEFFcd", 2},
		{"invalid then NFC change", "\uFFFE\uFB2C", 0},
		{"invalid UTF-8 fits", "ab\xffcd", 5},
		{"invalid UTF-8 byte weighs 2", a(279) + "\xff" + "b", 279},
		{"invalid UTF-8 after limit", a(280) + "\xff\xfe", 280},
		{"truncated sequence", a(278) + "\xe2\x82", 279},
		{"surrogate pair not split", a(279) + "𠀋", 279},
		{"URL over the limit not split", a(270) + " http://example.com", 271},
		{"URL fits", a(256) + " http://example.com", 256 + 19},
		// 401 code points of weight 1: the cut falls inside a chunk that
		// normalization reorders and composes, so it moves back to the
		// chunk's start.
		{"cut inside a changed chunk", "a" + strings.Repeat("\u0301\u0316", 200) + a(300), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Parse(tc.text)
			if r.ValidBytes != tc.want {
				t.Errorf("Parse(%+q).ValidBytes = %d, want %d (result %+v)", short(tc.text), r.ValidBytes, tc.want, r)
			}
			if r.Valid && r.ValidBytes != len(tc.text) {
				t.Errorf("valid text, but ValidBytes %d != len %d", r.ValidBytes, len(tc.text))
			}
			if !utf8.ValidString(tc.text[:r.ValidBytes]) && utf8.ValidString(tc.text) {
				t.Errorf("ValidBytes %d splits a UTF-8 sequence", r.ValidBytes)
			}
		})
	}
}
