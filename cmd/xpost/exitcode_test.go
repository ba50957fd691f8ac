package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// TestBinaryExitCodes runs the built program against the fake X, one case
// per documented exit status, with what the script would read on stderr.
func TestBinaryExitCodes(t *testing.T) {
	t.Parallel()
	bin := xpostBinary(t)
	tests := []struct {
		name string
		opts xapitest.Options
		// noLogin leaves the config directory without a saved login.
		noLogin bool
		// before are commands run first, each expected to succeed.
		before [][]string
		args   []string
		// thread, when set, is the thread file's parts; THREAD in args
		// names it.
		thread  []string
		code    int
		wantErr string
		env     []string
	}{
		{name: "success", args: []string{"post", "hello"}, code: exitOK},
		{name: "usage", args: []string{"post", "--reply-settings", "everybody", "x"}, code: exitUsage, wantErr: "--reply-settings must be"},
		{name: "not logged in", noLogin: true, args: []string{"whoami"}, code: exitLogin, wantErr: "login`"},
		{name: "out of credits", opts: xapitest.Options{MeterCredits: true, Credits: 0}, args: []string{"post", "hi"}, code: exitRetry, wantErr: "out of API credits"},
		{name: "usage cap", opts: xapitest.Options{UsageCap: 1}, before: [][]string{{"post", "one"}}, args: []string{"post", "two"}, code: exitRetry, wantErr: "monthly usage cap"},
		{name: "rate limited", opts: xapitest.Options{DailyPostCap: 1}, before: [][]string{{"post", "one"}}, args: []string{"post", "--max-wait", "0", "two"}, code: exitRetry, wantErr: "try again after"},
		{name: "duplicate", before: [][]string{{"post", "same words"}}, args: []string{"post", "same words"}, code: exitRefused, wantErr: "same text"},
		{name: "breaks the rules", args: []string{"post", strings.Repeat("x", 281)}, code: exitRefused, wantErr: "over the limit"},
		{name: "not found", args: []string{"delete", "--yes", "1234567890"}, code: exitRefused},
		{name: "partial thread", opts: xapitest.Options{UsageCap: 1}, thread: []string{"first", "second"}, args: []string{"thread", "THREAD"}, code: exitPartial, wantErr: "--resume"},
		{name: "a question without a terminal", args: []string{"delete", "1234567890"}, code: exitUsage, wantErr: "pass --yes"},
		{name: "no input forbids a login", noLogin: true, args: []string{"--no-input", "login", "--no-browser"}, code: exitUsage, wantErr: "--no-input"},
		{name: "no input from the environment", env: []string{"XPOST_NO_INPUT=1"}, args: []string{"login", "--no-browser"}, code: exitUsage, wantErr: "--no-input"},
		{name: "unreadable file", args: []string{"thread", "/nonexistent/thread.md"}, code: exitFailure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fake(t, tt.opts)
			r := apiRunner(t, srv)
			if tt.noLogin {
				r = newRunner(t)
				r.env["XPOST_API_BASE"] = srv.URL
			}
			env := os.Environ()
			for k, v := range r.env {
				env = append(env, k+"="+v)
			}
			env = append(env, tt.env...)
			exe := func(args ...string) (int, string) {
				cmd := exec.CommandContext(t.Context(), bin, args...)
				cmd.Env = env
				var errb bytes.Buffer
				cmd.Stderr = &errb
				err := cmd.Run()
				if ee, ok := errors.AsType[*exec.ExitError](err); ok {
					return ee.ExitCode(), errb.String()
				} else if err != nil {
					t.Fatal(err)
				}
				return 0, errb.String()
			}
			for _, b := range tt.before {
				if code, stderr := exe(b...); code != 0 {
					t.Fatalf("%v: exit status %d: %s", b, code, stderr)
				}
			}
			args := append([]string(nil), tt.args...)
			for i, a := range args {
				if a == "THREAD" {
					args[i] = writeThread(t, tt.thread...)
				}
			}
			code, stderr := exe(args...)
			if code != tt.code {
				t.Errorf("exit status %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.wantErr)
			}
		})
	}
}

