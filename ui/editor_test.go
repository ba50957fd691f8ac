package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/xpostdev/xpost/ui/draft"
)

// The editor's cluster scans start near the offset; they must agree with
// ui/draft's, which scan from the start of the line, at every offset.
func FuzzClusterHelpersMatchDraft(f *testing.F) {
	for _, s := range []string{
		"x\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466y",
		"\U0001F1FA\U0001F1F8\U0001F1FA\U0001F1F8\U0001F1FA",
		"cafe\u0301 au lait\r\nnext",
		"日本語 text 🇯🇵 mixed\n\nparagraphs",
		"a\u0301\u0302\u0303b ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = strings.ToValidUTF8(s, "")
		for off := -1; off <= len(s)+1; off++ {
			if got, want := snapOffset(s, off), draft.SnapOffset(s, off); got != want {
				t.Fatalf("snapOffset(%+q, %d) = %d, draft says %d", s, off, got, want)
			}
			if got, want := prevBoundary(s, off), draft.PrevBoundary(s, off); got != want {
				t.Fatalf("prevBoundary(%+q, %d) = %d, draft says %d", s, off, got, want)
			}
			if got, want := nextBoundary(s, off), draft.NextBoundary(s, off); got != want {
				t.Fatalf("nextBoundary(%+q, %d) = %d, draft says %d", s, off, got, want)
			}
		}
	})
}

// Wrapped lines cover the text exactly, in order, and none is wider than
// the width except by the spaces that hang at its end.
func TestWrapLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		text  string
		width int
		want  []string
	}{
		{"short", "hello", 10, []string{"hello"}},
		{"breaks after a space", "hello world", 8, []string{"hello ", "world"}},
		{"long word is cut", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"line feeds", "a\n\nb", 10, []string{"a\n", "\n", "b"}},
		{"trailing line feed", "a\n", 10, []string{"a\n", ""}},
		{"wide characters", "日本語日本語", 5, []string{"日本", "語日", "本語"}},
		{"emoji is not cut", "ab👨‍👩‍👧‍👦cd", 3, []string{"ab", "👨‍👩‍👧‍👦c", "d"}},
		{"empty", "", 10, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, l := range wrapLines(nil, tt.text, tt.width, ansi.GraphemeWidth) {
				got = append(got, tt.text[l.start:l.end])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("wrap(%q, %d) = %q, want %q", tt.text, tt.width, got, tt.want)
			}
		})
	}
}
