package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/google/go-cmp/cmp"
)

// terminal is how a terminal draws text: the cells each string takes.
type terminal func(s string) int

// answers are the cursor columns a terminal reports after each probe
// string, in order.
func answers(term terminal) []int {
	var out []int
	for _, s := range probeStrings() {
		out = append(out, term(s))
	}
	return out
}

// tmux33 is what tmux 3.3a answered when asked (the widths are the
// columns it reported, less one): it counts code points, but joins a ZWJ
// sequence into the cell of its first part.
var tmux33 = map[string]int{
	"👍🏽": 4, "🧑\u200d💻": 2, "🇺🇸": 2, "❤\ufe0f": 1, "1\ufe0f\u20e3": 1, "🏳\ufe0f\u200d🌈": 1,
	"🧑💻": 4, "🏳\ufe0f🌈": 3, "❤": 1, "1\u20e3": 1, "🏳🌈": 3,
}

func TestDeriveRule(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		answers []int
		want    widthRule
	}{
		{name: "tmux 3.3a", answers: answers(func(s string) int { return tmux33[s] }), want: widthRule{method: ansi.WcWidth, splitJoins: true}},
		{name: "grapheme clusters", answers: answers(ansi.GraphemeWidth.StringWidth), want: widthRule{method: ansi.GraphemeWidth}},
		{name: "code points", answers: answers(ansi.WcWidth.StringWidth), want: widthRule{method: ansi.WcWidth}},
		{
			name: "code points, emoji presentation widens",
			answers: answers(func(s string) int {
				return ansi.WcWidth.StringWidth(s) + strings.Count(s, "\ufe0f")
			}),
			want: widthRule{method: ansi.WcWidth, splitJoins: true, splitVS16: true},
		},
		{
			// Grapheme widths get all but the skin tone right; sent apart,
			// every sequence is drawn as code points count it.
			name: "graphemes but skin tones apart",
			answers: answers(func(s string) int {
				if s == "👍🏽" {
					return 4
				}
				return ansi.GraphemeWidth.StringWidth(s)
			}),
			want: widthRule{method: ansi.WcWidth, splitJoins: true, splitVS16: true},
		},
		{name: "no answer", answers: nil, want: widthRule{method: ansi.WcWidth}},
		{name: "some answers", answers: []int{2, 2, 2}, want: widthRule{method: ansi.WcWidth}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := deriveRule(tt.answers); got != tt.want {
				t.Errorf("deriveRule(%v) = %+v, want %+v", tt.answers, got, tt.want)
			}
		})
	}
}

// The probe writes each string at the start of the last line, asks where
// the cursor is after it, and leaves the cursor where it found it.
func TestProbeSequence(t *testing.T) {
	t.Parallel()
	strs := probeStrings()
	seq := probeSequence(strs)
	if !strings.HasPrefix(seq, ansi.SaveCursor) || !strings.HasSuffix(seq, ansi.RestoreCursor) {
		t.Errorf("the probe does not put the cursor back: %q", seq)
	}
	if n := strings.Count(seq, ansi.RequestCursorPositionReport); n != len(strs) {
		t.Errorf("%d position requests for %d strings", n, len(strs))
	}
	for i, s := range strs {
		if want := "\r" + ansi.EraseEntireLine + s + ansi.RequestCursorPositionReport; !strings.Contains(seq, want) {
			t.Errorf("string %d (%q) is not drawn at the start of a cleared line", i, s)
		}
	}
}

// clearsScreen reports whether cmd asks for the screen to be drawn anew
// (tea.ClearScreen, whose message type is not exported).
func clearsScreen(cmd tea.Cmd) bool {
	want := fmt.Sprintf("%T", tea.ClearScreen())
	if cmd == nil {
		return false
	}
	ch := cmdMsgs(cmd)
	for {
		select {
		case m := <-ch:
			if fmt.Sprintf("%T", m) == want {
				return true
			}
		case <-time.After(300 * time.Millisecond):
			return false
		}
	}
}

// probeModel is a composer started in a terminal that is measured.
func probeModel(t *testing.T) Model {
	t.Helper()
	dark := true
	m := New(newFakeServices(), Options{Dark: &dark, MeasureWidth: true, Draft: textDraft(strings.Repeat("coder 🧑‍💻 family 👨‍👩‍👧‍👦 ", 6))})
	m.Init()
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	return tm.(Model)
}

// feed gives m the terminal's answers.
func feed(m Model, widths []int) (Model, tea.Cmd) {
	var tm tea.Model = m
	var cmd tea.Cmd
	for _, w := range widths {
		tm, cmd = tm.Update(tea.CursorPositionMsg{X: w, Y: 23})
	}
	return tm.(Model), cmd
}

