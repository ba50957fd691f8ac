package textedit

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/internal/grapheme"
)

// referenceWrap is the plain wrapping algorithm, one scan per paragraph
// that carries its state from line to line. wrapLines scans each line on
// its own, which is what lets the editor wrap again from any line; the two
// must agree on every text.
func referenceWrap(text string, width int, m ansi.Method) []vline {
	var dst []vline
	start := 0
	for {
		nl := strings.IndexByte(text[start:], '\n')
		para := len(text)
		if nl >= 0 {
			para = start + nl
		}
		dst = referenceParagraph(dst, text, start, para, width, m)
		if nl < 0 {
			return dst
		}
		dst[len(dst)-1].end = para + 1
		dst[len(dst)-1].hard = true
		start = para + 1
	}
}

func referenceParagraph(dst []vline, text string, start, end, width int, m ansi.Method) []vline {
	lineStart, w := start, 0
	lastBreak, breakW, runW := -1, 0, 0
	pos := start
	for pos < end {
		cw, n := clusterWidth(text[pos:end], m)
		if n == 1 && text[pos] == ' ' {
			if pos == lineStart || text[pos-1] != ' ' {
				runW = w
			}
			w += cw
			pos += n
			lastBreak, breakW = pos, runW
			continue
		}
		if w+cw > width && pos > lineStart {
			if lastBreak > lineStart {
				dst = append(dst, vline{start: lineStart, end: lastBreak, width: breakW})
				lineStart = lastBreak
				w = textWidth(text[lineStart:pos], m)
			} else {
				dst = append(dst, vline{start: lineStart, end: pos, width: w})
				lineStart, w = pos, 0
			}
			lastBreak = -1
			continue
		}
		w += cw
		pos += n
	}
	return append(dst, vline{start: lineStart, end: end, width: min(w, width)})
}

// edit is one change made to an editor's text: text[from:to] becomes s.
type edit struct {
	from, to int
	s        string
}

// checkIncremental applies each group of edits to an editor that wrapped
// text before, wrapping after each group, and compares the lines with a
// wrap from scratch and with the reference, measuring cells with m.
func checkIncremental(t *testing.T, text string, width int, m ansi.Method, groups [][]edit) {
	t.Helper()
	e := New(text, width)
	e.SetMethod(m)
	e.wrapped()
	for gi, g := range groups {
		for _, ed := range g {
			from := grapheme.Snap(e.text, ed.from)
			to := max(from, grapheme.Snap(e.text, ed.to))
			e.replace(from, to, Sanitize(ed.s))
		}
		got := append([]vline(nil), e.wrapped()...)
		want := wrapLines(nil, e.text, e.width, e.method)
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(vline{})); diff != "" {
			t.Fatalf("after edit group %d of %q (width %d), incremental wrap differs from a full wrap (-full +incremental):\n%s", gi, e.text, width, diff)
		}
		if diff := cmp.Diff(referenceWrap(e.text, e.width, m), got, cmp.AllowUnexported(vline{})); diff != "" {
			t.Fatalf("after edit group %d of %q (width %d), wrap differs from the reference (-reference +incremental):\n%s", gi, e.text, width, diff)
		}
	}
}

