package xapi

import (
	"path/filepath"
	"testing"
	"time"
)

func TestJournals(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	path := filepath.Join(t.TempDir(), "j.json")
	fj, err := OpenFileJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	fj.Now = clock
	tests := []struct {
		name   string
		j      Journal
		reopen func() Journal
	}{
		{name: "memory", j: &MemoryJournal{Now: clock}},
		{name: "file", j: fj, reopen: func() Journal {
			j, err := OpenFileJournal(path)
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
			if err := j.RecordPost(0, "100"); err != nil {
				t.Fatal(err)
			}
			if err := j.RecordMedia("a.png", "7", now.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if err := j.RecordMedia("old.png", "8", now.Add(-time.Second)); err != nil {
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
			if id, ok := j.UploadedMedia("a.png"); !ok || id != "7" {
				t.Errorf("UploadedMedia = %q, %v", id, ok)
			}
			if _, ok := j.UploadedMedia("old.png"); ok {
				t.Error("expired media offered for reuse")
			}
		})
	}
}
