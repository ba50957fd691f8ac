package appdirs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/xpostdev/xpost/internal/fsx"
)

// migrateLockName is the lock a migration holds in the old directory, so
// that two xpost programs starting at once do not move the same files.
const migrateLockName = "migrate.lock"

// Move is one entry of the old directory and where it went (or would go).
type Move struct {
	From, To string
}

// Report is what a migration did.
type Report struct {
	// Moved are the entries now in their new place (a folder counts
	// once, however many files it holds).
	Moved []Move
	// Kept are entries left in the old directory because the new place
	// already holds something different of that name: nothing is
	// overwritten, the user decides.
	Kept []Move
}

// Migrate moves the files of the single-directory layout (everything in
// d.Legacy()) to their places in d: config.json stays, the log goes to
// Log, everything else (logins, drafts and the queue, the ledger, the
// runner's status) to State. It does nothing for a Single layout or when
// nothing is left to move, which is the case after the first run.
//
// Each file is moved atomically: renamed, or where the new place is on
// another file system, copied to a temporary file there, synced, renamed
// into place and only then removed from the old place. A migration holds
// a lock in the old directory, so a second xpost starting at the same
// moment waits for the first and then finds nothing to do; one that was
// interrupted (a crash, a full disk) is taken up where it stopped by the
// next run, which completes a copy whose source was not yet removed.
// Nothing is overwritten: an entry whose new place holds a different file
// stays where it is and is listed in Kept.
func Migrate(d Dirs) (Report, error) {
	return migrator{rename: os.Rename, remove: fsx.Remove, sleep: time.Sleep, lockWait: time.Minute}.run(d)
}

// migrator is Migrate with the operations tests replace to interrupt a
// migration or to force the copy path.
type migrator struct {
	rename   func(from, to string) error
	remove   func(path string) error
	sleep    func(time.Duration)
	lockWait time.Duration
}

// Pending lists what Migrate would move, without moving anything.
func Pending(d Dirs) ([]Move, error) {
	if d.Single {
		return nil, nil
	}
	legacy := d.Legacy()
	entries, err := os.ReadDir(legacy)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read %s to move its files: %w", legacy, err)
	}
	var out []Move
	for _, e := range entries {
		to := d.placeOf(e.Name())
		if to == "" || to == legacy {
			continue
		}
		out = append(out, Move{From: filepath.Join(legacy, e.Name()), To: filepath.Join(to, e.Name())})
	}
	return out, nil
}

// placeOf is the directory an entry of the old directory belongs in, or
// "" for one that stays: config.json (and its temporary files and kept
// edits, config.*), and lock files, which belong to whoever holds them
// and vanish when released.
func (d Dirs) placeOf(name string) string {
	switch {
	case name == ConfigFileName, strings.HasPrefix(name, "config."), strings.HasPrefix(name, ".config."),
		strings.HasSuffix(name, ".lock"):
		return ""
	case name == LogFileName:
		return d.Log
	}
	return d.State
}

func (m migrator) run(d Dirs) (Report, error) {
	var r Report
	pending, err := Pending(d)
	if err != nil || len(pending) == 0 {
		return r, err
	}
	if err := d.Create(); err != nil {
		return r, err
	}
	lock, err := m.lock(filepath.Join(d.Legacy(), migrateLockName))
	if err != nil {
		return r, err
	}
	defer lock.Unlock()
	// Another program may have moved everything while this one waited.
	if pending, err = Pending(d); err != nil {
		return r, err
	}
	for _, mv := range pending {
		if err := m.move(mv.From, mv.To, &r, true); err != nil {
			return r, fmt.Errorf("cannot move %s to %s: %w (run xpost again to finish the move; nothing was lost)", mv.From, filepath.Dir(mv.To), err)
		}
	}
	sweepLocks(d.Legacy())
	return r, nil
}

// sweepLocks removes the lock files left in the old directory that no
// process holds: the files they guarded have moved, and a lock file holds
// nothing. One that is held stays, for its holder.
func sweepLocks(dir string) {
	fsx.SweepLocks(dir, func(name string) bool {
		return strings.HasSuffix(name, ".lock") && name != migrateLockName
	})
}

// lock takes the migration lock, waiting for another program's
// migration to end.
func (m migrator) lock(path string) (*fsx.Lock, error) {
	const step = 20 * time.Millisecond
	for waited := time.Duration(0); ; waited += step {
		l, err := fsx.TryLock(path)
		if !errors.Is(err, fsx.ErrLocked) {
			return l, err
		}
		if waited >= m.lockWait {
			return nil, fmt.Errorf("another xpost has been moving files to their new places for over %v (lock %s): if no other xpost is running, try again", m.lockWait, path)
		}
		m.sleep(step)
	}
}

