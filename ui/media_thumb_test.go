package ui

import (
	"fmt"

	"charm.land/lipgloss/v2"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"

	"github.com/xpostdev/xpost/internal/termimg"
	"github.com/xpostdev/xpost/ui/draft"
)

// TestMediaThumbnail attaches a picture in a terminal that draws them:
// the description step keeps blank cells for the thumbnail and draws it
// there apart from the frame (whose lines stay exactly the width), says
// the picture's type, dimensions and size in words, and takes the
// picture away when it is left.
func TestMediaThumbnail(t *testing.T) {
	t.Parallel()
	for _, p := range []termimg.Protocol{termimg.Kitty, termimg.ITerm2, termimg.Sixel} {
		t.Run(p.String(), func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				e := testEnv(t, mediaFake())
				e.thumbs = p
				s, cmd := newMediaScreen(e, 0, draft.New().Posts[0], mediaDir)
				send(s, expectMsg[tea.Msg](t, cmd))
				info := expectMsg[mediaInfoMsg](t, send(s, expectMsg[mediaInspectedMsg](t, pick(t, s, 1))))
				if info.info != (termimg.Info{Format: "png", Width: 2, Height: 2}) || info.seq == "" {
					t.Fatalf("info %+v, sequence %d bytes", info.info, len(info.seq))
				}
				frame(s, 80, 30) // keeps the room
				raw := expectMsg[tea.RawMsg](t, send(s, info))
				got := frame(s, 80, 30)
				if !strings.Contains(got, "cat.png  image, PNG 2×2, 73 bytes") {
					t.Errorf("the file is not described in words:\n%s", got)
				}
				checkFrame(t, got, 80, 30)
				golden(t, "media_thumb_room", got)
				seq, _ := raw.Msg.(string)
				if !strings.HasPrefix(seq, "\x1b7\x1b[4;3H") || !strings.HasSuffix(seq, "\x1b8") || !strings.Contains(seq, info.seq) {
					t.Errorf("the thumbnail is not drawn in its cells: %q…", seq[:min(len(seq), 30)])
				}
				if strings.Contains(frame(s, 80, 30), "\x1b_G") || strings.Contains(frame(s, 80, 30), "1337") {
					t.Error("the frame holds the picture's sequence")
				}
				// Leaving takes it away.
				hide := send(s, press("esc"))
				if p == termimg.Kitty {
					if m := expectMsg[tea.RawMsg](t, hide); m.Msg != termimg.KittyDelete() {
						t.Errorf("kitty: leaving sends %q", m.Msg)
					}
				} else {
					// The screen is drawn anew (and the picker left: no
					// attachment yet).
					ch := cmdMsgs(hide)
					a, b := expectFrom[tea.Msg](t, ch), expectFrom[tea.Msg](t, ch)
					if a != tea.ClearScreen() && b != tea.ClearScreen() {
						t.Errorf("leaving sends %T and %T, not a clear screen", a, b)
					}
				}
			})
		})
	}
}

func TestMediaNoThumbnail(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		// Off (the terminal draws no pictures): the words only, and no
		// room kept.
		s := newTestMedia(t, mediaFake(), draft.New())
		info := expectMsg[mediaInfoMsg](t, send(s, expectMsg[mediaInspectedMsg](t, pick(t, s, 1))))
		if info.seq != "" {
			t.Error("a thumbnail was made with thumbnails off")
		}
		noMsg[tea.RawMsg](t, send(s, info))
		if s.thumbRoom {
			t.Error("room kept for a thumbnail")
		}
	})
}

// TestMediaPickerSaysWhatAFileIs moves the picker onto a picture and a
// video: the hint says the picture's format, dimensions and size, and the
// video's size, before either is chosen.
func TestMediaPickerSaysWhatAFileIs(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		s := newTestMedia(t, mediaFake(), draft.New())
		// Entries: photos/, cat.png, clip.mp4, notes.txt.
		send(s, expectMsg[mediaEntryMsg](t, send(s, press("down"))))
		if got := frame(s, 80, 24); !strings.Contains(got, "cat.png: PNG 2×2, 73 bytes") {
			t.Errorf("the picture is not described:\n%s", got)
		}
		send(s, expectMsg[mediaEntryMsg](t, send(s, press("down"))))
		if got := frame(s, 80, 24); !strings.Contains(got, "clip.mp4: 112 bytes") {
			t.Errorf("the video is not described:\n%s", got)
		}
	})
}

// TestAskSixel: with AskSixel, the composer asks the terminal for its
// device attributes at start and draws sixel thumbnails when it lists
// them; a terminal that does not keeps them off.
func TestAskSixel(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		attrs []int
		want  termimg.Protocol
	}{{[]int{63, 1, 4, 6}, termimg.Sixel}, {[]int{62, 1, 6}, termimg.None}} {
		m := newTestModel(t, Options{AskSixel: true})
		if !m.env.askSixel {
			t.Fatal("not asking")
		}
		next, _ := m.Update(uv.PrimaryDeviceAttributesEvent(tt.attrs))
		if got := next.(Model).env.thumbs; got != tt.want {
			t.Errorf("DA1 %v: thumbnails %v, want %v", tt.attrs, got, tt.want)
		}
	}
	if m := newTestModel(t, Options{AskSixel: true, Thumbnails: termimg.Kitty}); m.env.askSixel {
		t.Error("asks although the protocol is known")
	}
}

