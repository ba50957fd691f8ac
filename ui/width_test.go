package ui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
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

// TestWrapTextKeepsWidth: wrapped text never has a line wider than asked
// and loses nothing; the wrapper underneath can leave a hyphen one cell
// past the width, which the frame then cut off ("add another \"- [ ]"
// lost its "-").
func TestWrapTextKeepsWidth(t *testing.T) {
	t.Parallel()
	texts := []string{
		`line 3 (“- [ ] only one”): poll has 1 option, it needs at least 2: add another "- [ ] OPTION" line · thread unchanged`,
		strings.Repeat("a-b ", 50),
		strings.Repeat("x", 79) + "-y",
		"日本語のテキスト-" + strings.Repeat("👍🏽-", 40),
	}
	for _, m := range []ansi.Method{ansi.WcWidth, ansi.GraphemeWidth} {
		for _, s := range texts {
			for _, width := range []int{10, 39, 80} {
				out := wrapText(s, width, m)
				for _, l := range strings.Split(out, "\n") {
					if w := m.StringWidth(l); w > width {
						t.Errorf("method %d width %d: line %q is %d wide", m, width, l, w)
					}
				}
				squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
				if squash(out) != squash(s) {
					t.Errorf("method %d width %d: wrapping changed the text:\n%s", m, width, out)
				}
			}
		}
	}
}

// TestBoxedKeepsHyphens: text in a frame (the delete question shows the
// post's text in one) is whole at every width, a hyphen that ends a line
// included: the wrapper underneath can leave one a cell past the edge,
// and the frame then cut the line with "…".
func TestBoxedKeepsHyphens(t *testing.T) {
	t.Parallel()
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	for _, m := range []ansi.Method{ansi.WcWidth, ansi.GraphemeWidth} {
		for k := 1; k <= 40; k++ {
			text := strings.Repeat("w ", k) + `"- [ ] x`
			for width := 20; width <= 60; width++ {
				out := boxed(text, width, m, lipgloss.NewStyle())
				inside := strings.NewReplacer("│", "", "╭", "", "╮", "", "╰", "", "╯", "", "─", "").Replace(out)
				if !strings.Contains(squash(inside), squash(text)) {
					t.Fatalf("method %d, %d columns: the text is not whole:\n%s", m, width, out)
				}
			}
		}
	}
}

// FuzzBulleted: a list item is the whole text, within the width, its first
// line behind the bullet and every other line hanging under its text.
func FuzzBulleted(f *testing.F) {
	for _, s := range []string{
		"post 3: the text is 360 characters long, 80 over the limit of 280: shorten it or split the post",
		"", "short", "a-very-long-unbroken-hyphenated-word-that-cannot-fit-on-one-line-at-all",
		"漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字 👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦 e\u0301",
	} {
		f.Add(s, 30)
	}
	f.Fuzz(func(t *testing.T, s string, width int) {
		if width < 14 || width > 400 || !utf8.ValidString(s) || strings.ContainsAny(s, "\n\r\t\x1b") {
			return
		}
		for _, m := range []ansi.Method{ansi.WcWidth, ansi.GraphemeWidth} {
			out := bulleted(s, width, m)
			lines := strings.Split(out, "\n")
			if !strings.HasPrefix(lines[0], "  • ") {
				t.Fatalf("first line %q has no bullet", lines[0])
			}
			for i, l := range lines {
				if i > 0 && !strings.HasPrefix(l, "    ") {
					t.Fatalf("line %d %q does not hang under the text:\n%s", i, l, out)
				}
				if w := m.StringWidth(l); w > width {
					t.Fatalf("method %d width %d: line %q is %d wide", m, width, l, w)
				}
			}
			squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
			if squash(strings.Replace(out, "•", "", 1)) != squash(s) {
				t.Fatalf("the item lost text: %q became\n%s", s, out)
			}
		}
	})
}

func TestTrimPadding(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{"text", "text"},
		{"text   ", "text"},
		{" lead  and  inner  ", " lead  and  inner"},
		{"\x1b[2mtext    \x1b[m", "\x1b[2mtext\x1b[m"},
		{"\x1b[2mtext\x1b[m  \x1b[1m  \x1b[m", "\x1b[2mtext\x1b[m\x1b[1m\x1b[m"},
		{"\x1b]8;;https://x.com\x07link\x1b]8;;\x07   ", "\x1b]8;;https://x.com\x07link\x1b]8;;\x07"},
		{"日本語  ", "日本語"},
		{"👩\u200d👩\u200d👧\u200d👦 x   ", "👩\u200d👩\u200d👧\u200d👦 x"},
	} {
		if got := trimPadding(c.in); got != c.want {
			t.Errorf("trimPadding(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestPaddedLineKeepsItsText: a style rendered over several lines pads
// each to the widest as Lip Gloss measures it (a family emoji is 2 cells
// by grapheme, 8 by code point), so in a terminal that counts code points
// the padded line is wider than the frame though its text fits. The frame
// drops the padding, not the text. Seen on the publish confirmation's
// "What X receives" in tmux: a post's first line ended in "…".
func TestPaddedLineKeepsItsText(t *testing.T) {
	t.Parallel()
	first := "{\"text\":\"Trying 👩\u200d👩\u200d👧\u200d👦 and 🇯🇵 日本語 with a link"
	block := lipgloss.NewStyle().Faint(true).Render(first + "\n" + strings.Repeat("word ", 23) + "end")
	for _, rule := range []widthRule{{method: ansi.WcWidth}, {method: ansi.WcWidth, splitJoins: true}, {method: ansi.GraphemeWidth}} {
		var wm widthMemo
		wm.setRule(rule)
		const width = 120
		out := wm.fitBlock(block, width, 2)
		lines := strings.Split(out, "\n")
		if !strings.Contains(ansi.Strip(lines[0]), "with a link") {
			t.Errorf("rule %+v: the first line lost its end:\n%q", rule, lines[0])
		}
		for i, l := range lines {
			if w := cellWidth(l, rule.method); w != width {
				t.Errorf("rule %+v: line %d is %d wide, want %d", rule, i, w, width)
			}
		}
		if got, _, _ := strings.Cut(fitWidth(block, 100, rule.method), "\n"); !strings.Contains(ansi.Strip(got), "with a link") || strings.Contains(got, "…") {
			t.Errorf("rule %+v: fitWidth cut the padded line:\n%q", rule, got)
		}
	}
}