func TestProbeAnswersSetTheRule(t *testing.T) {
	t.Parallel()
	t.Run("tmux", func(t *testing.T) {
		t.Parallel()
		bubble(t, func(t *testing.T) {
			m, cmd := feed(probeModel(t), answers(func(s string) int { return tmux33[s] }))
			if got, want := m.env.rule, (widthRule{method: ansi.WcWidth, splitJoins: true}); got != want {
				t.Fatalf("rule %+v, want %+v", got, want)
			}
			if !clearsScreen(cmd) {
				t.Error("the screen is not drawn again after the probe")
			}
			out := m.View().Content
			if strings.Contains(out, "\u200d") {
				t.Error("the frame still holds joiners, which tmux would draw narrower than counted")
			}
			if !strings.Contains(out, "🧑💻") {
				t.Errorf("the text is not on screen:\n%s", ansi.Strip(out))
			}
			checkFrameSafe(t, m.env.rule, out, 80, 24)
		})
	})
	t.Run("grapheme terminal", func(t *testing.T) {
		t.Parallel()
		bubble(t, func(t *testing.T) {
			m, cmd := feed(probeModel(t), answers(ansi.GraphemeWidth.StringWidth))
			// The renderer is told through the report it would get from a
			// terminal that announces mode 2027.
			msg, ok := firstMsg[tea.ModeReportMsg](cmd)
			if !ok || msg.Mode != ansi.ModeUnicodeCore || msg.Value != ansi.ModeSet {
				t.Fatalf("no mode 2027 report for the renderer: %#v", msg)
			}
			var tm tea.Model = m
			tm, _ = tm.Update(msg)
			m = tm.(Model)
			if m.env.method != ansi.GraphemeWidth {
				t.Errorf("method %d, want grapheme widths", m.env.method)
			}
			checkFrameSafe(t, m.env.rule, m.View().Content, 80, 24)
		})
	})
	t.Run("mode 2027 outranks the probe", func(t *testing.T) {
		t.Parallel()
		bubble(t, func(t *testing.T) {
			var tm tea.Model = probeModel(t)
			tm, _ = tm.Update(tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeReset})
			m, _ := feed(tm.(Model), answers(ansi.WcWidth.StringWidth))
			if got, want := m.env.rule, (widthRule{method: ansi.GraphemeWidth}); got != want {
				t.Errorf("rule %+v, want %+v", got, want)
			}
		})
	})
	t.Run("no answer in time", func(t *testing.T) {
		t.Parallel()
		bubble(t, func(t *testing.T) {
			m, _ := feed(probeModel(t), []int{4, 2})
			var tm tea.Model = m
			tm, cmd := tm.Update(probeDoneMsg{})
			if !clearsScreen(cmd) {
				t.Error("the screen is not drawn again after the probe")
			}
			// Answers that come late change nothing.
			m, _ = feed(tm.(Model), answers(func(s string) int { return tmux33[s] }))
			if got, want := m.env.rule, (widthRule{method: ansi.WcWidth}); got != want {
				t.Errorf("rule %+v, want the default %+v", got, want)
			}
		})
	})
	t.Run("not measured", func(t *testing.T) {
		t.Parallel()
		bubble(t, func(t *testing.T) {
			m, _ := feed(newTestModel(t, Options{}), answers(func(s string) int { return tmux33[s] }))
			if got, want := m.env.rule, (widthRule{}); got != want {
				t.Errorf("rule %+v without a probe", got)
			}
		})
	})
}

func FuzzTruncate(f *testing.F) {
	for _, s := range []string{
		"plain", "\x1b[1mbold\x1b[m text", "🧑‍💻 👨‍👩‍👧‍👦 👍🏽 🏳️‍🌈", "e\u0301\u0301x", "\xf0\x9f\x98", "a\tb\r\nc", "\x1b]0;t\x07x",
	} {
		f.Add(s, uint8(5))
	}
	f.Fuzz(func(t *testing.T, s string, n uint8) {
		for _, m := range []ansi.Method{ansi.WcWidth, ansi.GraphemeWidth} {
			got := truncate(s, int(n), "…", m)
			if w := cellWidth(got, m); w > int(n) {
				t.Errorf("truncate(%+q, %d, method %d) = %+q, %d cells", s, n, m, got, w)
			}
			if cellWidth(s, m) <= int(n) && got != s {
				t.Errorf("truncate(%+q, %d, method %d) changed a string that fits: %+q", s, n, m, got)
			}
			clean := cleanLine(s, widthRule{method: m})
			if line := fitLine(clean, cellWidth(clean, m), int(n), m); cellWidth(line, m) != int(n) {
				t.Errorf("fitLine(%+q, %d) = %+q, %d cells", clean, n, line, cellWidth(line, m))
			}
		}
	})
}

func TestCleanLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		rule widthRule
		want string
	}{
		{name: "ascii", in: "hello", want: "hello"},
		{name: "styles kept", in: "\x1b[1;38;5;240mhi\x1b[m", want: "\x1b[1;38;5;240mhi\x1b[m"},
		{name: "cursor moves dropped", in: "a\x1b[2Jb\x1b[10Cc\x1b7", want: "abc"},
		{name: "strings dropped", in: "a\x1b]0;title\x07b\x1b]8;;x\x1b\\c", want: "abc"},
		{name: "unfinished sequence dropped", in: "ab\x1b[38;5", want: "ab"},
		{name: "controls replaced", in: "a\tb\rc\x00d\x7f", want: "a b\uFFFDc\uFFFDd\uFFFD"},
		{name: "C1 and bad UTF-8 replaced", in: "a\u009bb\xffc", want: "a\uFFFDb\uFFFDc"},
		{name: "joiners kept", in: "🧑\u200d💻❤\ufe0f", want: "🧑\u200d💻❤\ufe0f"},
		{name: "joiners split", in: "🧑\u200d💻❤\ufe0f", rule: widthRule{splitJoins: true}, want: "🧑💻❤\ufe0f"},
		{name: "joiners and VS16 split", in: "🧑\u200d💻❤\ufe0f", rule: widthRule{splitJoins: true, splitVS16: true}, want: "🧑💻❤"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, cleanLine(tt.in, tt.rule)); diff != "" {
				t.Errorf("cleanLine(%+q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}
