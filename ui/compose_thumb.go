package ui

// The focused post's pictures in the composer, as small thumbnails side
// by side under its attachments, in terminals that draw pictures and only
// when the card has the rows: drawn apart from the frame (thumbs.go), as
// one picture, written when where it goes or what it shows changes, not
// on every key.

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/ui/draft"
)

// The cells of one picture in the composer's strip: smaller than the
// media screen's, the text is what the card is for.
const (
	composeThumbCols = 10
	composeThumbRows = 4
)

// composeThumbs is the composer's thumbnail state.
type composeThumbs struct {
	// room is where the last View kept blank cells for the strip, with
	// its files' paths (not yet their sizes and times) in key.path; row
	// 0: none.
	room thumbPlace
	// asked is the room whose files are being looked at; found is the
	// last room looked at and the key its files gave.
	asked thumbPlace
	found struct {
		room thumbPlace
		key  thumbKey
	}
	sync thumbSync
}

// composeThumbFilesMsg says what the files of a strip are on disk now.
type composeThumbFilesMsg struct {
	room thumbPlace
	key  thumbKey
}

// thumbPictures are the focused post's pictures that fit in inner cells.
func (c *composeScreen) thumbPictures(inner int) []string {
	if !c.env.thumbsDrawn() || c.focus >= len(c.d.Posts) {
		return nil
	}
	var paths []string
	for _, m := range c.d.Posts[c.focus].Media {
		if m.Kind == draft.KindImage && m.Path != "" {
			paths = append(paths, m.Path)
		}
	}
	n := min(len(paths), (inner+1)/(composeThumbCols+1))
	return paths[:max(0, n)]
}

// withThumbBand adds blank rows for the strip to the focused card, above
// its bottom edge, when the card keeps its whole text and fits in height;
// it returns the card and the index of the strip's first row (-1: none).
func (c *composeScreen) withThumbBand(card []string, height int, paths []string) ([]string, int) {
	c.thumbs.room = thumbPlace{}
	band := composeThumbRows + 1
	if len(paths) == 0 || len(card)+band > height || c.ed.LineCount()+band+2 > height {
		return card, -1
	}
	edge := c.edgesFor(true)
	blank := edge.left + strings.Repeat(" ", max(0, c.width-4)) + edge.right
	out := make([]string, 0, len(card)+band)
	out = append(out, card[:len(card)-1]...)
	for range band {
		out = append(out, blank)
	}
	out = append(out, card[len(card)-1])
	return out, len(card) - 1 + 1
}

// placeThumbBand records where the strip's rows are on screen: row first
// is the card's line at, the body's line y is the window's row y+2 (the
// header is row 1), and the text starts two cells into the card.
func (c *composeScreen) placeThumbBand(paths []string, y int) {
	n := len(paths)
	c.thumbs.room = thumbPlace{row: y + 2, col: 3, key: thumbKey{
		path: strings.Join(paths, "\n"), cols: n*composeThumbCols + n - 1, rows: composeThumbRows,
		proto: c.env.thumbs, each: composeThumbCols,
	}}
}

// syncThumbs brings the strip on screen in step with the last View, when
// the composer is what is shown (on, false, takes it away): the files are
// looked at once per room, the strip encoded once per file version, and
// written once per placement.
func (c *composeScreen) syncThumbs(on bool) tea.Cmd {
	t := &c.thumbs
	room := t.room
	if !on {
		room = thumbPlace{}
	}
	want := thumbPlace{}
	if room.row != 0 {
		if t.found.room != room {
			if t.asked == room {
				return nil
			}
			t.asked = room
			paths := strings.Split(room.key.path, "\n")
			return func() tea.Msg {
				k := room.key
				k.path = stripFiles(paths)
				return composeThumbFilesMsg{room: room, key: k}
			}
		}
		want = room
		want.key = t.found.key
	}
	shown := t.sync.shown
	sameRoom := want.row != 0 && want.row == shown.row && want.col == shown.col && want.key.cols == shown.key.cols
	return t.sync.sync(c.env, want, sameRoom)
}

// thumbFiles takes in what a strip's files are.
func (c *composeScreen) thumbFiles(m composeThumbFilesMsg) {
	t := &c.thumbs
	if t.asked == m.room {
		t.asked = thumbPlace{}
	}
	t.found.room, t.found.key = m.room, m.key
}

// thumbCheckMsg asks for the composer's thumbnail to be brought in step
// with the View drawn after a key (the root does it after every message).
type thumbCheckMsg struct{}

// thumbsInPlay reports whether the composer has a thumbnail drawn or room
// kept for one, so that a key may move it.
func (c *composeScreen) thumbsInPlay() bool {
	return c.thumbs.room.row != 0 || c.thumbs.sync.shown.row != 0
}

// isEdit reports whether msg may change the focused card's shape.
func isEdit(msg tea.Msg) bool {
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg:
		return true
	}
	return false
}
