package draft

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func newStore(t *testing.T) *Store {
	t.Helper()
	return &Store{Dir: filepath.Join(t.TempDir(), "drafts")}
}

func TestStoreSaveLoad(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	d := New()
	d.Posts = []Post{{Text: "Hello 🇫🇷", Media: []Media{img}}, {Text: "Q", Poll: &Poll{Options: []string{"a", "b"}, Duration: time.Hour}}}
	d.ReplyTo, d.ReplySettings, d.Numbering = "123", ReplyFollowing, true
	d.RecordPost(0, "900")
	d.RecordMedia("/p/a.png", "77", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	created := d.Created
	if err := s.Save(d); err != nil {
		t.Fatal(err)
	}
	if !d.Updated.After(created) && !d.Updated.Equal(created) {
		t.Errorf("Save did not stamp Updated: %v", d.Updated)
	}
	got, err := s.Load(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d, got); diff != "" {
		t.Errorf("loaded draft (-saved +loaded):\n%s", diff)
	}
	for path, want := range map[string]os.FileMode{s.Dir: 0o700 | os.ModeDir, filepath.Join(s.Dir, d.ID+".json"): 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != want {
			t.Errorf("%s mode %v, want %v", path, fi.Mode(), want)
		}
	}
	entries, _ := os.ReadDir(s.Dir)
	if len(entries) != 1 {
		t.Errorf("drafts dir holds %d files after one save, want 1 (no temp files left)", len(entries))
	}
}

func TestStoreSaveGivesID(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	d := &Draft{Posts: []Post{{Text: "x"}}}
	if err := s.Save(d); err != nil {
		t.Fatal(err)
	}
	if !validID(d.ID) || d.Created.IsZero() {
		t.Errorf("saved draft id %q created %v", d.ID, d.Created)
	}
}

func TestStoreRejectsBadIDs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		id   string
	}{
		{"parent", "../x"},
		{"slash", "a/b"},
		{"dot", ".hidden"},
		{"empty", ""},
		{"flag-like", "-rf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStore(t)
			if err := s.Save(&Draft{ID: tt.id}); err == nil && tt.id != "" {
				t.Errorf("Save with id %q succeeded", tt.id)
			}
			if _, err := s.Load(tt.id); err == nil {
				t.Errorf("Load(%q) succeeded", tt.id)
			}
			if err := s.Delete(tt.id); err == nil {
				t.Errorf("Delete(%q) succeeded", tt.id)
			}
		})
	}
}

func TestStoreListAndDelete(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	if got, err := s.List(); err != nil || len(got) != 0 {
		t.Fatalf("List of a missing dir = %v, %v; want nothing", got, err)
	}
	var ids []string
	for i, text := range []string{"\n\n  First line  \nsecond", "", "third"} {
		d := New()
		d.ID = NewID(time.Now()) + string(rune('a'+i))
		d.Posts[0].Text = text
		if i == 2 {
			d.Posts = append(d.Posts, Post{Text: "more"})
			d.RecordPost(0, "1")
		}
		if err := s.Save(d); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
		time.Sleep(2 * time.Millisecond)
	}
	// Files the store does not own are left alone.
	os.WriteFile(filepath.Join(s.Dir, "notes.txt"), []byte("x"), 0o600)
	got, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	var gotIDs, titles []string
	for _, sm := range got {
		gotIDs = append(gotIDs, sm.ID)
		titles = append(titles, sm.Title)
	}
	if diff := cmp.Diff([]string{ids[2], ids[1], ids[0]}, gotIDs); diff != "" {
		t.Errorf("List order, newest first (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"third", "", "First line"}, titles); diff != "" {
		t.Errorf("titles (-want +got):\n%s", diff)
	}
	if got[0].Posts != 2 || got[0].Posted != 1 {
		t.Errorf("summary %+v: want 2 posts, 1 posted", got[0])
	}
	if err := s.Delete(ids[1]); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ids[1]); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete error = %v, want ErrNotFound", err)
	}
	if _, err := s.Load(ids[1]); !errors.Is(err, ErrNotFound) {
		t.Errorf("Load of a deleted draft error = %v, want ErrNotFound", err)
	}
	if got, _ := s.List(); len(got) != 2 {
		t.Errorf("List after Delete has %d drafts, want 2", len(got))
	}
}

func TestStoreCorruptFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string
		reason  string
	}{
		{"truncated", `{"id":"x","posts":[{"text":"hel`, "not a valid draft"},
		{"empty", "", "empty"},
		{"not an object", `[1,2]`, "not a JSON object"},
		{"null", `null`, "not a JSON object"},
		{"wrong types", `{"posts":"nope"}`, "not a valid draft"},
		{"trailing garbage", `{"posts":[]} {}`, "extra data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStore(t)
			good := New()
			if err := s.Save(good); err != nil {
				t.Fatal(err)
			}
			const id = "20260101-000000-badbad"
			path := filepath.Join(s.Dir, id+".json")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			list, err := s.List()
			var ce *CorruptError
			if !errors.As(err, &ce) || len(ce.Files) != 1 {
				t.Fatalf("List error = %v, want a *CorruptError naming one file", err)
			}
			f := ce.Files[0]
			if f.ID != id || !strings.Contains(f.Reason, tt.reason) || !strings.HasPrefix(filepath.Base(f.MovedTo), id+".json.corrupt-") {
				t.Errorf("corrupt file %+v: want id %s, reason with %q, moved to %s.json.corrupt-…", f, id, tt.reason, id)
			}
			if data, err := os.ReadFile(f.MovedTo); err != nil || string(data) != tt.content {
				t.Errorf("moved-aside file = %q, %v; want the original content", data, err)
			}
			if !strings.Contains(err.Error(), f.MovedTo) {
				t.Errorf("message %q does not say where the file went", err)
			}
			if len(list) != 1 || list[0].ID != good.ID {
				t.Errorf("List returned %v, want the one good draft", list)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the corrupt file is still at %s", path)
			}
			if list, err := s.List(); err != nil || len(list) != 1 {
				t.Errorf("second List = %v, %v; want the good draft and no error", list, err)
			}
		})
	}
}

func TestStoreLoadCorrupt(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	os.MkdirAll(s.Dir, 0o700)
	const id = "20260101-000000-aaaaaa"
	os.WriteFile(filepath.Join(s.Dir, id+".json"), []byte("{"), 0o600)
	_, err := s.Load(id)
	var ce *CorruptError
	if !errors.As(err, &ce) || ce.Files[0].ID != id {
		t.Fatalf("Load error = %v, want a *CorruptError", err)
	}
}

func TestStoreLoadFixesMismatchedID(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	d := New()
	if err := s.Save(d); err != nil {
		t.Fatal(err)
	}
	const other = "20260101-000000-copied"
	data, _ := os.ReadFile(filepath.Join(s.Dir, d.ID+".json"))
	os.WriteFile(filepath.Join(s.Dir, other+".json"), data, 0o600)
	got, err := s.Load(other)
	if err != nil || got.ID != other {
		t.Errorf("Load of a copied file = %v, %v; want id %s (saving it must not overwrite the original)", got, err, other)
	}
}

func TestStoreRemovesStaleTempFiles(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	os.MkdirAll(s.Dir, 0o700)
	stale := filepath.Join(s.Dir, ".x.json.tmp-1")
	fresh := filepath.Join(s.Dir, ".y.json.tmp-2")
	os.WriteFile(stale, []byte("{"), 0o600)
	os.WriteFile(fresh, []byte("{"), 0o600)
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(stale, old, old)
	if _, err := s.List(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Error("a stale temp file was kept")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a fresh temp file (a save in progress) was removed")
	}
}

func TestStoreSaveError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	blocker := filepath.Join(dir, "drafts")
	os.WriteFile(blocker, []byte("a file where the directory should be"), 0o600)
	s := &Store{Dir: blocker}
	err := s.Save(New())
	if err == nil || !strings.Contains(err.Error(), "writable") {
		t.Errorf("Save into a file error = %v, want one that says what to check", err)
	}
}

func TestNewIDSortsByTime(t *testing.T) {
	t.Parallel()
	a := NewID(time.Date(2026, 11, 23, 2, 15, 0, 0, time.UTC))
	b := NewID(time.Date(2026, 11, 23, 2, 15, 1, 0, time.UTC))
	if !strings.HasPrefix(a, "20261123-021500-") || len(a) != len("20261123-021500-abcdef") || !(a < b) {
		t.Errorf("ids %q, %q: want time-sortable 20261123-021500-xxxxxx", a, b)
	}
	// Ids made in one second differ by 24 random bits: a hundred collide
	// about once in 3,000 runs (a thousand would, once in 30).
	seen := map[string]bool{}
	now := time.Now()
	for range 100 {
		id := NewID(now)
		if seen[id] {
			t.Fatalf("duplicate id %s within one second", id)
		}
		seen[id] = true
	}
}
