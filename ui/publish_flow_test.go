package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/ui/draft"
)

// writePNG writes a real 2×2 PNG and returns its path.
func writePNG(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	for x := range 2 {
		for y := range 2 {
			img.Set(x, y, color.RGBA{R: 200, A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "red.png")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// The whole program, the way a user goes: write a thread, attach an image
// with a description, add a poll to the second post, publish, find the
// posts among the recent ones, and delete one.
func TestFlowThreadMediaPollPublishRecentDelete(t *testing.T) {
	t.Parallel()
	pic := writePNG(t)
	info, err := os.Stat(pic)
	if err != nil {
		t.Fatal(err)
	}
	svc := newFakeServices()
	svc.media[pic] = draft.Media{Kind: draft.KindImage, MIME: "image/png", Size: info.Size()}
	dir := t.TempDir()
	dark := true
	tm, w := watch(t, New(svc, Options{DraftDir: dir, Dark: &dark}))
	// wait waits for a frame that holds every string of want. Each must be
	// new with the step waited for: frames already looked at are passed.
	wait := func(what string, want ...string) {
		t.Helper()
		w.wait(t, what, want...)
	}

	// Post 1 with the image.
	tm.Type("Red squares, a thread")
	tm.Send(press("alt+m"))
	wait("the picker", "type a path")
	tm.Send(press("/"))
	tm.Type(pic)
	tm.Send(press("enter"))
	wait("the alt-text field", "Alt text")
	tm.Type("A red square")
	tm.Send(press("enter"))
	wait("the attachment under the post", "Attached red.png")

	// Post 2 with the poll.
	tm.Send(press("ctrl+n"))
	tm.Type("Do you like them?")
	tm.Send(press("alt+p"))
	wait("the poll builder", "Option 1")
	tm.Type("Yes")
	tm.Send(press("tab"))
	tm.Type("No")
	tm.Send(press("enter"))
	wait("the poll under the post", "Poll set")

	// Publish.
	tm.Send(press("ctrl+p"))
	wait("the confirmation", "Publish this thread of 2 posts?")
	tm.Send(press("enter"))
	wait("the summary", "Published 2 posts")
	tm.Send(press("enter"))
	wait("a fresh draft", "a new draft is ready")

	// The posts are among the recent ones; delete the newest.
	tm.Send(press("alt+r"))
	wait("the recent list", "2 posts · that is all")
	tm.Send(press("d"))
	wait("the question", "Delete this post from X?")
	tm.Send(press("y"))
	wait("the status", "Deleted.")
	tm.Send(press("esc"))
	tm.Send(press("ctrl+c"))
	finalModel(t, tm)

	if diff := cmp.Diff([]string{"Red squares, a thread", "Do you like them?"}, svc.Published()); diff != "" {
		t.Errorf("published (-want +got):\n%s", diff)
	}
	page, err := svc.Recent(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Posts) != 1 || page.Posts[0].Text != "Red squares, a thread" {
		t.Errorf("posts left on the fake: %+v", page.Posts)
	}
	if !slices.Contains(svc.Calls(), "InspectMedia") {
		t.Error("the image was never inspected")
	}

	// The published draft stays on disk with its journal, its image and
	// its poll.
	store := &draft.Store{Dir: dir}
	list, err := store.List()
	if err != nil {
		t.Fatal(err)
	}
	var published *draft.Draft
	for _, s := range list {
		d, err := store.Load(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Published() {
			published = d
		}
	}
	if published == nil {
		t.Fatalf("no published draft among %d on disk", len(list))
	}
	p := published.Posts
	if len(p) != 2 || len(p[0].Media) != 1 || p[0].Media[0].Alt != "A red square" || p[1].Poll == nil ||
		!slices.Equal(p[1].Poll.Options, []string{"Yes", "No"}) {
		t.Errorf("published draft: %+v", published)
	}
	if strings.TrimSpace(published.Journal.PostIDs[0]) == "" {
		t.Error("no journal")
	}
}
