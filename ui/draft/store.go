package draft

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/xpostdev/xpost/internal/fsx"
)

// Store keeps drafts on disk, one JSON file per draft in Dir (the config
// directory's drafts/ subdirectory). Every save replaces the file
// atomically, so a crash at any moment leaves either the old or the new
// draft, never a mix; and never overwrites a draft another window holds or
// changed (see Open and ConflictError). A Store is safe for concurrent
// use. Each window has its own Store: two Store values exclude each other
// from a draft as two processes do.
type Store struct {
	// Dir is created with mode 0700 on the first save.
	Dir string

	mu sync.Mutex // serializes the reads and writes of draft files
	// seen holds the hash of each draft file as this store last read or
	// wrote it: a save checks that the file is still that.
	seen map[string][sha256.Size]byte
	// locks are the drafts this store holds open.
	locks map[string]*fsx.Lock
}

// Summary is what the drafts screen lists about a draft.
type Summary struct {
	ID string `json:"id"`
	// Title is the first non-blank line of the first post.
	Title   string    `json:"title"`
	Posts   int       `json:"posts"`
	Posted  int       `json:"posted"` // how many posts are already published
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	// Schedule is set on a draft queued to be posted later.
	Schedule *Schedule `json:"schedule,omitempty"`
	// Origin is the draft's Origin (OriginAssistant or "").
	Origin string `json:"origin,omitempty"`
	// Account is the draft's Account: the saved account it is for.
	Account string `json:"account,omitempty"`
}

// CorruptFile is a draft file that could not be read and was moved aside.
type CorruptFile struct {
	ID      string // the draft id the file was named after
	MovedTo string // where the file now is
	Reason  string
}

// CorruptError reports draft files that could not be read. They are moved
// aside as <id>.json.corrupt-<time> rather than deleted, so that their text
// can still be recovered by hand, and the error says where they went.
type CorruptError struct {
	Files []CorruptFile
}

// Error names each damaged draft and where its file went.
func (e *CorruptError) Error() string {
	var b strings.Builder
	for i, f := range e.Files {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "draft %s could not be read (%s) and was moved to %s: its text may be recovered from that file", f.ID, f.Reason, f.MovedTo)
	}
	return b.String()
}

// maxDraftFile is the largest draft file read: far more than the longest
// thread X allows with its journal, far less than memory.
const maxDraftFile = 64 << 20

// ErrNotFound is returned by Load and Delete for a draft that is not there.
var ErrNotFound = errors.New("no such draft")

const (
	draftExt      = ".json"
	corruptInfix  = ".json.corrupt-"
	tempPrefix    = "."
	staleTempAge  = time.Hour
	corruptLayout = "20060102-150405.000000000"
)

// path returns the file of draft id, refusing ids that could escape Dir.
func (s *Store) path(id string) (string, error) {
	if !validID(id) {
		return "", fmt.Errorf("%q is not a draft id", id)
	}
	return filepath.Join(s.Dir, id+draftExt), nil
}

// Save writes d to disk atomically and stamps d.Updated (and d.Created if
// it was never set). A draft without an id gets one. If another window
// holds d's lock or changed its file since this store read it, d is saved
// as a copy instead and the error is a *ConflictError naming it; d itself
// is left as it was.
func (s *Store) Save(d *Draft) error {
	now := time.Now()
	if d.ID == "" {
		d.ID = NewID(now)
	}
	if d.Created.IsZero() {
		d.Created = now
	}
	d.Updated = now
	return s.write(d, false)
}

// write stores d as it is. hold keeps d's lock once taken (the autosaver
// does, for the composer); otherwise a lock this store does not hold is
// taken only for the write.
func (s *Store) write(d *Draft, hold bool) error {
	path, err := s.path(d.ID)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.locks[d.ID] == nil {
		switch err := s.lockLocked(d.ID); {
		case errors.Is(err, ErrOpenElsewhere):
			return s.writeCopyLocked(d, hold)
		case err != nil:
			return fmt.Errorf("save draft: %w", err)
		}
		if !hold {
			defer s.releaseLocked(d.ID)
		}
	}
	switch same, err := s.checkUnchanged(d.ID, path); {
	case err != nil:
		return fmt.Errorf("save draft %s: %w", d.ID, err)
	case !same:
		return s.writeCopyLocked(d, hold)
	}
	return s.writeFileLocked(d, path)
}

