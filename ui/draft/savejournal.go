package draft

import (
	"sync"
	"time"
)

// SavingJournal is the publish journal of a stored draft: it records each
// step of a publish in the draft and writes the draft with save before it
// returns, so the next request is made only once the step is safe on disk.
// Its methods are those of the publisher's journal (xapi.AttemptJournal),
// so the composer and the outbox runner hand it to the one publish path
// as it is. Uploads run concurrently, hence the lock.
type SavingJournal struct {
	mu   sync.Mutex
	d    *Draft
	save func(d *Draft) error
	// Now is the clock for media expiry.
	Now func() time.Time
}

// NewSavingJournal journals into d, saving it with save after every
// record. d must not be changed by anyone else while the journal is used.
func NewSavingJournal(d *Draft, save func(*Draft) error) *SavingJournal {
	return &SavingJournal{d: d, save: save, Now: time.Now}
}

// Posted returns the id of post i if it is already on X.
func (j *SavingJournal) Posted(i int) (string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.d.Posted(i)
}

// RecordPost notes that post i is on X as id, on disk before it returns.
func (j *SavingJournal) RecordPost(i int, id string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.d.RecordPost(i, id)
	return j.save(j.d)
}

// UploadedMedia returns the media id of the upload with this key (the
// file's content, category and alt text, as the publisher keys uploads)
// if it was uploaded and X still knows it.
func (j *SavingJournal) UploadedMedia(key string) (string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.d.UploadedMedia(key, j.Now())
}

// RecordMedia notes that the upload with this key is media id, usable
// until expires.
func (j *SavingJournal) RecordMedia(key, id string, expires time.Time) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.d.RecordMedia(key, id, expires)
	return j.save(j.d)
}

// RecordAttempt notes, on disk before it returns, that the request
// publishing post i is about to be sent, so that a publish after a crash
// looks for that post on X before sending it again.
func (j *SavingJournal) RecordAttempt(i int) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.d.RecordAttempt(i)
	return j.save(j.d)
}

// Attempted reports whether the request publishing post i may have gone
// out without its answer being recorded.
func (j *SavingJournal) Attempted(i int) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.d.Attempted(i)
}

// ClearAttempt notes that the request publishing post i created nothing.
func (j *SavingJournal) ClearAttempt(i int) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.d.Attempted(i) {
		return nil
	}
	j.d.ClearAttempt(i)
	return j.save(j.d)
}

// SaveNow writes the draft as it is, before the first request.
func (j *SavingJournal) SaveNow() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.save(j.d)
}

// Journal returns a copy of what has been recorded so far.
func (j *SavingJournal) Journal() Journal {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.d.Clone().Journal
}
