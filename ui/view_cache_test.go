package ui

import (
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// uncachedView draws m after dropping every cache the frame keeps between
// keystrokes: the help line, the card edges, the unfocused cards and the
// editor's wrapped lines, and the widths of the lines of the frames before.
func uncachedView(m Model) string {
	m.env.help = helpCache{}
	m.env.widths = widthMemo{}
	m.compose.edges = [2]cardEdges{}
	m.compose.invalidate()
	m.compose.ed.Invalidate()
	return m.View().Content
}

// Whatever the keystrokes, a frame drawn from the caches is the frame drawn
// from scratch.
func TestViewCachesMatchFreshDraw(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Long posts wrap over many lines; 🇺🇸 漢字 ", 12)
	tests := []struct {
		name  string
		steps []tea.Msg
	}{
		{"typing enables publish", []tea.Msg{press("h"), press("i"), press("backspace"), press("backspace")}},
		{"threads and focus", []tea.Msg{press("h"), press("ctrl+n"), press("x"), press("shift+tab"), press("tab"), press("ctrl+n")}},
		{"full help and width", []tea.Msg{press("ctrl+g"), tea.WindowSizeMsg{Width: 120, Height: 40}, press("ctrl+g"), tea.WindowSizeMsg{Width: 30, Height: 12}}},
		{"styles change", []tea.Msg{press("a"), tea.BackgroundColorMsg{Color: color.White}, press("ctrl+n"), press("b")}},
		{"styles change over the limit", []tea.Msg{tea.PasteMsg{Content: long}, press("left"), tea.BackgroundColorMsg{Color: color.White}, press("right")}},
		{"long post edited in the middle", append([]tea.Msg{tea.PasteMsg{Content: long}, press("ctrl+home")},
			press("down"), press("down"), press("x"), press("alt+backspace"), press("enter"), press("backspace"), press("ctrl+end"), press("y"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := newTestModel(t, Options{})
			m.forceDark = nil // follow the terminal's background
			var tm tea.Model = m
			for i, msg := range tt.steps {
				tm, _ = tm.Update(msg)
				got := tm.View().Content
				if want := uncachedView(tm.(Model)); got != want {
					t.Fatalf("after step %d (%v) the frame differs from one drawn from scratch:\n got:\n%s\nwant:\n%s", i, msg, got, want)
				}
			}
		})
	}
}
