//go:build unix

package fsx

import (
	"errors"
	"os"
	"syscall"
)

// lockFile opens path and takes its flock without blocking. flock locks
// belong to the open file description, so two TryLocks in one process
// exclude each other as two processes do.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	switch {
	case err == nil:
		return f, nil
	case errors.Is(err, syscall.EWOULDBLOCK):
		f.Close()
		return nil, ErrLocked
	default:
		f.Close()
		return nil, err
	}
}

// stillNamed reports whether path still names the file f holds open.
func stillNamed(f *os.File, path string) (bool, error) {
	held, err := f.Stat()
	if err != nil {
		return false, err
	}
	now, err := os.Stat(path)
	if err != nil {
		return false, nil // removed since: lock the new one
	}
	return os.SameFile(held, now), nil
}

// unlockAndRemove removes the lock file while the lock is still held, so
// no one can lock it after the release and before the removal (a TryLock
// that opened it before the removal finds it gone and tries again).
func unlockAndRemove(f *os.File, path string) error {
	rerr := os.Remove(path)
	if errors.Is(rerr, os.ErrNotExist) {
		rerr = nil
	}
	return errors.Join(rerr, f.Close())
}
