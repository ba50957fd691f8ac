package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/internal/appdirs"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi/billing"
	"github.com/xpostdev/xpost/xapi/rules"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// result is what one in-process run of the program produced.
type result struct {
	stdout, stderr string
	code           int
}

// runner runs the program in-process with a private environment, so tests
// stay parallel and never see the developer's real configuration.
type runner struct {
	t   *testing.T
	env map[string]string
	// configure adjusts the app before it runs (browser opener, terminal).
	configure func(*app)
}

func newRunner(t *testing.T) *runner {
	t.Helper()
	dir := t.TempDir()
	// Private, as xpost makes it: a config dir open to others is reported
	// on standard error, which most tests check.
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return &runner{t: t, env: map[string]string{"XPOST_CONFIG_DIR": dir}}
}

func (r *runner) run(stdin string, args ...string) result {
	r.t.Helper()
	var out, errb bytes.Buffer
	a := newApp(strings.NewReader(stdin), &out, &errb, func(k string) string { return r.env[k] })
	a.openBrowser = func(string) error { return nil }
	if r.configure != nil {
		r.configure(a)
	}
	code := a.run(r.t.Context(), args)
	return result{stdout: out.String(), stderr: errb.String(), code: code}
}

func TestCommandLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantOut    []string // substrings of stdout
		wantErr    []string // substrings of stderr
		wantNoErr  bool     // stderr must be empty
		wantOneErr bool     // usage errors: message plus a one-line hint
	}{
		{name: "help command", args: []string{"help"}, wantCode: 0, wantOut: []string{"xpost", "count", "--api-base", "--config-dir", "--log"}, wantNoErr: true},
		{name: "help flag", args: []string{"--help"}, wantCode: 0, wantOut: []string{"Usage:", "count"}, wantNoErr: true},
		{name: "help of a command", args: []string{"help", "count"}, wantCode: 0, wantOut: []string{"--jsonl", "--max"}, wantNoErr: true},
		{name: "command --help", args: []string{"count", "--help"}, wantCode: 0, wantOut: []string{"--jsonl", "--max", "Exit status"}, wantNoErr: true},
		{name: "version", args: []string{"--version"}, wantCode: 0, wantOut: []string{"xpost "}, wantNoErr: true},
		{name: "help of an unknown command", args: []string{"help", "nosuch"}, wantCode: 2, wantErr: []string{`no help for "nosuch"`}, wantOneErr: true},
		{name: "unknown command", args: []string{"frobnicate"}, wantCode: 2, wantErr: []string{`unknown command "frobnicate"`, "Run 'xpost --help' for usage."}, wantOneErr: true},
		{name: "unknown flag", args: []string{"--frobnicate"}, wantCode: 2, wantErr: []string{"unknown flag: --frobnicate", "--help"}, wantOneErr: true},
		{name: "unknown flag of a command", args: []string{"count", "--nope"}, wantCode: 2, wantErr: []string{"xpost count: unknown flag: --nope", "Run 'xpost count --help' for usage."}, wantOneErr: true},
		{name: "flag without value", args: []string{"count", "--max"}, wantCode: 2, wantErr: []string{"--max"}, wantOneErr: true},
		{name: "too many arguments", args: []string{"count", "a", "b"}, wantCode: 2, wantErr: []string{"at most one FILE"}, wantOneErr: true},
		{name: "global flag before command", args: []string{"--api-base", "http://127.0.0.1:1", "count", "--help"}, wantCode: 0, wantOut: []string{"--jsonl"}},
		{name: "global flag after command", args: []string{"count", "--config-dir", "DIR", "--help"}, wantCode: 0, wantOut: []string{"--jsonl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := newRunner(t).run("", tt.args...)
			if got.code != tt.wantCode {
				t.Errorf("exit status = %d, want %d\nstdout: %s\nstderr: %s", got.code, tt.wantCode, got.stdout, got.stderr)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(got.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, got.stdout)
				}
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(got.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, got.stderr)
				}
			}
			if tt.wantNoErr && got.stderr != "" {
				t.Errorf("stderr = %q, want nothing", got.stderr)
			}
			if tt.wantOneErr {
				if n := strings.Count(got.stderr, "\n"); n != 2 {
					t.Errorf("usage error takes %d lines, want the message and one hint:\n%s", n, got.stderr)
				}
				if got.stdout != "" {
					t.Errorf("usage error wrote to stdout: %q", got.stdout)
				}
			}
		})
	}
}

