package ui

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/ui/draft"
)

// mediaDir holds a few files to browse: a PNG, a JPEG in a folder, an MP4
// and a text file the picker must not offer.
const mediaDir = "testdata/media"

func mediaFake() *fakeServices {
	svc := newFakeServices()
	svc.media["cat.png"] = draft.Media{Kind: draft.KindImage, MIME: "image/png", Size: 73}
	svc.media["dog.jpg"] = draft.Media{Kind: draft.KindImage, MIME: "image/jpeg", Size: 66}
	svc.media["clip.mp4"] = draft.Media{Kind: draft.KindVideo, MIME: "video/mp4", Size: 112}
	return svc
}

// newTestMedia opens the media screen on post 0 of d, browsing mediaDir.
func newTestMedia(t *testing.T, svc *fakeServices, d *draft.Draft) *mediaScreen {
	t.Helper()
	s, cmd := newMediaScreen(testEnv(t, svc), 0, d.Posts[0].Clone(), mediaDir)
	if cmd != nil {
		// The picker reads the folder.
		send(s, expectMsg[tea.Msg](t, cmd))
	}
	return s
}

// pick moves the picker's cursor down n entries and presses enter.
func pick(t *testing.T, s *mediaScreen, n int) tea.Cmd {
	t.Helper()
	for range n {
		send(s, press("down"))
	}
	return send(s, press("enter"))
}

func TestMediaAttach(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		d := draft.New()
		d.Posts[0].Text = "look"
		s := newTestMedia(t, mediaFake(), d)
		if s.stage != mediaPick {
			t.Fatal("a post without media does not start in the picker")
		}
		goldenFrame(t, "media_pick", s)

		// Entries: photos/, cat.png, clip.mp4, notes.txt. The description
		// step reads what the picture is, to say it in words.
		send(s, expectMsg[mediaInfoMsg](t, send(s, expectMsg[mediaInspectedMsg](t, pick(t, s, 1)))))
		if s.stage != mediaAlt {
			t.Fatalf("stage %v after choosing cat.png, error %q", s.stage, s.err)
		}
		typeInto(s, "A red square, 2×2 pixels 🟥")
		goldenFrame(t, "media_alt", s)
		m := applyEdit(t, send(s, press("enter")), d)
		want := []draft.Media{{Path: filepath.Join(mediaDir, "cat.png"), Alt: "A red square, 2×2 pixels 🟥", Kind: draft.KindImage, MIME: "image/png", Size: 73}}
		if diff := cmp.Diff(want, d.Posts[0].Media); diff != "" {
			t.Errorf("media (-want +got):\n%s", diff)
		}
		if !strings.Contains(m.Status, "cat.png") {
			t.Errorf("status %q", m.Status)
		}
	})
}

func TestMediaFolderAndPath(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		d := draft.New()
		s := newTestMedia(t, mediaFake(), d)
		// Into photos/, then choose dog.jpg.
		send(s, expectMsg[tea.Msg](t, send(s, press("enter"))))
		send(s, expectMsg[mediaInspectedMsg](t, send(s, press("enter"))))
		if s.stage != mediaAlt || filepath.Base(s.pending.Path) != "dog.jpg" {
			t.Fatalf("stage %v pending %q err %q", s.stage, s.pending.Path, s.err)
		}
		// esc leaves the description without attaching.
		expectMsg[backMsg](t, send(s, press("esc")))

		// A typed path, relative to the folder shown.
		s = newTestMedia(t, mediaFake(), d)
		send(s, press("/"))
		if !s.Typing() {
			t.Fatal("/ does not open the path field")
		}
		typeInto(s, "clip.mp4")
		inspect := send(s, expectMsg[mediaPathMsg](t, send(s, press("enter"))))
		send(s, expectMsg[mediaInspectedMsg](t, inspect))
		if s.stage != mediaAlt || s.pending.Kind != draft.KindVideo {
			t.Fatalf("typed path: stage %v pending %+v err %q", s.stage, s.pending, s.err)
		}
	})
}

