package ui

import (
	"fmt"

	"github.com/charmbracelet/x/ansi"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/internal/termimg"
	"github.com/xpostdev/xpost/ui/draft"
)

// runCmd runs cmd and what it batches or sequences, here and now, and
// returns their messages (the thumbnail commands do not wait).
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if cmds, ok := subCmds(msg); ok {
		var out []tea.Msg
		for _, c := range cmds {
			out = append(out, runCmd(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// composeWithPicture is a composer whose focused post has a picture.
func composeWithPicture(t *testing.T, p termimg.Protocol, accessible bool) *composeScreen {
	t.Helper()
	m := newTestModel(t, Options{Thumbnails: p, Accessible: accessible})
	c := m.compose
	abs, err := filepath.Abs(filepath.Join(mediaDir, "cat.png"))
	if err != nil {
		t.Fatal(err)
	}
	c.d.Posts[0].Text = "look"
	c.d.Posts[0].Media = []draft.Media{{Path: abs, Kind: draft.KindImage, MIME: "image/png", Size: 73, Alt: "A cat"}}
	c.invalidate()
	return c
}

// thumbWrites drives the composer's thumbnail commands to their end after
// a View of w×h, as the root does after each message, and returns the raw
// writes; the frame is checked on the way.
func thumbWrites(t *testing.T, c *composeScreen, w, h int) []string {
	t.Helper()
	got := frame(c, w, h)
	checkFrame(t, got, w, h)
	checkNoImage(t, c.View(w, h))
	var raws []string
	for range 5 {
		msgs := runCmd(c.syncThumbs(true))
		if len(msgs) == 0 {
			break
		}
		for _, m := range msgs {
			switch m := m.(type) {
			case tea.RawMsg:
				raws = append(raws, m.Msg.(string))
			case composeThumbFilesMsg, thumbEncodedMsg:
				c.Update(m)
			}
		}
	}
	return raws
}

// TestComposeThumbnail: the focused post's picture is drawn once into
// blank rows of its card, per protocol; typing that keeps the card's
// shape writes nothing, a new line moves it (one write), focusing a post
// without pictures takes it away, and the frame keeps its width and
// never holds the picture.
func TestComposeThumbnail(t *testing.T) {
	t.Parallel()
	for _, p := range []termimg.Protocol{termimg.Kitty, termimg.ITerm2, termimg.Sixel} {
		t.Run(p.String(), func(t *testing.T) {
			t.Parallel()
			c := composeWithPicture(t, p, false)
			raws := thumbWrites(t, c, 80, 20)
			// Card: top edge (row 2), "look" (3), the attachment (4), a
			// blank row (5), the picture from row 6.
			if len(raws) != 1 || !strings.Contains(raws[0], "\x1b[6;3H") {
				t.Fatalf("writes %d, want one at row 6: %q", len(raws), raws)
			}
			lines := strings.Split(frame(c, 80, 20), "\n")
			for r := 4; r < 4+composeThumbRows; r++ {
				if strings.Trim(lines[r], "│ ") != "" {
					t.Errorf("row %d under the picture holds %q", r+2, lines[r])
				}
			}
			for _, k := range []string{"!", "!", "backspace"} {
				c.Update(press(k))
				if raws := thumbWrites(t, c, 80, 20); len(raws) != 0 {
					t.Errorf("%s wrote %d times", k, len(raws))
				}
			}
			// A new line moves the card's bottom, and the picture once.
			c.Update(press("enter"))
			raws = thumbWrites(t, c, 80, 20)
			if len(raws) != 1 || !strings.Contains(raws[0], "\x1b[7;3H") {
				t.Errorf("after a new line: %q", raws)
			}
			if raws := thumbWrites(t, c, 80, 20); len(raws) != 0 {
				t.Errorf("drawn again without a change: %d", len(raws))
			}
			// Hidden (another screen on top): taken away.
			msgs := runCmd(c.syncThumbs(false))
			if len(msgs) != 1 {
				t.Fatalf("hiding: %v", msgs)
			}
			if p == termimg.Kitty {
				if m, _ := msgs[0].(tea.RawMsg); m.Msg != termimg.KittyDelete() {
					t.Errorf("hiding writes %v", msgs[0])
				}
			} else if msgs[0] != tea.ClearScreen() {
				t.Errorf("hiding sends %T, not a clear screen", msgs[0])
			}
			// Too small: no room kept, nothing drawn.
			small := composeWithPicture(t, p, false)
			if raws := thumbWrites(t, small, 80, 8); len(raws) != 0 || small.thumbs.room.row != 0 {
				t.Errorf("drawn in 8 rows: %q", raws)
			}
		})
	}
}

// TestComposeNoThumbnail: off, or in accessible mode, the composer's frame
// is the one without pictures and nothing is written; the attachment is
// still said in words.
func TestComposeNoThumbnail(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name       string
		p          termimg.Protocol
		accessible bool
	}{{"off", termimg.None, false}, {"accessible", termimg.Kitty, true}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := composeWithPicture(t, tt.p, tt.accessible)
			want := frame(composeWithPicture(t, termimg.None, tt.accessible), 80, 20)
			if got := frame(c, 80, 20); got != want {
				t.Errorf("the frame changed:\n%s\nwant\n%s", got, want)
			}
			if raws := thumbWrites(t, c, 80, 20); len(raws) != 0 {
				t.Errorf("wrote %q", raws)
			}
			if got := frame(c, 80, 20); !strings.Contains(got, "cat.png") {
				t.Errorf("the attachment is not said:\n%s", got)
			}
		})
	}
}

// TestThumbnailWholeFrames draws the whole window, per protocol, at 80 and
// 120 columns: the composer with a picture and the media picker on it.
// Every line is exactly the window's width and none holds a picture.
func TestThumbnailWholeFrames(t *testing.T) {
	t.Parallel()
	for _, p := range []termimg.Protocol{termimg.None, termimg.Kitty, termimg.ITerm2, termimg.Sixel} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%v %dx%d", p, size[0], size[1]), func(t *testing.T) {
				t.Parallel()
				c := composeWithPicture(t, p, false)
				m := newTestModel(t, Options{Thumbnails: p})
				m.compose.d.Posts[0] = c.d.Posts[0].Clone()
				m.compose.invalidate()
				var tm tea.Model = m
				tm, _ = tm.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				check := func(what string) {
					t.Helper()
					out := tm.View().Content
					checkNoImage(t, out)
					checkFrameWidths(t, ansi.WcWidth, out, size[0])
					if n := len(strings.Split(out, "\n")); n != size[1] {
						t.Errorf("%s: %d lines, want %d", what, n, size[1])
					}
				}
				check("composer")
				s, cmd := newMediaScreen(tm.(Model).env, 0, draft.Post{}, mediaDir)
				for _, msg := range runCmd(cmd) {
					s.Update(msg) // the folder read
				}
				for _, msg := range runCmd(s.lookUpEntry()) {
					s.Update(msg)
				}
				s.Update(press("down"))
				mm := tm.(Model)
				mm.stack = append(mm.stack, s)
				tm = mm
				check("picker")
				if got := ansi.Strip(tm.View().Content); !strings.Contains(got, "cat.png") {
					t.Errorf("the picker shows no files:\n%s", got)
				}
			})
		}
	}
}

// TestComposeThumbnailFollowsTheView: the root looks at the composer's
// thumbnail after the View a key led to (thumbCheckMsg), and only while
// the composer has pictures to show.
func TestComposeThumbnailFollowsTheView(t *testing.T) {
	t.Parallel()
	c := composeWithPicture(t, termimg.Kitty, false)
	m := newTestModel(t, Options{Thumbnails: termimg.Kitty})
	m.compose.d.Posts[0] = c.d.Posts[0].Clone()
	m.compose.invalidate()
	var tm tea.Model = m
	tm.View()
	if !tm.(Model).compose.thumbsInPlay() {
		t.Fatal("no room kept for the picture")
	}
	_, cmd := tm.Update(thumbCheckMsg{})
	var files bool
	for _, msg := range runCmd(cmd) {
		_, files = msg.(composeThumbFilesMsg)
	}
	if !files {
		t.Error("the check after a key does not look at the pictures")
	}
	plain := newTestModel(t, Options{Thumbnails: termimg.Kitty})
	plain.View()
	if plain.compose.thumbsInPlay() {
		t.Error("a post without pictures keeps room")
	}
}
