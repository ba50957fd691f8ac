package textedit

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

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

// Every edit moves and deletes whole clusters; the cursor never lands
// inside one.
func TestEditing(t *testing.T) {
	t.Parallel()
	family := "👨‍👩‍👧‍👦"
	tests := []struct {
		name     string
		text     string
		cursor   int
		do       func(e *Editor) bool
		want     string
		wantCur  int
		wantEdit bool
	}{
		{"backspace removes a whole family", "a" + family, -1, (*Editor).Backspace, "a", 1, true},
		{"delete forward removes a whole flag", "🇯🇵x", 0, (*Editor).DeleteForward, "x", 0, true},
		{"backspace at the start changes nothing", "ab", 0, (*Editor).Backspace, "ab", 0, false},
		{"left steps over a combining mark", "xe\u0301", -1, func(e *Editor) bool { e.Left(); return false }, "xe\u0301", 1, false},
		{"word left stops at the word's start", "one two", -1, func(e *Editor) bool { e.WordLeft(); return false }, "one two", 4, false},
		{"delete word backward", "one two", -1, (*Editor).DeleteWordBackward, "one ", 4, true},
		{"kill to the line end", "ab\ncd", 1, (*Editor).DeleteToLineEnd, "a\ncd", 1, true},
		{"kill at a line end joins the next line", "ab\ncd", 2, (*Editor).DeleteToLineEnd, "abcd", 2, true},
		{"insert is sanitized", "", -1, func(e *Editor) bool { e.Insert("a\tb\r\nc"); return true }, "a b\nc", 5, true},
		{"a cursor set inside a cluster snaps back", "a🇯🇵", 3, func(e *Editor) bool { return false }, "a🇯🇵", 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := New(tt.text, 20)
			if tt.cursor >= 0 {
				e.SetCursor(tt.cursor)
			}
			if got := tt.do(e); got != tt.wantEdit {
				t.Errorf("edit reported %v, want %v", got, tt.wantEdit)
			}
			if e.Text() != tt.want || e.Cursor() != tt.wantCur {
				t.Errorf("text %q cursor %d, want %q cursor %d", e.Text(), e.Cursor(), tt.want, tt.wantCur)
			}
		})
	}
}

// BenchmarkWrap25000Chars is a full wrap of a 25,000-character Premium
// post, one paragraph with some emoji and CJK: what every keystroke cost
// before lines were reused.
func BenchmarkWrap25000Chars(b *testing.B) {
	var sb strings.Builder
	for n := 0; n < 25000; n++ {
		sb.WriteString("Long posts wrap over many lines; ")
		if n%7 == 0 {
			sb.WriteString("🇺🇸 漢字 ")
		}
	}
	text := string([]rune(sb.String())[:25000])
	var lines []vline
	b.ReportAllocs()
	for b.Loop() {
		lines = wrapLines(lines[:0], text, 75, ansi.WcWidth)
	}
}

// TakeChange brackets what edits since the last call changed: outside
// [head, len-tail) the text is the one of then.
func TestTakeChange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		edit       func(e *Editor)
		head, tail int
		changed    bool
	}{
		{"nothing", func(e *Editor) { e.Left() }, 11, 0, false},
		{"typing at the end", func(e *Editor) { e.Insert("!") }, 11, 0, true},
		{"typing in the middle", func(e *Editor) { e.SetCursor(5); e.Insert(",") }, 5, 6, true},
		{"two edits", func(e *Editor) { e.SetCursor(2); e.Insert("x"); e.SetCursor(9); e.Backspace() }, 2, 3, true},
		{"delete forward", func(e *Editor) { e.SetCursor(0); e.DeleteForward() }, 0, 10, true},
		{"new text", func(e *Editor) { e.SetText("other") }, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := New("hello world", 20)
			e.TakeChange()
			before := e.Text()
			tt.edit(e)
			head, tail, changed := e.TakeChange()
			if head != tt.head || tail != tt.tail || changed != tt.changed {
				t.Fatalf("TakeChange() = %d, %d, %v, want %d, %d, %v", head, tail, changed, tt.head, tt.tail, tt.changed)
			}
			after := e.Text()
			if changed && (before[:head] != after[:head] || before[len(before)-tail:] != after[len(after)-tail:]) {
				t.Errorf("%q and %q differ outside the change", before, after)
			}
			if _, _, again := e.TakeChange(); again {
				t.Errorf("a second TakeChange reports a change")
			}
		})
	}
}

// styled writes exactly what Lip Gloss's Render would, for the kinds of
// style the editor is given and for one that it must leave to Render.
func FuzzStyledMatchesRender(f *testing.F) {
	for _, s := range []string{"x", "d!", "a b", " ", "日本 語", "👨‍👩‍👧 x", "e\u0301", "\u00a0x\u3000"} {
		f.Add(s)
	}
	styles := []lipgloss.Style{
		lipgloss.NewStyle().Foreground(lipgloss.Color("#ffe3e5")).Background(lipgloss.Color("#6e1f26")).Underline(true),
		lipgloss.NewStyle().Reverse(true),
		lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("5")),
		lipgloss.NewStyle().Strikethrough(true),
		lipgloss.NewStyle().Padding(0, 1).Background(lipgloss.Color("2")),
		lipgloss.NewStyle(),
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = Sanitize(s)
		if strings.Contains(s, "\n") {
			return
		}
		var e Editor
		for i, st := range styles {
			var ends styleEnds
			var b strings.Builder
			e.styled(&b, &ends, st, s)
			if want := st.Render(s); b.String() != want {
				t.Fatalf("style %d of %q: %q, Render gives %q", i, s, b.String(), want)
			}
		}
	})
}
