package ui

import (
	"errors"
	"fmt"
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
	bubble(t, func(t *testing.T) {
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
		if s.list.cursor != 19 {
			t.Fatalf("cursor %d, want 19", s.list.cursor)
		}
		send(s, expectMsg[recentPageMsg](t, cmd))
		if len(s.posts) != 25 || s.next != "" {
			t.Fatalf("after the end: %d posts, next %q; want 25 and none", len(s.posts), s.next)
		}
		if s.nav.NextPage.Enabled() {
			t.Error("n is offered with nothing more to load")
		}
		if !strings.Contains(frame(s, screenW, screenH), "25 posts · that is all") {
			t.Error("the footer does not say everything is loaded")
		}
	})
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
			bubble(t, func(t *testing.T) {
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
		})
	}
}

func TestRecentDeleteFails(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		svc := newFakeServices().addPosts(2)
		svc.failWith("Delete", errors.New("x is over capacity"), true)
		s, _ := newTestRecent(t, svc)
		send(s, press("d"))
		m := expectMsg[recentDeletedMsg](t, send(s, press("y")))
		st := expectMsg[statusMsg](t, send(s, m))
		if st.Level != levelError || !strings.Contains(st.Text, "over capacity") || len(s.posts) != 2 {
			t.Errorf("status %+v, %d posts", st, len(s.posts))
		}
	})
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
			bubble(t, func(t *testing.T) {
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
		})
	}
}

func TestRecentErrors(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
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
	})
}

func TestRecentViews(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
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
	})
}

func TestAttachmentSummary(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC)
	tabs := func(a, b int, ends time.Time, closed bool) *PostPoll {
		return &PostPoll{Options: []PollOption{{"Tabs", a}, {"Spaces", b}}, Ends: ends, Closed: closed}
	}
	tests := []struct {
		name string
		post Post
		want string
	}{
		{name: "nothing", post: Post{Text: "words"}, want: ""},
		{name: "images with alt", post: Post{Media: []PostMedia{{MediaPhoto, "a dancing\ncat"}, {MediaPhoto, "a dog"}}},
			want: "▣ 2 images · alt: a dancing cat"},
		{name: "image without alt", post: Post{Media: []PostMedia{{Kind: MediaPhoto}}}, want: "▣ 1 image · 1 without alt text"},
		{name: "some without alt", post: Post{Media: []PostMedia{{Kind: MediaPhoto}, {MediaPhoto, "b"}, {Kind: MediaPhoto}}},
			want: "▣ 3 images · alt: b · 2 without alt text"},
		{name: "video", post: Post{Media: []PostMedia{{MediaVideo, "clip"}}}, want: "▶ video · alt: clip"},
		{name: "gif", post: Post{Media: []PostMedia{{MediaGIF, "loop"}}}, want: "▣ GIF · alt: loop"},
		{name: "open poll", post: Post{Poll: tabs(740, 494, now.Add(3*time.Hour+5*time.Minute), false)},
			want: "▤ poll: Tabs 60% · Spaces 40% · 1,234 votes · ends in 3h"},
		{name: "final poll", post: Post{Poll: tabs(1, 2, now.Add(-time.Hour), true)},
			want: "▤ poll: Tabs 33% · Spaces 67% · 3 votes · final"},
		{name: "poll without votes", post: Post{Poll: tabs(0, 0, now.Add(20*time.Minute), false)},
			want: "▤ poll: Tabs · Spaces · no votes yet · ends in 20m"},
		{name: "poll past its end", post: Post{Poll: tabs(1, 0, now, false)}, want: "▤ poll: Tabs 100% · Spaces 0% · 1 vote · ending now"},
		{name: "poll for days", post: Post{Poll: tabs(1_000_000, 0, now.Add(50*time.Hour), false)},
			want: "▤ poll: Tabs 100% · Spaces 0% · 1,000,000 votes · ends in 2d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := attachmentSummary(tt.post, now); got != tt.want {
				t.Errorf("attachmentSummary = %q, want %q", got, tt.want)
			}
		})
	}
}

// attachmentsFake holds posts with media and polls among plain ones.
func attachmentsFake() *fakeServices {
	svc := newFakeServices().addPosts(9)
	svc.posts[0].Text = "Tabs or spaces? Settle it."
	svc.posts[0].Poll = &PostPoll{Options: []PollOption{{"Tabs", 740}, {"Spaces", 494}}, Ends: fakeNow().Add(3*time.Hour + time.Minute)}
	svc.posts[1].Media = []PostMedia{{MediaPhoto, "A cat dancing on a piano, mid-leap, with sheet music flying everywhere around the room"}, {Kind: MediaPhoto}}
	svc.posts[3].Media = []PostMedia{{MediaVideo, "clip"}}
	svc.posts[4].Media = []PostMedia{{MediaGIF, "日本語の説明 👩‍👩‍👧‍👦"}}
	svc.posts[5].Poll = &PostPoll{Options: []PollOption{{"yes", 3}, {"no", 1}, {"日本語のオプション", 0}}, Closed: true,
		Ends: fakeNow().Add(-time.Hour)}
	return svc
}

