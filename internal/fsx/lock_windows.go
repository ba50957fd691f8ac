//go:build windows

package fsx

import (
	"errors"
	"os"
	"syscall"
)

// lockFile opens path with no sharing at all, which Windows keeps
// exclusive until the handle is closed or the process ends.
func lockFile(path string) (*os.File, error) {
	name, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	h, err := syscall.CreateFile(name, syscall.GENERIC_READ|syscall.GENERIC_WRITE, 0, nil,
		syscall.OPEN_ALWAYS, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		const errSharingViolation = syscall.Errno(32)
		if errors.Is(err, errSharingViolation) {
			return nil, ErrLocked
		}
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(h), path), nil
}

// stillNamed is always true on Windows: a file open without sharing can
// be neither removed nor replaced.
func stillNamed(*os.File, string) (bool, error) { return true, nil }

// unlockAndRemove closes the handle first, since Windows removes no file
// that is open; another window may open it meanwhile, and then keeps it.
func unlockAndRemove(f *os.File, path string) error {
	err := f.Close()
	_ = os.Remove(path)
	return err
}
