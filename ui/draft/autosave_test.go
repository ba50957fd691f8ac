package draft

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// waitSaved waits for a save event about id, failing the test after a
// generous timeout (the machine may be busy; the timeout is not a budget).
func waitSaved(t *testing.T, a *Autosaver, id string) SaveState {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case st := <-a.Events():
			if st.ID == id && st.Err == nil && !st.Saved.IsZero() {
				return st
			}
		case <-timeout:
			t.Fatalf("no save of %s reported; state %+v", id, a.State())
		}
	}
}

func TestAutosaverDebounces(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	a := NewAutosaver(s, 50*time.Millisecond)
	defer a.Close()
	d := New()
	for _, text := range []string{"a", "ab", "abc"} {
		d.Posts[0].Text = text
		a.Changed(*d)
	}
	d.Posts[0].Text = "not reported" // Changed must have copied the draft
	// On a busy machine the first changes may be saved on their own
	// before the last one arrives; what must hold is that the last one
	// lands and that nothing is saved more often than it changed.
	saves := 0
	for {
		waitSaved(t, a, d.ID)
		saves++
		got, err := s.Load(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Posts[0].Text == "abc" {
			break
		}
		if saves >= 3 {
			t.Fatalf("after %d saves the file holds %q, want the last reported %q", saves, got.Posts[0].Text, "abc")
		}
	}
	if st := a.State(); st.Pending || st.Err != nil {
		t.Errorf("state after the save %+v: want nothing pending, no error", st)
	}
}

func TestAutosaverSavesDuringContinuousTyping(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	a := NewAutosaver(s, 100*time.Millisecond)
	defer a.Close()
	a.mu.Lock()
	a.maxWait = 300 * time.Millisecond
	a.mu.Unlock()
	d := New()
	tick := time.NewTicker(10 * time.Millisecond) // faster than the delay: the debounce alone would never fire
	defer tick.Stop()
	timeout := time.After(10 * time.Second)
	for n := 0; ; n++ {
		select {
		case st := <-a.Events():
			if st.Err != nil {
				t.Fatal(st.Err)
			}
			got, err := s.Load(d.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Posts[0].Text) == 0 || len(got.Posts[0].Text) > n {
				t.Errorf("saved %d characters after typing %d", len(got.Posts[0].Text), n)
			}
			return
		case <-timeout:
			t.Fatal("typing without pause never triggered a save: the maximum wait is not enforced")
		case <-tick.C:
			d.Posts[0].Text += "x"
			a.Changed(*d)
		}
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
