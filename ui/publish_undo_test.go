package ui

import (
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// publishCalls counts the calls to Services.Publish so far.
func publishCalls(svc *fakeServices) int {
	n := 0
	for _, c := range svc.Calls() {
		if c == "Publish" {
			n++
		}
	}
	return n
}

// undoTick runs cmd, an undo window tick, on the fake clock and returns
// its message.
func nextUndoTick(t *testing.T, cmd tea.Cmd) undoTickMsg {
	t.Helper()
	if cmd == nil {
		t.Fatal("no tick pending")
	}
	m, ok := cmd().(undoTickMsg)
	if !ok {
		t.Fatalf("want an undo tick, got %T", m)
	}
	return m
}

// TestPublishUndoWindowPosts: with an undo window of 5 s, enter starts a
// countdown that shows every second left, and the thread goes out once,
// exactly 5 s after enter.
func TestPublishUndoWindowPosts(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		svc := newFakeServices()
		s, _ := newTestPublish(t, svc, testThread())
		s.env.undo = 5 * time.Second
		start := time.Now()
		cmd := send(s, press("enter"))
		if s.stage != publishCountdown {
			t.Fatalf("stage %v after enter, want the countdown", s.stage)
		}
		goldenFrame(t, "publish_undo", s)
		var shown []int
		for s.stage == publishCountdown {
			shown = append(shown, s.undoLeft)
			if publishCalls(svc) != 0 {
				t.Fatalf("Publish called with %d s left in the undo window", s.undoLeft)
			}
			_, cmd = s.Update(nextUndoTick(t, cmd))
		}
		if got := time.Since(start); got != 5*time.Second {
			t.Errorf("publishing started %v after enter, want 5s", got)
		}
		if want := []int{5, 4, 3, 2, 1}; !slices.Equal(shown, want) {
			t.Errorf("countdown showed %v, want %v", shown, want)
		}
		pump(t, s, cmd)
		if s.stage != publishDone {
			t.Fatalf("stage %v, err %v", s.stage, s.err)
		}
		if n := publishCalls(svc); n != 1 {
			t.Errorf("Publish called %d times, want 1", n)
		}
		if got := svc.Published(); len(got) != 3 {
			t.Errorf("published %q", got)
		}
	})
}

// TestPublishUndoWindowCancel: esc in the undo window sends nothing,
// brings the confirmation back with the draft as it was, and the tick
// already on its way is dropped.
func TestPublishUndoWindowCancel(t *testing.T) {
	t.Parallel()
	for _, after := range []int{0, 2, 4} {
		bubble(t, func(t *testing.T) {
			svc := newFakeServices()
			d := testThread()
			s, e := newTestPublish(t, svc, d)
			s.env.undo = 5 * time.Second
			cmd := send(s, press("enter"))
			for range after {
				_, cmd = s.Update(nextUndoTick(t, cmd))
			}
			stale := cmd
			expectMsg[statusMsg](t, send(s, press("esc")))
			if s.stage != publishConfirm {
				t.Fatalf("stage %v after esc, want the confirmation", s.stage)
			}
			// The pending tick arrives and changes nothing.
			if next := send(s, nextUndoTick(t, stale)); next != nil || s.stage != publishConfirm {
				t.Fatalf("a stale tick restarted the countdown or publishing (stage %v)", s.stage)
			}
			time.Sleep(time.Minute)
			if n := publishCalls(svc); n != 0 || len(svc.Published()) != 0 {
				t.Fatalf("cancelled after %d s: Publish called %d times, posted %q", after, n, svc.Published())
			}
			onDisk, err := e.store.Load(d.ID)
			if err != nil {
				t.Fatal(err)
			}
			if onDisk.Journal.PostIDs != nil || onDisk.Posts[0].Text != d.Posts[0].Text {
				t.Errorf("draft changed on disk: %+v", onDisk)
			}
			// Enter again starts a new, full countdown.
			send(s, press("enter"))
			if s.stage != publishCountdown || s.undoLeft != 5 {
				t.Errorf("enter after a cancel: stage %v, %d s left", s.stage, s.undoLeft)
			}
		})
	}
}

// TestPublishUndoWindowOff: with no undo window, enter publishes at once.
func TestPublishUndoWindowOff(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		svc := newFakeServices()
		s, _ := newTestPublish(t, svc, testThread())
		start := time.Now()
		cmd := send(s, press("enter"))
		if s.stage != publishRunning {
			t.Fatalf("stage %v after enter, want publishing", s.stage)
		}
		pump(t, s, cmd)
		if s.stage != publishDone || publishCalls(svc) != 1 || time.Since(start) != 0 {
			t.Errorf("stage %v, %d Publish calls, after %v", s.stage, publishCalls(svc), time.Since(start))
		}
	})
}

// TestUndoWindowOption: Options.UndoWindow is what the publish screens of
// the program wait; none by default.
func TestUndoWindowOption(t *testing.T) {
	t.Parallel()
	for _, want := range []time.Duration{0, 7 * time.Second} {
		m := New(newFakeServices(), Options{UndoWindow: want})
		if m.env.undo != want {
			t.Errorf("Options.UndoWindow %v: the screens wait %v", want, m.env.undo)
		}
	}
}
