package ui

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/xpostdev/xpost/ui/draft"
)

// Every screen takes any text: whatever a post, an alt text, a poll option
// or an answer from X holds, the frame is exactly the window's size as the
// terminal counts cells, and nothing panics.

// textScreens are the screens that show user text, each built over m
// (whose draft already holds text everywhere) and showing text.
var textScreens = []struct {
	name string
	open func(t testing.TB, m Model, text string) Model
}{
	{"compose", func(t testing.TB, m Model, text string) Model { return m }},
	{"help", func(t testing.TB, m Model, text string) Model { m.fullHelp = true; return m }},
	{"publish confirm", func(t testing.TB, m Model, text string) Model {
		return push(m, newPublishScreen(m.env, m.compose.request().Draft, nil, func() error { return nil }))
	}},
	{"publish progress", func(t testing.TB, m Model, text string) Model {
		s := newPublishScreen(m.env, m.compose.request().Draft, nil, func() error { return nil })
		s.stage, s.posting, s.note = publishRunning, 0, text
		s.uploads = []*upload{{path: "/tmp/" + text + ".png", total: 100}}
		return push(m, s)
	}},
	{"publish stopped", func(t testing.TB, m Model, text string) Model {
		s := newPublishScreen(m.env, m.compose.request().Draft, nil, func() error { return nil })
		s.stage, s.err = publishStopped, errors.New(text)
		return push(m, s)
	}},
	{"recent list", func(t testing.TB, m Model, text string) Model {
		return push(m, recentWith(m, text))
	}},
	{"recent post", func(t testing.TB, m Model, text string) Model {
		s := recentWith(m, text)
		send(s, press("enter"))
		return push(m, s)
	}},
	{"recent delete question", func(t testing.TB, m Model, text string) Model {
		s := recentWith(m, text)
		send(s, press("d"))
		return push(m, s)
	}},
	{"media list", func(t testing.TB, m Model, text string) Model {
		s, _ := newMediaScreen(m.env, 0, m.compose.request().Draft.Posts[0].Clone(), t.TempDir())
		return push(m, s)
	}},
	{"media alt text", func(t testing.TB, m Model, text string) Model {
		s, _ := newMediaScreen(m.env, 0, m.compose.request().Draft.Posts[0].Clone(), t.TempDir())
		s.pending = draft.Media{Path: "/tmp/" + text + ".png", Kind: draft.KindImage}
		s.startAlt(text)
		return push(m, s)
	}},
	{"poll", func(t testing.TB, m Model, text string) Model {
		return push(m, newPollScreen(m.env, 0, &draft.Poll{Options: []string{text, text + text}, Duration: 24 * time.Hour}))
	}},
	{"settings", func(t testing.TB, m Model, text string) Model {
		s := newSettingsScreen(m.env, m.compose.request().Draft)
		s.picked = Post{ID: "1790000000000000000", Text: text}
		return push(m, s)
	}},
	{"drafts", func(t testing.TB, m Model, text string) Model {
		s := newDraftsScreen(m.env, nil)
		s.now = fakeNow
		s.Update(draftsListMsg{list: []draft.Summary{{ID: "a", Title: text, Posts: 1, Updated: fakeNow()}, {ID: "b", Title: text + text, Posts: 3, Posted: 1}}})
		return push(m, s)
	}},
	{"login", func(t testing.TB, m Model, text string) Model {
		s := newLoginScreen(m.env)
		s.notReady = errors.New(text)
		s.err = errors.New(text)
		return push(m, s)
	}},
}

// push puts s on top of m's stack.
func push(m Model, s screen) Model {
	m.stack = append(m.stack[:1:1], s)
	return m
}

// recentWith is the recent-posts list holding posts with text.
func recentWith(m Model, text string) *recentScreen {
	s := newRecentScreen(m.env)
	s.now, s.loc = fakeNow, time.UTC
	post := Post{ID: "1", Text: text, CreatedAt: fakeNow().Add(-time.Hour),
		Media: []PostMedia{{Kind: MediaPhoto, Alt: text}},
		Poll:  &PostPoll{Options: []PollOption{{Label: text, Votes: 3}, {Label: "no", Votes: 1}}}}
	s.Update(recentPageMsg{run: s.run, page: Page{Posts: []Post{post, {ID: "2", Text: text + text}, {ID: "3", Text: "plain"}}}})
	return s
}

// textModel is the composer sized w×h, counting cells by rule, with text
// in every post, an alt text and a poll option, and the status bar
// saying text.
func textModel(t testing.TB, rule widthRule, text string, w, h int) Model {
	t.Helper()
	d := draft.New()
	d.Posts = []draft.Post{
		{Text: text, Media: []draft.Media{{Path: "/tmp/" + text + ".png", Kind: draft.KindImage, Alt: text}}},
		{Text: text + "\n" + text, Poll: &draft.Poll{Options: []string{text, "b"}, Duration: time.Hour}},
	}
	dark := true
	m := New(newFakeServices(), Options{Draft: d, Dark: &dark, Demo: true})
	var tm tea.Model = m
	tm, _ = tm.Update(accountMsg{Account: Account{ID: "42", Username: "ada", Limit: 280}})
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: w, Height: h})
	tm, _ = tm.Update(statusMsg{Text: text, Level: levelError})
	m = tm.(Model)
	m.setWidthRule(rule)
	return m
}

