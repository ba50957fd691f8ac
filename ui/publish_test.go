package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/ui/draft"
)

// testThread is a valid thread of three posts with an image and a poll.
func testThread() *draft.Draft {
	d := draft.New()
	d.ReplyTo = "1234567890"
	d.ReplySettings = draft.ReplyFollowing
	d.Posts = []draft.Post{
		{Text: "A thread about terminals 🖥️ and 日本語", Media: []draft.Media{{Path: "/pics/cat.png", Kind: draft.KindImage, MIME: "image/png", Size: 73, Alt: "A red square"}}},
		{Text: "Which do you use?", Poll: &draft.Poll{Options: []string{"xterm", "kitty", "ghostty"}, Duration: 24 * time.Hour}},
		{Text: "Thanks for reading."},
	}
	return d
}

func newTestPublish(t *testing.T, svc Services, d *draft.Draft) (*publishScreen, *env) {
	t.Helper()
	e := testEnv(t, svc)
	if err := e.store.Save(d); err != nil {
		t.Fatal(err)
	}
	sc, _ := newPublishScreenFor(e, openRequest{Draft: d.Clone()})
	s := sc.(*publishScreen)
	s.now, s.loc = fakeNow, time.UTC
	return s, e
}

// pump runs cmd and feeds every message it produces to s, with the
// commands those return, until a publishDoneMsg has been handled.
func pump(t *testing.T, s *publishScreen, cmd tea.Cmd) {
	t.Helper()
	pumpThen(t, s, cmd, nil)
}

// pumpThen is pump with a hook called, on the same goroutine, after each
// message is handled: it may press keys.
func pumpThen(t *testing.T, s *publishScreen, cmd tea.Cmd, after func(m tea.Msg)) {
	t.Helper()
	inBubble()
	p := newCmdPump(cmd)
	timeout := time.After(5 * time.Second)
	for {
		select {
		case m := <-p.out:
			switch m.(type) {
			case publishEventMsg, publishDoneMsg, publishTickMsg:
			default:
				continue
			}
			_, next := s.Update(m)
			if _, ok := m.(publishDoneMsg); ok {
				// Events sent before the end may still be on their way
				// (a command had taken one from the screen's channel when
				// the end came): the program would handle them next, so
				// the pump does too, once every goroutine has settled.
				synctest.Wait()
				for {
					select {
					case m := <-p.out:
						if _, ok := m.(publishEventMsg); ok {
							s.Update(m)
						}
						continue
					default:
					}
					return
				}
			}
			p.run(next)
			if after != nil {
				after(m)
			}
		case <-timeout:
			t.Fatal("publishing did not finish")
		}
	}
}

func TestPublishSuccess(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		svc := newFakeServices()
		d := testThread()
		s, e := newTestPublish(t, svc, d)
		goldenFrame(t, "publish_confirm", s)

		pump(t, s, send(s, press("enter")))
		if s.stage != publishDone {
			t.Fatalf("stage %v, err %v", s.stage, s.err)
		}
		if got := svc.Published(); len(got) != 3 {
			t.Fatalf("published %q", got)
		}
		// Every id is on disk: the draft is kept, marked published.
		onDisk, err := e.store.Load(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !onDisk.Published() || onDisk.Journal.PostIDs[0] != "1000" {
			t.Errorf("journal on disk: %+v", onDisk.Journal)
		}
		goldenFrame(t, "publish_done", s)
		if m := expectMsg[draftPublishedMsg](t, send(s, press("enter"))); m.ID != d.ID {
			t.Errorf("published %q, want %q", m.ID, d.ID)
		}
	})
}

func TestPublishBlockedByProblems(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		d := testThread()
		d.Posts[1].Media = []draft.Media{{Path: "/pics/x.png", Kind: draft.KindImage, Size: 10}}
		d.Posts[2].Text = strings.Repeat("too long ", 40)
		svc := newFakeServices()
		s, _ := newTestPublish(t, svc, d)
		if len(s.problems) < 2 || s.keys.Publish.Enabled() {
			t.Fatalf("problems %v, publish enabled %v", s.problems, s.keys.Publish.Enabled())
		}
		noMsg[publishDoneMsg](t, send(s, press("enter")))
		if s.stage != publishConfirm {
			t.Fatal("publishing started despite problems")
		}
		goldenFrame(t, "publish_problems", s)
		// The text past the limit is marked as the editor marks it, by
		// more than color: underlined, which NO_COLOR keeps. (A taller
		// window, so that the third post's last lines are in the frame
		// under the list of problems.)
		var b strings.Builder
		w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.Ascii}
		if _, err := w.WriteString(s.View(screenW, screenH+12)); err != nil {
			t.Fatal(err)
		}
		if !hasSGR(b.String(), "4") {
			t.Errorf("the confirmation does not mark the text past the limit under NO_COLOR:\n%q", b.String())
		}
		expectMsg[backMsg](t, send(s, press("esc")))
		if len(svc.Calls()) != 0 {
			t.Errorf("services called: %v", svc.Calls())
		}
	})
}

