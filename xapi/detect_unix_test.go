//go:build unix

package xapi

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/xpostdev/xpost/internal/fsx"
)

// TestMediaRefusesNamedPipes: a named pipe given as media is refused
// before it is opened. Opening one for reading waits for a writer, so
// before the check came first this test hung until the test timeout.
func TestMediaRefusesNamedPipes(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "photo.jpg")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	want := "media " + fifo + " is a named pipe, not a file: pass a regular file"
	_, err := DetectMedia(fifo)
	if _, ok := errors.AsType[*fsx.NotRegularError](err); !ok || err.Error() != want {
		t.Errorf("DetectMedia: err = %v, want %q", err, want)
	}
	// The upload opens the file again: a file swapped for a pipe after it
	// was inspected is refused there too, before any request.
	c, err := NewClient(nil, Options{BaseURL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, _, err = c.uploadOnce(t.Context(), &MediaFile{Path: fifo, Size: 10, Kind: MediaImage, Type: "image/jpeg", Category: "tweet_image"}, UploadOptions{})
	if _, ok := errors.AsType[*fsx.NotRegularError](err); !ok || err.Error() != want {
		t.Errorf("upload: err = %v, want %q", err, want)
	}
}
