package ui

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin, whatever the machine has

	"github.com/xpostdev/xpost/outbox"
	"github.com/xpostdev/xpost/ui/draft"
)

func TestQueueScreen(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		berlin, err := time.LoadLocation("Europe/Berlin")
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 12, 3, 10, 15, 0, 0, berlin)
		e := testEnv(t, newFakeServices())
		q := &outbox.Queue{Store: &draft.Store{Dir: e.store.Dir}}
		var ids []string
		for i, text := range []string{"Queued first", "Queued second"} {
			d := draft.New()
			d.Posts[0].Text = text
			if err := q.Add(d, draft.Schedule{At: now.Add(time.Duration(i+1) * time.Hour)}); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, d.ID)
		}
		sc, cmd := newQueueScreenFor(e, openRequest{Draft: draft.New()})
		s := sc.(*queueScreen)
		s.now, s.loc = func() time.Time { return now }, berlin
		send(s, expectMsg[queueListMsg](t, cmd))
		view := frame(s, screenW, screenH)
		for _, w := range []string{"Thu 2026-12-03 11:15 CET · waiting · Queued first", "Thu 2026-12-03 12:15 CET · waiting · Queued second", "1 post"} {
			if !strings.Contains(view, w) {
				t.Errorf("the queue lacks %q:\n%s", w, view)
			}
		}

		// Move: the typed time is echoed resolved before it is saved.
		send(s, press("m"))
		typeInto(s, "fri 18:30")
		if view := frame(s, screenW, screenH); !strings.Contains(view, "→ Fri 2026-12-04 18:30 CET (+01:00, Europe/Berlin)") {
			t.Errorf("the time is not echoed:\n%s", view)
		}
		send(s, expectMsg[queueListMsg](t, send(s, expectMsg[queueChangedMsg](t, send(s, press("enter"))))))
		if it, _ := q.Get(ids[0]); !it.At.Equal(time.Date(2026, 12, 4, 18, 30, 0, 0, berlin)) {
			t.Errorf("moved to %v", it.At)
		}
		// A time that does not exist is refused with the reason.
		send(s, press("m"))
		typeInto(s, "2027-03-28 02:30")
		if view := frame(s, screenW, screenH); !strings.Contains(view, "does not exist") {
			t.Errorf("no reason for a skipped time:\n%s", view)
		}
		noMsg[queueChangedMsg](t, send(s, press("enter")))
		send(s, press("esc"))

		// The list follows the times: the moved item is last now.
		if s.items[0].ID != ids[1] {
			t.Fatalf("first item %s after the move, want %s", s.items[0].ID, ids[1])
		}
		// The cursor followed the moved item; home goes back to the first.
		if sel, _ := s.selected(); sel.ID != ids[0] {
			t.Errorf("selected %s after the move, want the moved %s", sel.ID, ids[0])
		}
		send(s, press("home"))
		// Cancel takes it out of the queue; the draft stays.
		send(s, expectMsg[queueListMsg](t, send(s, expectMsg[queueChangedMsg](t, send(s, press("c"))))))
		if len(s.items) != 1 {
			t.Fatalf("%d items after cancel", len(s.items))
		}
		if d, err := e.store.Load(ids[1]); err != nil || d.Schedule != nil {
			t.Errorf("cancelled draft: %+v, %v", d, err)
		}
		// Enter edits the item in the composer.
		if m := expectMsg[openDraftMsg](t, send(s, press("enter"))); m.ID != ids[0] {
			t.Errorf("opened %s, want %s", m.ID, ids[0])
		}
		// An item open in a window is not changed under it.
		if err := e.store.Lock(ids[0]); err != nil {
			t.Fatal(err)
		}
		if m := expectMsg[queueChangedMsg](t, send(s, press("c"))); m.err == nil || !strings.Contains(m.err.Error(), "open in an xpost window") {
			t.Errorf("cancel of an open item: %v", m.err)
		}
	})
}

// newTestQueue is a queue screen listing three items whose text is text,
// one of them retrying with a long reason.
func newTestQueue(t *testing.T, e *env, text string) *queueScreen {
	t.Helper()
	q := &outbox.Queue{Store: &draft.Store{Dir: e.store.Dir}}
	for i := range 3 {
		d := draft.New()
		d.Posts[0].Text = text
		s := draft.Schedule{At: fakeNow().Add(time.Duration(i) * time.Hour)}
		if err := q.Add(d, s); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			d.Schedule.State, d.Schedule.Reason, d.Schedule.NextTry = draft.StateRetrying, text+" "+text, fakeNow()
			if err := q.Store.Save(d); err != nil {
				t.Fatal(err)
			}
		}
	}
	sc, cmd := newQueueScreenFor(e, openRequest{Draft: draft.New()})
	s := sc.(*queueScreen)
	send(s, expectMsg[queueListMsg](t, cmd))
	return s
}

// TestQueueFactsHeldUntil: an item held until a time (a spending cap)
// says until when, beside its reason; one held for the user says why.
func TestQueueFactsHeldUntil(t *testing.T) {
	t.Parallel()
	until := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		it   outbox.Item
		want string
	}{
		{"held by a cap", outbox.Item{Posts: 1, State: draft.StateHeld, NextTry: until, Reason: "held by the daily spending cap"},
			"1 post · held until Fri 00:00: held by the daily spending cap"},
		{"held for the user", outbox.Item{Posts: 2, State: draft.StateHeld, Reason: "its time passed"},
			"2 posts · its time passed"},
	} {
		if got := queueFacts(tc.it, time.UTC); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestQueueEmptySaysHow: the empty queue names the composer's key that
// queues a draft, not only the commands of a shell.
func TestQueueEmptySaysHow(t *testing.T) {
	t.Parallel()
	bubble(t, func(t *testing.T) {
		e := testEnv(t, newFakeServices())
		sc, cmd := newQueueScreenFor(e, openRequest{Draft: draft.New()})
		s := sc.(*queueScreen)
		send(s, expectMsg[queueListMsg](t, cmd))
		f := frame(s, screenW, screenH)
		if !strings.Contains(f, e.keys.Later.Help().Key+" in the composer") {
			t.Errorf("the empty queue does not name %s:\n%s", e.keys.Later.Help().Key, f)
		}
	})
}