// retryAfter is an error that says when to try again, as a rate limit does.
type retryAfter struct{ at time.Time }

func (r retryAfter) Error() string       { return "429 too many requests" }
func (r retryAfter) UserMessage() string { return "X's rate limit for posting is used up" }
func (r retryAfter) RetryAt() time.Time  { return r.at }

func TestPublishFailsAndResumes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{name: "failure in the middle", want: []string{"Publishing failed: X is over capacity", "1 of 3 posts is on X", "resumes at post 2"}},
		{name: "rate limited", err: retryAfter{fakeNow().Add(12 * time.Minute)}, want: []string{"rate limit for posting is used up", "X asks to wait until", "12m0s from now"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bubble(t, func(t *testing.T) {
				svc := newFakeServices()
				svc.failPublishAt = 1
				d := testThread()
				s, e := newTestPublish(t, svc, d)
				pump(t, s, send(s, press("enter")))
				if tt.err != nil {
					s.err = tt.err
				}
				if s.stage != publishStopped {
					t.Fatalf("stage %v", s.stage)
				}
				view := strings.Join(strings.Fields(frame(s, screenW, screenH)), " ")
				for _, w := range tt.want {
					if !strings.Contains(view, w) {
						t.Errorf("the view does not say %q:\n%s", w, view)
					}
				}
				if tt.err == nil {
					goldenFrame(t, "publish_failed", s)
				}
				onDisk, err := e.store.Load(d.ID)
				if err != nil {
					t.Fatal(err)
				}
				if id, ok := onDisk.Posted(0); !ok || id != "1000" {
					t.Fatalf("post 1 is not journaled on disk: %+v", onDisk.Journal)
				}

				// Publishing again resumes: no post goes out twice.
				pump(t, s, send(s, press("r")))
				if s.stage != publishDone {
					t.Fatalf("after retry: stage %v err %v", s.stage, s.err)
				}
				if diff := cmp.Diff([]string{"A thread about terminals 🖥️ and 日本語", "Which do you use?", "Thanks for reading."}, svc.Published()); diff != "" {
					t.Errorf("published (-want +got):\n%s", diff)
				}
			})
		})
	}
}

// slowPublish posts the first post, then waits until cancelled.
type slowPublish struct {
	*fakeServices
}

func (p slowPublish) Publish(ctx context.Context, d draft.Draft, j Journal, events func(PublishEvent)) error {
	if err := j.RecordPost(0, "2000"); err != nil {
		return err
	}
	events(PublishEvent{Kind: EventPosted, Index: 0, ID: "2000"})
	<-ctx.Done()
	return fmt.Errorf("publish: %w", ctx.Err())
}

func TestPublishCancel(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		svc := slowPublish{newFakeServices()}
		d := testThread()
		s, e := newTestPublish(t, svc, d)
		cmd := send(s, press("enter"))
		// Once the first post is out, esc cancels; Publish returns and the
		// run ends.
		pumpThen(t, s, cmd, func(m tea.Msg) {
			if e, ok := m.(publishEventMsg); ok && e.ev.Kind == EventPosted {
				noMsg[backMsg](t, send(s, press("esc")))
			}
		})
		if s.stage != publishStopped || !errors.Is(s.err, context.Canceled) {
			t.Fatalf("stage %v err %v", s.stage, s.err)
		}
		if !strings.Contains(frame(s, screenW, screenH), "Stopped.") {
			t.Error("the view does not say it stopped")
		}
		// Leaving hands the journal to the composer's copy of the draft.
		cur := d.Clone()
		applyEdit(t, send(s, press("esc")), cur)
		if id, _ := cur.Posted(0); id != "2000" {
			t.Errorf("the composer's draft did not get the journal: %+v", cur.Journal)
		}
		if onDisk, _ := e.store.Load(d.ID); onDisk == nil || onDisk.Journal.PostIDs[0] != "2000" {
			t.Error("the journal is not on disk")
		}
	})
}

func TestPublishEscKey(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		svc := slowPublish{newFakeServices()}
		s, _ := newTestPublish(t, svc, testThread())
		send(s, press("enter"))
		if !s.keys.Cancel.Enabled() || s.keys.Back.Enabled() {
			t.Fatal("while publishing, esc must stop and not leave")
		}
		noMsg[backMsg](t, send(s, press("esc")))
		if s.stage != publishStopped || s.cancel != nil {
			t.Errorf("esc: stage %v", s.stage)
		}
	})
}