func TestMediaRefused(t *testing.T) {
	t.Parallel()
	image := draft.Media{Path: "a.png", Kind: draft.KindImage, Size: 10}
	tests := []struct {
		name  string
		post  draft.Post
		svc   func(*fakeServices)
		keys  func(t *testing.T, s *mediaScreen)
		want  string
		stage mediaStage
	}{
		{
			name:  "not a media file",
			keys:  func(t *testing.T, s *mediaScreen) { noMsg[mediaInspectedMsg](t, pick(t, s, 3)) },
			want:  "notes.txt is not a picture or a video X takes",
			stage: mediaPick,
		},
		{
			name: "inspection fails",
			svc: func(f *fakeServices) {
				f.failWith("InspectMedia", errors.New("cat.png is 6.2 MB; images can be at most 5 MB"), true)
			},
			keys: func(t *testing.T, s *mediaScreen) {
				send(s, expectMsg[mediaInspectedMsg](t, pick(t, s, 1)))
			},
			want:  "images can be at most 5 MB",
			stage: mediaPick,
		},
		{
			name: "a video after an image",
			post: draft.Post{Media: []draft.Media{image}},
			keys: func(t *testing.T, s *mediaScreen) {
				send(s, press("a"))
				send(s, expectMsg[tea.Msg](t, s.fp.Init()))
				send(s, expectMsg[mediaInspectedMsg](t, pick(t, s, 2)))
			},
			want:  "a video and 1 image",
			stage: mediaPick,
		},
		{
			name: "a fifth image",
			post: draft.Post{Media: []draft.Media{image, {Path: "b.png", Kind: draft.KindImage}, {Path: "c.png", Kind: draft.KindImage}, {Path: "d.png", Kind: draft.KindImage}}},
			keys: func(t *testing.T, s *mediaScreen) { send(s, press("a")) },
			want: "this post has 4 images, the most X takes",
		},
		{
			name: "media beside a poll",
			post: draft.Post{Poll: &draft.Poll{Options: []string{"a", "b"}, Duration: time.Hour}},
			keys: func(t *testing.T, s *mediaScreen) {
				send(s, expectMsg[mediaInspectedMsg](t, pick(t, s, 1)))
			},
			want:  "cannot have both a poll and media",
			stage: mediaPick,
		},
		{
			name: "description too long",
			keys: func(t *testing.T, s *mediaScreen) {
				send(s, expectMsg[mediaInspectedMsg](t, pick(t, s, 1)))
				s.alt.SetValue(strings.Repeat("ß", 1001))
				noMsg[editDraftMsg](t, send(s, press("enter")))
			},
			want:  "is 1 character over the limit of 1000",
			stage: mediaAlt,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				svc := mediaFake()
				if tt.svc != nil {
					tt.svc(svc)
				}
				d := draft.New()
				d.Posts[0] = tt.post
				s := newTestMedia(t, svc, d)
				tt.keys(t, s)
				if !strings.Contains(s.err, tt.want) {
					t.Errorf("error %q does not say %q", s.err, tt.want)
				}
				if s.stage != tt.stage {
					t.Errorf("stage %v, want %v", s.stage, tt.stage)
				}
				if view := frame(s, screenW, screenH); !strings.Contains(strings.Join(strings.Fields(view), " "), tt.want) {
					t.Errorf("the view does not show %q:\n%s", tt.want, view)
				}
			})
		})
	}
}

func TestMediaEditAndRemove(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		d := draft.New()
		d.Posts[0].Media = []draft.Media{
			{Path: "/pics/one.png", Kind: draft.KindImage, Size: 2_400_000, Alt: "First"},
			{Path: "/pics/two.png", Kind: draft.KindImage, Size: 3_100},
		}
		s := newTestMedia(t, mediaFake(), d)
		if s.stage != mediaList {
			t.Fatal("a post with media does not start on its list")
		}
		goldenFrame(t, "media_list", s)

		send(s, press("down"), press("enter"))
		if s.stage != mediaAlt || s.alt.Value() != "" {
			t.Fatalf("editing: stage %v value %q", s.stage, s.alt.Value())
		}
		typeInto(s, "Second")
		applyEdit(t, send(s, press("enter")), d)
		if d.Posts[0].Media[1].Alt != "Second" || d.Posts[0].Media[0].Alt != "First" {
			t.Errorf("alts after edit: %+v", d.Posts[0].Media)
		}

		s = newTestMedia(t, mediaFake(), d)
		// d asks first, as every delete does; anything but y keeps.
		noMsg[editDraftMsg](t, send(s, press("d")))
		if out := frame(s, screenW, screenH); !strings.Contains(out, "Remove this attachment from the post?") || !strings.Contains(out, "one.png") {
			t.Fatalf("d did not ask:\n%s", out)
		}
		goldenFrame(t, "media_remove_confirm", s)
		noMsg[editDraftMsg](t, send(s, press("enter")))
		if len(d.Posts[0].Media) != 2 || s.confirming {
			t.Fatalf("enter removed or kept asking: %+v", d.Posts[0].Media)
		}
		send(s, press("d"))
		applyEdit(t, send(s, press("y")), d)
		if len(d.Posts[0].Media) != 1 || d.Posts[0].Media[0].Path != "/pics/two.png" {
			t.Errorf("after remove: %+v", d.Posts[0].Media)
		}
		for _, w := range []int{30, 50, 120} {
			checkFrame(t, frame(s, w, 12), w, 12)
		}
	})
}