// imageSeqs are the openings of the three protocols' pictures (kitty's
// APC G, iTerm2's OSC 1337, sixel's DCS): never in a frame.
var imageSeqs = []string{"\x1b_G", "\x1b]1337", "\x1bP"}

// checkNoImage fails when the frame view holds a picture's sequence.
func checkNoImage(t *testing.T, view string) {
	t.Helper()
	for _, seq := range imageSeqs {
		if strings.Contains(view, seq) {
			t.Errorf("the frame holds a picture's sequence %q", seq)
		}
	}
}

// TestMediaPickerThumbnail browses with thumbnails on, per protocol: the
// highlighted picture is drawn once into blank rows under the list, the
// frame keeps its width and never holds the sequence, keys that change
// nothing write nothing, moving off the picture takes it away, and
// coming back draws it from the cache without reading the file again.
func TestMediaPickerThumbnail(t *testing.T) {
	t.Parallel()
	for _, p := range []termimg.Protocol{termimg.Kitty, termimg.ITerm2, termimg.Sixel} {
		t.Run(p.String(), func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				e := testEnv(t, mediaFake())
				e.thumbs = p
				s, cmd := newMediaScreen(e, 0, draft.New().Posts[0], mediaDir)
				send(s, expectMsg[tea.Msg](t, cmd))
				view := s.View(80, 30)
				checkNoImage(t, view)
				// Entries: photos/, cat.png, clip.mp4, notes.txt.
				entry := expectMsg[mediaEntryMsg](t, send(s, press("down")))
				enc := expectMsg[thumbEncodedMsg](t, send(s, entry))
				if enc.seq == "" {
					t.Fatal("no thumbnail encoded for cat.png")
				}
				raw := expectMsg[tea.RawMsg](t, send(s, enc))
				seq, _ := raw.Msg.(string)
				// Rows 1–4: header, folder, hint, list of 16 rows
				// (30-7-7), a blank row, then the thumbnail's.
				at := fmt.Sprintf("\x1b[%d;3H", 1+2+16+1+1)
				if !strings.HasPrefix(seq, "\x1b7") || !strings.HasSuffix(seq, "\x1b8") || !strings.Contains(seq, at+enc.seq) {
					t.Errorf("the thumbnail is not drawn at %q: %q…", at, seq[:min(len(seq), 40)])
				}
				got := frame(s, 80, 30)
				checkFrame(t, got, 80, 30)
				checkNoImage(t, s.View(80, 30))
				lines := strings.Split(got, "\n")
				for r := range thumbRows {
					if l := lines[1+2+16+r]; l != "" {
						t.Errorf("row %d under the thumbnail holds %q", 1+2+16+r+1, l)
					}
				}
				for _, l := range strings.Split(s.View(80, 30), "\n") {
					if w := lipgloss.Width(l); w > 80 {
						t.Errorf("a line is %d cells wide", w)
					}
				}
				// Keys that change neither the file nor its cells write
				// nothing: typing a path under the list, a redraw.
				noMsg[tea.RawMsg](t, send(s, press("/")))
				s.View(80, 30)
				for _, k := range []string{"x", "y", "backspace", "backspace"} {
					noMsg[tea.RawMsg](t, send(s, press(k)))
					s.View(80, 30)
				}
				noMsg[tea.RawMsg](t, send(s, press("esc")))
				// Off the picture (a video): taken away in place.
				down := send(s, press("down"))
				off := expectMsg[tea.RawMsg](t, down)
				noMsg[tea.RawMsg](t, send(s, expectMsg[mediaEntryMsg](t, down)))
				offSeq, _ := off.Msg.(string)
				if p == termimg.Kitty && !strings.Contains(offSeq, termimg.KittyDelete()) ||
					p != termimg.Kitty && !strings.Contains(offSeq, fmt.Sprintf("\x1b[%dX", thumbCols)) {
					t.Errorf("moving off the picture writes %q", offSeq)
				}
				// Back on it: drawn from the cache, no encoding.
				entry = expectMsg[mediaEntryMsg](t, send(s, press("up")))
				back := send(s, entry)
				again := expectMsg[tea.RawMsg](t, back)
				if s, _ := again.Msg.(string); !strings.Contains(s, enc.seq) {
					t.Error("coming back does not draw the thumbnail")
				}
				noMsg[thumbEncodedMsg](t, back)
			})
		})
	}
}

// TestMediaPickerNoThumbnail: with thumbnails off, or in accessible mode,
// the picker keeps no room and writes nothing; its words stay.
func TestMediaPickerNoThumbnail(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name       string
		proto      termimg.Protocol
		accessible bool
	}{{"off", termimg.None, false}, {"accessible", termimg.Kitty, true}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				e := testEnv(t, mediaFake())
				e.thumbs, e.accessible = tt.proto, tt.accessible
				s, cmd := newMediaScreen(e, 0, draft.New().Posts[0], mediaDir)
				send(s, expectMsg[tea.Msg](t, cmd))
				s.View(80, 30)
				entry := expectMsg[mediaEntryMsg](t, send(s, press("down")))
				cmd = send(s, entry)
				noMsg[tea.RawMsg](t, cmd)
				noMsg[thumbEncodedMsg](t, cmd)
				if s.pickRoom.row != 0 {
					t.Error("room kept for a thumbnail")
				}
				if got := frame(s, 80, 30); !strings.Contains(got, "cat.png: PNG 2×2, 73 bytes") {
					t.Errorf("the picture is not described:\n%s", got)
				}
			})
		})
	}
}
