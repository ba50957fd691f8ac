package ui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/ui/draft"
)

// completionDir is a folder to complete in: two pictures sharing a
// prefix, a folder, a file the picker does not offer, a hidden file.
const completionDir = "testdata/complete"

func TestCompletePath(t *testing.T) {
	t.Parallel()
	dir := completionDir
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, typed, value string
		list               []string
	}{
		{name: "common prefix", typed: "c", value: "cat-", list: []string{"cat-1.png", "cat-2.jpg"}},
		{name: "no further", typed: "cat-", value: "cat-", list: []string{"cat-1.png", "cat-2.jpg"}},
		{name: "one match", typed: "cat-1", value: "cat-1.png", list: []string{"cat-1.png"}},
		{name: "a folder ends with a slash", typed: "do", value: "dogs/", list: []string{"dogs/"}},
		{name: "inside a folder", typed: "dogs/", value: "dogs/pup.webp", list: []string{"pup.webp"}},
		{name: "everything offered", typed: "", value: "", list: []string{"cat-1.png", "cat-2.jpg", "dogs/", "日本/"}},
		{name: "hidden only when asked", typed: ".h", value: ".hidden.png", list: []string{".hidden.png"}},
		{name: "not offered", typed: "no", value: "no"},
		{name: "wide names", typed: "日本/写", value: "日本/写真.png", list: []string{"写真.png"}},
		{name: "parent", typed: "dogs/../c", value: "dogs/../cat-", list: []string{"cat-1.png", "cat-2.jpg"}},
		{name: "absolute", typed: abs + "/cat-1", value: abs + "/cat-1.png", list: []string{"cat-1.png"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := completePath(tt.typed, dir)
			if got.err != nil {
				t.Fatal(got.err)
			}
			if got.value != tt.value || !cmp.Equal(got.list, tt.list) {
				t.Errorf("completePath(%q) = %q %q, want %q %q", tt.typed, got.value, got.list, tt.value, tt.list)
			}
		})
	}
	if got := completePath("nowhere/x", dir); got.err == nil {
		t.Errorf("a missing folder completes: %+v", got)
	}
}

func TestCommonPrefixKeepsCharactersWhole(t *testing.T) {
	t.Parallel()
	// 写 and 冩 share their first two bytes.
	if got := commonPrefix("a写", "a冩"); got != "a" {
		t.Errorf("commonPrefix = %q, want %q", got, "a")
	}
}

// tab presses tab in the path field and delivers the completion.
func tab(t *testing.T, s *mediaScreen) {
	t.Helper()
	send(s, expectMsg[mediaCompletedMsg](t, send(s, press("tab"))))
}

func TestMediaPathTabAndUp(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		dir := completionDir
		svc := mediaFake()
		s, cmd := newMediaScreen(testEnv(t, svc), 0, draft.New().Posts[0], filepath.Join(dir, "dogs"))
		send(s, expectMsg[tea.Msg](t, cmd))

		// . opens the path field with a dot; .. and enter go up.
		send(s, press("."))
		if s.stage != mediaPath || s.path.Value() != "." {
			t.Fatalf(". gives stage %v value %q", s.stage, s.path.Value())
		}
		typeInto(s, ".")
		send(s, expectMsg[tea.Msg](t, send(s, expectMsg[mediaPathMsg](t, send(s, press("enter"))))))
		if s.stage != mediaPick || s.fp.CurrentDirectory != dir {
			t.Fatalf("after ..: stage %v in %q, want the picker in %q", s.stage, s.fp.CurrentDirectory, dir)
		}

		send(s, press("/"))
		typeInto(s, "c")
		tab(t, s)
		if s.path.Value() != "cat-" || s.completions != nil {
			t.Fatalf("first tab: %q %q", s.path.Value(), s.completions)
		}
		tab(t, s)
		if !cmp.Equal(s.completions, []string{"cat-1.png", "cat-2.jpg"}) {
			t.Fatalf("second tab lists %q", s.completions)
		}
		goldenFrame(t, "media_path_tab", s)
		golden(t, "media_path_tab_120", frame(s, 120, 30))
		typeInto(s, "2")
		if s.completions != nil {
			t.Error("the list stays after typing on")
		}
		tab(t, s)
		if s.path.Value() != "cat-2.jpg" {
			t.Fatalf("third tab: %q", s.path.Value())
		}
		// A tab whose answer comes after more typing changes nothing.
		late := send(s, press("tab"))
		typeInto(s, "x")
		send(s, expectMsg[mediaCompletedMsg](t, late))
		if s.path.Value() != "cat-2.jpgx" {
			t.Errorf("a late completion replaced the typing: %q", s.path.Value())
		}
		send(s, press("backspace"))
		send(s, expectMsg[mediaCompletedMsg](t, send(s, press("tab"))))
		s.path.SetValue("zzz")
		tab(t, s)
		if !strings.Contains(s.err, "nothing here starts with zzz") {
			t.Errorf("err %q", s.err)
		}
	})
}