func TestVersionFromLdflags(t *testing.T) {
	// Not parallel: it sets the package variable the linker would set.
	old := version
	version = "v9.8.7"
	t.Cleanup(func() { version = old })
	got := newRunner(t).run("", "--version")
	if got.stdout != "xpost v9.8.7\n" {
		t.Errorf("--version printed %q, want %q", got.stdout, "xpost v9.8.7\n")
	}
}

func TestConfigPrecedence(t *testing.T) {
	t.Parallel()
	fileCfg := `{"client_id":"file-id","client_secret":"file-secret","redirect_port":9001,"api_base":"http://127.0.0.1:7001","default_limit":33}`
	tests := []struct {
		name    string
		file    string
		env     map[string]string
		flags   globalFlags
		want    config // Dir is filled in by the test
		wantErr string
	}{
		{
			name: "defaults",
			want: config{APIBase: defaultAPIBase, RedirectPort: defaultRedirectPort},
		},
		{
			name: "config file",
			file: fileCfg,
			want: config{ClientID: "file-id", ClientSecret: "file-secret", RedirectPort: 9001, APIBase: "http://127.0.0.1:7001", DefaultLimit: 33},
		},
		{
			name: "environment over file",
			file: fileCfg,
			env:  map[string]string{"XPOST_CLIENT_ID": "env-id", "XPOST_CLIENT_SECRET": "env-secret", "XPOST_API_BASE": "http://127.0.0.1:7002"},
			want: config{ClientID: "env-id", ClientSecret: "env-secret", RedirectPort: 9001, APIBase: "http://127.0.0.1:7002", DefaultLimit: 33},
		},
		{
			name:  "flag over environment",
			file:  fileCfg,
			env:   map[string]string{"XPOST_API_BASE": "http://127.0.0.1:7002"},
			flags: globalFlags{apiBase: "http://localhost:7003"},
			want:  config{ClientID: "file-id", ClientSecret: "file-secret", RedirectPort: 9001, APIBase: "http://localhost:7003", DefaultLimit: 33},
		},
		{name: "plain http to a remote host", flags: globalFlags{apiBase: "http://api.example.com"}, wantErr: "plain http"},
		{name: "not a URL", flags: globalFlags{apiBase: "api.x.com"}, wantErr: "not an absolute URL"},
		{name: "malformed file", file: `{"client_id":`, wantErr: "config.json:1: not valid JSON"},
		{name: "unknown key", file: "{\n  \"clientid\": \"x\"}", wantErr: `config.json:2: unknown key "clientid": the keys are client_id, `},
		{name: "bad port", file: `{"redirect_port":70000}`, wantErr: "not a port number"},
		{
			name: "plan and prices",
			file: `{"plan":"enterprise","prices":{"post":"0.02","post_url":0.25}}`,
			want: config{RedirectPort: defaultRedirectPort, APIBase: defaultAPIBase, Plan: rules.PlanEnterprise,
				Prices: billing.Prices{billing.Post: 20, billing.PostURL: 250}},
		},
		{name: "unknown plan", file: `{"plan":"free"}`, wantErr: `plan "free" is not an X API plan: use pay-per-use, self-serve-legacy, enterprise`},
		{name: "unknown price", file: `{"prices":{"like":"0.01"}}`, wantErr: `"like" is not a kind of request X bills`},
		{name: "bad price", file: `{"prices":{"post":"0.0001"}}`, wantErr: `prices.post: "0.0001" is not a dollar amount`},
		{name: "undo window", file: `{"undo_seconds":5}`, want: config{RedirectPort: defaultRedirectPort, APIBase: defaultAPIBase, UndoWindow: 5 * time.Second}},
		{name: "undo window of a minute", file: `{"undo_seconds":60}`, want: config{RedirectPort: defaultRedirectPort, APIBase: defaultAPIBase, UndoWindow: time.Minute}},
		{name: "undo window too long", file: `{"undo_seconds":61}`, wantErr: "undo_seconds 61 must be a number of seconds from 1 to 60, or 0 to publish at once"},
		{name: "negative undo window", file: `{"undo_seconds":-1}`, wantErr: "undo_seconds -1 must be a number of seconds from 1 to 60"},
		{name: "undo window as a duration", file: `{"undo_seconds":"5s"}`, wantErr: "undo_seconds"},
		{name: "alt text required", file: `{"alt_text":"require"}`, want: config{RedirectPort: defaultRedirectPort, APIBase: defaultAPIBase, AltText: draft.AltRequire}},
		{name: "alt text off", file: `{"alt_text":"off"}`, want: config{RedirectPort: defaultRedirectPort, APIBase: defaultAPIBase, AltText: draft.AltOff}},
		{name: "alt text unknown", file: `{"alt_text":"always"}`, wantErr: `alt_text "always" must be ask`},
		{name: "completion off", file: `{"completion":false}`, want: config{RedirectPort: defaultRedirectPort, APIBase: defaultAPIBase, NoCompletion: true}},
		{name: "completion on", file: `{"completion":true}`, want: config{RedirectPort: defaultRedirectPort, APIBase: defaultAPIBase}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "xpost")
			if tt.file != "" {
				if err := os.MkdirAll(dir, 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, configFileName), []byte(tt.file), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			env := map[string]string{"XPOST_CONFIG_DIR": dir}
			for k, v := range tt.env {
				env[k] = v
			}
			a := newApp(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}, func(k string) string { return env[k] })
			a.global = tt.flags
			got, err := a.config()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("config() error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("config() error = %v", err)
			}
			tt.want.Dirs = appdirs.Single(dir)
			if tt.want.Plan == "" {
				tt.want.Plan = rules.PlanPayPerUse
			}
			if tt.want.AltText == "" {
				tt.want.AltText = draft.AltAsk
			}
			if diff := cmp.Diff(tt.want, *got); diff != "" {
				t.Errorf("config() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConfigDir(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	tests := []struct {
		name    string
		env     string
		flag    string
		wantDir string
	}{
		{name: "environment", env: filepath.Join(base, "env"), wantDir: filepath.Join(base, "env")},
		{name: "flag over environment", env: filepath.Join(base, "env2"), flag: filepath.Join(base, "flag"), wantDir: filepath.Join(base, "flag")},
		{name: "nested directories are created", flag: filepath.Join(base, "a", "b", "c"), wantDir: filepath.Join(base, "a", "b", "c")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := newApp(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}, func(k string) string {
				if k == "XPOST_CONFIG_DIR" {
					return tt.env
				}
				return ""
			})
			a.global.configDir = tt.flag
			cfg, err := a.config()
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Dirs != appdirs.Single(tt.wantDir) {
				t.Errorf("Dirs = %+v, want all in %q", cfg.Dirs, tt.wantDir)
			}
			fi, err := os.Stat(tt.wantDir)
			if err != nil {
				t.Fatal(err)
			}
			if perm := fi.Mode().Perm(); perm != 0o700 {
				t.Errorf("config dir mode = %v, want 0700", perm)
			}
		})
	}
}