// move moves from to to, recording in r what it did; top says whether
// the entry is one of the old directory's own, which the report lists
// (the files of a folder are not listed one by one).
func (m migrator) move(from, to string, r *Report, top bool) error {
	src, err := os.Lstat(from)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	dst, err := os.Lstat(to)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		err = m.rename(from, to)
		if err == nil {
			if top {
				r.Moved = append(r.Moved, Move{from, to})
			}
			return errors.Join(fsx.SyncDir(filepath.Dir(to)), fsx.SyncDir(filepath.Dir(from)))
		}
		if !crossDevice(err) {
			return err
		}
		if src.IsDir() {
			if err := os.Mkdir(to, src.Mode().Perm()); err != nil {
				return err
			}
			return m.mergeDir(from, to, r, top)
		}
		if !src.Mode().IsRegular() {
			return err // a link or a special file cannot be copied faithfully: say why
		}
		if err := copyFile(from, to, src.Mode().Perm()); err != nil {
			return err
		}
		if err := m.remove(from); err != nil {
			return err
		}
		if top {
			r.Moved = append(r.Moved, Move{from, to})
		}
		return nil
	case err != nil:
		return err
	case src.IsDir() && dst.IsDir():
		return m.mergeDir(from, to, r, top)
	case src.Mode().IsRegular() && dst.Mode().IsRegular():
		same, err := sameContent(from, to)
		if err != nil {
			return err
		}
		if !same {
			r.Kept = append(r.Kept, Move{from, to})
			return nil
		}
		// An interrupted copy: the new place is complete, the old copy
		// was not yet removed.
		if err := m.remove(from); err != nil {
			return err
		}
		if top {
			r.Moved = append(r.Moved, Move{from, to})
		}
		return nil
	}
	r.Kept = append(r.Kept, Move{from, to})
	return nil
}

// mergeDir moves every entry of the folder from into the existing folder
// to, then removes from if nothing was kept in it.
func (m migrator) mergeDir(from, to string, r *Report, top bool) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	kept := len(r.Kept)
	for _, e := range entries {
		if err := m.move(filepath.Join(from, e.Name()), filepath.Join(to, e.Name()), r, false); err != nil {
			return err
		}
	}
	if len(r.Kept) > kept {
		return nil
	}
	if err := m.remove(from); err != nil {
		return err
	}
	if top {
		r.Moved = append(r.Moved, Move{from, to})
	}
	return nil
}

// copyFile copies from to the new file to, atomically: to appears whole
// or not at all.
func copyFile(from, to string, perm fs.FileMode) error {
	f, err := os.Open(from)
	if err != nil {
		return err
	}
	defer f.Close()
	return fsx.Write(to, perm, func(w io.Writer) error {
		_, err := io.Copy(w, f)
		return err
	})
}

// sameContent reports whether two regular files hold the same bytes.
func sameContent(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	if fa.Size() != fb.Size() {
		return false, nil
	}
	ba, err := os.ReadFile(a)
	if err != nil {
		return false, err
	}
	bb, err := os.ReadFile(b)
	if err != nil {
		return false, err
	}
	return bytes.Equal(ba, bb), nil
}

// crossDevice reports whether a rename failed because its two paths are
// on different file systems, which a copy then does instead.
func crossDevice(err error) bool {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return false
	}
	if runtime.GOOS == "windows" {
		return errno == 17 // ERROR_NOT_SAME_DEVICE
	}
	return errno == syscall.EXDEV
}

// Summary words a report for the user, one line per new place, or ""
// when nothing moved or was kept.
func (r Report) Summary() string {
	byDir := map[string][]string{}
	for _, mv := range r.Moved {
		dir := filepath.Dir(mv.To)
		byDir[dir] = append(byDir[dir], filepath.Base(mv.To))
	}
	var dirs []string
	for dir := range byDir {
		dirs = append(dirs, dir)
	}
	sort.Strings(dirs)
	var b strings.Builder
	for _, dir := range dirs {
		fmt.Fprintf(&b, "moved %s to %s\n", strings.Join(byDir[dir], ", "), dir)
	}
	for _, k := range r.Kept {
		fmt.Fprintf(&b, "kept %s where it was: %s already exists and differs (compare them and remove one)\n", k.From, k.To)
	}
	return b.String()
}
