package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/internal/grapheme"
	"github.com/xpostdev/xpost/ui/draft"
)

// cursorModel is the composer at w×h with posts, post focus focused and
// its cursor at byte offset cur (-1: the end), measured with rule.
func cursorModel(t testing.TB, rule widthRule, posts []string, focus, cur, w, h int) Model {
	t.Helper()
	d := draft.New()
	d.Posts = nil
	for _, p := range posts {
		d.Posts = append(d.Posts, draft.Post{Text: p})
	}
	m := newTestModel(t, Options{Draft: d})
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m = tm.(Model)
	m.setWidthRule(rule)
	m.compose.focusPost(focus, true)
	if cur >= 0 {
		m.compose.ed.SetCursor(cur)
	}
	return m
}

// frameCursor draws m and returns the frame's lines without styles and
// where the terminal's cursor is.
func frameCursor(t testing.TB, m tea.Model) ([]string, *tea.Cursor) {
	t.Helper()
	v := m.View()
	return strings.Split(ansi.Strip(v.Content), "\n"), v.Cursor
}

// checkAfterText checks that the cells of the frame's line before the
// cursor end with the cluster of text before the cursor, when that is
// on the cursor's line and not a space.
func checkAfterText(t *testing.T, lines []string, c *tea.Cursor, text string, cur int, m ansi.Method) {
	t.Helper()
	if cur == 0 {
		return
	}
	prev := text[grapheme.Prev(text, cur):cur]
	if strings.TrimSpace(prev) == "" {
		return
	}
	before := truncate(lines[c.Y], c.X, "", m)
	if !strings.HasSuffix(before, prev) {
		t.Errorf("cursor at %d,%d: the frame before it is %q, want it to end with %q", c.X, c.Y, before, prev)
	}
}

// Where the terminal's cursor goes, for text with emoji, CJK, wrapped
// lines and a scrolled thread, at 80 and 120 columns, counted by code
// points and by graphemes. The positions are golden; each is also checked
// against the frame: the text before the cursor ends where it stands.
func TestCursorGolden(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("日本語のテキスト 👍🏽 ", 12)
	thread := []string{"one", "two", "three", "four", "five", "six", "seven", "eight", "最後の投稿 🧑‍💻 end"}
	tests := []struct {
		name  string
		posts []string
		focus int
		cur   int // byte offset, -1 for the end
	}{
		{name: "ascii", posts: []string{"hello"}, cur: -1},
		{name: "empty", posts: []string{""}, cur: -1},
		{name: "cjk", posts: []string{"日本語のテキスト"}, cur: -1},
		{name: "emoji sequences", posts: []string{"ship it 👍🏽 🧑‍💻 🇺🇸"}, cur: -1},
		{name: "after skin tone", posts: []string{"日本語👍🏽abc"}, cur: len("日本語👍🏽")},
		{name: "before cjk", posts: []string{"abc日本"}, cur: len("abc")},
		{name: "second line", posts: []string{"first\n二行目 🇺🇸"}, cur: -1},
		{name: "wrapped end", posts: []string{long}, cur: -1},
		{name: "wrapped middle", posts: []string{long}, cur: len(strings.Repeat("日本語のテキスト 👍🏽 ", 7)) + len("日本語")},
		{name: "scrolled thread", posts: thread, focus: len(thread) - 1, cur: -1},
		{name: "scrolled thread middle", posts: thread, focus: len(thread) - 1, cur: len("最後の投稿 🧑‍💻")},
	}
	var got strings.Builder
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, rule := range widthRules[:2] {
			for _, tt := range tests {
				m := cursorModel(t, rule, tt.posts, tt.focus, tt.cur, size[0], size[1])
				lines, c := frameCursor(t, m)
				if c == nil {
					t.Fatalf("%s at %dx%d: no cursor", tt.name, size[0], size[1])
				}
				fmt.Fprintf(&got, "%dx%d %-9s %-24s %d,%d\n", size[0], size[1], methodName(rule.method), tt.name, c.X, c.Y)
				text := tt.posts[tt.focus]
				cur := tt.cur
				if cur < 0 {
					cur = len(text)
				}
				t.Run(fmt.Sprintf("%s/%dx%d/%s", tt.name, size[0], size[1], methodName(rule.method)), func(t *testing.T) {
					checkAfterText(t, lines, c, text, cur, rule.method)
				})
			}
		}
	}
	name := filepath.Join("testdata", "cursor_positions.golden")
	if *update {
		if err := os.WriteFile(name, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (run go test ./ui -run TestCursorGolden -update)", err)
	}
	if diff := cmp.Diff(string(want), got.String()); diff != "" {
		t.Errorf("cursor positions differ from %s (-want +got):\n%s", name, diff)
	}
}

