package ui

import (
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
