package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/xpostdev/xpost/ui/draft"
)

// newTestRecent opens the recent screen and delivers its first page.
func newTestRecent(t *testing.T, svc *fakeServices) (*recentScreen, *env) {
	t.Helper()
	e := testEnv(t, svc)
	sc, cmd := newRecentScreenFor(e, openRequest{})
	s := sc.(*recentScreen)
	s.now, s.loc = fakeNow, time.UTC
	send(s, expectMsg[recentPageMsg](t, cmd))
	return s, e
}

func TestRelativeTime(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		ago  time.Duration
		want string
	}{
		{name: "seconds", ago: 30 * time.Second, want: "now"},
		{name: "minutes", ago: 5 * time.Minute, want: "5m"},
		{name: "hours", ago: 3 * time.Hour, want: "3h"},
		{name: "days", ago: 50 * time.Hour, want: "2d"},
		{name: "this year", ago: 30 * 24 * time.Hour, want: "May 11"},
		{name: "last year", ago: 400 * 24 * time.Hour, want: "May 6 2025"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := relativeTime(now.Add(-tt.ago), now); got != tt.want {
				t.Errorf("relativeTime(-%v) = %q, want %q", tt.ago, got, tt.want)
			}
		})
	}
}

func TestRecentPaging(t *testing.T) {
	t.Parallel()
	svc := newFakeServices().addPosts(25)
	s, _ := newTestRecent(t, svc)
	if len(s.posts) != 10 || s.next == "" {
		t.Fatalf("first page: %d posts, next %q", len(s.posts), s.next)
	}
	// n loads the next page.
	send(s, expectMsg[recentPageMsg](t, send(s, press("n"))))
	if len(s.posts) != 20 {
		t.Fatalf("after n: %d posts, want 20", len(s.posts))
	}
	// Reaching the end loads more on its own.
	var cmd = send(s, press("down"))
	for range 18 {
		cmd = send(s, press("down"))
	}
	if s.cursor != 19 {
		t.Fatalf("cursor %d, want 19", s.cursor)
	}
	send(s, expectMsg[recentPageMsg](t, cmd))
	if len(s.posts) != 25 || s.next != "" {
		t.Fatalf("after the end: %d posts, next %q; want 25 and none", len(s.posts), s.next)
	}
	if s.keys.NextPage.Enabled() {
		t.Error("n is offered with nothing more to load")
	}
	if !strings.Contains(frame(s, screenW, screenH), "25 posts · that is all") {
		t.Error("the footer does not say everything is loaded")
	}
}

func TestRecentDelete(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		keys    []string
		deleted bool
	}{
		{name: "y deletes", keys: []string{"d", "y"}, deleted: true},
		{name: "enter keeps (No is the default)", keys: []string{"d", "enter"}},
		{name: "n keeps", keys: []string{"d", "n"}},
		{name: "esc keeps", keys: []string{"d", "esc"}},
		{name: "another key keeps", keys: []string{"d", "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			svc := newFakeServices().addPosts(3)
			s, _ := newTestRecent(t, svc)
			send(s, press("down"))
			var cmd = send(s, press(tt.keys[0]))
			if s.mode != recentConfirm || !strings.Contains(frame(s, screenW, screenH), "post number 2") {
				t.Fatal("d did not ask with the post's text")
			}
			cmd = send(s, press(tt.keys[1]))
			if !tt.deleted {
				noMsg[recentDeletedMsg](t, cmd)
				if slices.Contains(svc.Calls(), "Delete") || len(s.posts) != 3 {
					t.Fatal("the post was deleted")
				}
				return
			}
			send(s, expectMsg[recentDeletedMsg](t, cmd))
			if len(s.posts) != 2 || s.posts[1].Text != "post number 1" {
				t.Fatalf("posts after delete: %+v", s.posts)
			}
			if got, _ := svc.Recent(t.Context(), ""); len(got.Posts) != 2 {
				t.Error("the fake still has the post")
			}
		})
	}
}

