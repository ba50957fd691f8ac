package ui

// Thumbnails drawn apart from the frame, shared by the media picker and
// the composer: encoded once per file version and size (a cache keyed by
// path, size and modification time), and written with tea.Raw into cells
// the frame keeps blank, only when where they go changes.

import (
	"fmt"
	"image"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/internal/termimg"
)

// thumbKey names an encoded thumbnail: the file as it was read (path,
// size, modification time), the cells it covers and its protocol. A
// strip of pictures side by side (the composer's) has each > 0, the
// cells of one picture, and its files in path, one "path NUL size NUL
// mtime" a line (stripFiles).
type thumbKey struct {
	path       string
	size       int64
	mtime      int64
	cols, rows int
	proto      termimg.Protocol
	each       int
}

// thumbPlace is a thumbnail on screen: which one, and the cell (1-based
// row and column of the whole window) of its top left corner. The zero
// value is no thumbnail.
type thumbPlace struct {
	key      thumbKey
	row, col int
}

// thumbCacheMax bounds the cache: a folder browsed picture by picture
// keeps the last few, not all of them.
const thumbCacheMax = 32

// thumbCache keeps encoded thumbnails, so that a picture shown again (the
// picker's cursor coming back, a post focused again) is not read and
// scaled again. It lives in env and is used from Update only.
type thumbCache struct{ seqs map[thumbKey]string }

func (c *thumbCache) get(k thumbKey) (string, bool) {
	s, ok := c.seqs[k]
	return s, ok
}

func (c *thumbCache) put(k thumbKey, seq string) {
	if c.seqs == nil || len(c.seqs) >= thumbCacheMax {
		c.seqs = map[thumbKey]string{}
	}
	c.seqs[k] = seq
}

// thumbEncodedMsg is a thumbnail encoded by encodeThumb; seq is "" when
// the file could not be read as a picture.
type thumbEncodedMsg struct {
	key thumbKey
	seq string
}

// encodeThumb is a Cmd that reads, scales and encodes the picture k
// names.
func encodeThumb(k thumbKey, passthrough bool) tea.Cmd {
	if k.each > 0 {
		return encodeStrip(k, passthrough)
	}
	return func() tea.Msg {
		msg := thumbEncodedMsg{key: k}
		f, err := os.Open(k.path)
		if err != nil {
			return msg
		}
		defer f.Close()
		img, _, err := termimg.Thumbnail(f, k.cols*10, k.rows*20)
		if err == nil {
			msg.seq = termimg.Encode(k.proto, img, k.cols, k.rows, passthrough)
		}
		return msg
	}
}

// eraseThumb is the sequence that takes the thumbnail at p away while the
// frame's cells there are still blank: kitty deletes its picture; the
// others' pictures are in the cells, which are erased.
func (e *env) eraseThumb(p thumbPlace) string {
	if p.row == 0 {
		return ""
	}
	if e.thumbs == termimg.Kitty {
		seq := termimg.KittyDelete()
		if e.thumbPassthrough {
			seq = termimg.Passthrough(seq)
		}
		return seq
	}
	var b strings.Builder
	for r := range p.key.rows {
		fmt.Fprintf(&b, "\x1b[%d;%dH\x1b[%dX", p.row+r, p.col, p.key.cols)
	}
	return b.String()
}

// placeThumb is the raw write that takes prev away and draws seq at p,
// the cursor saved and restored around it.
func (e *env) placeThumb(seq string, p, prev thumbPlace) tea.Cmd {
	return tea.Raw(fmt.Sprintf("\x1b7%s\x1b[%d;%dH%s\x1b8", e.eraseThumb(prev), p.row, p.col, seq))
}

// dropThumb takes the thumbnail at p away once the frame may have drawn
// over its cells: kitty deletes it, the others draw the screen anew.
func (e *env) dropThumb(p thumbPlace) tea.Cmd {
	if p.row == 0 {
		return nil
	}
	if e.thumbs == termimg.Kitty {
		return tea.Raw(e.eraseThumb(p))
	}
	return tea.ClearScreen
}