func TestPublishProgressView(t *testing.T) {
	t.Parallel()
	d := testThread()
	d.Posts[2].Media = []draft.Media{{Path: "/videos/a-long-video-file-name-that-goes-on.mp4", Kind: draft.KindVideo, Size: 40_000_000}}
	d.Posts[1].Poll = nil
	s, _ := newTestPublish(t, newFakeServices(), d)
	s.stage = publishRunning
	s.run = 1
	s.uploads = []*upload{{path: "/pics/cat.png", total: 73}, {post: 2, path: "/videos/a-long-video-file-name-that-goes-on.mp4", total: 40_000_000}}
	for _, ev := range []PublishEvent{
		{Kind: EventUploadProgress, Path: "/pics/cat.png", Sent: 73, Total: 73},
		{Kind: EventUploaded, Path: "/pics/cat.png"},
		{Kind: EventUploadProgress, Index: 2, Path: "/videos/a-long-video-file-name-that-goes-on.mp4", Sent: 10_000_000, Total: 40_000_000},
		{Kind: EventPosted, Index: 0, ID: "1790000000000000001"},
		{Kind: EventWaiting, Until: fakeNow().Add(3*time.Minute + 20*time.Second)},
	} {
		s.event(ev)
	}
	goldenFrame(t, "publish_progress", s)
	s.event(PublishEvent{Kind: EventRetrying, Err: errors.New("503 service unavailable")})
	s.waitTill = time.Time{}
	if !strings.Contains(frame(s, screenW, screenH), "trying again: 503 service unavailable") {
		t.Error("retrying is not shown")
	}
}

func TestDraftJournal(t *testing.T) {
	t.Parallel()
	store := &draft.Store{Dir: t.TempDir()}
	d := draft.New()
	d.Posts = append(d.Posts, draft.Post{Text: "b"}, draft.Post{Text: "c"})
	j := draft.NewSavingJournal(d, store.Save)
	j.Now = fakeNow
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Go(func() {
			if err := j.RecordMedia(fmt.Sprintf("/m/%d.png", i), fmt.Sprint(500+i), fakeNow().Add(time.Hour)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := j.RecordPost(1, "77"); err != nil {
		t.Fatal(err)
	}
	onDisk, err := store.Load(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if id, ok := onDisk.Posted(1); !ok || id != "77" {
		t.Errorf("post 2 on disk: %q %v", id, ok)
	}
	if len(onDisk.Journal.MediaIDs) != 3 {
		t.Errorf("media on disk: %+v", onDisk.Journal.MediaIDs)
	}
	if id, ok := j.UploadedMedia("/m/2.png"); !ok || id != "502" {
		t.Errorf("UploadedMedia = %q, %v", id, ok)
	}
	j.Now = func() time.Time { return fakeNow().Add(2 * time.Hour) }
	if _, ok := j.UploadedMedia("/m/2.png"); ok {
		t.Error("an expired media id is offered")
	}
	if _, ok := j.Posted(0); ok {
		t.Error("post 1 counts as posted")
	}

	failing := draft.NewSavingJournal(draft.New(), func(*draft.Draft) error { return errors.New("disk full") })
	if err := failing.RecordPost(0, "1"); err == nil {
		t.Error("a failed save is not reported, so publishing would go on unsafely")
	}
}

// TestPublishConfirmScrollKeys: the confirmation of a long thread scrolls
// by page and to either end with the keys every list answers, not only
// line by line.
func TestPublishConfirmScrollKeys(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		d := draft.New()
		d.Posts = nil
		for i := range 30 {
			d.Posts = append(d.Posts, draft.Post{Text: fmt.Sprintf("post number %d of a long thread", i+1)})
		}
		s, _ := newTestPublish(t, newFakeServices(), d)
		top := frame(s, screenW, screenH)
		if !strings.Contains(top, "post number 1 ") {
			t.Fatalf("the confirmation does not start at the top:\n%s", top)
		}
		for _, tc := range []struct {
			keys []string
			want string
			gone string
		}{
			{[]string{"end"}, "post number 30 ", "post number 1 "},
			{[]string{"home"}, "post number 1 ", "post number 30 "},
			{[]string{"pgdown", "pgdown"}, "", "post number 1 "},
			{[]string{"G"}, "post number 30 ", "post number 1 "},
			{[]string{"g"}, "post number 1 ", "post number 30 "},
		} {
			for _, k := range tc.keys {
				send(s, press(k))
			}
			f := frame(s, screenW, screenH)
			if tc.want != "" && !strings.Contains(f, tc.want) || strings.Contains(f, tc.gone) {
				t.Errorf("after %v, want %q and not %q:\n%s", tc.keys, tc.want, tc.gone, f)
			}
		}
	})
}