// sgr matches a style sequence, the only escape sequence a frame may hold.
var sgr = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// checkFrameSafe checks that frame is h lines, each exactly w cells as
// the rule counts them (by cellWidth and by ansi itself), valid UTF-8, and
// without a control character or escape sequence other than styles.
func checkFrameSafe(t testing.TB, rule widthRule, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) != h {
		t.Errorf("%d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := cellWidth(l, rule.method); got != w {
			t.Errorf("line %d is %d cells wide, want %d: %q", i, got, w, l)
		}
		if got := rule.method.StringWidth(l); got != w {
			t.Errorf("line %d is %d cells wide to ansi, want %d: %q", i, got, w, l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d is not valid UTF-8: %q", i, l)
		}
		for _, r := range sgr.ReplaceAllString(l, "") {
			if r < 0x20 || (r >= 0x7f && r < 0xa0) || (rule.splitJoins && r == 0x200d) {
				t.Errorf("line %d holds %U: %q", i, r, l)
				break
			}
		}
	}
}

// renderScreens draws every text screen with text at w×h and checks each
// frame.
func renderScreens(t *testing.T, rule widthRule, text string, w, h int) {
	t.Helper()
	for _, sc := range textScreens {
		m := sc.open(t, textModel(t, rule, text, w, h), text)
		var frame string
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("%s at %dx%d with %.80q: panic: %v", sc.name, w, h, text, r)
				}
			}()
			frame = m.View().Content
		}()
		checkFrameSafe(t, rule, frame, w, h)
		if t.Failed() {
			t.Fatalf("%s at %dx%d with %.80q, rule %+v:\n%s", sc.name, w, h, text, rule, ansi.Strip(frame))
		}
	}
}

// widthRules are the rules a terminal can make the composer follow.
var widthRules = []widthRule{
	{method: ansi.WcWidth},
	{method: ansi.GraphemeWidth},
	{method: ansi.WcWidth, splitJoins: true},
	{method: ansi.WcWidth, splitJoins: true, splitVS16: true},
}

// The emoji of the report that crashed the composer in tmux, on every
// screen, in both ways of counting.
func TestScreensTakeEmojiSequences(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, text string }{
		{name: "skin tone", text: "👍🏽"},
		{name: "ZWJ sequence", text: "🧑‍💻"},
		{name: "family", text: "👨‍👩‍👧‍👦"},
		{name: "rainbow flag", text: "🏳️‍🌈"},
		{name: "all in a post", text: strings.Repeat("ship it 👍🏽 🧑‍💻 👨‍👩‍👧‍👦 🏳️‍🌈 ", 8)},
		{name: "one long word", text: strings.Repeat("👨‍👩‍👧‍👦", 60)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, rule := range widthRules {
				for _, size := range [][2]int{{80, 24}, {120, 40}, {20, 8}, {41, 20}} {
					renderScreens(t, rule, tt.text, size[0], size[1])
				}
			}
		})
	}
}

func FuzzScreensTakeAnyText(f *testing.F) {
	for _, s := range []string{
		"👍🏽 🧑‍💻 👨‍👩‍👧‍👦 🏳️‍🌈", "☺︎ ☺️ 1️⃣ #️⃣ 🇺🇸🇫🇷", "e\u0301\u0301 a\u0308 क्ष", "مرحبا بالعالم \u202eabc",
		"a\tb\tc", "\x1b[31mred\x1b[2J\x1b]0;title\x07", "bad \xf0\x9f \xff\xfe utf-8", "\r\x00\x7f\u0085\u009b",
		"漢字かな交じり文", strings.Repeat("x", 300),
	} {
		f.Add(s, uint8(60), uint8(20), uint8(0))
	}
	f.Fuzz(func(t *testing.T, text string, w, h, rule uint8) {
		if len(text) > 2000 {
			t.Skip()
		}
		renderScreens(t, widthRules[int(rule)%len(widthRules)], text, 20+int(w)%181, 6+int(h)%45)
	})
}

// A line that fits is not cut: Lip Gloss padding counted in grapheme
// widths made the picked post's line too wide for a terminal that counts
// code points, and the cut left a stray "…" at its end.
func TestSettingsQuoteNotCut(t *testing.T) {
	t.Parallel()
	text := "Team 👍🏽 🧑‍💻 👨‍👩‍👧‍👦 🏳️‍🌈 漢字"
	m := textModel(t, widthRule{method: ansi.WcWidth}, "x", 80, 24)
	s := newSettingsScreen(m.env, m.compose.request().Draft)
	s.ref = refReply
	s.id.SetValue("1790000000000000000")
	s.picked = Post{ID: "1790000000000000000", Text: text}
	for _, l := range strings.Split(ansi.Strip(s.View(80, 20)), "\n") {
		if strings.Contains(l, "“Team") {
			if got := strings.TrimSpace(l); got != "“"+text+"”" {
				t.Errorf("quoted post shown as %q, want %q", got, "“"+text+"”")
			}
			return
		}
	}
	t.Errorf("the picked post is not shown:\n%s", ansi.Strip(s.View(80, 20)))
}

// The Bubbles text fields pad with grapheme widths; the poll's counters
// still line up in a terminal that counts code points.
func TestPollCountersLineUp(t *testing.T) {
	t.Parallel()
	for _, rule := range widthRules {
		m := textModel(t, rule, "x", 80, 24)
		s := newPollScreen(m.env, 0, &draft.Poll{Options: []string{"Yes 👍🏽 coder 🧑‍💻", "Family 👨‍👩‍👧‍👦 🏳️‍🌈 漢字", "plain"}, Duration: time.Hour})
		col := -1
		for _, l := range strings.Split(ansi.Strip(s.View(80, 20)), "\n") {
			i := strings.Index(l, "/25")
			if i < 0 {
				continue
			}
			c := cellWidth(l[:i], rule.method)
			if col >= 0 && c != col {
				t.Errorf("rule %+v: counter at cell %d, the first was at %d: %q", rule, c, col, l)
			}
			col = c
		}
		if col < 0 {
			t.Fatalf("no counters:\n%s", ansi.Strip(s.View(80, 20)))
		}
	}
}
