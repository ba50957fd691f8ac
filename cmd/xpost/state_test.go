package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xpostdev/xpost/internal/appdirs"
)

func TestMediaDirRemembered(t *testing.T) {
	t.Parallel()
	config := appdirs.Single(filepath.Join(t.TempDir(), "not-yet")).StateFile()
	if got := lastMediaDir(config); got != "" {
		t.Fatalf("a fresh config starts the picker in %q", got)
	}
	pictures := t.TempDir()
	if err := mediaDirKeeper(config)(pictures); err != nil {
		t.Fatal(err)
	}
	if got := lastMediaDir(config); got != pictures {
		t.Errorf("lastMediaDir = %q, want %q", got, pictures)
	}
	fi, err := os.Stat(config)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("state file mode %v, want 0600", fi.Mode().Perm())
	}
	// A folder that is gone is not where the picker starts.
	if err := os.Remove(pictures); err != nil {
		t.Fatal(err)
	}
	if got := lastMediaDir(config); got != "" {
		t.Errorf("lastMediaDir of a removed folder = %q", got)
	}
	// A damaged file is an empty state.
	if err := os.WriteFile(config, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := loadState(config); got != (state{}) {
		t.Errorf("damaged state read as %+v", got)
	}
}

func TestMediaWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want string
	}{
		{name: "permission", err: &fs.PathError{Op: "open", Path: "/a/b/cat.png", Err: fs.ErrPermission}, want: "cannot read cat.png: you have no permission to read it"},
		{name: "gone", err: &fs.PathError{Op: "open", Path: "/a/b/cat.png", Err: fs.ErrNotExist}, want: "cat.png is not there: check the name (it may have been moved or deleted)"},
		{name: "other", err: errors.New("media /a/b/cat.png is empty"), want: "media /a/b/cat.png is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := mediaWords("/a/b/cat.png", tt.err)
			if !strings.HasPrefix(err.Error(), tt.want) || !errors.Is(err, tt.err) {
				t.Errorf("mediaWords = %q (is the cause: %v), want %q", err, errors.Is(err, tt.err), tt.want)
			}
		})
	}
}
