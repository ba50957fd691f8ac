package ui

import (
	"fmt"
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
