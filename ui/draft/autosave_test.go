package draft

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/synctest"
	"time"
)

// The timing tests run in a synctest bubble: the autosaver's timers and
// time.Now follow the bubble's fake clock, which moves only when every
// goroutine of the test waits, so each save happens at an exact instant
// however busy the machine is.

// nextSave returns the fake time of the next save of id, failing when none
// comes within the given (fake) time: in the bubble the wait ends exactly
// when the autosaver's timer or the limit fires, in that order.
func nextSave(t *testing.T, a *Autosaver, id string, within time.Duration) time.Time {
	t.Helper()
	limit := time.After(within)
	for {
		select {
		case st := <-a.Events():
			if st.Err != nil {
				t.Fatalf("save failed: %v", st.Err)
			}
			if st.ID == id && !st.Saved.IsZero() {
				return time.Now()
			}
		case <-limit:
			t.Fatalf("no save of %s within %v; state %+v", id, within, a.State())
		}
	}
}

// storedText is the text of d's first post as the store holds it.
func storedText(t *testing.T, s *Store, id string) string {
	t.Helper()
	got, err := s.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	return got.Posts[0].Text
}

func TestAutosaverDebounces(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := newStore(t)
		a := NewAutosaver(s, 50*time.Millisecond)
		defer a.Close()
		d := New()
		start := time.Now()
		for _, text := range []string{"a", "ab", "abc"} {
			d.Posts[0].Text = text
			a.Changed(*d)
			time.Sleep(20 * time.Millisecond) // each change comes before the delay runs out
		}
		d.Posts[0].Text = "not reported" // Changed must have copied the draft
		at := nextSave(t, a, d.ID, time.Second)
		if want := start.Add(40*time.Millisecond + 50*time.Millisecond); !at.Equal(want) {
			t.Errorf("saved %v after the first change, want %v: the delay after the last change", at.Sub(start), want.Sub(start))
		}
		if got := storedText(t, s, d.ID); got != "abc" {
			t.Errorf("the file holds %q, want the last reported %q", got, "abc")
		}
		if st := a.State(); st.Pending || st.Err != nil {
			t.Errorf("state after the save %+v: want nothing pending, no error", st)
		}
		// One save for the three changes: nothing else is due.
		time.Sleep(time.Hour)
		select {
		case st := <-a.Events():
			t.Errorf("a second save with nothing changed: %+v", st)
		default:
		}
	})
}

// typeEvery types one character every step until stop is closed.
func typeEvery(a *Autosaver, d *Draft, step time.Duration, stop <-chan struct{}) {
	for {
		d.Posts[0].Text += "x"
		a.Changed(*d)
		select {
		case <-stop:
			return
		case <-time.After(step):
		}
	}
}

func TestAutosaverSavesDuringContinuousTyping(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name           string
		delay, maxWait time.Duration
	}{
		{"short maximum wait", 100 * time.Millisecond, 300 * time.Millisecond},
		// The promise of the default: a crash loses at most a second.
		{"default delay", 0, DefaultAutosaveDelay},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				s := newStore(t)
				a := NewAutosaver(s, tt.delay)
				defer a.Close()
				if tt.delay > 0 {
					a.mu.Lock()
					a.maxWait = tt.maxWait
					a.mu.Unlock()
				}
				d := New()
				stop := make(chan struct{})
				defer close(stop)
				start := time.Now()
				// One character every 7 ms, faster than the delay, so the
				// debounce alone would never fire; 7 ms divides neither
				// maximum wait, so no keystroke ties with a save.
				const step = 7 * time.Millisecond
				go typeEvery(a, d, step, stop)
				first := time.Duration(0) // of the first change not yet saved
				for i := 1; i <= 3; i++ {
					at := nextSave(t, a, d.ID, 2*tt.maxWait)
					since := at.Sub(start)
					if want := first + tt.maxWait; since != want {
						t.Errorf("save %d at %v, want %v: the maximum wait after the first unsaved change at %v", i, since, want, first)
					}
					if got, want := len(storedText(t, s, d.ID)), int(since/step)+1; got != want {
						t.Errorf("save %d holds %d characters, want the %d typed before it", i, got, want)
					}
					first = (since/step + 1) * step
				}
			})
		})
	}
}

func TestAutosaverFlushAndClose(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	a := NewAutosaver(s, time.Hour)
	d := New()
	d.Posts[0].Text = "flushed"
	a.Changed(*d)
	if !a.State().Pending {
		t.Error("State().Pending is false right after a change")
	}
	if err := a.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Load(d.ID); err != nil || got.Posts[0].Text != "flushed" {
		t.Fatalf("after Flush: %v, %v", got, err)
	}
	d.Posts[0].Text = "closed"
	a.Changed(*d)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Load(d.ID); err != nil || got.Posts[0].Text != "closed" {
		t.Fatalf("after Close: %v, %v", got, err)
	}
	d.Posts[0].Text = "after close"
	a.Changed(*d)
	if err := a.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if got, _ := s.Load(d.ID); got.Posts[0].Text != "closed" {
		t.Errorf("a change after Close was saved: %q", got.Posts[0].Text)
	}
}

func TestAutosaverSeveralDrafts(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	a := NewAutosaver(s, time.Hour)
	defer a.Close()
	d1, d2 := New(), New()
	anon := Draft{Posts: []Post{{Text: "no id"}}}
	a.Changed(*d1)
	a.Changed(*d2)
	a.Changed(anon)
	anon.Posts[0].Text = "no id, later"
	a.Changed(anon)
	if err := a.Flush(); err != nil {
		t.Fatal(err)
	}
	list, err := s.List()
	if err != nil || len(list) != 3 {
		t.Fatalf("List = %v, %v; want the 3 drafts (changes to a draft without id go to one file)", list, err)
	}
}

func TestAutosaverDelete(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	a := NewAutosaver(s, time.Hour)
	defer a.Close()
	d := New()
	a.Changed(*d)
	if err := a.Flush(); err != nil {
		t.Fatal(err)
	}
	a.Changed(*d)
	if err := a.Delete(d.ID); err != nil {
		t.Fatal(err)
	}
	if err := a.Flush(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(d.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Load after Delete error = %v: a pending save brought the draft back", err)
	}
}

func TestAutosaverReportsAndRetriesErrors(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "drafts")
	if err := os.WriteFile(dir, nil, 0o600); err != nil { // a file where the directory should be
		t.Fatal(err)
	}
	s := &Store{Dir: dir}
	a := NewAutosaver(s, time.Hour)
	defer a.Close()
	d := New()
	d.Posts[0].Text = "keep me"
	a.Changed(*d)
	if err := a.Flush(); err == nil {
		t.Fatal("Flush into an unusable directory succeeded")
	}
	st := a.State()
	if st.Err == nil || !st.Pending {
		t.Fatalf("state after a failed save %+v: want the error and the change still pending", st)
	}
	select {
	case ev := <-a.Events():
		if ev.Err == nil {
			t.Errorf("event after a failed save has no error: %+v", ev)
		}
	default:
		t.Error("no event after a failed save")
	}
	if err := os.Remove(dir); err != nil {
		t.Fatal(err)
	}
	if err := a.Flush(); err != nil {
		t.Fatalf("Flush after the problem was fixed: %v", err)
	}
	if got, err := s.Load(d.ID); err != nil || got.Posts[0].Text != "keep me" {
		t.Errorf("after the retry: %v, %v", got, err)
	}
	if st := a.State(); st.Err != nil || st.Pending {
		t.Errorf("state after a successful retry %+v", st)
	}
}
