package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/xpostdev/xpost/ui/draft"
)

// wideText holds what terminals disagree on: a ZWJ sequence (🧑‍💻 is 2
// cells to a terminal that joins graphemes, 4 to one that does not), a
// family of four, a flag and CJK.
const wideText = "Coder 🧑‍💻 family 👨‍👩‍👧‍👦 flag 🇺🇸 漢字かな交じり文 "

// modelWithMethod is a test model whose terminal measures cells with m,
// as Bubble Tea learns it: no mode 2027 report keeps WcWidth.
func modelWithMethod(t *testing.T, m ansi.Method, opts Options) Model {
	t.Helper()
	var tm tea.Model = newTestModel(t, opts)
	if m == ansi.GraphemeWidth {
		tm, _ = tm.Update(tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeSet})
	}
	return tm.(Model)
}

// checkFrameWidths checks that every line of the frame is exactly width cells
// wide as the terminal measures them, and that every card line ends with
// its right edge.
func checkFrameWidths(t *testing.T, m ansi.Method, out string, width int) {
	t.Helper()
	for i, l := range strings.Split(out, "\n") {
		if w := m.StringWidth(l); w != width {
			t.Errorf("method %d: line %d is %d cells wide, want %d: %q", m, i, w, width, l)
		}
		if strings.HasPrefix(l, "│") && !strings.HasSuffix(strings.TrimRight(l, " "), "│") {
			t.Errorf("method %d: line %d lost its right edge: %q", m, i, l)
		}
	}
}

func TestCardsFitUnderBothWidthMethods(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		method ansi.Method
		w, h   int
	}{
		{name: "wcwidth 80x24", method: ansi.WcWidth, w: 80, h: 24},
		{name: "grapheme 80x24", method: ansi.GraphemeWidth, w: 80, h: 24},
		{name: "wcwidth 120x40", method: ansi.WcWidth, w: 120, h: 40},
		{name: "grapheme 120x40", method: ansi.GraphemeWidth, w: 120, h: 40},
		{name: "wcwidth 41x20", method: ansi.WcWidth, w: 41, h: 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := modelWithMethod(t, tt.method, Options{})
			m = run(m, []step{typed(strings.Repeat(wideText, 4))}, keys("ctrl+n"), []step{typed(wideText)}, keys("tab"))
			tm, _ := tea.Model(m).Update(tea.WindowSizeMsg{Width: tt.w, Height: tt.h})
			out := screenText(tm)
			if !strings.Contains(out, "🧑‍💻") {
				t.Fatalf("the text is not on screen:\n%s", out)
			}
			checkFrameWidths(t, tt.method, out, tt.w)
		})
	}
}

// The method can be learnt after text was typed and wrapped.
func TestWidthMethodLearntLate(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, Options{})
	m = run(m, []step{typed(strings.Repeat(wideText, 3))})
	checkFrameWidths(t, ansi.WcWidth, screenText(m), 80)
	tm, _ := tea.Model(m).Update(tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeReset})
	checkFrameWidths(t, ansi.GraphemeWidth, screenText(tm), 80)
	// A terminal that does not know the mode keeps WcWidth.
	m = newTestModel(t, Options{})
	m = run(m, []step{typed(strings.Repeat(wideText, 3))})
	tm, _ = tea.Model(m).Update(tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeNotRecognized})
	checkFrameWidths(t, ansi.WcWidth, screenText(tm), 80)
}

// The other screens that show user text measure it as the terminal does:
// the list's times stay in their column, the delete question's frame keeps
// its right edge, and no line is wider than the screen.
func TestScreensUnderBothWidthMethods(t *testing.T) {
	t.Parallel()
	const w, h = 80, 20
	text := strings.Repeat(wideText, 3)
	for _, m := range []ansi.Method{ansi.WcWidth, ansi.GraphemeWidth} {
		t.Run("recent", func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				svc := newFakeServices().addPosts(3)
				svc.posts[0].Text = text
				s, e := newTestRecent(t, svc)
				e.method = m
				lines := strings.Split(strings.TrimRight(s.View(w, h), "\n"), "\n")
				// Each post's first line ends with its time at the right edge.
				for _, i := range []int{0, 3, 6} {
					if got := m.StringWidth(lines[i]); got != w {
						t.Errorf("method %d: list line %d is %d cells wide, want %d: %q", m, i, got, w, lines[i])
					}
				}
				send(s, press("d"))
				box := strings.Split(s.View(w, h), "\n")
				for i, l := range box {
					if got := m.StringWidth(l); got != 78 {
						t.Errorf("method %d: delete question line %d is %d cells wide, want 78: %q", m, i, got, ansi.Strip(l))
					}
				}
			})
		})
		t.Run("publish", func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				d := goldenThread()
				d.Posts[0].Text = text
				s, e := newTestPublish(t, newFakeServices(), d)
				e.method = m
				out := s.View(w, 40)
				for i, l := range strings.Split(out, "\n") {
					// The viewport pads with grapheme widths; the frame cuts
					// trailing blanks, never text.
					if got := m.StringWidth(strings.TrimRight(ansi.Strip(l), " ")); got > w {
						t.Errorf("method %d: publish line %d is %d cells wide: %q", m, i, got, ansi.Strip(l))
					}
				}
				if !strings.Contains(strings.Join(strings.Fields(ansi.Strip(out)), " "), strings.Join(strings.Fields(text), " ")) {
					t.Errorf("method %d: the post's text is not all shown:\n%s", m, ansi.Strip(out))
				}
			})
		})
		t.Run("drafts", func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				e := testEnv(t, newFakeServices())
				e.method = m
				dr := draft.New()
				dr.Posts[0].Text = text
				if err := e.store.Save(dr); err != nil {
					t.Fatal(err)
				}
				s := newTestDrafts(t, e, "")
				for i, l := range strings.Split(s.View(w, h), "\n") {
					if got := m.StringWidth(l); got > w {
						t.Errorf("method %d: drafts line %d is %d cells wide: %q", m, i, got, ansi.Strip(l))
					}
				}
			})
		})
	}
}
