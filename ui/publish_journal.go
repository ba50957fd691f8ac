package ui

import (
	"sync"
	"time"

	"github.com/xpostdev/xpost/ui/draft"
)

// draftJournal is the Journal of one publish: it records each step in the
// draft and writes the draft to disk before it returns, so the next request
// is made only once the step is safe. Uploads run concurrently, hence the
// lock.
type draftJournal struct {
	mu   sync.Mutex
	d    *draft.Draft
	save func(d *draft.Draft) error
	now  func() time.Time
}

// newDraftJournal journals into d, saving it with save after every record.
func newDraftJournal(d *draft.Draft, save func(*draft.Draft) error) *draftJournal {
	return &draftJournal{d: d, save: save, now: time.Now}
}

// Posted returns the id of post i if it is already on X.
func (j *draftJournal) Posted(i int) (string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.d.Posted(i)
}

// RecordPost notes that post i is on X as id, on disk before it returns.
func (j *draftJournal) RecordPost(i int, id string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.d.RecordPost(i, id)
	return j.save(j.d)
}

// UploadedMedia returns the media id of the upload with this key (the
// file's content, category and alt text, as the publisher keys uploads)
// if it was uploaded and X still knows it.
func (j *draftJournal) UploadedMedia(key string) (string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.d.UploadedMedia(key, j.now())
}

// RecordMedia notes that the upload with this key is media id, usable
// until expires.
func (j *draftJournal) RecordMedia(key, id string, expires time.Time) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.d.RecordMedia(key, id, expires)
	return j.save(j.d)
}

// RecordAttempt notes, on disk before it returns, that the request
// publishing post i is about to be sent, so that a publish after a crash
// looks for that post on X before sending it again.
func (j *draftJournal) RecordAttempt(i int) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.d.RecordAttempt(i)
	return j.save(j.d)
}

// Attempted reports whether the request publishing post i may have gone
// out without its answer being recorded.
func (j *draftJournal) Attempted(i int) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.d.Attempted(i)
}

// ClearAttempt notes that the request publishing post i created nothing.
func (j *draftJournal) ClearAttempt(i int) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.d.Attempted(i) {
		return nil
	}
	j.d.ClearAttempt(i)
	return j.save(j.d)
}

// saveNow writes the draft as it is, before the first request.
func (j *draftJournal) saveNow() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.save(j.d)
}

// journal returns a copy of what has been recorded so far.
func (j *draftJournal) journal() draft.Journal {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.d.Clone().Journal
}
