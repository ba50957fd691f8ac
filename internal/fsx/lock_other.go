//go:build !unix && !windows

package fsx

import "os"

// lockFile opens path; without file locks on this system the lock is
// always granted.
func lockFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
}

func stillNamed(*os.File, string) (bool, error) { return true, nil }

func unlockAndRemove(f *os.File, path string) error {
	err := f.Close()
	_ = os.Remove(path)
	return err
}
