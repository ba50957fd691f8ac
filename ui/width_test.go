package ui

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// cellWidth takes a short cut for ASCII; it must measure every line as
// ansi.StringWidth (grapheme mode) and ansi.StringWidthWc (code points) do.
func FuzzCellWidthMatchesAnsi(f *testing.F) {
	for _, s := range []string{
		"", "plain ascii", "\x1b[38;5;240m│\x1b[m text \x1b[1mbold\x1b[m │",
		"e\u0301 a\u0308", "ab👨‍👩‍👧‍👦cd 🇺🇸 漢字", "a\r\nb\tc\x7f",
		"\x1b]8;;https://x.com\x07link\x1b]8;;\x07", "\x1b[", "x\x1b[31", "a\u200db",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := cellWidth(s, ansi.GraphemeWidth), ansi.StringWidth(s); got != want {
			t.Fatalf("cellWidth(%+q, GraphemeWidth) = %d, ansi.StringWidth says %d", s, got, want)
		}
		if got, want := cellWidth(s, ansi.WcWidth), ansi.StringWidthWc(s); got != want {
			t.Fatalf("cellWidth(%+q, WcWidth) = %d, ansi.StringWidthWc says %d", s, got, want)
		}
	})
}

func BenchmarkCellWidth(b *testing.B) {
	line := "\x1b[38;5;240m│\x1b[m Long posts wrap over many lines; 🇺🇸 漢字 Long posts wrap over many lines;        \x1b[38;5;240m│\x1b[m"
	b.ReportAllocs()
	for b.Loop() {
		_ = cellWidth(line, ansi.WcWidth)
	}
}
