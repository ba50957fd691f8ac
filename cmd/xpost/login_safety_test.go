package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// TestAPIBaseNeedsOwnLogin is `xpost --api-base http://other-host …` with
// a login to X saved: the other host gets nothing, and the message names
// the command that logs in there.
func TestAPIBaseNeedsOwnLogin(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var seen []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, r.URL.Path+" "+r.Header.Get("Authorization")+" "+string(body))
		mu.Unlock()
		io.WriteString(w, `{"access_token":"evil","refresh_token":"evil","expires_in":7200}`)
	}))
	t.Cleanup(other.Close)
	r := newRunner(t)
	r.env["XPOST_CLIENT_ID"] = "app"
	dir := r.env["XPOST_CONFIG_DIR"]
	x := xapi.NewStore(dir, "")
	if err := x.Save(&xapi.Token{AccessToken: "x-access-secret", RefreshToken: "x-refresh-secret", Expiry: time.Now().Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"whoami"}, {"post", "hi"}, {"logout"}} {
		got := r.run("", append([]string{"--api-base", other.URL}, args...)...)
		if args[0] == "logout" {
			wantRun(t, got, 0)
			continue
		}
		wantRun(t, got, exitLogin, "not logged in at "+other.URL, "each API base needs its own login", "run `xpost --api-base "+other.URL+" login`")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 0 {
		t.Errorf("the other host got requests: %q", seen)
	}
	// X's login moved into an account, unchanged.
	after, err := savedStore(t, r, "").Load()
	if err != nil || after.AccessToken != "x-access-secret" || after.RefreshToken != "x-refresh-secret" {
		t.Errorf("X's login changed: %v, %v", after, err)
	}
}

func TestUserAgentNamesTheVersion(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	var mu sync.Mutex
	agents := map[string]string{}
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents[r.URL.Path] = r.Header.Get("User-Agent")
		mu.Unlock()
		srv.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	r := newRunner(t)
	r.env["XPOST_API_BASE"] = front.URL
	r.env["XPOST_CLIENT_ID"] = xapitest.DemoClientID
	p := srv.IssueToken(xapitest.DemoClientID, srv.DemoUser().ID, xapi.Scopes)
	xapi.NewStore(r.env["XPOST_CONFIG_DIR"], front.URL).Save(&xapi.Token{AccessToken: p.AccessToken, RefreshToken: p.RefreshToken, Expiry: time.Now().Add(-time.Hour)})
	wantRun(t, r.run("", "whoami"), 0)
	want := "xpost/" + programVersion()
	mu.Lock()
	defer mu.Unlock()
	for _, path := range []string{"/2/oauth2/token", "/2/users/me"} {
		if agents[path] != want {
			t.Errorf("%s: User-Agent %q, want %q", path, agents[path], want)
		}
	}
}

func TestLoginOpenToOthersIsFixed(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	r := apiRunner(t, srv)
	dir := r.env["XPOST_CONFIG_DIR"]
	tokenFile := xapi.NewStore(dir, srv.URL).Path()
	os.Chmod(tokenFile, 0o644)
	os.Chmod(dir, 0o755)
	got := r.run("", "whoami")
	wantRun(t, got, 0, "could be read by other users (mode 0644); it is now 0600", "could be read by other users (mode 0755); it is now 0700")
	if n := strings.Count(got.stderr, "could be read by other users"); n != 2 {
		t.Errorf("reported %d times, want once each for the file and the dir:\n%s", n, got.stderr)
	}
	tokenFile = savedStore(t, r, srv.URL).Path()
	for path, want := range map[string]os.FileMode{dir: 0o700, tokenFile: 0o600} {
		if fi, _ := os.Stat(path); fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v", path, fi.Mode().Perm())
		}
	}
	log, _ := os.ReadFile(filepath.Join(dir, logFileName))
	if !strings.Contains(string(log), "now 0600") {
		t.Errorf("the log does not record the fix:\n%s", log)
	}
	if got := r.run("", "whoami"); strings.Contains(got.stderr, "other users") {
		t.Errorf("reported again after the fix: %s", got.stderr)
	}
}

func TestLoginBrowserTimeout(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	r := newRunner(t)
	r.env["XPOST_API_BASE"] = srv.URL
	r.configure = func(a *app) { a.loginTimeout = 30 * time.Millisecond }
	got := r.run("", "login", "--no-browser", "--client-id", xapitest.DemoClientID, "--port", strconv.Itoa(freePort(t)))
	wantRun(t, got, exitLogin, "no answer from the browser within 30ms", "run `xpost --api-base "+srv.URL+" login` again")
}