// thumbsDrawn reports whether thumbnails are drawn at all.
func (e *env) thumbsDrawn() bool { return e.thumbs != termimg.None && !e.accessible }

// thumbSync is one place that shows at most one thumbnail: what is on
// screen, and the encoding asked for and not yet in.
type thumbSync struct {
	shown   thumbPlace
	pending thumbKey
}

// sync brings the screen to want (the zero thumbPlace for none): nothing
// when it is already there, an encoding when the picture is not in the
// cache yet, else one raw write. sameRoom says the frame still keeps the
// shown thumbnail's cells blank, so they can be erased in place.
func (t *thumbSync) sync(e *env, want thumbPlace, sameRoom bool) tea.Cmd {
	if want == t.shown {
		return nil
	}
	if want.row == 0 {
		prev := t.shown
		t.shown = thumbPlace{}
		if sameRoom {
			return tea.Raw("\x1b7" + e.eraseThumb(prev) + "\x1b8")
		}
		return e.dropThumb(prev)
	}
	seq, ok := e.thumbCache.get(want.key)
	if !ok {
		if t.pending == want.key {
			return nil
		}
		t.pending = want.key
		return encodeThumb(want.key, e.thumbPassthrough)
	}
	if seq == "" {
		// Not a picture after all: nothing to draw.
		return t.sync(e, thumbPlace{}, sameRoom)
	}
	prev := t.shown
	t.shown = want
	if !sameRoom && prev.row != 0 && e.thumbs != termimg.Kitty {
		// The old cells may hold text by now: the screen is drawn
		// anew before the picture (kitty deletes its picture instead).
		return tea.Sequence(e.dropThumb(prev), e.placeThumb(seq, want, thumbPlace{}))
	}
	return e.placeThumb(seq, want, prev)
}

// encoded stores an encoded thumbnail in the cache.
func (t *thumbSync) encoded(e *env, m thumbEncodedMsg) {
	e.thumbCache.put(m.key, m.seq)
	if t.pending == m.key {
		t.pending = thumbKey{}
	}
}

// stripFiles names the files of a strip for its key, each as it is now
// on disk: a file changed since is another key. It reads the disk, so it
// runs in a Cmd.
func stripFiles(paths []string) string {
	lines := make([]string, 0, len(paths))
	for _, p := range paths {
		var size, mtime int64
		if fi, err := os.Stat(p); err == nil {
			size, mtime = fi.Size(), fi.ModTime().UnixNano()
		}
		lines = append(lines, fmt.Sprintf("%s\x00%d\x00%d", p, size, mtime))
	}
	return strings.Join(lines, "\n")
}

// encodeStrip is a Cmd that draws the pictures of k side by side, each
// scaled into k.each×k.rows cells with a cell between them, and encodes
// them as one picture: one placement, one write.
func encodeStrip(k thumbKey, passthrough bool) tea.Cmd {
	return func() tea.Msg {
		msg := thumbEncodedMsg{key: k}
		const cellW, cellH = 10, 20
		canvas := image.NewRGBA(image.Rect(0, 0, k.cols*cellW, k.rows*cellH))
		drawn := false
		for i, line := range strings.Split(k.path, "\n") {
			path, _, _ := strings.Cut(line, "\x00")
			f, err := os.Open(path)
			if err != nil {
				continue
			}
			img, _, err := termimg.Thumbnail(f, k.each*cellW, k.rows*cellH)
			f.Close()
			if err != nil {
				continue
			}
			at := image.Pt(i*(k.each+1)*cellW, 0)
			b := img.Bounds()
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					canvas.Set(at.X+x-b.Min.X, at.Y+y-b.Min.Y, img.At(x, y))
				}
			}
			drawn = true
		}
		if drawn {
			msg.seq = termimg.Encode(k.proto, canvas, k.cols, k.rows, passthrough)
		}
		return msg
	}
}
