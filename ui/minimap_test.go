package ui

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/xpostdev/xpost/ui/draft"
)

// longThread is ten posts: the first two published, the fourth past the
// limit, the seventh empty, the ninth with a poll and media.
func longThread() *draft.Draft {
	d := draft.New()
	d.ID = "minimap"
	d.Posts = nil
	for i := range 10 {
		text := fmt.Sprintf("Post %d of a long thread about terminals: 日本語 and 👩‍👩‍👧‍👦 too.", i+1)
		switch i {
		case 3:
			text = strings.Repeat("Far too long for one post. ", 12)
		case 6:
			text = ""
		}
		p := draft.Post{Text: text}
		if i == 8 {
			p.Poll = &draft.Poll{Options: []string{"Yes", "No"}, Duration: 24 * 60 * 60 * 1e9}
			p.Media = []draft.Media{{Path: "/tmp/a.png", Kind: draft.KindImage, Alt: "a"}}
		}
		d.Posts = append(d.Posts, p)
	}
	d.RecordPost(0, "100")
	d.RecordPost(1, "101")
	return d
}

// The thread map at 80 and 120 columns, with the focus in the middle of a
// ten-post thread: the focused post in brackets, problems with "!",
// published posts with ✓, and the posts above and below the screen. The
// golden frames are plain text: every mark shows without colour.
func TestMinimapGolden(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		name := fmt.Sprintf("minimap_%dx%d", size[0], size[1])
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := newTestModel(t, Options{Draft: longThread()})
			var tm tea.Model = m
			tm, _ = tm.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			for range 5 {
				tm, _ = tm.Update(press("tab"))
			}
			tm.View() // the header follows what the body drew
			got := screenText(tm)
			golden(t, name, got)
			head := strings.SplitN(got, "\n", 2)[0]
			marks := []string{"[6]", "1✓", "4!", "7!", "9!"}
			if size[0] == 80 {
				marks = append(marks, "↑1", "↓4") // at 120×40 the whole thread fits
			}
			for _, w := range marks {
				if !strings.Contains(head, w) {
					t.Errorf("the header lacks %q: %q", w, head)
				}
			}
		})
	}
}

// The map gives way to the room it has: posts far from the focus first,
// then all but the scroll indicator; a short thread that fits shows none.
func TestMinimapRoom(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, Options{Draft: longThread()})
	var tm tea.Model = m
	for range 5 {
		tm, _ = tm.Update(press("tab"))
	}
	tm.View()
	c := tm.(Model).compose
	tests := []struct {
		room int
		want string
	}{
		{200, "posts 1✓ 2✓ 3 4! 5 [6] 7! 8 9! 10  ↑1 ↓4"},
		{30, "posts … 4! 5 [6] 7! 8 …  ↑1 ↓4"},
		{14, "↑1 ↓4"},
		{3, ""},
	}
	for _, tt := range tests {
		got := ansi.Strip(c.threadMap(tt.room))
		if got != tt.want {
			t.Errorf("room %d: %q, want %q", tt.room, got, tt.want)
		}
		if w := cellWidth(got, c.env.method); w > tt.room {
			t.Errorf("room %d: %d cells", tt.room, w)
		}
	}
	short := newTestModel(t, Options{})
	short = run(short, []step{typed("one")}, keys("ctrl+n"), []step{typed("two")})
	short.View()
	if got := short.compose.threadMap(80); got != "" {
		t.Errorf("a two-post thread on screen shows a map: %q", got)
	}
}

