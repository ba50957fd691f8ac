package fsx

import (
	"errors"
	"os"
	"path/filepath"
)

// ErrLocked is returned by TryLock when another holder has the lock.
var ErrLocked = errors.New("locked by another process")

// Lock is an exclusive lock on a lock file, taken with TryLock. The
// operating system drops it when the process ends, however it ends, so a
// crash never leaves a lock behind.
type Lock struct {
	f    *os.File
	path string
}

// TryLock takes the exclusive lock of the lock file at path, creating the
// file (mode 0600) if needed, without waiting: if another process, or
// another TryLock in this one, holds it, the error is ErrLocked. Unlock
// releases it and removes the file.
//
// Where the system has no file locks (other than Unix and Windows), the
// lock is always granted.
func TryLock(path string) (*Lock, error) {
	for {
		f, err := lockFile(path)
		if err != nil {
			return nil, err
		}
		// The holder before us may have removed the file between our open
		// and our lock (Unlock does so): then we hold a lock on a file no
		// one else can find, and must lock the file that path names now.
		same, err := stillNamed(f, path)
		if same {
			return &Lock{f: f, path: path}, nil
		}
		f.Close()
		if err != nil {
			return nil, err
		}
	}
}

// File is the open lock file, for a holder that records who it is in it.
func (l *Lock) File() *os.File { return l.f }

// Unlock releases the lock and removes the lock file, so lock files do
// not pile up.
func (l *Lock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := unlockAndRemove(l.f, l.path)
	l.f = nil
	return err
}

// SweepLocks removes the lock files in dir whose names match that no
// process holds: each is taken with TryLock and released, which removes
// it; one that is held stays, for its holder. It is for lock files left
// behind once what they guarded has moved away (a lock file holds
// nothing), and reports nothing: a file it cannot remove is harmless.
func SweepLocks(dir string, match func(name string) bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !match(e.Name()) {
			continue
		}
		if l, err := TryLock(filepath.Join(dir, e.Name())); err == nil {
			l.Unlock() // removes the file
		}
	}
}
