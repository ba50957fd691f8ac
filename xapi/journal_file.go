package xapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"sync"
	"time"
)

// FileJournal is a Journal kept in a JSON file, rewritten atomically on
// every record, for `xpost thread --resume FILE`-style publishing outside
// the composer (whose drafts carry their own journal).
type FileJournal struct {
	path string

	mu   sync.Mutex
	data fileJournalData
	// Now is the clock for media expiry; nil means time.Now.
	Now func() time.Time
}

type fileJournalData struct {
	Posts map[string]string              `json:"posts"`
	Media map[string]fileJournalMediaRec `json:"media"`
}

type fileJournalMediaRec struct {
	ID      string    `json:"id"`
	Expires time.Time `json:"expires"`
}

// OpenFileJournal reads the journal at path, or starts an empty one if
// the file does not exist yet.
func OpenFileJournal(path string) (*FileJournal, error) {
	j := &FileJournal{path: path, data: fileJournalData{Posts: map[string]string{}, Media: map[string]fileJournalMediaRec{}}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return j, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read publish journal: %w", err)
	}
	if err := json.Unmarshal(b, &j.data); err != nil {
		return nil, fmt.Errorf("publish journal %s is damaged (%v): check your recent posts before deleting it", path, err)
	}
	if j.data.Posts == nil {
		j.data.Posts = map[string]string{}
	}
	if j.data.Media == nil {
		j.data.Media = map[string]fileJournalMediaRec{}
	}
	return j, nil
}

// Posted implements Journal.
func (j *FileJournal) Posted(i int) (string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	id, ok := j.data.Posts[strconv.Itoa(i)]
	return id, ok
}

// RecordPost implements Journal.
func (j *FileJournal) RecordPost(i int, id string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.data.Posts[strconv.Itoa(i)] = id
	return j.saveLocked()
}

// UploadedMedia implements Journal.
func (j *FileJournal) UploadedMedia(path string) (string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	m, ok := j.data.Media[path]
	now := time.Now
	if j.Now != nil {
		now = j.Now
	}
	if !ok || !now().Before(m.Expires) {
		return "", false
	}
	return m.ID, true
}

// RecordMedia implements Journal.
func (j *FileJournal) RecordMedia(path, id string, expires time.Time) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.data.Media[path] = fileJournalMediaRec{ID: id, Expires: expires}
	return j.saveLocked()
}

func (j *FileJournal) saveLocked() error {
	b, err := json.MarshalIndent(j.data, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(j.path, append(b, '\n'), 0o600)
}