// writeCopyLocked saves d as a conflict copy (see Copy) and reports it.
func (s *Store) writeCopyLocked(d *Draft, hold bool) error {
	c := d.Copy(time.Now())
	path, _ := s.path(c.ID)
	if err := s.lockLocked(c.ID); err != nil {
		return fmt.Errorf("save a copy of draft %s: %w", d.ID, err)
	}
	if !hold {
		defer s.releaseLocked(c.ID)
	}
	if err := s.writeFileLocked(c, path); err != nil {
		return err
	}
	return &ConflictError{ID: d.ID, CopyID: c.ID}
}

// writeFileLocked replaces the file of d. s.mu must be held.
func (s *Store) writeFileLocked(d *Draft, path string) error {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return fmt.Errorf("save draft %s: %w", d.ID, err)
	}
	data = append(data, '\n')
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("save draft: create %s: %w; check that the state directory is writable (xpost config path)", s.Dir, err)
	}
	if err := fsx.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("save draft %s: %w", d.ID, err)
	}
	s.remember(d.ID, data)
	return nil
}

// Load reads draft id. A file that cannot be decoded is moved aside and
// reported as a *CorruptError.
func (s *Store) Load(id string) (*Draft, error) {
	path, err := s.path(id)
	if err != nil {
		return nil, err
	}
	d, cf, err := s.read(id, path)
	if err != nil {
		return nil, err
	}
	if cf != nil {
		return nil, &CorruptError{Files: []CorruptFile{*cf}}
	}
	return d, nil
}

// read decodes the draft in path. A damaged file is moved aside and
// described by the CorruptFile; err is for failures to read at all.
func (s *Store) read(id, path string) (*Draft, *CorruptFile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	data, err := fsx.ReadFile(path, maxDraftFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("draft %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read draft %s: %w", id, err)
	}
	var d Draft
	reason := ""
	dec := json.NewDecoder(bytes.NewReader(data))
	switch err := dec.Decode(&d); {
	case len(bytes.TrimSpace(data)) == 0:
		reason = "the file is empty"
	case bytes.TrimSpace(data)[0] != '{':
		reason = "not a valid draft: not a JSON object"
	case err != nil:
		reason = "not a valid draft: " + err.Error()
	case dec.More():
		reason = "not a valid draft: extra data after the draft"
	}
	if reason == "" {
		s.remember(id, data)
		if d.ID != id {
			// The file name is what the store lists and loads by.
			d.ID = id
		}
		return &d, nil, nil
	}
	moved := path[:len(path)-len(draftExt)] + corruptInfix + time.Now().UTC().Format(corruptLayout)
	if err := os.Rename(path, moved); err != nil {
		return nil, nil, fmt.Errorf("draft %s could not be read (%s), and moving it aside failed: %w", id, reason, err)
	}
	// The move is what the report promises; make it survive a power cut.
	// Failing that, the file is still moved, and a crash would only
	// bring it back to be moved again.
	_ = fsx.SyncDir(s.Dir)
	return nil, &CorruptFile{ID: id, MovedTo: moved, Reason: reason}, nil
}

