package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/xpostdev/xpost/ui/draft"
)

// accessibleModel is the composer in accessible mode at w×h holding d,
// its account known.
func accessibleModel(t testing.TB, d *draft.Draft, w, h int) Model {
	t.Helper()
	dark := true
	m := New(newFakeServices(), Options{Draft: d, Dark: &dark, Demo: true, Accessible: true})
	var tm tea.Model = m
	tm, _ = tm.Update(accountMsg{Account: Account{ID: "42", Username: "ada", Limit: 280}})
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: w, Height: h})
	t.Cleanup(func() { closeCompose(t, tm.(Model)) })
	return tm.(Model)
}

// marks are the icons of icons.go and the list markers: none may appear
// in accessible mode.
var marks = []string{iconReply, iconQuote, iconImage, iconVideo, iconPoll, iconEdit, iconDone, iconProblem, "▌", "▏"}

// No screen draws a box-drawing or block character, or a mark, in
// accessible mode, at 80 and 120 columns.
func TestAccessibleNoDrawingOrMarks(t *testing.T) {
	t.Parallel()
	text := "Ship it 日本語 👍🏽"
	for _, sc := range textScreens {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s/%d", sc.name, size[0]), func(t *testing.T) {
				t.Parallel()
				d := draft.New()
				d.ReplyTo = "1790000000000000000"
				d.Posts = []draft.Post{
					{Text: text, Media: []draft.Media{{Path: "/tmp/cat.png", Kind: draft.KindImage, Alt: text}, {Path: "/tmp/clip.mp4", Kind: draft.KindVideo}}},
					{Text: text + "\n" + strings.Repeat("far too long ", 30), Poll: &draft.Poll{Options: []string{text, "b"}, Duration: 24 * time.Hour}},
				}
				m := sc.open(t, accessibleModel(t, d, size[0], size[1]), text)
				frame := ansi.Strip(m.View().Content)
				checkPlain(t, frame)
			})
		}
	}
}

// checkPlain fails on a box-drawing or block character or a mark in frame.
func checkPlain(t *testing.T, frame string) {
	t.Helper()
	for i, l := range strings.Split(frame, "\n") {
		for _, r := range l {
			if isDrawing(r) {
				t.Errorf("line %d draws %q: %q", i, r, l)
				break
			}
		}
		for _, mk := range marks {
			if strings.Contains(l, mk) {
				t.Errorf("line %d holds the mark %q: %q", i, mk, l)
			}
		}
	}
}

// Golden frames of the main screens in accessible mode at 80 columns.
func TestAccessibleGolden(t *testing.T) {
	t.Parallel()
	screens := []struct {
		name string
		open func(t testing.TB, m Model) Model
	}{
		{"compose", func(t testing.TB, m Model) Model { return m }},
		{"help", func(t testing.TB, m Model) Model { m.fullHelp = true; return m }},
		{"publish_confirm", func(t testing.TB, m Model) Model {
			d := m.compose.request().Draft
			d.Posts[2].Text = "日本語も大丈夫です。👨‍👩‍👧‍👦 🇺🇸 café"
			return push(m, newPublishScreen(m.env, d, nil, func() error { return nil }))
		}},
		{"publish_progress", func(t testing.TB, m Model) Model {
			s := newPublishScreen(m.env, m.compose.request().Draft, nil, func() error { return nil })
			s.stage, s.posting = publishRunning, 0
			s.uploads = []*upload{{path: "/home/ada/shots/compose.png", total: 100, sent: 40}, {path: "/home/ada/shots/publish.png", total: 100}}
			return push(m, s)
		}},
		{"poll", func(t testing.TB, m Model) Model {
			return push(m, newPollScreen(m.env, 1, m.compose.request().Draft.Posts[1].Poll))
		}},
		{"recent_delete", func(t testing.TB, m Model) Model {
			s := recentWith(m, "Shipping xpost today 🚀 日本語")
			send(s, press("d"))
			return push(m, s)
		}},
		{"media_remove", func(t testing.TB, m Model) Model {
			s, _ := newMediaScreen(m.env, 0, m.compose.request().Draft.Posts[0].Clone(), t.TempDir())
			send(s, press("d"))
			return push(m, s)
		}},
		{"media", func(t testing.TB, m Model) Model {
			s, _ := newMediaScreen(m.env, 0, m.compose.request().Draft.Posts[0].Clone(), t.TempDir())
			return push(m, s)
		}},
	}
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			m := sc.open(t, accessibleModel(t, goldenThread(), 80, 24))
			got := screenText(m)
			checkPlain(t, got)
			golden(t, "accessible_"+sc.name+"_80x24", got)
		})
	}
}

// Counts are said in words on the cards: which post of how many, and how
// many characters of the limit, and how many over.
func TestAccessibleCountsInWords(t *testing.T) {
	t.Parallel()
	d := draft.New()
	d.Posts = []draft.Post{{Text: "hello"}, {Text: strings.Repeat("x", 300)}}
	m := accessibleModel(t, d, 80, 24)
	frame := screenText(m)
	for _, want := range []string{"Post 1 of 2, editing, 5 of 280 characters", "Post 2 of 2, 300 of 280 characters, 20 over"} {
		if !strings.Contains(frame, want) {
			t.Errorf("no %q in:\n%s", want, frame)
		}
	}
}