// Editing in the middle of a long post re-wraps only around the edit, and
// must give exactly the lines a full wrap gives.
func TestIncrementalWrap(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Long posts wrap over many lines; 🇺🇸 漢字 ", 60)
	words := strings.Repeat("word ", 400)
	tests := []struct {
		name   string
		text   string
		width  int
		groups [][]edit
	}{
		{"type in the middle", long, 30, [][]edit{{{1000, 1000, "x"}}, {{1001, 1001, "yz"}}}},
		{"delete in the middle", long, 30, [][]edit{{{1000, 1001, ""}}, {{990, 1000, ""}}}},
		{"type at the end", long, 30, [][]edit{{{len(long), len(long), "a"}}, {{len(long) + 1, len(long) + 1, "b"}}}},
		{"type at the start", long, 30, [][]edit{{{0, 0, "a"}}, {{0, 1, ""}}}},
		{"shortened word pulls back to the line before", words, 12, [][]edit{{{12, 13, ""}}, {{11, 12, ""}}}},
		{"lengthened word pushes onto the next line", words, 12, [][]edit{{{9, 9, "xxxx"}}, {{9, 9, "yyyyyyyyyyyy"}}}},
		{"space joins two lines", words, 12, [][]edit{{{8, 9, ""}}, {{20, 21, ""}}}},
		{"line feed splits a paragraph", long, 25, [][]edit{{{500, 500, "\n"}}, {{501, 501, "\n\n"}}}},
		{"line feed removed joins paragraphs", "abc def ghi\njkl mno pqr\nstu vwx", 7, [][]edit{{{11, 12, ""}}, {{3, 4, "\n"}}}},
		{"combining mark joins the cluster before", long, 20, [][]edit{{{600, 600, "\u0301"}}, {{600, 600, "\uFE0F"}}}},
		{"flag halves", strings.Repeat("🇺🇸", 40), 7, [][]edit{{{40, 40, "\U0001F1FA"}}, {{41, 45, ""}}}},
		{"word longer than the line", strings.Repeat("a", 200) + " b", 9, [][]edit{{{100, 100, " "}}, {{100, 101, ""}}}},
		{"two edits before one wrap", long, 30, [][]edit{{{900, 900, "x"}, {100, 110, "yy"}}, {{2000, 2100, ""}, {2050, 2050, "z"}}}},
		{"replace everything", words, 12, [][]edit{{{0, len(words), "hello world"}}}},
		{"emptied", "abc\ndef", 5, [][]edit{{{0, 7, ""}}, {{0, 0, "\n"}}}},
		{"trailing line feed", "abc def ghi jkl", 7, [][]edit{{{15, 15, "\n"}}, {{16, 16, "x"}}, {{15, 17, ""}}}},
		{"width one", "日本 語 ab", 1, [][]edit{{{3, 3, "x"}}, {{0, 3, ""}}}},
		{"spaces run to the edge", "aaa      bbb      ccc", 4, [][]edit{{{5, 6, ""}}, {{12, 12, "  "}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, m := range []ansi.Method{ansi.WcWidth, ansi.GraphemeWidth} {
				checkIncremental(t, tt.text, tt.width, m, tt.groups)
			}
		})
	}
}

// A keystroke at the end of a long post re-wraps a few lines, not the post:
// the lines before the edit are kept, not scanned again.
func TestIncrementalWrapReusesLines(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("Long posts wrap over many lines; ", 300)
	e := New(text, 40)
	n := len(e.wrapped())
	e.Insert("x")
	e.wrapped()
	// Make an old line wrong on purpose: if rewrap kept it, it reused
	// the lines; a full wrap would have fixed it.
	e.lines[n/2].width = -1
	e.Insert("y")
	if got := e.wrapped()[n/2].width; got != -1 {
		t.Fatalf("line %d of %d was wrapped again after typing at the end (width %d)", n/2, n, got)
	}
	e.SetWidth(41)
	if got := e.wrapped()[n/2].width; got == -1 {
		t.Fatal("a width change did not wrap the whole text again")
	}
}

// Wrapping each line on its own gives the lines of the reference scan.
func FuzzWrapLinesMatchReference(f *testing.F) {
	for _, s := range []string{
		"hello world", "a\n\nb", "日本語日本語", "ab👨‍👩‍👧‍👦cd", " ab日", "a bc日 de   f",
		"cafe\u0301 au lait", "\U0001F1FA\U0001F1F8\U0001F1FA", "  leading   spaces  ",
	} {
		f.Add(s, uint8(4))
	}
	f.Fuzz(func(t *testing.T, s string, width uint8) {
		s = Sanitize(strings.ToValidUTF8(s, ""))
		w := int(width%40) + 1
		for _, m := range []ansi.Method{ansi.WcWidth, ansi.GraphemeWidth} {
			got := wrapLines(nil, s, w, m)
			if diff := cmp.Diff(referenceWrap(s, w, m), got, cmp.AllowUnexported(vline{})); diff != "" {
				t.Fatalf("wrapLines(%q, %d, %v) differs from the reference (-reference +got):\n%s", s, w, m, diff)
			}
		}
	})
}

// Any two edits of any text, wrapped incrementally, give the lines of a
// full wrap.
func FuzzIncrementalWrap(f *testing.F) {
	long := strings.Repeat("Long posts wrap over many lines; 🇺🇸 漢字 ", 8)
	f.Add(long, uint8(20), uint16(100), uint16(100), "x", uint16(50), uint16(52), "")
	f.Add("word word word word", uint8(9), uint16(4), uint16(5), "", uint16(0), uint16(0), "a")
	f.Add("aaaa bbbb\ncccc dddd", uint8(5), uint16(9), uint16(10), " ", uint16(3), uint16(3), "\n")
	f.Add("☺ ☺ ☺ ☺ ☺ ☺", uint8(3), uint16(3), uint16(3), "\uFE0F", uint16(7), uint16(7), "\u0301")
	f.Add(strings.Repeat("🇺🇸", 10), uint8(5), uint16(8), uint16(8), "\U0001F1FA", uint16(0), uint16(4), "")
	f.Fuzz(func(t *testing.T, text string, width uint8, from1, to1 uint16, s1 string, from2, to2 uint16, s2 string) {
		text = Sanitize(strings.ToValidUTF8(text, ""))
		s1, s2 = strings.ToValidUTF8(s1, ""), strings.ToValidUTF8(s2, "")
		w := int(width%40) + 1
		e1, e2 := edit{int(from1), int(to1), s1}, edit{int(from2), int(to2), s2}
		// The two edits as two keystrokes, then as one batch.
		for _, m := range []ansi.Method{ansi.WcWidth, ansi.GraphemeWidth} {
			checkIncremental(t, text, w, m, [][]edit{{e1}, {e2}})
			checkIncremental(t, text, w, m, [][]edit{{e1, e2}})
		}
	})
}
