//go:build unix

package fsx

import (
	"errors"
	"os"
	"syscall"
)

// SyncDir makes a rename, creation or removal in dir durable. File systems
// that cannot fsync a directory (some network and FUSE ones) still rename
// atomically, so their refusal is not an error.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) && !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	return nil
}