func TestMediaPickerExplainsItself(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		d := draft.New()
		s := newTestMedia(t, mediaFake(), d)
		if out := frame(s, 80, 20); !strings.Contains(out, "MP4, MOV, WebM") {
			t.Errorf("the picker does not say what it takes:\n%s", out)
		}
		// Entries: photos/, cat.png, clip.mp4, notes.txt.
		send(s, press("down"), press("down"))
		lookUp := send(s, press("down"))
		// Drawing reads no disk: until the lookup's answer is in, the
		// entry is not explained.
		if out := frame(s, 80, 20); strings.Contains(out, "notes.txt is not") {
			t.Errorf("View looked at the disk itself:\n%s", out)
		}
		send(s, expectMsg[mediaEntryMsg](t, lookUp))
		if out := frame(s, 80, 20); !strings.Contains(out, "notes.txt is not an image or a video") {
			t.Errorf("a dimmed file under the cursor is not explained:\n%s", out)
		}

		// A typed folder is browsed, not refused as a file; the folder is
		// looked up by a Cmd, not in Update.
		send(s, press("/"))
		typeInto(s, "photos")
		browse := send(s, expectMsg[mediaPathMsg](t, send(s, press("enter"))))
		send(s, expectMsg[tea.Msg](t, browse))
		if s.stage != mediaPick || s.err != "" || filepath.Base(s.fp.CurrentDirectory) != "photos" {
			t.Fatalf("typed folder: stage %v, folder %q, error %q", s.stage, s.fp.CurrentDirectory, s.err)
		}
		if out := frame(s, 80, 20); !strings.Contains(out, "dog.jpg") {
			t.Errorf("the typed folder is not listed:\n%s", out)
		}
	})
}

// The attachment list says why nothing more can be attached before a is
// pressed: a fifth image, a second video, or anything beside a GIF.
func TestMediaListSaysWhyFull(t *testing.T) {
	t.Parallel()
	img := func(name string) draft.Media {
		return draft.Media{Path: "/pics/" + name, Kind: draft.KindImage, Size: 1000, Alt: "a cat"}
	}
	tests := []struct {
		name   string
		media  []draft.Media
		want   string // "" when more can be attached
		golden string
	}{
		{name: "four images", media: []draft.Media{img("a.png"), img("b.png"), img("c.png"), img("d.png")}, want: "has 4 images, the most X takes", golden: "media_list_full"},
		{name: "a video", media: []draft.Media{{Path: "/pics/clip.mp4", Kind: draft.KindVideo, Size: 1000}}, want: "has a video, which must be alone"},
		{name: "a GIF", media: []draft.Media{{Path: "/pics/cat.gif", Kind: draft.KindGIF, Size: 1000}}, want: "has a GIF, which must be alone"},
		{name: "three images", media: []draft.Media{img("a.png"), img("b.png"), img("c.png")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				d := draft.New()
				d.Posts[0].Media = tt.media
				s := newTestMedia(t, mediaFake(), d)
				out := ansi.Strip(frame(s, screenW, screenH))
				out = strings.Join(strings.Fields(out), " ")
				if has := strings.Contains(out, "Nothing more can be attached"); has != (tt.want != "") || !strings.Contains(out, tt.want) {
					t.Errorf("the list says %q, want %q", out, tt.want)
				}
				if tt.golden != "" {
					goldenFrame(t, tt.golden, s)
				}
			})
		})
	}
}