func methodName(m ansi.Method) string {
	if m == ansi.GraphemeWidth {
		return "grapheme"
	}
	return "wcwidth"
}

// Every text field puts the terminal's cursor after the text typed in it,
// measured as the terminal counts: the poll options, the poll's length,
// the media path and description, the time fields and the reply's post id.
func TestCursorInEveryField(t *testing.T) {
	t.Parallel()
	const typed = "日本👍🏽x"
	d := draft.New()
	d.Posts = []draft.Post{{Text: "x"}}
	tests := []struct {
		name string
		open func(e *env) (screen, func(s screen) screen)
	}{
		{name: "poll option", open: func(e *env) (screen, func(screen) screen) {
			return newPollScreen(e, 0, nil), nil
		}},
		{name: "poll length", open: func(e *env) (screen, func(screen) screen) {
			s := newPollScreen(e, 0, nil)
			s.preset = len(pollPresets)
			s.setFocus(s.customField())
			return s, nil
		}},
		{name: "media path", open: func(e *env) (screen, func(screen) screen) {
			s, _ := newMediaScreen(e, 0, draft.Post{}, t.TempDir())
			s.stage = mediaPath
			s.path.Focus()
			return s, nil
		}},
		{name: "media description", open: func(e *env) (screen, func(screen) screen) {
			s, _ := newMediaScreen(e, 0, draft.Post{}, t.TempDir())
			s.stage = mediaAlt
			s.pending = draft.Media{Path: "/tmp/cat.png", Kind: draft.KindImage}
			s.alt.Focus()
			return s, nil
		}},
		{name: "post later", open: func(e *env) (screen, func(screen) screen) {
			s, _ := newScheduleScreenFor(e, openRequest{Draft: d.Clone()})
			return s, nil
		}},
		{name: "reply to", open: func(e *env) (screen, func(screen) screen) {
			s := newSettingsScreen(e, d.Clone())
			s.ref = refReply
			s.focus = rowID
			s.id.Focus()
			return s, nil
		}},
	}
	for _, tt := range tests {
		for _, rule := range widthRules[:2] {
			t.Run(tt.name+"/"+methodName(rule.method), func(t *testing.T) {
				t.Parallel()
				e := testEnv(t, newFakeServices())
				e.rule, e.method = rule, rule.method
				s, _ := tt.open(e)
				for _, r := range typed {
					s, _ = s.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
				}
				view := ansi.Strip(s.View(80, 20))
				x, y, ok := s.(cursorer).Cursor()
				if !ok {
					t.Fatalf("no cursor in:\n%s", view)
				}
				lines := strings.Split(view, "\n")
				if y < 0 || y >= len(lines) {
					t.Fatalf("cursor on line %d of %d:\n%s", y, len(lines), view)
				}
				before := truncate(lines[y], x, "", rule.method)
				if !strings.HasSuffix(before, typed) {
					t.Errorf("cursor at %d,%d: the line before it is %q, want it to end with %q", x, y, before, typed)
				}
			})
		}
	}
}

// The recent posts' filter puts the cursor after the filter typed.
func TestCursorAfterRecentFilter(t *testing.T) {
	t.Parallel()
	e := testEnv(t, newFakeServices())
	s := newRecentScreen(e)
	s.list.filtering, s.list.filter = true, "日本👍🏽"
	view := strings.Split(ansi.Strip(s.View(80, 20)), "\n")
	x, y, ok := s.Cursor()
	if !ok || y != 0 {
		t.Fatalf("cursor %d,%d,%v, want on the first line", x, y, ok)
	}
	if before := truncate(view[0], x, "", e.method); before != "/日本👍🏽" {
		t.Errorf("before the cursor: %q", before)
	}
	s.list.filtering = false
	if _, _, ok := s.Cursor(); ok {
		t.Error("a cursor while the list has the keys")
	}
}

