package outbox

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/xpostdev/xpost/ui/draft"
)

func TestPruneMedia(t *testing.T) {
	t.Parallel()
	q := &Queue{Store: &draft.Store{Dir: filepath.Join(t.TempDir(), "drafts")}}
	dir := q.MediaDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	file := func(name string, age time.Duration) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(name), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
		return p
	}
	queued := file("queued.png", 2*time.Hour)
	unqueued := file("unqueued.png", 2*time.Hour)
	partly := file("partly.png", 2*time.Hour)
	posted := file("posted.png", 2*time.Hour)
	orphan := file("orphan.png", 2*time.Hour)
	fresh := file("fresh.png", time.Minute)
	damaged := file("damaged.png", 2*time.Hour)

	save := func(posts []draft.Post, ids []string, s *draft.Schedule) {
		t.Helper()
		d := draft.New()
		d.Posts, d.Journal.PostIDs, d.Schedule = posts, ids, s
		if err := q.Store.Save(d); err != nil {
			t.Fatal(err)
		}
	}
	with := func(path string) draft.Post { return draft.Post{Text: "x", Media: []draft.Media{{Path: path}}} }
	save([]draft.Post{with(queued)}, nil, &draft.Schedule{At: now, State: draft.StateWaiting})
	save([]draft.Post{with(unqueued)}, nil, nil) // cancelled: still a draft
	save([]draft.Post{{Text: "1"}, with(partly)}, []string{"1", ""}, &draft.Schedule{At: now, State: draft.StateRetrying})
	save([]draft.Post{with(posted)}, []string{"1"}, &draft.Schedule{At: now, State: draft.StatePosted})

	// A draft file that cannot be read: nothing is deleted while it is
	// found, and once the store has set it aside, what it names stays.
	bad := filepath.Join(q.Store.Dir, "20261203-101500-3fa9c2.json")
	if err := os.WriteFile(bad, []byte(`{"id": "20261203-101500-3fa9c2", "posts": [{"media": [{"path": "`+damaged+`"`), 0o600); err != nil {
		t.Fatal(err)
	}
	removed, err := q.PruneMedia(now)
	if _, ok := errors.AsType[*draft.CorruptError](err); !ok || len(removed) != 0 {
		t.Fatalf("with a damaged draft: removed %q, err %v", removed, err)
	}

	removed, err = q.PruneMedia(now)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(removed)
	if want := []string{orphan, posted}; !slices.Equal(removed, want) {
		t.Errorf("removed %q, want %q", removed, want)
	}
	for _, p := range []string{queued, unqueued, partly, fresh, damaged} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v", filepath.Base(p), err)
		}
	}
}

// TestCopyMediaRenewsReused checks that a copy reused for a new draft is
// not pruned before that draft is saved.
func TestCopyMediaRenewsReused(t *testing.T) {
	t.Parallel()
	q := &Queue{Store: &draft.Store{Dir: filepath.Join(t.TempDir(), "drafts")}}
	src := filepath.Join(t.TempDir(), "a.png")
	if err := os.WriteFile(src, []byte("png"), 0o600); err != nil {
		t.Fatal(err)
	}
	d := draft.New()
	d.Posts[0].Media = []draft.Media{{Path: src}}
	copies, err := q.CopyMedia(d)
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(copies[src], old, old); err != nil {
		t.Fatal(err)
	}
	if _, err := q.CopyMedia(d); err != nil {
		t.Fatal(err)
	}
	// Not saved yet: only its fresh time keeps it.
	if removed, err := q.PruneMedia(time.Now()); err != nil || len(removed) != 0 {
		t.Errorf("removed %q, %v", removed, err)
	}
}
