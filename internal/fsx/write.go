package fsx

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// tempInfix is what a temporary file's name holds between the target's
// name and the random part: ".NAME.tmp-123456". Stores that sweep up the
// leftovers of a crashed write look for it.
const tempInfix = ".tmp-"

// tempPattern is the os.CreateTemp pattern of the temporary files WriteFile
// makes for a file called name: a dot file, so listings skip it, whose
// name says what it was meant to replace.
func tempPattern(name string) string { return "." + name + tempInfix + "*" }

// WriteFile replaces path with data, atomically and durably: see Write.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write replaces path with what fill writes, atomically and durably. fill
// writes into a temporary file in path's directory, which is given mode
// perm, fsynced and closed, then renamed over path; the directory is then
// fsynced so the rename survives a power cut. If anything fails, path is
// untouched and the temporary file removed. The directory must exist.
func Write(path string, perm fs.FileMode, fill func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, tempPattern(filepath.Base(path)))
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = f.Chmod(perm); err != nil {
		return err
	}
	if err = fill(f); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	return SyncDir(dir)
}

// Remove deletes path and makes the removal durable, as Write does for a
// replacement.
func Remove(path string) error {
	if err := os.Remove(path); err != nil {
		return err
	}
	return SyncDir(filepath.Dir(path))
}
