package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// benchKeystroke measures what one typed character costs: Update, then
// View, as the program runs them. It types and deletes in turn so the text
// keeps its size.
func benchKeystroke(b *testing.B, m Model) {
	b.Helper()
	var tm tea.Model = m
	a := tea.KeyPressMsg{Code: 'a', Text: "a"}
	bs := press("backspace")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := a
		if i%2 == 1 {
			k = bs
		}
		i++
		tm, _ = tm.Update(k)
		_ = tm.View()
	}
}

// BenchmarkKeystroke25Posts types into the middle post of a 25-post thread
// of full posts.
func BenchmarkKeystroke25Posts(b *testing.B) {
	m := newTestModel(b, Options{})
	post := strings.Repeat("The quick brown fox jumps over the lazy dog. ", 6)[:270]
	for i := range 25 {
		if i > 0 {
			m = run(m, keys("ctrl+n"))
		}
		m.compose.ed.Insert(post)
		m.compose.edited()
	}
	for range 12 {
		m = run(m, keys("shift+tab"))
	}
	m = run(m, keys("ctrl+end"))
	_ = m.View()
	benchKeystroke(b, m)
}

// BenchmarkKeystroke25000Chars types at the end of one 25,000-character
// Premium post, a single paragraph with some emoji and CJK.
func BenchmarkKeystroke25000Chars(b *testing.B) {
	benchKeystroke(b, longPostModel(b, false))
}

// BenchmarkKeystroke25000CharsMiddle types in the middle of the same post,
// where the lines after the edit must be wrapped again or reused.
func BenchmarkKeystroke25000CharsMiddle(b *testing.B) {
	benchKeystroke(b, longPostModel(b, true))
}

func longPostModel(b *testing.B, middle bool) Model {
	b.Helper()
	m := newTestModel(b, Options{Limit: 25000})
	var sb strings.Builder
	for n := 0; n < 25000; n++ {
		sb.WriteString("Long posts wrap over many lines; ")
		if n%7 == 0 {
			sb.WriteString("🇺🇸 漢字 ")
		}
	}
	text := []rune(sb.String())[:25000]
	m.compose.ed.Insert(string(text))
	m.compose.edited()
	if middle {
		m.compose.ed.SetCursor(len(m.compose.ed.Text()) / 2)
	}
	_ = m.View()
	return m
}
