package fsx

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

func TestWriteFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.json")
	if err := WriteFile(path, []byte("one"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("two"), 0o640); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "two" {
		t.Fatalf("content = %q, %v; want \"two\"", got, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o640 {
		t.Errorf("mode = %v, want 0640", fi.Mode().Perm())
	}
	assertOnly(t, dir, "config.json")
}

func TestWriteFailureKeepsTheOldFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "draft.json")
	if err := WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk full")
	err := Write(path, 0o600, func(w io.Writer) error {
		w.Write([]byte("half of the new"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "old" {
		t.Errorf("content = %q, want the old one", got)
	}
	assertOnly(t, dir, "draft.json")
}

func TestWriteIntoMissingDirectory(t *testing.T) {
	t.Parallel()
	err := WriteFile(filepath.Join(t.TempDir(), "nope", "f"), nil, 0o600)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want ErrNotExist", err)
	}
}

// assertOnly fails unless dir holds exactly the named files: no temporary
// file is left behind.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("directory holds %q, want %q", got, names)
	}
}

func TestReadFileLimit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name    string
		size    int
		limit   int64
		wantErr bool
	}{
		{name: "empty", size: 0, limit: 10},
		{name: "under the limit", size: 9, limit: 10},
		{name: "at the limit", size: 10, limit: 10},
		{name: "one byte over", size: 11, limit: 10, wantErr: true},
		{name: "far over", size: 1 << 20, limit: 10, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(dir, tt.name)
			data := bytes.Repeat([]byte("x"), tt.size)
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := ReadFile(path, tt.limit)
			if tt.wantErr {
				var tl *TooLargeError
				if !errors.As(err, &tl) || tl.Name != path || tl.Limit != tt.limit {
					t.Fatalf("err = %v, want a *TooLargeError for %s", err, path)
				}
				return
			}
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("ReadFile = %d bytes, %v; want %d bytes", len(got), err, tt.size)
			}
		})
	}
}

func TestOpenRegularRefusesDirectories(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, err := OpenRegular(dir)
	var nr *NotRegularError
	if !errors.As(err, &nr) {
		t.Fatalf("err = %v, want a *NotRegularError", err)
	}
	if want := dir + " is a directory, not a file: pass a regular file"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	if _, err := OpenRegular(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: err = %v, want ErrNotExist", err)
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func TestReadAllStopsAtTheLimit(t *testing.T) {
	t.Parallel()
	const limit = 1000
	endless := &countingReader{r: neverEnding('a')}
	_, err := ReadAll(endless, "standard input", limit)
	var tl *TooLargeError
	if !errors.As(err, &tl) {
		t.Fatalf("err = %v, want a *TooLargeError", err)
	}
	if want := "standard input is larger than 1,000 bytes"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	if endless.n != limit+1 {
		t.Errorf("read %d bytes of an endless stream, want %d", endless.n, limit+1)
	}
	got, err := ReadAll(strings.NewReader("short"), "standard input", limit)
	if err != nil || string(got) != "short" {
		t.Errorf("ReadAll = %q, %v", got, err)
	}
}

// neverEnding is an endless stream of one byte.
type neverEnding byte

func (b neverEnding) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

// blockedReader blocks every Read until released, and says when a Read
// has started.
type blockedReader struct {
	entered chan struct{}
	release chan struct{}
}

func (b *blockedReader) Read(p []byte) (int, error) {
	b.entered <- struct{}{}
	<-b.release
	return 0, io.EOF
}

func TestContextReaderReturnsWhileTheReadBlocks(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancelCause(t.Context())
	br := &blockedReader{entered: make(chan struct{}, 1), release: make(chan struct{})}
	defer close(br.release)
	r := ContextReader(ctx, br)
	type result struct {
		n   int
		err error
	}
	done := make(chan result)
	go func() {
		n, err := r.Read(make([]byte, 10))
		done <- result{n, err}
	}()
	<-br.entered
	interrupted := errors.New("interrupted")
	cancel(interrupted)
	res := <-done
	if res.n != 0 || !errors.Is(res.err, interrupted) {
		t.Errorf("Read = %d, %v; want 0, %v", res.n, res.err, interrupted)
	}
	if _, err := r.Read(make([]byte, 10)); !errors.Is(err, interrupted) {
		t.Errorf("Read after the end = %v, want %v", err, interrupted)
	}
}

func TestContextReaderPassesDataThrough(t *testing.T) {
	t.Parallel()
	data := []byte(strings.Repeat("0123456789", 1000))
	r := ContextReader(t.Context(), iotest.HalfReader(bytes.NewReader(data)))
	if err := iotest.TestReader(r, data); err != nil {
		t.Error(err)
	}
}

// TestSweepLocks: the matching lock files no one holds are removed; a
// held one and those that do not match stay.
func TestSweepLocks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, n := range []string{"a.lock", "b.lock", "keep.lock", "data.json"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	held, err := TryLock(filepath.Join(dir, "b.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer held.Unlock()
	SweepLocks(dir, func(name string) bool { return strings.HasSuffix(name, ".lock") && name != "keep.lock" })
	SweepLocks(filepath.Join(dir, "missing"), func(string) bool { return true })
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if got, want := strings.Join(left, " "), "b.lock data.json keep.lock"; got != want {
		t.Errorf("left %q, want %q", got, want)
	}
}
