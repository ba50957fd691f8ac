package xapi

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestJournals(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	th := &Thread{Posts: []ThreadPost{{Text: "one"}, {Text: "two"}}}
	path := filepath.Join(t.TempDir(), "j.json")
	fj, err := OpenFileJournal(path, th)
	if err != nil {
		t.Fatal(err)
	}
	fj.Now = clock
	tests := []struct {
		name   string
		j      AttemptJournal
		reopen func() AttemptJournal
	}{
		{name: "memory", j: &MemoryJournal{Now: clock}},
		{name: "file", j: fj, reopen: func() AttemptJournal {
			j, err := OpenFileJournal(path, th)
			if err != nil {
				t.Fatal(err)
			}
			j.Now = clock
			return j
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			j := tt.j
			if _, ok := j.Posted(0); ok {
				t.Fatal("fresh journal has a post")
			}
			if err := j.RecordAttempt(0); err != nil {
				t.Fatal(err)
			}
			if err := j.RecordPost(0, "100"); err != nil {
				t.Fatal(err)
			}
			if err := j.RecordMedia("key-a", "7", now.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if err := j.RecordMedia("key-old", "8", now.Add(-time.Second)); err != nil {
				t.Fatal(err)
			}
			if err := j.RecordAttempt(1); err != nil {
				t.Fatal(err)
			}
			if tt.reopen != nil {
				j = tt.reopen()
			}
			if id, ok := j.Posted(0); !ok || id != "100" {
				t.Errorf("Posted(0) = %q, %v", id, ok)
			}
			if _, ok := j.Posted(1); ok {
				t.Error("Posted(1) without a record")
			}
			if j.Attempted(0) || !j.Attempted(1) {
				t.Errorf("Attempted(0), Attempted(1) = %v, %v; want false, true", j.Attempted(0), j.Attempted(1))
			}
			if err := j.ClearAttempt(1); err != nil || j.Attempted(1) {
				t.Errorf("after ClearAttempt(1): %v, attempted %v", err, j.Attempted(1))
			}
			if id, ok := j.UploadedMedia("key-a"); !ok || id != "7" {
				t.Errorf("UploadedMedia = %q, %v", id, ok)
			}
			if _, ok := j.UploadedMedia("key-old"); ok {
				t.Error("expired media offered for reuse")
			}
		})
	}
}

// TestFileJournalFormat reads a journal as `xpost thread` has written it
// since its first release (version 1, media keyed by path): posts are
// kept, media by path match no upload key (the file is uploaded again),
// and an edited part is refused.
func TestFileJournalFormat(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "t.md.journal.json")
	v1 := `{"version":1,"posts":{"0":{"id":"100","text_sha256":"` + textDigest("one") + `"}},` +
		`"media":{"/tmp/a.png":{"id":"7","expires":"2999-01-01T00:00:00Z"}}}`
	if err := os.WriteFile(path, []byte(v1), 0o600); err != nil {
		t.Fatal(err)
	}
	th := &Thread{Posts: []ThreadPost{{Text: "one"}, {Text: "two"}}}
	j, err := OpenFileJournal(path, th)
	if err != nil {
		t.Fatal(err)
	}
	if !j.Exists() || j.Complete() || j.Check() != nil {
		t.Fatalf("exists %v, complete %v, check %v", j.Exists(), j.Complete(), j.Check())
	}
	if ids := j.PostIDs(); len(ids) != 1 || ids[0] != "100" {
		t.Errorf("PostIDs = %v", ids)
	}
	p, err := PlanThread(&Thread{Posts: []ThreadPost{{Text: "one"}, {Text: "two"}}}, j, 0)
	if err != nil {
		t.Fatal(err)
	}
	if p.Posts[0].PostedID != "100" || p.Posts[1].Request.Reply.InReplyToTweetID != "100" {
		t.Errorf("plan %+v", p.Posts)
	}
	if err := j.RecordPost(1, "101"); err != nil {
		t.Fatal(err)
	}
	if err := j.MarkComplete(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	for _, want := range []string{`"version": 2`, `"complete": true`, `"1": {`, `"text_sha256": "` + textDigest("two")} {
		if !strings.Contains(string(b), want) {
			t.Errorf("journal lacks %s:\n%s", want, b)
		}
	}
	edited, err := OpenFileJournal(path, &Thread{Posts: []ThreadPost{{Text: "one, edited"}, {Text: "two"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := edited.Check(); err == nil || !strings.Contains(err.Error(), "post 1 was posted as 100, but its text has changed") {
		t.Errorf("Check of an edited part = %v", err)
	}
	shorter, _ := OpenFileJournal(path, &Thread{Posts: []ThreadPost{{Text: "one"}}})
	if err := shorter.Check(); err == nil || !strings.Contains(err.Error(), "records post 2") {
		t.Errorf("Check of a removed part = %v", err)
	}
}
