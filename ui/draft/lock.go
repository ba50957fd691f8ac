package draft

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xpostdev/xpost/internal/fsx"
)

// Two windows, one draft. Each composer holds the lock of the draft it has
// open: an exclusive lock on drafts/<id>.lock, which the system drops when
// the process ends, however it ends. A second window that opens the same
// draft gets it read-only (Open says so) and must not save it; its
// composer makes a copy as soon as something is typed. As a second line of
// defence, every save checks that the file is still what this store last
// read or wrote: if another window (or a hand, or an older xpost) changed
// it, or holds its lock, the text being saved goes to a new draft, a
// conflict copy, and the save reports a *ConflictError. Nothing typed is
// ever written over, and nothing typed is dropped.

// ErrOpenElsewhere is what a *LockedError is: the draft is open in
// another xpost window.
var ErrOpenElsewhere = errors.New("the draft is open in another xpost window")

// LockedError reports a draft whose lock another window holds.
type LockedError struct {
	ID string
	// PID is the process holding it, when the lock file says (0 if not).
	PID int
}

// Error names the draft and, when known, the process that has it open.
func (e *LockedError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("draft %s is open in another xpost window (process %d)", e.ID, e.PID)
	}
	return fmt.Sprintf("draft %s is open in another xpost window", e.ID)
}

// Is makes errors.Is(err, ErrOpenElsewhere) true.
func (e *LockedError) Is(target error) bool { return target == ErrOpenElsewhere }

// ConflictError reports a save that found its draft changed, or held, by
// another window: nothing was overwritten, and the text being saved is in
// the new draft CopyID.
type ConflictError struct {
	ID     string
	CopyID string
}

// Error says where the text went.
func (e *ConflictError) Error() string {
	return fmt.Sprintf("draft %s was changed in another xpost window; what you typed here is kept as a copy, the draft %s", e.ID, e.CopyID)
}

const lockExt = ".lock"

// lockPath is the lock file of draft id (which path has validated).
func (s *Store) lockPath(id string) string { return filepath.Join(s.Dir, id+lockExt) }

// Lock takes draft id's lock for this store, creating the drafts
// directory if needed. Holding it already is not an error. If another
// window holds it, the error is a *LockedError.
func (s *Store) Lock(id string) error {
	if _, err := s.path(id); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lockLocked(id)
}

func (s *Store) lockLocked(id string) error {
	if s.locks[id] != nil {
		return nil
	}
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w; check that the state directory is writable (xpost config path)", s.Dir, err)
	}
	l, err := fsx.TryLock(s.lockPath(id))
	if errors.Is(err, fsx.ErrLocked) {
		return &LockedError{ID: id, PID: s.lockHolder(id)}
	}
	if err != nil {
		return fmt.Errorf("lock draft %s: %w", id, err)
	}
	// Who holds it, for the other window's message; a failure here
	// loses only that detail.
	if f := l.File(); f.Truncate(0) == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	if s.locks == nil {
		s.locks = make(map[string]*fsx.Lock)
	}
	s.locks[id] = l
	return nil
}

// lockHolder reads the process id the holder of draft id's lock wrote.
func (s *Store) lockHolder(id string) int {
	b, err := fsx.ReadFile(s.lockPath(id), 64)
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

// Release lets go of draft id's lock, so another window may open it. Not
// holding it is not an error.
func (s *Store) Release(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.releaseLocked(id)
}

func (s *Store) releaseLocked(id string) error {
	l := s.locks[id]
	if l == nil {
		return nil
	}
	delete(s.locks, id)
	return l.Unlock()
}

// ReleaseAll lets go of every lock this store holds (at exit; a process
// that dies loses its locks anyway).
func (s *Store) ReleaseAll() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for id := range s.locks {
		errs = append(errs, s.releaseLocked(id))
	}
	return errors.Join(errs...)
}

// Open loads draft id for editing and takes its lock. If another window
// has it open, the draft is returned all the same, with readOnly set: the
// caller shows it but must not save it (a copy, made with Copy, may be
// saved).
func (s *Store) Open(id string) (d *Draft, readOnly bool, err error) {
	err = s.Lock(id)
	if err != nil && !errors.Is(err, ErrOpenElsewhere) {
		return nil, false, err
	}
	readOnly = err != nil
	d, err = s.Load(id)
	if err != nil && !readOnly {
		s.Release(id)
	}
	return d, readOnly, err
}

// Copy returns a copy of d under a new id, created now: what a second
// window edits, or where a conflicting save goes. It keeps the journal, so
// publishing the copy never posts again the parts already on X; it goes on
// from where the original stands.
func (d *Draft) Copy(now time.Time) *Draft {
	c := d.Clone()
	c.ID = NewID(now)
	c.Created, c.Updated = now, now
	return c
}

// checkUnchanged reports whether draft id's file is still what this store
// last read or wrote: a missing file is (there is nothing to overwrite); a
// file this store never saw is not. s.mu must be held.
func (s *Store) checkUnchanged(id, path string) (bool, error) {
	cur, err := fsx.ReadFile(path, maxDraftFile)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	seen, ok := s.seen[id]
	return ok && seen == sha256.Sum256(cur), nil
}

// remember records the content of draft id as this store last read or
// wrote it. s.mu must be held.
func (s *Store) remember(id string, data []byte) {
	if s.seen == nil {
		s.seen = make(map[string][sha256.Size]byte)
	}
	s.seen[id] = sha256.Sum256(data)
}
