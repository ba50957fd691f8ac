//go:build unix

package fsx

import (
	"os"
	"syscall"
)

// openNoBlock opens path read-only with O_NONBLOCK, which makes the open
// of a named pipe return at once instead of waiting for a writer. The flag
// is cleared again, so reads behave as usual.
func openNoBlock(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	rc, err := f.SyscallConn()
	if err == nil {
		cerr := rc.Control(func(fd uintptr) { err = syscall.SetNonblock(int(fd), false) })
		if err == nil {
			err = cerr
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