func TestRecentAttachments(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		svc := attachmentsFake()
		s, _ := newTestRecent(t, svc)
		goldenFrame(t, "recent_attach_list", s)
		list := frame(s, screenW, screenH)
		for _, want := range []string{"▤ poll: Tabs 60% · Spaces 40% · 1,234 votes · ends in 3h", "▣ 2 images · alt: A cat dancing", "▶ video · alt: clip"} {
			if !strings.Contains(list, want) {
				t.Errorf("list lacks %q:\n%s", want, list)
			}
		}
		// A plain post keeps its two lines: text, metrics.
		if strings.Contains(strings.Split(strings.Split(list, "post number 7")[1], "post number 6")[0], "▣") {
			t.Errorf("a post without attachments shows one:\n%s", list)
		}

		send(s, press("down"), press("enter"))
		goldenFrame(t, "recent_attach_view", s)
		view := frame(s, screenW, screenH)
		for _, want := range []string{"▣ 2 images", "1. alt: A cat dancing", "2. no alt text"} {
			if !strings.Contains(view, want) {
				t.Errorf("full view lacks %q:\n%s", want, view)
			}
		}
		send(s, press("esc"), press("up"), press("enter"))
		view = frame(s, screenW, screenH)
		for _, want := range []string{"▤ poll · 1,234 votes · ends in 3h", "Tabs     60%  740 votes", "Spaces   40%  494 votes"} {
			if !strings.Contains(view, want) {
				t.Errorf("poll view lacks %q:\n%s", want, view)
			}
		}
		send(s, press("esc"))

		// Deleting asks with what goes with the post, not only its text:
		// the images and their alt text go too.
		send(s, press("down"), press("d"))
		if ask := frame(s, screenW, screenH); !strings.Contains(ask, "▣ 2 images · alt: A cat dancing") {
			t.Errorf("the delete question does not show the media:\n%s", ask)
		}
		send(s, press("n"), press("up"))

		// Walking down the list keeps the cursor's post on screen although
		// items differ in height, and no frame outgrows the terminal.
		for i := range len(svc.posts) - 1 {
			send(s, press("down"))
			for _, size := range [][2]int{{screenW, screenH}, {40, 12}, {120, 9}} {
				raw := s.View(size[0], size[1])
				if n := strings.Count(raw, "\n") + 1; n > size[1] {
					t.Errorf("cursor %d at %dx%d: view has %d lines", i+1, size[0], size[1], n)
				}
				checkFrame(t, frame(s, size[0], size[1]), size[0], size[1])
				if p, _ := s.selected(); !strings.Contains(frame(s, size[0], size[1]), "▌ "+firstLine(p.Text)) {
					t.Errorf("cursor %d at %dx%d: selected post %q is off screen", i+1, size[0], size[1], p.Text)
				}
			}
		}
		send(s, press("enter"))
		for _, w := range []int{30, 60, 120} {
			checkFrame(t, frame(s, w, 15), w, 15)
		}
	})
}

// numbersPosts makes the first post an editable reply with private counts
// and the second one whose edit window has closed.
func numbersPosts() *fakeServices {
	svc := newFakeServices().addPosts(3)
	p := &svc.posts[0]
	p.Likes, p.Impressions = 4, 310
	p.ReplyTo = "777"
	p.Refers = &RefPost{Kind: "replied_to", ID: "777", Author: "grace", Text: "What should the compiler be called?\nsecond line"}
	p.Private = &PrivateMetrics{Impressions: 310, ProfileClicks: 7, LinkClicks: 2}
	p.EditEligible, p.EditableUntil, p.EditsLeft = true, fakeNow().Add(41*time.Minute), 3
	q := &svc.posts[1]
	q.EditEligible, q.EditableUntil, q.EditsLeft = true, fakeNow().Add(-time.Minute), 5
	return svc
}

