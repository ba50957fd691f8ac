package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xpostdev/xpost/xapi/xapitest"
)

// urlWatcher is a standard error that hands the authorization URL the
// login prints to the test, which then plays the browser.
type urlWatcher struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	urls chan string
	sent bool
}

var authURLRE = regexp.MustCompile(`https?://\S+/i/oauth2/authorize\?\S+`)

func newURLWatcher() *urlWatcher { return &urlWatcher{urls: make(chan string, 1)} }

func (w *urlWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if u := authURLRE.FindString(w.buf.String()); u != "" && !w.sent {
		w.sent = true
		w.urls <- u
	}
	return len(p), nil
}

func (w *urlWatcher) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// loginRun runs `xpost login ARGS` in the background with stdin; browse
// is the test's browser, given the authorization URL.
func loginRun(t *testing.T, r *runner, stdin io.Reader, browse func(url string), args ...string) result {
	t.Helper()
	var out bytes.Buffer
	errw := newURLWatcher()
	a := newApp(stdin, &out, errw, func(k string) string { return r.env[k] })
	opened := false
	a.openBrowser = func(string) error { opened = true; return nil }
	done := make(chan int, 1)
	go func() { done <- a.run(t.Context(), append([]string{"login"}, args...)) }()
	select {
	case u := <-errw.urls:
		browse(u)
	case code := <-done:
		return result{stdout: out.String(), stderr: errw.String(), code: code}
	case <-time.After(10 * time.Second):
		t.Fatalf("login printed no URL:\n%s", errw.String())
	}
	select {
	case code := <-done:
		if opened {
			t.Error("--no-browser opened a browser")
		}
		return result{stdout: out.String(), stderr: errw.String(), code: code}
	case <-time.After(10 * time.Second):
		t.Fatalf("login did not finish:\n%s", errw.String())
	}
	return result{}
}

func TestLoginBrowser(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{AutoApprove: true})
	r := newRunner(t)
	r.env["XPOST_API_BASE"] = srv.URL
	port := freePort(t)
	// The test is the browser: it follows the authorize page's redirect to
	// the loopback callback, as a browser would.
	browse := func(u string) {
		resp, err := http.Get(u)
		if err != nil {
			t.Errorf("browser: %v", err)
			return
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "logged in") {
			t.Errorf("callback page: %d %s", resp.StatusCode, body)
		}
	}
	got := loginRun(t, r, strings.NewReader(""), browse, "--no-browser", "--client-id", xapitest.DemoClientID, "--port", strconv.Itoa(port))
	wantRun(t, got, 0, "Open this URL in a browser")
	if !strings.Contains(got.stdout, "Logged in to X as @"+srv.DemoUser().Username) {
		t.Errorf("stdout = %q", got.stdout)
	}
	if !strings.Contains(got.stderr, "redirect_uri=http%3A%2F%2F127.0.0.1%3A"+strconv.Itoa(port)+"%2Fcallback") {
		t.Errorf("the authorize URL does not name the callback port:\n%s", got.stderr)
	}
	// The client id was saved, so later runs renew the login without it.
	cfg, err := readFileConfig(filepath.Join(r.env["XPOST_CONFIG_DIR"], configFileName))
	if err != nil || cfg.fc.ClientID != xapitest.DemoClientID {
		t.Errorf("config.json = %+v, %v", cfg, err)
	}
	srv.ExpireAccessTokens()
	got = r.run("", "whoami")
	wantRun(t, got, 0)
	if fi, err := os.Stat(savedStore(t, r, srv.URL).Path()); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("token.json: %v, %v", fi, err)
	}
}