// List returns a summary of every draft, most recently updated first.
// Files that cannot be read are moved aside; the drafts that could be read
// are still returned, together with a *CorruptError naming the others, so
// the drafts screen can show both.
func (s *Store) List() ([]Summary, error) {
	entries, err := os.ReadDir(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list drafts: %w", err)
	}
	var out []Summary
	var corrupt []CorruptFile
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, tempPrefix) {
			s.removeStaleTemp(e)
			continue
		}
		id, ok := strings.CutSuffix(name, draftExt)
		if !ok || !e.Type().IsRegular() || !validID(id) {
			continue
		}
		d, cf, err := s.read(id, filepath.Join(s.Dir, name))
		switch {
		case errors.Is(err, ErrNotFound):
			continue // deleted since ReadDir
		case err != nil:
			return out, err
		case cf != nil:
			corrupt = append(corrupt, *cf)
			continue
		}
		out = append(out, d.Summary())
	}
	slices.SortFunc(out, func(a, b Summary) int {
		if c := b.Updated.Compare(a.Updated); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	if len(corrupt) > 0 {
		return out, &CorruptError{Files: corrupt}
	}
	return out, nil
}

// removeStaleTemp deletes a temporary file left by a save that crashed.
// Recent ones may belong to a save in progress in another process.
func (s *Store) removeStaleTemp(e fs.DirEntry) {
	if !strings.Contains(e.Name(), ".json.tmp-") {
		return
	}
	info, err := e.Info()
	if err != nil || time.Since(info.ModTime()) < staleTempAge {
		return
	}
	os.Remove(filepath.Join(s.Dir, e.Name()))
}

// Delete removes draft id. A draft open in another window is not removed:
// the error is then a *LockedError.
func (s *Store) Delete(id string) error {
	path, err := s.path(id)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.locks[id] == nil {
		if err := s.lockLocked(id); err != nil {
			if errors.Is(err, ErrOpenElsewhere) {
				return fmt.Errorf("cannot delete it: %w; close it there first", err)
			}
			// Without a drafts directory there is no draft either.
			if _, serr := os.Stat(path); errors.Is(serr, fs.ErrNotExist) {
				return fmt.Errorf("draft %s: %w", id, ErrNotFound)
			}
			return fmt.Errorf("delete draft %s: %w", id, err)
		}
	}
	defer s.releaseLocked(id)
	delete(s.seen, id)
	if err := fsx.Remove(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("draft %s: %w", id, ErrNotFound)
		}
		return fmt.Errorf("delete draft %s: %w", id, err)
	}
	return nil
}

// Summary returns the drafts screen's line about d.
func (d *Draft) Summary() Summary {
	s := Summary{ID: d.ID, Posts: len(d.Posts), Created: d.Created, Updated: d.Updated, Schedule: d.Schedule.Clone(), Origin: d.Origin, Account: d.Account}
	s.Posted = len(d.Posts) - d.Remaining()
	if len(d.Posts) > 0 {
		for line := range strings.Lines(d.Posts[0].Text) {
			if line = strings.TrimSpace(line); line != "" {
				s.Title = line
				break
			}
		}
	}
	return s
}

// FindPublished returns the draft that published post id on X, and the
// index of that post in it, from the drafts' publish journals: what xpost
// knows of a post beyond what X reads back (the attached files' paths,
// the poll's length, the reply settings). It returns ErrNotFound when no
// draft published it (the post was made elsewhere, or its draft was
// deleted). Drafts that cannot be read are skipped, not moved: this only
// looks.
func (s *Store) FindPublished(id string) (*Draft, int, error) {
	if id == "" {
		return nil, -1, ErrNotFound
	}
	entries, err := os.ReadDir(s.Dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, -1, fmt.Errorf("look for the draft of post %s: %w", id, err)
	}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), draftExt)
		if !ok || !e.Type().IsRegular() || !validID(name) {
			continue
		}
		data, err := fsx.ReadFile(filepath.Join(s.Dir, e.Name()), maxDraftFile)
		if err != nil || !bytes.Contains(data, []byte(`"`+id+`"`)) {
			continue
		}
		var d Draft
		if json.Unmarshal(data, &d) != nil {
			continue
		}
		d.ID = name
		for i, posted := range d.Journal.PostIDs {
			if posted == id && i < len(d.Posts) {
				return &d, i, nil
			}
		}
	}
	return nil, -1, fmt.Errorf("post %s: %w", id, ErrNotFound)
}
