package xapi

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/xpostdev/xpost/internal/fsx"
)

// FileJournal is the [AttemptJournal] of a thread published from a file
// (`xpost thread FILE` keeps it in FILE.journal.json): a JSON file
// rewritten atomically at every step, so that a later publish knows
// exactly what is on X, even after a crash. The composer's drafts carry
// their own journal.
type FileJournal struct {
	mu   sync.Mutex
	path string
	data fileJournalData
	// exists is set once the file is on disk (from an earlier run or
	// this one).
	exists bool
	texts  []string
	// Now is the clock for media expiry; nil means time.Now.
	Now func() time.Time
}

// fileJournalData is the file's content. Version 1 files, written before
// uploads were keyed by content, key media by path: such entries match
// no upload and the file is uploaded again, which is harmless.
type fileJournalData struct {
	Version int `json:"version"`
	// Posts are the posted parts, by index.
	Posts map[int]fileJournalPost `json:"posts"`
	// Media are the uploads, by key (see PlannedUpload.Key).
	Media map[string]fileJournalMedia `json:"media,omitempty"`
	// Sending is the part whose create request was sent, or about to
	// be, without an answer recorded yet.
	Sending *int `json:"sending,omitempty"`
	// Complete is set when every part is posted.
	Complete bool `json:"complete,omitempty"`
}

// fileJournalPost is a posted part: its id and a digest of the text that
// was posted, so that a resume notices when a posted part was edited.
type fileJournalPost struct {
	ID   string `json:"id"`
	Text string `json:"text_sha256"`
}

type fileJournalMedia struct {
	ID      string    `json:"id"`
	Expires time.Time `json:"expires"`
}

// maxJournalFile is the largest journal read: a journal holds a few ids
// per part, so anything near this size is not one.
const maxJournalFile = 16 << 20

// fileJournalVersion is the version this code writes.
const fileJournalVersion = 2

// OpenFileJournal reads the journal at path, or starts an empty one if
// the file does not exist yet (nothing is written until the first
// record). t is the thread being published: RecordPost stores a digest of
// each part's text, and [FileJournal.Check] compares them.
func OpenFileJournal(path string, t *Thread) (*FileJournal, error) {
	j := &FileJournal{path: path, data: fileJournalData{Version: fileJournalVersion, Posts: map[int]fileJournalPost{}}}
	if t != nil {
		for _, p := range t.Posts {
			j.texts = append(j.texts, p.Text)
		}
	}
	b, err := fsx.ReadFile(path, maxJournalFile)
	if errors.Is(err, fs.ErrNotExist) {
		return j, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the journal %s: %w", path, err)
	}
	if err := json.Unmarshal(b, &j.data); err != nil || j.data.Posts == nil {
		return nil, fmt.Errorf("the journal %s is damaged: check your recent posts (xpost recent) before deleting it and publishing again", path)
	}
	j.data.Version = fileJournalVersion
	j.exists = true
	return j, nil
}

// Check reports a journal that no longer fits the thread it was opened
// with: a posted part that is gone or whose text changed. Resuming it
// would chain new parts to posts with other text.
func (j *FileJournal) Check() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	for i, p := range j.data.Posts {
		if i < 0 || i >= len(j.texts) {
			return fmt.Errorf("the journal %s records post %d, but the file now has %d post(s): restore the file, or delete the journal to start over", j.path, i+1, len(j.texts))
		}
		if p.Text != textDigest(j.texts[i]) {
			return fmt.Errorf("post %d was posted as %s, but its text has changed since: restore it, or delete the journal %s to start over", i+1, p.ID, j.path)
		}
	}
	return nil
}

// Exists reports whether the journal is on disk: an earlier publish left
// it, or this one recorded something.
func (j *FileJournal) Exists() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.exists
}

// Complete reports whether the journal says every part is posted.
func (j *FileJournal) Complete() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.data.Complete
}

// PostIDs returns the recorded post ids in thread order, up to the first
// gap.
func (j *FileJournal) PostIDs() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	var ids []string
	for i := 0; ; i++ {
		p, ok := j.data.Posts[i]
		if !ok {
			return ids
		}
		ids = append(ids, p.ID)
	}
}

// MarkComplete records that every part is posted.
func (j *FileJournal) MarkComplete() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.data.Complete = true
	j.data.Sending = nil
	return j.saveLocked()
}

// Posted implements Journal.
func (j *FileJournal) Posted(i int) (string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	p, ok := j.data.Posts[i]
	return p.ID, ok
}

// RecordPost implements Journal.
func (j *FileJournal) RecordPost(i int, id string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	text := ""
	if i >= 0 && i < len(j.texts) {
		text = j.texts[i]
	}
	j.data.Posts[i] = fileJournalPost{ID: id, Text: textDigest(text)}
	if j.data.Sending != nil && *j.data.Sending == i {
		j.data.Sending = nil
	}
	return j.saveLocked()
}

// UploadedMedia implements Journal.
func (j *FileJournal) UploadedMedia(key string) (string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	m, ok := j.data.Media[key]
	now := time.Now
	if j.Now != nil {
		now = j.Now
	}
	if !ok || m.ID == "" || !now().Before(m.Expires) {
		return "", false
	}
	return m.ID, true
}

// RecordMedia implements Journal.
func (j *FileJournal) RecordMedia(key, id string, expires time.Time) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.data.Media == nil {
		j.data.Media = map[string]fileJournalMedia{}
	}
	j.data.Media[key] = fileJournalMedia{ID: id, Expires: expires}
	return j.saveLocked()
}

// RecordAttempt implements AttemptJournal.
func (j *FileJournal) RecordAttempt(i int) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.data.Sending = &i
	return j.saveLocked()
}

// Attempted implements AttemptJournal.
func (j *FileJournal) Attempted(i int) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	_, posted := j.data.Posts[i]
	return j.data.Sending != nil && *j.data.Sending == i && !posted
}

// ClearAttempt implements AttemptJournal.
func (j *FileJournal) ClearAttempt(i int) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.data.Sending == nil || *j.data.Sending != i {
		return nil
	}
	j.data.Sending = nil
	return j.saveLocked()
}

func (j *FileJournal) saveLocked() error {
	b, err := json.MarshalIndent(j.data, "", "  ")
	if err != nil {
		return err
	}
	if err := fsx.WriteFile(j.path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("cannot write the journal %s: %w", j.path, err)
	}
	j.exists = true
	return nil
}

// textDigest is how the journal remembers a posted text.
func textDigest(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

var _ AttemptJournal = (*FileJournal)(nil)