// TestExitCode maps each typed error to its status, including the ones
// the fake cannot produce on demand.
func TestExitCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, exitOK},
		{"plain", errors.New("cannot read"), exitFailure},
		{"usage", &usageError{msg: "bad"}, exitUsage},
		{"exit error keeps its code", &exitError{code: exitFailure}, exitFailure},
		{"login required", fmt.Errorf("whoami: %w", &xapi.LoginRequiredError{Reason: "no login"}), exitLogin},
		{"login timeout", fmt.Errorf("%w within 1m", xapi.ErrLoginTimeout), exitLogin},
		{"login refused", &xapi.OAuthError{StatusCode: 400, Code: "access_denied"}, exitLogin},
		{"login service down", &xapi.OAuthError{StatusCode: 503}, exitRetry},
		{"401", &xapi.APIError{StatusCode: http.StatusUnauthorized}, exitLogin},
		{"403 lacking a scope", &xapi.APIError{StatusCode: http.StatusForbidden, Title: "Forbidden"}, exitLogin},
		{"403 duplicate", &xapi.APIError{StatusCode: http.StatusForbidden, Detail: "You are not allowed to create a Tweet with duplicate content."}, exitRefused},
		{"403 rules", &xapi.APIError{StatusCode: http.StatusForbidden, Detail: "Reply to this conversation is not allowed"}, exitRefused},
		{"402", &xapi.APIError{StatusCode: http.StatusPaymentRequired, Title: "CreditsDepleted"}, exitRetry},
		{"429", &xapi.RateLimitError{Limit: "15-minute window"}, exitRetry},
		{"503", &xapi.APIError{StatusCode: http.StatusServiceUnavailable}, exitRetry},
		{"network", &xapi.NetworkError{Op: "GET /2/users/me", Err: errors.New("connection refused")}, exitRetry},
		{"edit refused", &xapi.EditRefusedError{PostID: "1", Reason: xapi.EditRefused}, exitRefused},
		{"local validation", &problemsError{lines: []string{"too long"}}, exitRefused},
		{"unusable files", &problemsError{lines: []string{"not media"}, files: true}, exitFailure},
		{"unknown outcome", fmt.Errorf("post: %w", &xapi.UnknownOutcomeError{Err: &xapi.NetworkError{Op: "POST /2/tweets", Err: errors.New("reset")}}), exitPartial},
		{"partial before its cause", &partialError{posted: []string{"1"}, err: &xapi.RateLimitError{Limit: "15-minute window"}}, exitPartial},
		{"internal", &internalError{err: errors.New("panic: boom")}, exitInternal},
		{"interrupted", context.Canceled, exitFailure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := exitCode(tt.err); got != tt.want {
				t.Errorf("exitCode(%v) = %d, want %d", tt.err, got, tt.want)
			}
		})
	}
}

// TestPanicIsInternal: a panic in a command ends the run with the internal
// error's status and a short message, not a stack on the terminal.
func TestPanicIsInternal(t *testing.T) {
	t.Parallel()
	root := &cobra.Command{Use: "xpost", SilenceErrors: true, SilenceUsage: true,
		RunE: func(*cobra.Command, []string) error { panic("boom") }}
	root.SetArgs(nil)
	_, err := execute(t.Context(), root)
	ie, ok := errors.AsType[*internalError](err)
	if !ok || exitCode(err) != exitInternal {
		t.Fatalf("err = %v, want an internal error", err)
	}
	if !strings.Contains(err.Error(), "boom") || strings.Contains(err.Error(), "goroutine") || !bytes.Contains(ie.stack, []byte("goroutine")) {
		t.Errorf("message %q, stack %d bytes: want the panic in the message and the stack only in the log", err, len(ie.stack))
	}
}