// The confirmation is a plain question: y publishes, n and enter go
// back, as [y/N] says.
func TestAccessibleConfirmIsAQuestion(t *testing.T) {
	t.Parallel()
	d := draft.New()
	d.Posts = []draft.Post{{Text: "one"}, {Text: "two"}, {Text: "three"}}
	m := accessibleModel(t, d, 80, 24)
	s := newPublishScreen(m.env, d, nil, func() error { return nil })
	if got := ansi.Strip(s.confirmHead(80)); got != "Publish 3 posts? [y/N]" {
		t.Errorf("question %q", got)
	}
	for _, k := range []string{"n", "enter", "esc"} {
		if !key.Matches(press(k), s.keys.Back) || key.Matches(press(k), s.keys.Publish) {
			t.Errorf("%s does not go back", k)
		}
	}
	if !key.Matches(press("y"), s.keys.Publish) {
		t.Error("y does not publish")
	}
	s.stage, s.undoLeft = publishCountdown, 1
	if got := ansi.Strip(s.confirmHead(80)); got != "Posting in 1 second, esc cancels" {
		t.Errorf("countdown %q", got)
	}
}

// Nothing blinks in accessible mode; the cursor is still the terminal's.
func TestAccessibleCursorDoesNotBlink(t *testing.T) {
	t.Parallel()
	m := accessibleModel(t, goldenThread(), 80, 24)
	c := m.View().Cursor
	if c == nil || c.Blink {
		t.Fatalf("cursor %+v, want one that does not blink", c)
	}
}

// The status bar says the rate limit in words too.
func TestAccessibleRateInWords(t *testing.T) {
	t.Parallel()
	st := NewStyles(true)
	if got := ansi.Strip(rateView(&st, Rate{Of: RatePosts, Remaining: 97, Limit: 100}, true)); got != "97 of 100 posts left" {
		t.Errorf("rate %q", got)
	}
}

// The whole program in accessible mode, at 80 and 120 columns: write a
// thread with emoji and CJK, publish it through the [y/N] question
// (answering n first, then y), and see it published, in words.
func TestFlowAccessiblePublish(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprint(size[0]), func(t *testing.T) {
			t.Parallel()
			svc := newFakeServices()
			dark := true
			w := &watcher{news: make(chan struct{}, 1)}
			m := New(svc, Options{Dark: &dark, Accessible: true})
			tm := teatest.NewTestModel(t, watched{m, w}, teatest.WithInitialTermSize(size[0], size[1]))
			w.wait(t, "the account", "@ada")
			tm.Type("Ship it 🚀 日本語も大丈夫")
			tm.Send(press("ctrl+n"))
			tm.Type("第二の投稿 👍🏽")
			w.wait(t, "the second post", "Post 2 of 2, editing, 13 of 280 characters")
			tm.Send(press("ctrl+p"))
			golden(t, fmt.Sprintf("accessible_flow_confirm_%d", size[0]), w.wait(t, "the question", "Publish 2 posts? [y/N]", "Post 2 of 2"))
			tm.Send(press("n"))
			w.wait(t, "the composer again", "Post 2 of 2, editing")
			tm.Send(press("ctrl+p"))
			w.wait(t, "the question again", "Publish 2 posts? [y/N]")
			tm.Send(press("y"))
			golden(t, fmt.Sprintf("accessible_flow_published_%d", size[0]), w.wait(t, "the outcome", "Published 2 posts."))
			tm.Send(press("ctrl+c"))
			finalModel(t, tm)
			if got := svc.Published(); len(got) != 2 || got[1] != "第二の投稿 👍🏽" {
				t.Errorf("published %q", got)
			}
		})
	}
}

// With no field to type in, accessible mode puts the cursor on the chosen
// row of a list, and it follows the selection.
func TestAccessibleCursorOnChosenRow(t *testing.T) {
	t.Parallel()
	m := accessibleModel(t, goldenThread(), 80, 24)
	s, _ := newMediaScreen(m.env, 0, m.compose.request().Draft.Posts[0].Clone(), t.TempDir())
	m = push(m, s)
	lines, c := frameCursor(t, m)
	if c == nil || c.X != 0 || !strings.HasPrefix(lines[c.Y], "> compose.png") {
		t.Fatalf("cursor %+v, want on the chosen attachment:\n%s", c, strings.Join(lines, "\n"))
	}
	send(s, press("down"))
	lines, c = frameCursor(t, m)
	if c == nil || !strings.HasPrefix(lines[c.Y], "> publish.png") {
		t.Errorf("cursor %+v after down, want on the second attachment:\n%s", c, strings.Join(lines, "\n"))
	}
	// Not without accessible mode: a list has no cursor there.
	plain := newTestModel(t, Options{Draft: goldenThread()})
	s2, _ := newMediaScreen(plain.env, 0, plain.compose.request().Draft.Posts[0].Clone(), t.TempDir())
	if _, c := frameCursor(t, push(plain, s2)); c != nil {
		t.Errorf("a cursor on a list outside accessible mode: %+v", c)
	}
}