func TestLogRedactsSecrets(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(newLogHandler(&buf))
	logger.Info("login", "access_token", "AT-123", "refresh_token", "RT-456", "client_secret", "S-789", "code", "C-000", "user", "alice")
	out := buf.String()
	for _, secret := range []string{"AT-123", "RT-456", "S-789", "C-000"} {
		if strings.Contains(out, secret) {
			t.Errorf("log holds secret %q:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, "user=alice") {
		t.Errorf("log lost an ordinary attribute:\n%s", out)
	}
}

// TestWatchSignals: the first ctrl+c cancels the run's context with a
// cause that says so, and does not exit; the second exits at once.
func TestWatchSignals(t *testing.T) {
	t.Parallel()
	sigs := make(chan os.Signal)
	ctx, cancel := context.WithCancelCause(t.Context())
	exits := make(chan int, 1)
	var errb bytes.Buffer
	go watchSignals(sigs, cancel, &errb, func(code int) { exits <- code })
	sigs <- os.Interrupt
	<-ctx.Done()
	if !errors.Is(context.Cause(ctx), errInterrupted) {
		t.Errorf("cause = %v, want %v", context.Cause(ctx), errInterrupted)
	}
	sigs <- os.Interrupt // taken only once the first was handled
	if code := <-exits; code != exitFailure {
		t.Errorf("exit status %d, want %d", code, exitFailure)
	}
	if !strings.Contains(errb.String(), "interrupted twice") {
		t.Errorf("stderr = %q", errb.String())
	}
}

// exitGuard bounds the wait for the program to end in tests of what must
// not hang. Every such run ends in well under a second; the bound is only
// reached when the program hangs, which is the failure looked for.
const exitGuard = 2 * time.Minute

// blockedStdin is a standard input that never delivers: each Read says it
// has started, then waits for ever, as a terminal or an open pipe does.
type blockedStdin struct{ entered chan struct{} }

func (b blockedStdin) Read([]byte) (int, error) {
	select {
	case b.entered <- struct{}{}:
	default:
	}
	select {}
}

// TestInterruptStopsStdinReads: ctrl+c while a command waits for standard
// input ends the command, which says it was interrupted. Before, the read
// went on waiting and the command never returned.
func TestInterruptStopsStdinReads(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string // in stderr
		api  bool   // run against a fake X, logged in
	}{
		{args: []string{"count"}, want: "cannot read standard input: interrupted"},
		{args: []string{"count", "--jsonl"}, want: "cannot read standard input: interrupted"},
		{args: []string{"count", "-"}, want: "cannot read standard input: interrupted"},
		{args: []string{"post", "--dry-run", "-"}, want: "cannot read the text from standard input: interrupted"},
		// delete reads the post before it asks, so it needs an account.
		{args: []string{"delete", "1234"}, want: "Nothing deleted.", api: true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			stdin := blockedStdin{entered: make(chan struct{}, 1)}
			var out, errb bytes.Buffer
			env := map[string]string{"XPOST_CONFIG_DIR": t.TempDir()}
			configure := func(*app) {}
			if tt.api {
				r := apiRunner(t, fake(t, xapitest.Options{}))
				env, configure = r.env, r.configure
			}
			a := newApp(stdin, &out, &errb, func(k string) string { return env[k] })
			configure(a)
			a.isTerminal = func(any) bool { return true } // delete asks a terminal
			ctx, cancel := context.WithCancelCause(t.Context())
			codes := make(chan int, 1)
			go func() { codes <- a.run(ctx, tt.args) }()
			<-stdin.entered
			cancel(errInterrupted)
			select {
			case code := <-codes:
				if code != exitFailure {
					t.Errorf("exit status %d, want %d", code, exitFailure)
				}
			case <-time.After(exitGuard):
				t.Fatalf("still waiting for standard input %v after ctrl+c", exitGuard)
			}
			if !strings.Contains(errb.String(), tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", errb.String(), tt.want)
			}
		})
	}
}
