package draft

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// savedText reads the first post's text of draft id straight from disk.
func savedText(t *testing.T, dir, id string) string {
	t.Helper()
	d, err := (&Store{Dir: dir}).Load(id)
	if err != nil {
		t.Fatalf("draft %s: %v", id, err)
	}
	return d.Posts[0].Text
}

// textDraft is a one-post draft holding text.
func textDraft(text string) *Draft {
	d := New()
	d.Posts[0].Text = text
	return d
}

// TestTwoStoresOneDraft is two windows on one draft: the second opens it
// read-only, cannot overwrite or delete it, and what it saves anyway goes
// to a copy; once the first lets go, the second may open it.
func TestTwoStoresOneDraft(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	first, second := &Store{Dir: dir}, &Store{Dir: dir}
	d := textDraft("typed in the first window")
	if err := first.Save(d); err != nil {
		t.Fatal(err)
	}
	if _, readOnly, err := first.Open(d.ID); err != nil || readOnly {
		t.Fatalf("first Open: read-only %v, %v", readOnly, err)
	}
	got, readOnly, err := second.Open(d.ID)
	if err != nil || !readOnly {
		t.Fatalf("second Open: read-only %v, %v; want read-only", readOnly, err)
	}
	if got.Posts[0].Text != "typed in the first window" {
		t.Errorf("second window shows %q", got.Posts[0].Text)
	}

	// The second window saves anyway: nothing is overwritten, and its
	// text is in a copy it is told about.
	got.Posts[0].Text = "typed in the second window"
	err = second.Save(got)
	ce, ok := errors.AsType[*ConflictError](err)
	if !ok || ce.ID != d.ID || ce.CopyID == d.ID {
		t.Fatalf("second Save: %v, want a *ConflictError with a copy", err)
	}
	if text := savedText(t, dir, d.ID); text != "typed in the first window" {
		t.Errorf("the draft holds %q: the second window overwrote it", text)
	}
	if text := savedText(t, dir, ce.CopyID); text != "typed in the second window" {
		t.Errorf("the copy holds %q", text)
	}
	if got.ID != d.ID {
		t.Errorf("Save changed the draft's id to %s", got.ID)
	}

	// The first window goes on saving as usual.
	d.Posts[0].Text += ", and more"
	if err := first.Save(d); err != nil {
		t.Fatalf("first Save: %v", err)
	}
	if err := second.Delete(d.ID); !errors.Is(err, ErrOpenElsewhere) {
		t.Errorf("second Delete: %v, want ErrOpenElsewhere", err)
	}
	if err := second.Lock(d.ID); err == nil || !strings.Contains(err.Error(), "is open in another xpost window (process ") {
		t.Errorf("second Lock: %v, want the holder named", err)
	}

	if err := first.Release(d.ID); err != nil {
		t.Fatal(err)
	}
	if _, readOnly, err := second.Open(d.ID); err != nil || readOnly {
		t.Fatalf("second Open after the first let go: read-only %v, %v", readOnly, err)
	}
	second.ReleaseAll()
	assertNoLockFiles(t, dir)
}

// assertNoLockFiles fails if a lock file outlived its holder.
func assertNoLockFiles(t *testing.T, dir string) {
	t.Helper()
	matches, _ := filepath.Glob(filepath.Join(dir, "*"+lockExt))
	if len(matches) > 0 {
		t.Errorf("lock files left behind: %v", matches)
	}
}

// TestSaveOverAChangedFile: a draft file changed behind the store's back
// (by hand, or by a program that takes no lock) is not written over.
func TestSaveOverAChangedFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(t *testing.T, path string)
	}{
		{name: "rewritten by a program without locks", change: func(t *testing.T, path string) {
			other := textDraft("written elsewhere")
			other.ID = strings.TrimSuffix(filepath.Base(path), ".json")
			b, _ := json.Marshal(other)
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "edited by hand", change: func(t *testing.T, path string) {
			b, _ := os.ReadFile(path)
			os.WriteFile(path, []byte(strings.Replace(string(b), "mine", "edited by hand", 1)), 0o600)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStore(t)
			d := textDraft("mine")
			if err := s.Save(d); err != nil {
				t.Fatal(err)
			}
			before, _ := os.ReadFile(filepath.Join(s.Dir, d.ID+".json"))
			tt.change(t, filepath.Join(s.Dir, d.ID+".json"))
			after, _ := os.ReadFile(filepath.Join(s.Dir, d.ID+".json"))
			d.Posts[0].Text = "mine, typed on"
			err := s.Save(d)
			ce, ok := errors.AsType[*ConflictError](err)
			if !ok {
				t.Fatalf("Save: %v, want a *ConflictError", err)
			}
			if now, _ := os.ReadFile(filepath.Join(s.Dir, d.ID+".json")); string(now) != string(after) || string(now) == string(before) {
				t.Errorf("the changed file was written over:\n%s", now)
			}
			if text := savedText(t, s.Dir, ce.CopyID); text != "mine, typed on" {
				t.Errorf("the copy holds %q", text)
			}
			// Loading the changed draft makes it this store's again.
			if _, err := s.Load(d.ID); err != nil {
				t.Fatal(err)
			}
			if err := s.Save(d); err != nil {
				t.Errorf("Save after Load: %v", err)
			}
		})
	}
}

// TestAutosaverConflictGoesToACopy: the autosaver of a window that saves
// a draft another window holds keeps every change, in a copy, and says so.
func TestAutosaverConflictGoesToACopy(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	first, second := &Store{Dir: dir}, &Store{Dir: dir}
	d := textDraft("first")
	if err := first.Save(d); err != nil {
		t.Fatal(err)
	}
	if _, _, err := first.Open(d.ID); err != nil {
		t.Fatal(err)
	}
	a := NewAutosaver(second, time.Hour)
	defer a.Close()
	mine := d.Clone()
	mine.Posts[0].Text = "second"
	a.Changed(*mine)
	if err := a.Flush(); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	st := a.State()
	if st.Conflict == nil || st.Conflict.ID != d.ID || st.Err != nil {
		t.Fatalf("state %+v, want a conflict and no error", st)
	}
	copyID := a.SavedAs(d.ID)
	if copyID == d.ID || copyID != st.Conflict.CopyID {
		t.Fatalf("SavedAs = %s, want the copy %s", copyID, st.Conflict.CopyID)
	}
	// Later changes, still under the old id, land in the copy.
	mine.Posts[0].Text = "second, typed on"
	a.Changed(*mine)
	if err := a.Flush(); err != nil {
		t.Fatal(err)
	}
	if text := savedText(t, dir, d.ID); text != "first" {
		t.Errorf("the first window's draft holds %q", text)
	}
	if text := savedText(t, dir, copyID); text != "second, typed on" {
		t.Errorf("the copy holds %q", text)
	}
}

// TestStoreListIgnoresLockFiles: lock files are not drafts.
func TestStoreListIgnoresLockFiles(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	d := textDraft("x")
	if err := s.Save(d); err != nil {
		t.Fatal(err)
	}
	if err := s.Lock(d.ID); err != nil {
		t.Fatal(err)
	}
	defer s.ReleaseAll()
	list, err := s.List()
	if err != nil || len(list) != 1 || list[0].ID != d.ID {
		t.Errorf("List = %+v, %v", list, err)
	}
}
