package ui

import (
	"cmp"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xpostdev/xpost/ui/draft"
)

// seedDrafts stores three drafts: a thread half published, a published
// post and an empty one, and returns their ids in that order.
func seedDrafts(t *testing.T, store *draft.Store) []string {
	t.Helper()
	var ids []string
	for i, posts := range [][]string{
		{"A thread about 日本語 and emoji 🎉", "second part", "third part"},
		{"Published already"},
		{""},
	} {
		d := draft.New()
		d.ID = "20260102-15040" + string(rune('0'+i)) + "-abcdef"
		d.Posts = nil
		for _, p := range posts {
			d.Posts = append(d.Posts, draft.Post{Text: p})
		}
		switch i {
		case 0:
			d.RecordPost(0, "1000")
		case 1:
			d.RecordPost(0, "1001")
		}
		if err := store.Save(d); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	return ids
}

func newTestDrafts(t *testing.T, e *env, current string) *draftsScreen {
	t.Helper()
	sc, cmd := newDraftsScreenFor(e, openRequest{Draft: &draft.Draft{ID: current}})
	s := sc.(*draftsScreen)
	s.now = func() time.Time { return fakeNow() }
	send(s, expectMsg[draftsListMsg](t, cmd))
	return s
}

func TestDraftsOpenNewDelete(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		e := testEnv(t, newFakeServices())
		ids := seedDrafts(t, e.store)
		s := newTestDrafts(t, e, ids[2])
		if len(s.list) != 3 {
			t.Fatalf("%d drafts listed, want 3", len(s.list))
		}
		if sel, _ := s.selected(); sel.ID != ids[2] {
			t.Errorf("the cursor starts on %s, not the open draft", sel.ID)
		}
		if s.keys.Delete.Enabled() {
			t.Error("the open draft can be deleted")
		}

		// Open another draft.
		send(s, press("down"))
		sel, _ := s.selected()
		if m := expectMsg[openDraftMsg](t, send(s, press("enter"))); m.ID != sel.ID {
			t.Errorf("opened %s, want %s", m.ID, sel.ID)
		}

		// Delete asks first; N keeps.
		send(s, press("d"))
		if !s.confirming || !strings.Contains(frame(s, screenW, screenH), "Delete this draft?") {
			t.Fatal("d did not ask")
		}
		noMsg[draftDeletedMsg](t, send(s, press("enter")))
		if _, err := e.store.Load(sel.ID); err != nil {
			t.Fatalf("the draft is gone after N: %v", err)
		}
		send(s, press("d"))
		send(s, expectMsg[draftDeletedMsg](t, send(s, press("y"))))
		if _, err := e.store.Load(sel.ID); !errors.Is(err, draft.ErrNotFound) {
			t.Errorf("after y: %v", err)
		}
		if len(s.list) != 2 {
			t.Errorf("%d drafts listed after delete", len(s.list))
		}

		// New asks the composer for a fresh draft and stores nothing: an
		// empty draft gets no file.
		before, _ := e.store.List()
		expectMsg[newDraftMsg](t, send(s, press("n")))
		if after, _ := e.store.List(); len(after) != len(before) {
			t.Errorf("%d drafts stored after n, want %d", len(after), len(before))
		}

		// Opening the draft already open just goes back.
		s = newTestDrafts(t, e, ids[0])
		for s.list[s.nav.cursor].ID != ids[0] {
			send(s, press("down"))
		}
		expectMsg[backMsg](t, send(s, press("enter")))
	})
}

func TestDraftsView(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		e := testEnv(t, newFakeServices())
		ids := seedDrafts(t, e.store)
		// A damaged file is moved aside and reported.
		if err := os.WriteFile(filepath.Join(e.store.Dir, "broken.json"), []byte("{not json"), 0o600); err != nil {
			t.Fatal(err)
		}
		s := newTestDrafts(t, e, ids[2])
		if len(s.corrupt) != 1 || len(s.list) != 3 {
			t.Fatalf("corrupt %d, listed %d", len(s.corrupt), len(s.list))
		}
		// The golden file must not hold the temporary directory.
		s.corrupt[0].MovedTo = filepath.Join("drafts", filepath.Base(s.corrupt[0].MovedTo[:strings.Index(s.corrupt[0].MovedTo, ".corrupt-")+9]))
		for i := range s.list {
			s.list[i].Updated = fakeEpoch.Add(-time.Duration(i) * 3600e9)
		}
		goldenFrame(t, "drafts", s)

		empty := newTestDrafts(t, testEnv(t, newFakeServices()), "")
		if !strings.Contains(frame(empty, screenW, screenH), "No drafts yet") {
			t.Error("an empty store says nothing")
		}
	})
}

// TestDraftsMarkTheAssistants: a draft an AI assistant wrote (xpost mcp)
// says so in the list, first on its line, even in a narrow window; the
// user's own do not.
func TestDraftsMarkTheAssistants(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		e := testEnv(t, newFakeServices())
		for _, origin := range []string{draft.OriginAssistant, ""} {
			d := draft.New()
			d.Origin = origin
			d.Posts = []draft.Post{{Text: "written by " + cmp.Or(origin, "me")}}
			if err := e.store.Save(d); err != nil {
				t.Fatal(err)
			}
			_ = e.store.Release(d.ID)
		}
		s := newTestDrafts(t, e, "")
		for _, width := range []int{screenW, 40} {
			f := frame(s, width, screenH)
			lines := strings.Split(f, "\n")
			marked := 0
			for i, l := range lines {
				if strings.Contains(l, "from the assistant") {
					marked++
					if i == 0 || !strings.Contains(lines[i-1], "written by assistant") {
						t.Errorf("at %d columns the mark is not under the assistant's draft:\n%s", width, f)
					}
				}
			}
			if marked != 1 {
				t.Errorf("at %d columns %d drafts are marked as the assistant's, want 1:\n%s", width, marked, f)
			}
		}
	})
}

// TestDraftsOpenMarkFits: the "(open)" mark on the draft being edited
// stays whole when its title is as wide as the window; the title gives
// way, not the mark.
func TestDraftsOpenMarkFits(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		e := testEnv(t, newFakeServices())
		d := draft.New()
		d.Posts = []draft.Post{{Text: strings.Repeat("a long title 日本語 ", 20)}}
		if err := e.store.Save(d); err != nil {
			t.Fatal(err)
		}
		s := newTestDrafts(t, e, d.ID)
		for _, width := range []int{screenW, 120, 30} {
			f := frame(s, width, screenH)
			if !strings.Contains(f, "… (open)") {
				t.Errorf("at %d columns the open mark is cut:\n%s", width, f)
			}
		}
	})
}

// TestDraftsDeleteOpenSaysWhy: d on the draft open in the composer does
// not delete it, and says why and what to do instead.
func TestDraftsDeleteOpenSaysWhy(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		e := testEnv(t, newFakeServices())
		ids := seedDrafts(t, e.store)
		s := newTestDrafts(t, e, ids[2])
		msg := expectMsg[statusMsg](t, send(s, press("d")))
		if s.confirming || !strings.Contains(msg.Text, "open in the composer") {
			t.Errorf("d on the open draft: confirming %v, status %q", s.confirming, msg.Text)
		}
		if _, err := e.store.Load(ids[2]); err != nil {
			t.Errorf("the open draft is gone: %v", err)
		}
	})
}
