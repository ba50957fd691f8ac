//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// ptyOutput collects what the program writes to its terminal.
type ptyOutput struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	more chan struct{} // signalled after each write
}

func (o *ptyOutput) Write(p []byte) (int, error) {
	o.mu.Lock()
	o.buf.Write(p)
	o.mu.Unlock()
	select {
	case o.more <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (o *ptyOutput) contains(s string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return bytes.Contains(o.buf.Bytes(), []byte(s))
}

// TestBinaryDemoRemovesItsDirectoryOnSignals runs `xpost --demo` in a
// terminal, waits until the composer is drawn, stops it with a signal and
// checks that the demo's temporary directory is gone. Before, SIGHUP (a
// closed terminal window, a dropped SSH session) killed the program with
// the directory left behind, and a second signal skipped the removal.
func TestBinaryDemoRemovesItsDirectoryOnSignals(t *testing.T) {
	t.Parallel()
	bin := xpostBinary(t)
	tests := []struct {
		name string
		sigs []syscall.Signal
	}{
		{name: "SIGHUP", sigs: []syscall.Signal{syscall.SIGHUP}},
		{name: "SIGTERM", sigs: []syscall.Signal{syscall.SIGTERM}},
		{name: "SIGHUP twice", sigs: []syscall.Signal{syscall.SIGHUP, syscall.SIGHUP}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tmp := t.TempDir()
			cmd := exec.Command(bin, "--demo")
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "XPOST_CONFIG_DIR="+t.TempDir(), "TERM=xterm-256color", "VISUAL=", "EDITOR=")
			f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
			if err != nil {
				t.Skipf("no terminal for the test: %v", err)
			}
			defer f.Close()
			out := &ptyOutput{more: make(chan struct{}, 1)}
			copied := make(chan struct{})
			go func() {
				// Ends with an error once the program is gone and f is
				// closed.
				buf := make([]byte, 4096)
				for {
					n, err := f.Read(buf)
					out.Write(buf[:n])
					if err != nil {
						close(copied)
						return
					}
				}
			}()
			guard := time.After(exitGuard)
			for !out.contains("nothing is sent to X") {
				select {
				case <-out.more:
				case <-copied:
					t.Fatalf("the demo ended before drawing: %q", out.buf.String())
				case <-guard:
					cmd.Process.Kill()
					t.Fatalf("the demo drew no welcome after %v: %q", exitGuard, out.buf.String())
				}
			}
			dirs, _ := filepath.Glob(filepath.Join(tmp, "xpost-demo-*"))
			if len(dirs) != 1 {
				t.Fatalf("demo directories while it runs: %q, want one", dirs)
			}
			for _, s := range tt.sigs {
				if err := cmd.Process.Signal(s); err != nil {
					t.Fatal(err)
				}
			}
			waitExit(t, cmd)
			if _, err := os.Stat(dirs[0]); !os.IsNotExist(err) {
				t.Errorf("%s is still there after %s (stat: %v)", dirs[0], tt.name, err)
			}
		})
	}
}
