package textcount

import (
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TestNFCUnicode16Gap shows the known gap of docs/counting.md §1: under go1.26,
// golang.org/x/text normalizes with its Unicode 15.0 tables, so compositions
// added in Unicode 16 are not made. The reference (Unicode 17.0) composes
// U+105D2 U+0307 into U+105C9 and counts 2; with 15.0 data the two code points
// count 2 + 1.
func TestNFCUnicode16Gap(t *testing.T) {
	t.Parallel()
	want := 2
	if norm.Version < "16" {
		want = 3
	}
	if got := Parse("\U000105D2\u0307").WeightedLength; got != want {
		t.Errorf("weighted length %d with Unicode %s normalization, want %d", got, norm.Version, want)
	}
}

// TestManyCombiningMarks covers the difference from golang.org/x/text that
// textcount corrects: JavaScript's normalize() never inserts U+034F after 30
// combining marks.
func TestManyCombiningMarks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want string // NFC as JavaScript computes it
	}{
		{"31 acute accents", "a" + strings.Repeat("\u0301", 31), "\u00E1" + strings.Repeat("\u0301", 30)},
		{"reordered past 30", "a" + strings.Repeat("\u0301", 30) + "\u0316", "\u00E1\u0316" + strings.Repeat("\u0301", 29)},
		{"existing grapheme joiner kept", "a\u034F\u0301", "a\u034F\u0301"},
		{"Hangul after marks", strings.Repeat("\u0301", 40) + "\u1100\u1161", strings.Repeat("\u0301", 40) + "\uAC00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n, _, _, _ := appendNFC16(nil, &work{}, tc.text)
			if got := string(utf16.Decode(n)); got != tc.want {
				t.Errorf("NFC(%+q) = %+q, want %+q", tc.text, got, tc.want)
			}
		})
	}
}

// TestStableTables checks the shortcut of stable.go against the normalizer:
// every code point below U+0300 is stable, and the tables agree with
// isStable.
func TestStableTables(t *testing.T) {
	t.Parallel()
	for r := rune(0); r < 0x300; r++ {
		if !isStable(r) {
			t.Errorf("%U is below U+0300 but not stable", r)
		}
	}
	n := 0
	for r := rune(0x300); r < 0x20000; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		if stable(r) {
			n++
			if !isStable(r) {
				t.Errorf("%U is in the table but not stable", r)
			}
			// A stable code point next to others is left alone.
			s := "a" + string(r) + "\u4E2D" + string(r)
			if norm.NFC.String(s) != s {
				t.Errorf("NFC changes %+q", s)
			}
		}
	}
	if n < 50000 {
		t.Errorf("only %d stable code points from U+0300 on; the tables look empty", n)
	}
}

// TestNoDecompositionHasADot backs the URL scan's pre-check: normalization
// never makes a dot, so a text without one has no URL. NFC's output is
// made of the canonical decompositions of the input and of composites,
// none of them ASCII.
func TestNoDecompositionHasADot(t *testing.T) {
	t.Parallel()
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if r == '.' || r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		if strings.ContainsRune(norm.NFD.String(string(r)), '.') {
			t.Errorf("NFD(%U) holds a dot", r)
		}
	}
}
