package main

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/ui"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// TestComposerReopensTheWholePost publishes a numbered thread whose second
// post carries a picture with alt text, against the fake X, then deletes
// that post from the composer's recent posts with e and y: the new draft
// holds the whole post (the file and its alt text from the draft that
// published it, who may reply, the post it replied to) without its " 2/2".
func TestComposerReopensTheWholePost(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	svc := adapter(t, apiRunner(t, srv))
	dir := t.TempDir()
	img := writePNG(t, filepath.Join(t.TempDir(), "dot.png"))
	m, err := svc.InspectMedia(img)
	if err != nil {
		t.Fatal(err)
	}
	m.Alt = "a red dot"
	d := draft.New()
	d.Numbering, d.ReplySettings = true, draft.ReplyFollowing
	d.Posts = []draft.Post{{Text: "First"}, {Text: "Second, with a dot", Media: []draft.Media{m}}}
	j := &xapi.MemoryJournal{}
	if err := svc.Publish(t.Context(), *d, j, nil); err != nil {
		t.Fatal(err)
	}
	d.Journal.PostIDs = j.PostIDs()
	store := &draft.Store{Dir: dir}
	if err := store.Save(d); err != nil {
		t.Fatal(err)
	}

	tm := teatest.NewTestModel(t, ui.New(svc, ui.Options{DraftDir: dir, Context: t.Context()}), teatest.WithInitialTermSize(100, 30))
	wait := func(what string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(what)) }, teatest.WithDuration(10*time.Second))
	}
	wait("@" + srv.DemoUser().Username)
	tm.Send(tea.KeyPressMsg{Code: 'r', Mod: tea.ModAlt})
	wait("Second, with a dot 2/2") // the newest post, selected
	tm.Send(tea.KeyPressMsg{Code: 'e', Text: "e"})
	wait("edit its text in a new draft?")
	tm.Send(tea.KeyPressMsg{Code: 'y', Text: "y"})
	wait("Deleted;")
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	for _, p := range srv.State().Posts {
		if p.ID == j.PostIDs()[1] {
			t.Fatal("the post is still on X")
		}
	}
	list, err := store.List()
	if err != nil {
		t.Fatal(err)
	}
	var got *draft.Draft
	for _, s := range list {
		if s.ID != d.ID {
			if got, err = store.Load(s.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got == nil {
		t.Fatalf("no new draft among %+v", list)
	}
	want := draft.Draft{ReplyTo: j.PostIDs()[0], ReplySettings: draft.ReplyFollowing,
		Posts: []draft.Post{{Text: "Second, with a dot", Media: []draft.Media{m}}}}
	if diff := cmp.Diff(want, draft.Draft{ReplyTo: got.ReplyTo, ReplySettings: got.ReplySettings, Posts: got.Posts}); diff != "" {
		t.Errorf("reopened draft (-want +got):\n%s", diff)
	}
}