func TestLoginPastedURL(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{AutoApprove: true})
	r := newRunner(t)
	r.env["XPOST_API_BASE"] = srv.URL
	r.env["XPOST_CLIENT_ID"] = xapitest.DemoClientID
	pr, pw := io.Pipe()
	// Over SSH the browser cannot reach the callback: the user copies the
	// address it ended on and pastes it, after a first wrong paste.
	browse := func(u string) {
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := c.Get(u)
		if err != nil {
			t.Errorf("browser: %v", err)
			return
		}
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		if !strings.Contains(loc, "code=") {
			t.Errorf("authorize redirected to %q", loc)
		}
		io.WriteString(pw, "not a url\n"+loc+"\n")
	}
	got := loginRun(t, r, pr, browse, "--no-browser", "--port", strconv.Itoa(freePort(t)))
	pw.Close()
	wantRun(t, got, 0, "that is not the address the browser ended on")
	wantRun(t, r.run("", "whoami"), 0)
}

func TestLoginErrors(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{name: "no client id", args: []string{"--no-browser"}, wantCode: 1, wantErr: "no X client id: pass --client-id"},
		{name: "bad port", args: []string{"--port", "0", "--client-id", "x"}, wantCode: 2, wantErr: "--port must be 1-65535"},
		{name: "extra argument", args: []string{"now"}, wantCode: 2, wantErr: `unexpected argument "now"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRunner(t)
			r.env["XPOST_API_BASE"] = srv.URL
			wantRun(t, r.run("", append([]string{"login"}, tt.args...)...), tt.wantCode, tt.wantErr)
		})
	}
}

// TestNoSecretsInOutput runs a whole session (login with a confidential
// client, post, thread, recent, a token refresh, logout) and greps
// everything it wrote, the log included, for every secret it handled.
func TestNoSecretsInOutput(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{AutoApprove: true})
	const secret = "s3cret-client-value"
	srv.RegisterClient(xapitest.Client{ID: "confidential-app", Secret: secret})
	r := newRunner(t)
	r.env["XPOST_API_BASE"] = srv.URL
	dir := r.env["XPOST_CONFIG_DIR"]
	logFile := filepath.Join(t.TempDir(), "session.log")

	var everything strings.Builder
	record := func(res result) {
		everything.WriteString(res.stdout)
		everything.WriteString(res.stderr)
	}
	browse := func(u string) {
		resp, err := http.Get(u)
		if err != nil {
			t.Errorf("browser: %v", err)
			return
		}
		resp.Body.Close()
	}
	res := loginRun(t, r, strings.NewReader(""), browse, "--no-browser", "--client-id", "confidential-app",
		"--client-secret", secret, "--port", strconv.Itoa(freePort(t)), "--log", logFile)
	wantRun(t, res, 0)
	record(res)

	secrets := []string{secret}
	collect := func() {
		tok, err := savedStore(t, r, srv.URL).Load()
		if err != nil {
			t.Fatal(err)
		}
		secrets = append(secrets, tok.AccessToken, tok.RefreshToken)
	}
	collect()
	thread := filepath.Join(t.TempDir(), "t.md")
	if err := os.WriteFile(thread, []byte("one\n---\ntwo"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"whoami", "--json"},
		{"post", "a post"},
		{"thread", thread},
		{"recent", "--json"},
	} {
		res := r.run("", args...)
		wantRun(t, res, 0)
		record(res)
	}
	srv.ExpireAccessTokens()
	for _, args := range [][]string{{"whoami"}, {"post", "--log", logFile, "after refresh"}} {
		res := r.run("", args...)
		wantRun(t, res, 0)
		record(res)
	}
	collect()
	res = r.run("", "logout", "--log", logFile)
	wantRun(t, res, 0)
	record(res)
	for _, f := range []string{logFile, filepath.Join(dir, logFileName)} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) == 0 {
			t.Errorf("%s is empty: the test would prove nothing", f)
		}
		everything.Write(b)
	}
	all := everything.String()
	for _, s := range secrets {
		if s == "" {
			t.Fatal("a secret is empty: the test would prove nothing")
		}
		if strings.Contains(all, s) {
			t.Errorf("output or log holds a secret (%d characters)", len(s))
		}
	}
}