// The cursor is always inside the frame, whatever the text, the place of
// the cursor in it, the size of the terminal and its way of counting.
func FuzzCursorInsideFrame(f *testing.F) {
	for _, s := range []string{
		"hello", "日本語のテキスト", "👍🏽 🧑‍💻 👨‍👩‍👧‍👦 🏳️‍🌈", "e\u0301\u0301 a\u0308 क्ष", "a\tb\n\nc",
		"\x1b[31mred", "bad \xf0\x9f \xff", strings.Repeat("漢字 ", 200), strings.Repeat("x", 400),
	} {
		f.Add(s, uint16(3), uint8(60), uint8(20), uint8(0), uint8(2))
	}
	f.Fuzz(func(t *testing.T, text string, cur uint16, w, h, rule, posts uint8) {
		if len(text) > 3000 {
			t.Skip()
		}
		n := 1 + int(posts)%6
		thread := make([]string, n)
		for i := range thread {
			thread[i] = text
		}
		width, height := 20+int(w)%181, 6+int(h)%45
		m := cursorModel(t, widthRules[int(rule)%len(widthRules)], thread, n-1, int(cur)%(len(text)+1), width, height)
		_, c := frameCursor(t, m)
		if c == nil {
			t.Fatalf("no cursor at %dx%d", width, height)
		}
		if c.X < 0 || c.X >= width || c.Y < 1 || c.Y >= height {
			t.Errorf("cursor at %d,%d outside the body of a %dx%d frame", c.X, c.Y, width, height)
		}
	})
}

// A screen whose keys are text (typer) shows where they go: the frame has
// the terminal's cursor, inside it, on every screen of textScreens.
func TestTypingScreensHaveACursor(t *testing.T) {
	t.Parallel()
	for _, sc := range textScreens {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			m := sc.open(t, textModel(t, widthRules[0], "日本語 👍🏽", 80, 24), "日本語 👍🏽")
			ty, ok := m.top().(typer)
			if !ok || !ty.Typing() || m.fullHelp {
				return
			}
			c := m.View().Cursor
			if c == nil {
				t.Fatalf("%s takes text but shows no cursor", sc.name)
			}
			if c.X < 0 || c.X >= 80 || c.Y < 1 || c.Y >= 24 {
				t.Errorf("cursor at %d,%d, outside the body", c.X, c.Y)
			}
		})
	}
}

// cursorWatched records the cursor of each frame the model draws, beside
// the watcher's frames: cursors[i] is frames[i]'s.
type cursorWatched struct {
	tea.Model
	w       *watcher
	cursors *[]*tea.Cursor
}

func (m cursorWatched) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := m.Model.Update(msg)
	v := next.View()
	m.w.mu.Lock()
	m.w.frames = append(m.w.frames, ansi.Strip(v.Content))
	*m.cursors = append(*m.cursors, v.Cursor)
	m.w.mu.Unlock()
	select {
	case m.w.news <- struct{}{}:
	default:
	}
	return cursorWatched{next, m.w, m.cursors}, cmd
}

// The whole program at 80 and 120 columns: typing emoji and CJK across a
// wrapped line, moving back over them, and a second post; the frame and
// where the terminal's cursor stands are golden.
func TestFlowCursorGolden(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprint(size[0]), func(t *testing.T) {
			t.Parallel()
			dark := true
			w := &watcher{news: make(chan struct{}, 1)}
			var cursors []*tea.Cursor
			m := New(newFakeServices(), Options{Dark: &dark})
			tm := teatest.NewTestModel(t, cursorWatched{m, w, &cursors}, teatest.WithInitialTermSize(size[0], size[1]))
			w.wait(t, "the account", "@ada")
			tm.Type(strings.Repeat("日本語と絵文字 👍🏽 🧑‍💻 ", 6))
			tm.Send(press("left"))
			tm.Send(press("left"))
			w.wait(t, "the first post", "🧑‍💻 日本語と絵文字 👍🏽 🧑‍💻")
			tm.Send(press("ctrl+n"))
			tm.Type("二つ目 🇯🇵")
			w.wait(t, "the second post", "二つ目 🇯🇵", "2/2")
			w.mu.Lock()
			n := w.seen - 1 // the frame wait returned
			frame, c := w.frames[n], cursors[n]
			w.mu.Unlock()
			tm.Send(press("ctrl+c"))
			tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second))
			if c == nil {
				t.Fatal("the frame has no cursor")
			}
			lines := strings.Split(frame, "\n")
			if before := truncate(lines[c.Y], c.X, "", ansi.WcWidth); !strings.HasSuffix(before, "🇯🇵") {
				t.Errorf("cursor at %d,%d: the line before it is %q", c.X, c.Y, before)
			}
			golden(t, fmt.Sprintf("cursor_flow_%d", size[0]), fmt.Sprintf("cursor %d,%d\n%s", c.X, c.Y, frame))
		})
	}
}