// refThreadMap is the map as it was first drawn: every candidate window
// drawn whole and measured. drawThreadMap must draw the same.
func refThreadMap(st *Styles, m ansi.Method, marks []postMark, focus, above, below, room int) string {
	n := len(marks)
	scroll := ""
	if above > 0 {
		scroll += "↑" + strconv.Itoa(above)
	}
	if below > 0 {
		if scroll != "" {
			scroll += " "
		}
		scroll += "↓" + strconv.Itoa(below)
	}
	item := func(i int) string {
		s := strconv.Itoa(i + 1)
		switch mk := marks[i]; {
		case mk.problem:
			s = st.Error.Render(s + "!")
		case mk.published:
			s = st.Subtle.Render(s + iconDone)
		}
		if marks[i].focus {
			s = st.Accent.Render("[") + s + st.Accent.Render("]")
		}
		return s
	}
	draw := func(lo, hi int) string {
		var b strings.Builder
		b.WriteString(st.Subtle.Render("posts"))
		if lo > 0 {
			b.WriteString(" …")
		}
		for i := lo; i <= hi; i++ {
			b.WriteString(" " + item(i))
		}
		if hi < n-1 {
			b.WriteString(" …")
		}
		if scroll != "" {
			b.WriteString("  " + st.Subtle.Render(scroll))
		}
		return b.String()
	}
	lo, hi := focus, focus
	best := draw(lo, hi)
	if cellWidth(best, m) > room {
		if cellWidth(scroll, m) <= room {
			return st.Subtle.Render(scroll)
		}
		return ""
	}
	for grew := true; grew; {
		grew = false
		if hi < n-1 {
			if s := draw(lo, hi+1); cellWidth(s, m) <= room {
				hi, best, grew = hi+1, s, true
			}
		}
		if lo > 0 {
			if s := draw(lo-1, hi); cellWidth(s, m) <= room {
				lo, best, grew = lo-1, s, true
			}
		}
	}
	return best
}

// FuzzThreadMapMatchesReference: the map drawn from widths summed once is
// byte for byte the map drawn by measuring every candidate window.
func FuzzThreadMapMatchesReference(f *testing.F) {
	f.Add([]byte{0, 1, 2, 0, 0, 1}, uint8(2), uint8(1), uint8(4), uint8(30), false)
	f.Add([]byte{2, 2, 2}, uint8(0), uint8(0), uint8(0), uint8(200), true)
	f.Add(make([]byte, 150), uint8(99), uint8(40), uint8(60), uint8(80), false)
	styles := []Styles{NewStyles(true), NewStyles(false)}
	f.Fuzz(func(t *testing.T, kinds []byte, focus, above, below, room uint8, light bool) {
		if len(kinds) == 0 || len(kinds) > 300 {
			return
		}
		marks := make([]postMark, len(kinds))
		for i, k := range kinds {
			marks[i] = postMark{problem: k%3 == 1, published: k%3 == 2}
		}
		fi := int(focus) % len(marks)
		marks[fi].focus = true
		st := styles[0]
		if light {
			st = styles[1]
		}
		for _, m := range []ansi.Method{ansi.WcWidth, ansi.GraphemeWidth} {
			c := &composeScreen{env: &env{styles: st, method: m}, focus: fi}
			got := c.drawThreadMap(marks, int(above), int(below), int(room))
			want := refThreadMap(&st, m, marks, fi, int(above), int(below), int(room))
			if got != want {
				t.Fatalf("method %d: got %q, want %q", m, got, want)
			}
		}
	})
}

// TestThreadMapMemo: the map is drawn again when what it shows changes
// (a post goes over the limit, the focus moves, the styles change) and
// not otherwise.
func TestThreadMapMemo(t *testing.T) {
	t.Parallel()
	tm := newTestModel(t, Options{Limit: 20})
	for i := range 5 {
		if i > 0 {
			tm = run(tm, keys("ctrl+n"))
		}
		tm = run(tm, []step{typed("post " + strconv.Itoa(i+1))})
	}
	tm.View()
	c := tm.compose
	first := c.threadMap(80)
	if got := ansi.Strip(first); got != "posts 1 2 3 4 [5]" {
		t.Fatalf("map %q", got)
	}
	if again := c.threadMap(80); again != first {
		t.Errorf("the same thread drew another map: %q", again)
	}
	tm = run(tm, []step{typed(" is now well over the limit")})
	tm.View()
	if got := ansi.Strip(tm.compose.threadMap(80)); got != "posts 1 2 3 4 [5!]" {
		t.Errorf("after the post went over: %q", got)
	}
	tm = run(tm, keys("shift+tab"))
	tm.View()
	if got := ansi.Strip(tm.compose.threadMap(80)); got != "posts 1 2 3 [4] 5!" {
		t.Errorf("after moving up: %q", got)
	}
	c = tm.compose
	before := c.threadMap(80)
	c.env.styles.Error = c.env.styles.Error.Underline(true)
	c.stylesChanged()
	if after := c.threadMap(80); after == before {
		t.Errorf("new styles, the same map: %q", after)
	}
}