func TestRecentNumbers(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		s, _ := newTestRecent(t, numbersPosts())
		goldenFrame(t, "recent_numbers_list", s)
		golden(t, "recent_numbers_list_120", frame(s, 120, 30))
		list := frame(s, 120, 30)
		for _, want := range []string{"↩ @grace: What should the compiler be called?", "7 profile clicks · 2 link clicks"} {
			if !strings.Contains(list, want) {
				t.Errorf("the list lacks %q:\n%s", want, list)
			}
		}
		send(s, press("enter"))
		goldenFrame(t, "recent_numbers_view", s)
		view := frame(s, 120, 30)
		golden(t, "recent_numbers_view_120", view)
		for _, want := range []string{"replying to @grace (777)\n  “What should the compiler be called?\n  second line”\n", "only you see: 310 impressions · 7 profile clicks · 2 link clicks", "editable: 3 edits left · 41m to go"} {
			if !strings.Contains(view, want) {
				t.Errorf("the full view lacks %q:\n%s", want, view)
			}
		}
	})
}

func TestRecentEdit(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		svc := numbersPosts()
		s, e := newTestRecent(t, svc)
		if h := s.keys.Reopen.Help().Desc; h != "edit" {
			t.Errorf("e on an editable post is offered as %q, want edit", h)
		}
		d := openedDraft(t, e, send(s, press("e")))
		if d.Edit == nil || d.Edit.ID != "1002" || d.Edit.EditsLeft != 3 || !d.Edit.Until.Equal(fakeNow().Add(41*time.Minute)) {
			t.Fatalf("edit draft: %+v", d.Edit)
		}
		if d.Posts[0].Text != "post number 3" || d.ReplyTo != "" {
			t.Errorf("edit draft text %q reply %q", d.Posts[0].Text, d.ReplyTo)
		}
		if slices.Contains(svc.Calls(), "Delete") {
			t.Error("an edit deleted the post")
		}

		// Past its window, e offers delete and repost, and says why.
		send(s, press("down"))
		if h := s.keys.Reopen.Help().Desc; h != "delete & edit" {
			t.Errorf("e on a closed post is offered as %q", h)
		}
		if cmd := send(s, press("e")); cmd != nil {
			if _, ok := firstMsg[openDraftMsg](cmd); ok {
				t.Fatal("a post past its window opened as an edit")
			}
		}
		if s.mode != recentConfirm || !s.reopen {
			t.Fatalf("mode %v reopen %v, want the delete & edit question", s.mode, s.reopen)
		}
		if f := frame(s, 120, 30); !strings.Contains(f, "X takes no more edits of this post (the edit window has closed)") {
			t.Errorf("the question does not say why:\n%s", f)
		}
	})
}

func TestEditLeft(t *testing.T) {
	t.Parallel()
	now := fakeNow()
	tests := []struct {
		left  int
		until time.Time
		want  string
	}{
		{3, now.Add(41*time.Minute + 30*time.Second), "3 edits left · 41m to go"},
		{1, now.Add(65 * time.Minute), "1 edit left · 1h05m to go"},
		{2, now.Add(9 * time.Second), "2 edits left · 9s to go"},
		{2, now, "the edit window has closed"},
		{0, now.Add(time.Hour), "no edits left"},
	}
	for _, tt := range tests {
		if got := editLeft(tt.left, tt.until, now); got != tt.want {
			t.Errorf("editLeft(%d, %v) = %q, want %q", tt.left, tt.until.Sub(now), got, tt.want)
		}
	}
}

// clipboardOf is what cmd puts on the clipboard (Bubble Tea's OSC 52
// message), or "".
func clipboardOf(t *testing.T, cmd tea.Cmd) string {
	t.Helper()
	want := fmt.Sprintf("%T", tea.SetClipboard("")())
	for _, m := range drainMsgs(cmd) {
		if fmt.Sprintf("%T", m) == want {
			return fmt.Sprint(m)
		}
	}
	return ""
}

func TestRecentLink(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		svc := newFakeServices().addPosts(2)
		s, _ := newTestRecent(t, svc)
		if got := clipboardOf(t, send(s, press("c"))); got != "https://x.com/i/status/1001" {
			t.Errorf("c copied %q", got)
		}
		send(s, press("enter"))
		st := expectMsg[statusMsg](t, send(s, press("o")))
		if !slices.Equal(svc.opened, []string{"https://x.com/i/status/1001"}) || !strings.Contains(st.Text, "Opened https://x.com/i/status/1001") {
			t.Errorf("o opened %q, said %q", svc.opened, st.Text)
		}
		svc.failWith("OpenURL", errors.New("no browser"), true)
		st = expectMsg[statusMsg](t, send(s, press("o")))
		if !strings.Contains(st.Text, "no browser") || !strings.Contains(st.Text, "https://x.com/i/status/1001") {
			t.Errorf("a failed open says %q; want the reason and the link", st.Text)
		}
	})
}

