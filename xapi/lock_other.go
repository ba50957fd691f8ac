//go:build !unix

package xapi

import (
	"errors"
	"io/fs"
	"os"
	"time"
)

// staleLock is how old a held-lock marker must be before it is taken to be
// left over from a crashed process.
const staleLock = 2 * time.Minute

// tryLockFile emulates an exclusive lock where flock is unavailable: the
// holder creates f's name + ".held" exclusively and removes it on unlock.
func tryLockFile(f *os.File) (bool, error) {
	held := f.Name() + ".held"
	h, err := os.OpenFile(held, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		h.Close()
		return true, nil
	}
	if !errors.Is(err, fs.ErrExist) {
		return false, err
	}
	if fi, serr := os.Stat(held); serr == nil && time.Since(fi.ModTime()) > staleLock {
		_ = os.Remove(held)
	}
	return false, nil
}

func unlockFile(f *os.File) { _ = os.Remove(f.Name() + ".held") }

// syncDir is a no-op where directories cannot be synced.
func syncDir(string) error { return nil }
