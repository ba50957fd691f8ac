package fsx

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/xpostdev/xpost/internal/human"
)

// NotRegularError is returned for a path that names something other than
// a regular file (after symbolic links are followed): a named pipe, a
// device, a socket or a directory. Reading one would block until another
// program writes, never end, or make no sense.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

// Error says what the path is and what to pass instead.
func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a file: pass a regular file", e.Path, e.Kind())
}

// Kind names what the path is, with its article: "a named pipe".
func (e *NotRegularError) Kind() string {
	m := e.Mode
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	default:
		return "not a regular file"
	}
}

// TooLargeError is returned for a file or stream longer than the limit its
// reader set.
type TooLargeError struct {
	// Name is the file's path or a stream's name ("standard input").
	Name  string
	Limit int64
}

// Error says how large the input may be; the caller adds what to do.
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %s", e.Name, human.Size(e.Limit))
}

// OpenRegular opens path for reading if, and only if, it is a regular
// file (a symbolic link is followed). What the path names is checked
// before it is opened, so a named pipe or a device is never opened at
// all; and the open itself does not block (O_NONBLOCK where the system has
// it), so a path swapped for a pipe between the check and the open is
// refused too, by a second check of what was opened. Other errors are the
// *fs.PathError of os.Open.
func OpenRegular(path string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Mode: fi.Mode()}
	}
	f, err := openNoBlock(path)
	if err != nil {
		return nil, err
	}
	if fi, err = f.Stat(); err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, &NotRegularError{Path: path, Mode: fi.Mode()}
	}
	return f, nil
}

// ReadFile reads the regular file path whole, refusing anything else (see
// OpenRegular) and any file longer than limit bytes with a *TooLargeError,
// without reading past the limit even if the file grows meanwhile.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Size() > limit {
		return nil, &TooLargeError{Name: path, Limit: limit}
	}
	var b bytes.Buffer
	b.Grow(int(fi.Size()) + bytes.MinRead)
	return readLimited(&b, f, path, limit)
}

// ReadAll reads r to its end, but at most limit bytes: a longer stream is
// refused with a *TooLargeError naming name, after limit+1 bytes were read
// and not more.
func ReadAll(r io.Reader, name string, limit int64) ([]byte, error) {
	return readLimited(new(bytes.Buffer), r, name, limit)
}

func readLimited(b *bytes.Buffer, r io.Reader, name string, limit int64) ([]byte, error) {
	if _, err := b.ReadFrom(io.LimitReader(r, limit+1)); err != nil {
		return nil, err
	}
	if int64(b.Len()) > limit {
		return nil, &TooLargeError{Name: name, Limit: limit}
	}
	return b.Bytes(), nil
}
