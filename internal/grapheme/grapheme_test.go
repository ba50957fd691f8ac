package grapheme

import (
	"strings"
	"testing"

	"github.com/rivo/uniseg"
)

// boundaries lists every grapheme-cluster boundary of text, from a full
// segmentation: the reference the snapping helpers must agree with.
func boundaries(text string) map[int]bool {
	b := map[int]bool{0: true}
	pos, rest, state := 0, text, -1
	for rest != "" {
		var c string
		c, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		pos += len(c)
		b[pos] = true
	}
	return b
}

func TestSnap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		off  int
		want int
	}{
		{"ascii", "hello", 2, 2},
		{"start", "hello", 0, 0},
		{"end", "hello", 5, 5},
		{"negative clamps", "hello", -3, 0},
		{"past end clamps", "hello", 99, 5},
		{"inside e-acute combining", "e\u0301x", 1, 0},
		{"after combining", "e\u0301x", 3, 3},
		{"inside flag", "a🇫🇷b", 5, 1},
		{"between two flags", "🇫🇷🇩🇪", 8, 8},
		{"inside second flag", "🇫🇷🇩🇪", 12, 8},
		{"inside zwj family", "x👩‍👩‍👧y", 10, 1},
		{"inside skin tone", "👍🏽!", 4, 0},
		{"inside utf-8 sequence", "é", 1, 0},
		{"inside crlf", "a\r\nb", 2, 1},
		{"after newline", "🇫🇷\n🇩🇪", 9, 9},
		{"inside flag on second line", "ab\n🇩🇪", 7, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Snap(tt.text, tt.off); got != tt.want {
				t.Errorf("Snap(%q, %d) = %d, want %d", tt.text, tt.off, got, tt.want)
			}
		})
	}
}

func TestBoundaryHelpersAgreeWithSegmentation(t *testing.T) {
	t.Parallel()
	texts := []struct {
		name string
		text string
	}{
		{"mixed", "Hi 👋🏾 there\n🇯🇵🇺🇸 e\u0301 👨‍👩‍👧‍👦!\r\nend"},
		{"regional indicators run", "🇦🇧🇨🇩🇪"},
		{"hangul", "한국어 텍스트"},
		{"devanagari", "नमस्ते दुनिया"},
		{"empty", ""},
	}
	for _, tt := range texts {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkBoundaryHelpers(t, tt.text)
		})
	}
}

func checkBoundaryHelpers(t *testing.T, text string) {
	t.Helper()
	want := boundaries(text)
	for off := 0; off <= len(text); off++ {
		if got := IsBoundary(text, off); got != want[off] {
			t.Fatalf("IsBoundary(%q, %d) = %v, want %v", text, off, got, want[off])
		}
		s := Snap(text, off)
		if !want[s] || s > off {
			t.Fatalf("Snap(%q, %d) = %d: not a boundary at or before the offset", text, off, s)
		}
		for j := s + 1; j <= off; j++ {
			if want[j] {
				t.Fatalf("Snap(%q, %d) = %d, but %d is a closer boundary", text, off, s, j)
			}
		}
		n := Next(text, off)
		if off < len(text) && (!want[n] || n <= off) {
			t.Fatalf("Next(%q, %d) = %d: not a boundary after the offset", text, off, n)
		}
		for j := off + 1; j < n; j++ {
			if want[j] {
				t.Fatalf("Next(%q, %d) = %d, but %d is closer", text, off, n, j)
			}
		}
		p := Prev(text, off)
		if off > 0 && (!want[p] || p >= off) {
			t.Fatalf("Prev(%q, %d) = %d: not a boundary before the offset", text, off, p)
		}
		for j := p + 1; j < off; j++ {
			if want[j] {
				t.Fatalf("Prev(%q, %d) = %d, but %d is closer", text, off, p, j)
			}
		}
	}
}

func FuzzBoundaries(f *testing.F) {
	for _, s := range []string{"", "a", "🇫🇷🇩🇪", "e\u0301", "👩‍👩‍👧\n🇦", "\r\n\r\n", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 256 {
			return
		}
		checkBoundaryHelpers(t, text)
	})
}

func TestLen(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		s    string
		want int
	}{
		{"empty", "", 0},
		{"ascii", "ab", 1},
		{"crlf is one cluster", "\r\nx", 2},
		{"combining mark joins the letter", "e\u0301x", 3},
		{"flag", "🇫🇷🇩🇪", 8},
		{"invalid byte", "\xffa", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Len(tt.s); got != tt.want {
				t.Errorf("Len(%q) = %d, want %d", tt.s, got, tt.want)
			}
		})
	}
}

// BenchmarkSnapLongPost snaps in the middle of a 25,000-character
// paragraph, what a cursor move in a Premium post costs.
func BenchmarkSnapLongPost(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 100_000 {
		sb.WriteString("Long posts wrap over many lines; 🇺🇸 漢字 ")
	}
	text := sb.String()
	b.ReportAllocs()
	for b.Loop() {
		Snap(text, len(text)/2+1)
	}
}
