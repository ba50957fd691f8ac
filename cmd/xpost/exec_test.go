package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The binary is built at most once per test run, and only by tests that
// need it.
var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// xpostBinary builds cmd/xpost with a version stamped in by -ldflags.
func xpostBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "xpost-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "xpost")
		out, err := exec.Command("go", "build", "-ldflags", "-X main.version=v0.0.0-test", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = errors.New("go build: " + err.Error() + "\n" + string(out))
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

func TestBinaryExitStatus(t *testing.T) {
	t.Parallel()
	bin := xpostBinary(t)
	tests := []struct {
		name     string
		args     []string
		stdin    string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{name: "valid post", args: []string{"count"}, stdin: "Hello, world\n", wantCode: 0, wantOut: "12/280 ✓ valid\n"},
		{name: "too long", args: []string{"count"}, stdin: strings.Repeat("é", 281), wantCode: 1, wantOut: "281/280 ✗ 1 over\n"},
		{name: "jsonl with an invalid line", args: []string{"count", "--jsonl"}, stdin: "{\"text\":\"ok\"}\n{\"text\":\"\"}\n", wantCode: 1},
		{name: "unreadable file", args: []string{"count", "/nonexistent/post.txt"}, wantCode: 1, wantErr: "cannot read /nonexistent/post.txt"},
		{name: "usage error", args: []string{"count", "--max", "0"}, wantCode: 2, wantErr: "Run 'xpost count --help' for usage."},
		{name: "unknown command", args: []string{"nope"}, wantCode: 2, wantErr: `unknown command "nope"`},
		{name: "version from ldflags", args: []string{"--version"}, wantCode: 0, wantOut: "xpost v0.0.0-test\n"},
		{name: "help", args: []string{"help"}, wantCode: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.CommandContext(t.Context(), bin, tt.args...)
			cmd.Env = append(os.Environ(), "XPOST_CONFIG_DIR="+t.TempDir())
			cmd.Stdin = strings.NewReader(tt.stdin)
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			err := cmd.Run()
			code := 0
			if ee, ok := errors.AsType[*exec.ExitError](err); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.wantCode {
				t.Errorf("exit status %d, want %d (stderr %q)", code, tt.wantCode, errb.String())
			}
			if tt.wantOut != "" && out.String() != tt.wantOut {
				t.Errorf("stdout = %q, want %q", out.String(), tt.wantOut)
			}
			if tt.wantErr != "" && !strings.Contains(errb.String(), tt.wantErr) {
				t.Errorf("stderr = %q, want it to contain %q", errb.String(), tt.wantErr)
			}
		})
	}
}
