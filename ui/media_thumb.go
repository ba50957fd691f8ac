package ui

// What the media screen says of a file beyond its name: its type,
// dimensions and size in words, always; and its thumbnail in terminals
// that draw pictures (internal/termimg), beside the description.

import (
	"fmt"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/internal/termimg"
	"github.com/xpostdev/xpost/ui/draft"
)

// The cells a thumbnail covers, under the file's name on the description
// step; the picture is scaled to fit thumbPixels.
const (
	thumbCols = 20
	thumbRows = 6
	// Cells are about twice as tall as wide: 10×20 pixels is a common
	// size, and the terminal scales to the cells it was given anyway.
	thumbPixelsW = thumbCols * 10
	thumbPixelsH = thumbRows * 20
)

// mediaInfoMsg is what a file turned out to be, read by a Cmd: its
// picture's format and dimensions (zero for a video), and its thumbnail's
// escape sequence when thumbnails are drawn.
type mediaInfoMsg struct {
	path string
	info termimg.Info
	seq  string
}

// readMediaInfo is a Cmd that reads the header of the picture at path
// and, when p draws pictures, its thumbnail. A video or a file the
// decoders do not know gives an empty Info: only its size is said.
func readMediaInfo(path string, kind draft.MediaKind, p termimg.Protocol, passthrough bool) tea.Cmd {
	return func() tea.Msg {
		msg := mediaInfoMsg{path: path}
		if kind == draft.KindVideo {
			return msg
		}
		f, err := os.Open(path)
		if err != nil {
			return msg
		}
		defer f.Close()
		if p == termimg.None || kind == draft.KindGIF {
			msg.info, _ = termimg.ReadInfo(f)
			return msg
		}
		img, info, err := termimg.Thumbnail(f, thumbPixelsW, thumbPixelsH)
		msg.info = info
		if err == nil {
			msg.seq = termimg.Encode(p, img, thumbCols, thumbRows, passthrough)
		}
		return msg
	}
}

// describeFile is the line said of an attachment: its kind, format and
// dimensions when known, and its size ("image, PNG 640×480, 73 B").
func describeFile(m draft.Media, info termimg.Info) string {
	parts := []string{string(m.Kind)}
	if w := pictureWords(info); w != "" {
		parts = append(parts, w)
	} else if m.MIME != "" {
		parts = append(parts, m.MIME)
	}
	parts = append(parts, human.Size(m.Size))
	return strings.Join(parts, ", ")
}

// thumbnailOn reports whether the description step of m draws a
// thumbnail: the terminal draws pictures, and m is a still image.
func (s *mediaScreen) thumbnailOn(m draft.Media) bool {
	return s.env.thumbs != termimg.None && !s.env.accessible && m.Kind == draft.KindImage
}

// showThumbnail draws the thumbnail of the file being described in the
// cells its View keeps blank for it: under the name line, two columns in,
// below the header. The cursor is saved and restored around it, and the
// frame never holds the sequence, so its width is the text's alone.
func (s *mediaScreen) showThumbnail(seq string) tea.Cmd {
	s.thumbShown = true
	const row, col = 1 + 2, 2 // header, then the name line and a blank
	return tea.Raw(fmt.Sprintf("\x1b7\x1b[%d;%dH%s\x1b8", row+1, col+1, seq))
}

// hideThumbnail takes a drawn thumbnail away on leaving the description
// step: kitty keeps pictures until they are deleted; with the others the
// picture stays in cells the next frame leaves blank, so the screen is
// drawn anew.
func (s *mediaScreen) hideThumbnail() tea.Cmd {
	if !s.thumbShown {
		return nil
	}
	s.thumbShown = false
	if s.env.thumbs == termimg.Kitty {
		seq := termimg.KittyDelete()
		if s.env.thumbPassthrough {
			seq = termimg.Passthrough(seq)
		}
		return tea.Raw(seq)
	}
	return tea.ClearScreen
}

// entryWords says what the picker's highlighted file is, from its header
// and size: "PNG 640×480, 12.0 KB", or the size alone (a video).
func entryWords(e mediaEntryMsg) string {
	if w := pictureWords(e.info); w != "" {
		return w + ", " + human.Size(e.size)
	}
	return human.Size(e.size)
}

// pictureWords is a picture's format and dimensions ("PNG 640×480"), or
// "" when they are not known.
func pictureWords(info termimg.Info) string {
	if info.Format == "" {
		return ""
	}
	return fmt.Sprintf("%s %d×%d", strings.ToUpper(info.Format), info.Width, info.Height)
}

// pickerThumb keeps the picker's thumbnail in step with its highlighted
// file: drawn (once) in the cells the View keeps under the list when
// that file is a picture, taken away when it is not or the picker is
// left. Keys that change neither the file nor the cells write nothing.
func (s *mediaScreen) pickerThumb() tea.Cmd {
	want := thumbPlace{}
	picking := s.stage == mediaPick || s.stage == mediaPath
	if picking && s.pickRoom.row != 0 && s.env.thumbsDrawn() {
		e := s.entry
		if e.media && e.path == s.fp.HighlightedPath() && e.info.Format != "" && e.info.Format != "gif" {
			want = s.pickRoom
			want.key = thumbKey{path: e.path, size: e.size, mtime: e.mtime, cols: thumbCols, rows: thumbRows, proto: s.env.thumbs}
		}
	}
	shown := s.pickThumb.shown
	sameRoom := picking && shown.row == s.pickRoom.row && shown.col == s.pickRoom.col
	return s.pickThumb.sync(s.env, want, sameRoom)
}