func TestRecentDeleteFails(t *testing.T) {
	t.Parallel()
	svc := newFakeServices().addPosts(2)
	svc.failWith("Delete", errors.New("x is over capacity"), true)
	s, _ := newTestRecent(t, svc)
	send(s, press("d"))
	m := expectMsg[recentDeletedMsg](t, send(s, press("y")))
	st := expectMsg[statusMsg](t, send(s, m))
	if st.Level != levelError || !strings.Contains(st.Text, "over capacity") || len(s.posts) != 2 {
		t.Errorf("status %+v, %d posts", st, len(s.posts))
	}
}

// openedDraft follows an openDraftMsg from cmd to the draft it stored.
func openedDraft(t *testing.T, e *env, cmd tea.Cmd) *draft.Draft {
	t.Helper()
	m := expectMsg[openDraftMsg](t, cmd)
	d, err := e.store.Load(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRecentNewDrafts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		keys  []string
		check func(t *testing.T, d *draft.Draft, svc *fakeServices)
	}{
		{
			name: "reply",
			keys: []string{"r"},
			check: func(t *testing.T, d *draft.Draft, _ *fakeServices) {
				if d.ReplyTo != "1001" || d.Posts[0].Text != "" {
					t.Errorf("reply draft: %+v", d)
				}
			},
		},
		{
			name: "quote from the full view",
			keys: []string{"enter", "q"},
			check: func(t *testing.T, d *draft.Draft, _ *fakeServices) {
				if d.Quote != "1001" {
					t.Errorf("quote draft: %+v", d)
				}
			},
		},
		{
			name: "delete and edit again",
			keys: []string{"e", "y"},
			check: func(t *testing.T, d *draft.Draft, svc *fakeServices) {
				if d.Posts[0].Text != "post number 2" {
					t.Errorf("reopened text %q", d.Posts[0].Text)
				}
				if !slices.Contains(svc.Calls(), "Delete") {
					t.Error("the post was not deleted")
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			svc := newFakeServices().addPosts(3)
			s, e := newTestRecent(t, svc)
			send(s, press("down"))
			var cmd tea.Cmd
			for _, k := range tt.keys {
				cmd = send(s, press(k))
			}
			if m, ok := firstMsg[recentDeletedMsg](cmd); ok {
				cmd = send(s, m)
			}
			tt.check(t, openedDraft(t, e, cmd), svc)
		})
	}
}

func TestRecentErrors(t *testing.T) {
	t.Parallel()
	svc := newFakeServices()
	svc.failWith("Recent", errors.New("connection refused"), true)
	s, _ := newTestRecent(t, svc)
	if !strings.Contains(frame(s, screenW, screenH), "Could not load your posts: connection refused") {
		t.Error("the error is not shown")
	}
	send(s, expectMsg[recentPageMsg](t, send(s, press("ctrl+r"))))
	if s.err != nil || !s.loaded {
		t.Errorf("retry: err %v loaded %v", s.err, s.loaded)
	}

	out := newFakeServices()
	out.loggedIn = false
	e := testEnv(t, out)
	sc, cmd := newRecentScreenFor(e, openRequest{})
	nav := expectMsg[navigateMsg](t, send(sc, expectMsg[recentPageMsg](t, cmd)))
	if nav.To != screenLogin {
		t.Errorf("not logged in opens %v", nav.To)
	}
}

func TestRecentViews(t *testing.T) {
	t.Parallel()
	svc := newFakeServices().addPosts(12)
	svc.posts[0].Text = "Ein Beitrag mit Umlauten äöü, 日本語の文字 and emoji 👩‍👩‍👧‍👦🇯🇵 that runs past the edge of an eighty column terminal"
	svc.posts[0].Likes, svc.posts[0].Reposts, svc.posts[0].Replies, svc.posts[0].Impressions = 1, 2, 3, 1234
	svc.posts[1].ReplyTo = "999"
	s, _ := newTestRecent(t, svc)
	goldenFrame(t, "recent_list", s)
	send(s, press("enter"))
	goldenFrame(t, "recent_view", s)
	send(s, press("esc"), press("d"))
	goldenFrame(t, "recent_confirm", s)
	// Resizing keeps every line inside the terminal.
	for _, w := range []int{40, 60, 120} {
		checkFrame(t, frame(s, w, 15), w, 15)
	}
}
