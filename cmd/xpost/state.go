package main

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/xpostdev/xpost/internal/fsx"
)

// maxStateBytes bounds the read of the state file; it holds a few paths.
const maxStateBytes = 64 << 10

// state is what xpost remembers between runs.
type state struct {
	// MediaDir is the folder of the last file attached in the composer,
	// where its media picker starts.
	MediaDir string `json:"media_dir,omitempty"`
}

// loadState reads the state kept in the file at path (appdirs'
// StateFile); a missing or damaged file is an empty state, since nothing
// in it is more than a convenience.
func loadState(path string) state {
	var st state
	b, err := fsx.ReadFile(path, maxStateBytes)
	if err != nil {
		return state{}
	}
	if json.Unmarshal(b, &st) != nil {
		return state{}
	}
	return st
}

// saveState writes st to the file at path atomically, private to the
// user.
func saveState(path string, st state) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	return fsx.WriteFile(path, append(b, '\n'), 0o600)
}

// lastMediaDir is where the composer's media picker starts: the folder
// last used, when it still exists, else "" (the current directory).
func lastMediaDir(path string) string {
	d := loadState(path).MediaDir
	if d == "" {
		return ""
	}
	if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
		return ""
	}
	return d
}

// mediaDirKeeper returns the function the composer calls with the folder
// of a file just attached, which keeps it in the state file at path.
func mediaDirKeeper(path string) func(string) error {
	return func(media string) error {
		st := loadState(path)
		st.MediaDir = media
		err := saveState(path, st)
		if errors.Is(err, fs.ErrNotExist) {
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				return err
			}
			return saveState(path, st)
		}
		return err
	}
}
