//go:build unix

package fsx

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// mkfifo makes a named pipe in a test's directory. Nothing ever writes to
// it, so opening it the ordinary way would block for ever.
func mkfifo(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	return path
}

func TestOpenRegularRefusesPipesAndDevices(t *testing.T) {
	t.Parallel()
	fifo := mkfifo(t)
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, want string
	}{
		{name: "named pipe", path: fifo, want: fifo + " is a named pipe, not a file: pass a regular file"},
		{name: "link to a named pipe", path: link, want: link + " is a named pipe, not a file: pass a regular file"},
		{name: "device", path: os.DevNull, want: os.DevNull + " is a character device, not a file: pass a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, open := range []func(string) error{
				func(p string) error { _, err := OpenRegular(p); return err },
				func(p string) error { _, err := ReadFile(p, 1<<20); return err },
			} {
				err := open(tt.path)
				var nr *NotRegularError
				if !errors.As(err, &nr) || err.Error() != tt.want {
					t.Errorf("err = %v, want %q", err, tt.want)
				}
			}
		})
	}
}

// TestOpenNoBlockOnAPipe is the second line of defence: a path that turns
// into a named pipe after it was checked is opened without waiting for a
// writer, and refused by the check of what was opened.
func TestOpenNoBlockOnAPipe(t *testing.T) {
	t.Parallel()
	fifo := mkfifo(t)
	f, err := openNoBlock(fifo)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("opened %v, %v; want the named pipe", fi, err)
	}
}

func TestOpenRegularFollowsLinksToFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "post.txt")
	os.WriteFile(file, []byte("hello"), 0o600)
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	b, err := ReadFile(link, 100)
	if err != nil || string(b) != "hello" {
		t.Errorf("ReadFile(link) = %q, %v", b, err)
	}
}

func TestTryLockExcludesWithinAProcess(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "x.lock")
	first, err := TryLock(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := TryLock(path); !errors.Is(err, ErrLocked) {
		t.Fatalf("second TryLock: err = %v, want ErrLocked", err)
	}
	if err := first.Unlock(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the lock file is still there after Unlock: %v", err)
	}
	again, err := TryLock(path)
	if err != nil {
		t.Fatalf("TryLock after Unlock: %v", err)
	}
	again.Unlock()
}

// TestTryLockAcrossProcesses holds the lock in a child process: the
// parent cannot take it while the child lives, and can once the child is
// killed, since the system drops a dead process's locks.
func TestTryLockAcrossProcesses(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "x.lock")
	holder := holdLockInChild(t, path)
	if _, err := TryLock(path); !errors.Is(err, ErrLocked) {
		t.Fatalf("TryLock while the child holds it: err = %v, want ErrLocked", err)
	}
	holder.Kill()
	l, err := TryLock(path)
	if err != nil {
		t.Fatalf("TryLock after the child was killed: %v", err)
	}
	l.Unlock()
}

// lockHolderEnv names the lock file a child test process locks.
const lockHolderEnv = "FSX_TEST_HOLD_LOCK"

// TestHoldLockHelper is not a test: it is the child process of
// holdLockInChild.
func TestHoldLockHelper(t *testing.T) {
	path := os.Getenv(lockHolderEnv)
	if path == "" {
		t.Skip("only run as a child process")
	}
	if _, err := TryLock(path); err != nil {
		os.Stdout.WriteString("error: " + err.Error() + "\n")
		os.Exit(1)
	}
	os.Stdout.WriteString("locked\n")
	// Hold the lock until killed, or until the parent goes away.
	var b [1]byte
	os.Stdin.Read(b[:])
	os.Exit(0)
}

// child is a process holding a lock.
type child struct {
	t   *testing.T
	cmd *exec.Cmd
}

// Kill ends the child the hard way (no cleanup runs) and waits for it.
func (c *child) Kill() {
	c.cmd.Process.Kill()
	c.cmd.Wait()
}

// holdLockInChild starts this test binary again as a process that takes
// the lock at path, and returns once the child holds it.
func holdLockInChild(t *testing.T, path string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHoldLockHelper$")
	cmd.Env = append(os.Environ(), lockHolderEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{t: t, cmd: cmd}
	t.Cleanup(func() { stdin.Close(); c.Kill() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if line != "locked\n" {
		c.Kill()
		t.Fatalf("child: %q, %v", line, err)
	}
	return c
}