// drainMsgs is every message cmd produces once it has nothing left to do.
func drainMsgs(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := cmdMsgs(cmd)
	var out []tea.Msg
	for {
		inBubble()
		select {
		case m, ok := <-ch:
			if !ok {
				return out
			}
			out = append(out, m)
		default:
			return out
		}
	}
}

// shownIDs are the ids of the posts the list shows, in order.
func shownIDs(s *recentScreen) []string {
	var ids []string
	for _, p := range s.posts {
		ids = append(ids, p.ID)
	}
	return ids
}

func TestRecentSortFilter(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		svc := newFakeServices().addPosts(4) // 1003, 1002, 1001, 1000
		svc.posts[0].Text, svc.posts[0].Likes, svc.posts[0].Impressions = "Compilers are fun", 1, 50
		svc.posts[1].Text, svc.posts[1].Likes, svc.posts[1].Impressions = "lunch", 9, 10
		svc.posts[2].Text, svc.posts[2].Likes, svc.posts[2].Impressions = "The COMPILER is named", 3, 10
		svc.posts[2].Private = &PrivateMetrics{Impressions: 900}
		s, _ := newTestRecent(t, svc)
		send(s, press("down")) // 1002 selected
		steps := []struct {
			key  string
			want []string
		}{
			{"s", []string{"1001", "1003", "1002", "1000"}}, // by impressions, the author's own count first
			{"s", []string{"1002", "1001", "1003", "1000"}}, // by likes
			{"s", []string{"1003", "1002", "1001", "1000"}}, // newest first again
		}
		for _, st := range steps {
			send(s, press(st.key))
			if got := shownIDs(s); !slices.Equal(got, st.want) {
				t.Errorf("after %s: %v, want %v", st.key, got, st.want)
			}
			if p, _ := s.selected(); p.ID != "1002" {
				t.Errorf("after %s the selection moved to %s", st.key, p.ID)
			}
		}
		send(s, press("/"))
		if !s.Typing() {
			t.Fatal("/ does not start typing the filter")
		}
		typeInto(s, "compiler")
		if got := shownIDs(s); !slices.Equal(got, []string{"1003", "1001"}) {
			t.Errorf("filter compiler: %v", got)
		}
		send(s, press("enter"))
		goldenFrame(t, "recent_filter", s)
		golden(t, "recent_filter_120", frame(s, 120, 30))
		if s.Typing() || !strings.Contains(frame(s, 80, 21), "2 posts · that is all · filter “compiler”") {
			t.Errorf("after enter the filter is not kept:\n%s", frame(s, 80, 21))
		}
		send(s, press("/"))
		typeInto(s, "zzz")
		if f := frame(s, 80, 21); !strings.Contains(f, "No post of the 4 loaded holds “compilerzzz”.") {
			t.Errorf("an empty match says:\n%s", f)
		}
		send(s, press("esc"))
		if len(s.posts) != 4 || s.list.filter != "" {
			t.Errorf("esc leaves %d posts, filter %q", len(s.posts), s.list.filter)
		}
		// Deleting while sorted removes the post from what is loaded too.
		send(s, press("s"), press("s"))
		s.remove("1002")
		send(s, press("s"))
		if got := shownIDs(s); slices.Contains(got, "1002") || len(got) != 3 {
			t.Errorf("after removing 1002: %v", got)
		}
	})
}

// TestReplyNamesItsPost: a reply or quote started from recent posts, and an
// edit, say on the publish confirmation what they refer to: the post by
// author and text, the post an edit replaces.
func TestReplyNamesItsPost(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		svc := numbersPosts()
		s, e := newTestRecent(t, svc)
		e.account = &Account{ID: "42", Username: "ada", Limit: 280}
		send(s, press("down"))
		d := openedDraft(t, e, send(s, press("r")))
		d.Posts[0].Text = "and more"
		sc, _ := newPublishScreenFor(e, openRequest{Draft: d})
		if f := frame(sc, 120, 30); !strings.Contains(f, "replying to @ada: “post number 2”") {
			t.Errorf("the confirmation does not name the post replied to:\n%s", f)
		}
		if got := e.refLabel("999"); got != "999" {
			t.Errorf("an unknown post is named %q, want its id", got)
		}

		send(s, press("up"))
		d = openedDraft(t, e, send(s, press("e")))
		sc, _ = newPublishScreenFor(e, openRequest{Draft: d})
		ps := sc.(*publishScreen)
		ps.now = fakeNow
		if f := frame(ps, 120, 30); !strings.Contains(f, "Replace post 1002 with this edit? (3 edits left · 41m to go)") || !strings.Contains(f, "replaces 1002 (an edit)") {
			t.Errorf("the confirmation of an edit:\n%s", f)
		}
	})
}