func TestMediaStartsInTheLastFolder(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		dir := completionDir
		svc := mediaFake()
		svc.media["cat-1.png"] = draft.Media{Kind: draft.KindImage, MIME: "image/png", Size: 1}
		e := testEnv(t, svc)
		kept := make(chan string, 1)
		e.rememberMediaDir = func(d string) error { kept <- d; return nil }
		d := draft.New()
		s, cmd := newMediaScreen(e, 0, d.Posts[0], mediaDir)
		send(s, expectMsg[tea.Msg](t, cmd))
		send(s, press("/"))
		abs, err := filepath.Abs(filepath.Join(dir, "cat-1.png"))
		if err != nil {
			t.Fatal(err)
		}
		typeInto(s, abs)
		send(s, expectMsg[mediaInspectedMsg](t, send(s, expectMsg[mediaPathMsg](t, send(s, press("enter"))))))
		msgs := cmdMsgs(send(s, press("enter")))
		applyEdit(t, emit(expectFrom[editDraftMsg](t, msgs)), d)
		dir, err = filepath.Abs(dir)
		if err != nil {
			t.Fatal(err)
		}
		if e.mediaDir != dir {
			t.Errorf("the picker starts in %q after attaching from %q", e.mediaDir, dir)
		}
		if got := <-kept; got != dir {
			t.Errorf("kept %q, want %q", got, dir)
		}
		next, _ := newMediaScreenFor(e, openRequest{Draft: d, Post: 0})
		if got := next.(*mediaScreen).fp.CurrentDirectory; got != dir {
			t.Errorf("reopened in %q, want %q", got, dir)
		}
	})
}

func TestNotMediaMessage(t *testing.T) {
	t.Parallel()
	tests := []struct{ path, want string }{
		{"/a/IMG_0001.HEIC", "IMG_0001.HEIC is not an image X accepts: HEIC — convert it to JPEG or PNG"},
		{"film.mkv", "film.mkv is not a video X accepts: MKV — convert it to MP4"},
		{"scan.tiff", "scan.tiff is not an image X accepts: TIFF — convert it to JPEG or PNG"},
		{"notes.txt", "notes.txt is not a picture or a video X takes: choose a JPEG, PNG, WEBP or GIF image, or an MP4, MOV or WebM video"},
	}
	for _, tt := range tests {
		if got := notMediaMessage(tt.path); got != tt.want {
			t.Errorf("notMediaMessage(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestMediaExtensionsFollowXRules(t *testing.T) {
	t.Parallel()
	for _, e := range draft.MediaExtensions {
		if !isMediaName("a."+e) || !isMediaName("A."+strings.ToUpper(e)) {
			t.Errorf("the picker does not offer .%s files", e)
		}
	}
	if isMediaName("a.heic") {
		t.Error("the picker offers .heic")
	}
}
