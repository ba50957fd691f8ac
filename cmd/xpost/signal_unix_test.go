//go:build unix

package main

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// waitExit waits for cmd to exit and returns its exit status, failing the
// test if it is still running after exitGuard.
func waitExit(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if ee, ok := errors.AsType[*exec.ExitError](err); ok {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(exitGuard):
		cmd.Process.Kill()
		<-done
		t.Fatalf("%s still running after %v: it hangs", strings.Join(cmd.Args, " "), exitGuard)
		return -1
	}
}

// mkfifo makes a named pipe nothing ever writes to: opening it for
// reading the ordinary way waits for ever.
func mkfifo(t *testing.T, path string) string {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	return path
}

// TestBinaryRefusesNamedPipes gives a named pipe wherever a file is
// expected. Each run must end at once with an error saying what the path
// is; before, each one hung, deaf to ctrl+c.
func TestBinaryRefusesNamedPipes(t *testing.T) {
	t.Parallel()
	bin := xpostBinary(t)
	dir := t.TempDir()
	fifo := mkfifo(t, filepath.Join(dir, "pipe"))
	thread := filepath.Join(dir, "thread.txt")
	if err := os.WriteFile(thread, []byte("First.\n![a photo](pipe)\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	pipeConfig := t.TempDir()
	mkfifo(t, filepath.Join(pipeConfig, "config.json"))
	pipeToken := t.TempDir()
	mkfifo(t, filepath.Join(pipeToken, "token.json"))
	journaled := filepath.Join(t.TempDir(), "thread.txt")
	if err := os.WriteFile(journaled, []byte("Only part.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mkfifo(t, journaled+".journal.json")
	tests := []struct {
		name      string
		args      []string
		configDir string
		wantErr   string
		// code is the exit status; 0 means exitFailure.
		code int
	}{
		{name: "count FILE", args: []string{"count", fifo}, wantErr: fifo + " is a named pipe, not a file: pass a regular file, or pipe the text to standard input"},
		{name: "thread FILE", args: []string{"thread", "--dry-run", fifo}, wantErr: fifo + " is a named pipe, not a file: pass a regular file"},
		{name: "media in a thread file", args: []string{"thread", "--dry-run", thread}, wantErr: "media " + fifo + " is a named pipe, not a file: pass a regular file"},
		{name: "post --media", args: []string{"post", "--dry-run", "--media", fifo, "hello"}, wantErr: "media " + fifo + " is a named pipe, not a file: pass a regular file"},
		{name: "config.json", args: []string{"post", "--dry-run", "hello"}, configDir: pipeConfig, wantErr: filepath.Join(pipeConfig, "config.json") + " is a named pipe, not a file: pass a regular file"},
		// The login's own message is the token store's business; here it
		// must only not hang.
		{name: "token.json", args: []string{"whoami"}, configDir: pipeToken, code: exitLogin},
		{name: "thread journal", args: []string{"thread", "--dry-run", "--resume", journaled}, wantErr: "is a named pipe, not a file: pass a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(bin, tt.args...)
			configDir := tt.configDir
			if configDir == "" {
				configDir = t.TempDir()
			}
			cmd.Env = append(os.Environ(), "XPOST_CONFIG_DIR="+configDir)
			var errb bytes.Buffer
			cmd.Stderr = &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			want := tt.code
			if want == 0 {
				want = exitFailure
			}
			if code := waitExit(t, cmd); code != want {
				t.Errorf("exit status %d, want %d (stderr %q)", code, want, errb.String())
			}
			if !strings.Contains(errb.String(), tt.wantErr) || errb.Len() == 0 {
				t.Errorf("stderr = %q, want it to contain %q", errb.String(), tt.wantErr)
			}
		})
	}
}

// TestBinaryCtrlCStopsAStdinRead interrupts `xpost count --jsonl` while it
// waits for the next line of a pipe that stays open. The answer to the
// first line proves the program runs and has its signal handler; ctrl+c
// must then end the wait and the program. Before, the captured signal was
// ignored and the program waited for the pipe for ever.
func TestBinaryCtrlCStopsAStdinRead(t *testing.T) {
	t.Parallel()
	bin := xpostBinary(t)
	cmd := exec.Command(bin, "count", "--jsonl")
	cmd.Env = append(os.Environ(), "XPOST_CONFIG_DIR="+t.TempDir())
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if _, err := stdin.Write([]byte(`{"text":"one"}` + "\n")); err != nil {
		t.Fatal(err)
	}
	answers := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		answers <- line
	}()
	select {
	case line := <-answers:
		if !strings.HasPrefix(line, `{"weightedLength":3,`) {
			t.Fatalf("answer to the first line: %q", line)
		}
	case <-time.After(exitGuard):
		cmd.Process.Kill()
		t.Fatalf("no answer to the first line after %v: results are held back while the input waits", exitGuard)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if code := waitExit(t, cmd); code != exitFailure {
		t.Errorf("exit status %d, want %d (stderr %q)", code, exitFailure, errb.String())
	}
	if want := "xpost: cannot read standard input: interrupted\n"; errb.String() != want {
		t.Errorf("stderr = %q, want %q", errb.String(), want)
	}
}
