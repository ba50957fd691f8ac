package xapi_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// warnings collects what a store tells the user.
type warnings struct {
	mu   sync.Mutex
	msgs []string
}

func (w *warnings) add(m string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.msgs = append(w.msgs, m)
}

func (w *warnings) all() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.msgs...)
}

func TestStoreFixesPermissions(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	dir := filepath.Dir(e.store.Path())
	if err := os.Chmod(e.store.Path(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var w warnings
	s := xapi.NewStore(dir, e.srv.URL)
	s.Warn = w.add
	for range 2 {
		if _, err := s.Load(); err != nil {
			t.Fatal(err)
		}
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, e.store.Path(): 0o600} {
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v (%v)", path, fi.Mode().Perm(), want, err)
		}
	}
	got := w.all()
	if len(got) != 2 || !strings.Contains(got[0], "0755") || !strings.Contains(got[1], "0644") || !strings.Contains(got[1], "now 0600") {
		t.Errorf("warnings = %q, want one for the directory and one for the file", got)
	}
	// Once fixed, nothing more to say, even for a new store.
	var again warnings
	s2 := xapi.NewStore(dir, e.srv.URL)
	s2.Warn = again.add
	s2.Load()
	if len(again.all()) != 0 {
		t.Errorf("a private login was reported: %q", again.all())
	}
}

// expiredEnv is a fake X whose demo login has an expired access token, so
// the next request refreshes it.
func expiredEnv(t *testing.T) *env {
	e := newEnv(t, xapitest.Options{})
	tok, _ := e.store.Load()
	tok.Expiry = time.Now().Add(-time.Minute)
	if err := e.store.Save(tok); err != nil {
		t.Fatal(err)
	}
	e.srv.ExpireAccessTokens()
	return e
}

func TestRefreshWithReadOnlyDir(t *testing.T) {
	t.Parallel()
	e := expiredEnv(t)
	before, _ := os.ReadFile(e.store.Path())
	s := xapi.NewStore(filepath.Dir(e.store.Path()), e.srv.URL)
	xapi.FailStoreWrites(s, &os.PathError{Op: "open", Path: "x", Err: syscall.EROFS}, nil)
	_, _, err := e.client(t, s).Me(t.Context())
	var se *xapi.SaveLoginError
	if !errors.As(err, &se) || !strings.Contains(se.Message(), "read-only") || !strings.Contains(se.Message(), "saved login is kept") {
		t.Fatalf("err = %v, want a SaveLoginError that says what to do", err)
	}
	if n := e.srv.State().Counters.TokenRefreshes; n != 0 {
		t.Errorf("%d refreshes: the refresh token was spent although its successor could not be saved", n)
	}
	if after, _ := os.ReadFile(e.store.Path()); !bytes.Equal(before, after) {
		t.Error("the saved login changed")
	}
	// Writable again: the same login renews.
	if _, _, err := e.client(t, xapi.NewStore(filepath.Dir(e.store.Path()), e.srv.URL)).Me(t.Context()); err != nil {
		t.Errorf("after the directory is writable again: %v", err)
	}
}

func TestRefreshAheadWithFullDisk(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	tok, _ := e.store.Load()
	tok.Expiry = time.Now().Add(30 * time.Second) // due for renewal, still usable
	e.store.Save(tok)
	var w warnings
	s := xapi.NewStore(filepath.Dir(e.store.Path()), e.srv.URL)
	s.Warn = w.add
	xapi.FailStoreWrites(s, &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}, nil)
	if _, _, err := e.client(t, s).Me(t.Context()); err != nil {
		t.Fatalf("a still valid login was not used: %v", err)
	}
	if n := e.srv.State().Counters.TokenRefreshes; n != 0 {
		t.Errorf("%d refreshes with no room to save the result", n)
	}
	if got := w.all(); len(got) != 1 || !strings.Contains(got[0], "Free some space") {
		t.Errorf("warnings = %q", got)
	}
}

func TestRefreshAfterRejectionWithFullDisk(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	e.srv.ExpireAccessTokens() // X rejects a token that looks valid here
	s := xapi.NewStore(filepath.Dir(e.store.Path()), e.srv.URL)
	xapi.FailStoreWrites(s, &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}, nil)
	_, _, err := e.client(t, s).Me(t.Context())
	if _, ok := errors.AsType[*xapi.SaveLoginError](err); !ok {
		t.Fatalf("err = %v, want a SaveLoginError, not the rejected token again", err)
	}
	if n := e.srv.State().Counters.TokenRefreshes; n != 0 {
		t.Errorf("%d refreshes with no room to save the result", n)
	}
}

func TestRefreshWhoseSaveFails(t *testing.T) {
	t.Parallel()
	e := expiredEnv(t)
	dir := filepath.Dir(e.store.Path())
	before, _ := os.ReadFile(e.store.Path())
	var w warnings
	s := xapi.NewStore(dir, e.srv.URL)
	s.Warn = w.add
	xapi.FailStoreWrites(s, nil, &os.LinkError{Op: "rename", Old: "a", New: "b", Err: syscall.EROFS})
	c := e.client(t, s)
	// The command completes with the renewed login in memory.
	for range 2 {
		if _, _, err := c.Me(t.Context()); err != nil {
			t.Fatalf("Me after a failed save: %v", err)
		}
	}
	if n := e.srv.State().Counters.TokenRefreshes; n != 1 {
		t.Errorf("%d refreshes, want 1", n)
	}
	if after, _ := os.ReadFile(e.store.Path()); !bytes.Equal(before, after) {
		t.Error("the old token file was touched")
	}
	got := w.all()
	if len(got) != 1 || !strings.Contains(got[0], "could not save the renewed login") || !strings.Contains(got[0], "the next command picks it up") {
		t.Fatalf("warnings = %q", got)
	}
	// The next command, with a writable directory, adopts the renewed
	// login from the temporary file.
	e.srv.ExpireAccessTokens()
	if _, _, err := e.client(t, xapi.NewStore(dir, e.srv.URL)).Me(t.Context()); err != nil {
		t.Fatalf("the renewed login was not recovered: %v", err)
	}
	if tmps, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(tmps) != 0 {
		t.Errorf("temporary files left: %v", tmps)
	}
}

func TestLeftoverTempFiles(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	dir := filepath.Dir(e.store.Path())
	// An older login in a temporary file, and an empty reservation: neither
	// replaces the saved one, and both are cleared.
	for name, content := range map[string]string{
		"." + filepath.Base(e.store.Path()) + ".1.tmp": `{"access_token":"older","expiry":"2001-01-01T00:00:00Z"}`,
		"." + filepath.Base(e.store.Path()) + ".2.tmp": `{"pending_refresh":true}` + "\n" + strings.Repeat(" ", 100),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	e.srv.ExpireAccessTokens()
	if _, _, err := e.client(t, xapi.NewStore(dir, e.srv.URL)).Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	if tmps, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(tmps) != 0 {
		t.Errorf("temporary files left: %v", tmps)
	}
}

// recorder is a server that must never see a credential: it records
// every request's Authorization header and form.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string
}

func newRecorder(t *testing.T) *recorder {
	r := &recorder{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.seen = append(r.seen, req.Method+" "+req.URL.Path+" auth="+req.Header.Get("Authorization")+" body="+string(body))
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"evil","refresh_token":"evil-rt","expires_in":7200,"data":{"id":"666","username":"evil","name":"e"}}`)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *recorder) requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.seen...)
}

func TestLoginBoundToAPIBase(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	dir := filepath.Dir(e.store.Path())
	other := newRecorder(t)
	before, _ := os.ReadFile(e.store.Path())

	// The other base has no login of its own: the error says so and names
	// the command, and the other server sees nothing.
	otherAuth, _ := xapi.NewAuth(other.URL, xapitest.DemoClientID, "")
	otherStore := xapi.NewStore(dir, other.URL)
	if otherStore.Path() == e.store.Path() {
		t.Fatalf("two API bases share %s", otherStore.Path())
	}
	c, err := xapi.NewClient(otherAuth.TokenSource(otherStore), xapi.Options{BaseURL: other.URL, Sleep: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.Me(t.Context())
	if !errors.Is(err, xapi.ErrLoginRequired) || !strings.Contains(err.Error(), "each API base needs its own login") ||
		!strings.Contains(err.Error(), "xpost --api-base "+other.URL+" login") {
		t.Errorf("err = %v", err)
	}
	// A client for the other base given this base's login refuses it.
	if _, err := xapi.NewClient(e.auth.TokenSource(e.store), xapi.Options{BaseURL: other.URL}); !errors.Is(err, xapi.ErrLoginRequired) {
		t.Errorf("NewClient with another base's login: %v", err)
	}
	// So does an app at the other base asked to renew this base's login.
	e.srv.ExpireAccessTokens()
	c2, _ := xapi.NewClient(otherAuth.TokenSource(e.store), xapi.Options{BaseURL: e.srv.URL, Sleep: noSleep})
	if _, _, err := c2.Me(t.Context()); !errors.Is(err, xapi.ErrLoginRequired) {
		t.Errorf("refresh through another base's app: %v", err)
	}
	// The other base's own login, renewed there, never touches this one.
	otherStore.Save(&xapi.Token{AccessToken: "o", RefreshToken: "o-rt", Expiry: time.Now().Add(-time.Hour)})
	c3, _ := xapi.NewClient(otherAuth.TokenSource(otherStore), xapi.Options{BaseURL: other.URL, Sleep: noSleep})
	if _, _, err := c3.Me(t.Context()); err != nil {
		t.Fatalf("the other base's own login: %v", err)
	}
	if after, _ := os.ReadFile(e.store.Path()); !bytes.Equal(before, after) {
		t.Error("a token from another base replaced this base's login")
	}
	tok, _ := e.store.Load()
	for _, r := range other.requests() {
		if strings.Contains(r, tok.AccessToken) || strings.Contains(r, tok.RefreshToken) {
			t.Errorf("the other server saw this base's login: %s", r)
		}
	}
	// A file copied from another base is refused too.
	b, _ := os.ReadFile(e.store.Path())
	stray := xapi.NewStore(t.TempDir(), other.URL)
	os.WriteFile(stray.Path(), b, 0o600)
	if _, err := stray.Load(); !errors.Is(err, xapi.ErrLoginRequired) || !strings.Contains(err.Error(), "belongs to") {
		t.Errorf("a login of another base loaded: %v", err)
	}
}

func TestStoreFileNames(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct{ base, want string }{
		{"", "token.json"},
		{"https://api.x.com", "token.json"},
		{"https://API.X.com:443/", "token.json"},
		{"http://127.0.0.1:8080", "token-127.0.0.1-8080-"},
		{"https://proxy.example/x/", "token-proxy.example-"},
	}
	seen := map[string]string{}
	for _, tt := range tests {
		p := filepath.Base(xapi.NewStore(dir, tt.base).Path())
		if !strings.HasPrefix(p, tt.want) {
			t.Errorf("NewStore(%q) file %q, want %q...", tt.base, p, tt.want)
		}
		if other, ok := seen[p]; ok && tt.want != "token.json" {
			t.Errorf("%q and %q share %s", tt.base, other, p)
		}
		seen[p] = tt.base
	}
}

func TestRedirectsKeepCredentials(t *testing.T) {
	t.Parallel()
	other := newRecorder(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/2/users/me", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/2/users/me", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/2/tweets/1", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/2/tweets/2", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/2/tweets/2", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer secret-access" {
			t.Errorf("same-origin redirect lost the Authorization header")
		}
		io.WriteString(w, `{"data":{"id":"2","text":"hi"}}`)
	})
	mux.HandleFunc("/2/oauth2/token", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/2/oauth2/token", http.StatusPermanentRedirect)
	})
	mux.HandleFunc("/2/oauth2/revoke", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/2/oauth2/revoke2", http.StatusTemporaryRedirect)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	c, _ := xapi.NewClient(xapi.StaticToken{T: &xapi.Token{AccessToken: "secret-access"}}, xapi.Options{BaseURL: srv.URL, Sleep: noSleep})
	_, _, err := c.Me(t.Context())
	var re *xapi.RedirectError
	if !errors.As(err, &re) || re.To != other.URL || !strings.Contains(re.Message(), "never carries a login") {
		t.Errorf("cross-origin redirect: %v", err)
	}
	if _, _, err := c.GetPost(t.Context(), "1"); err != nil {
		t.Errorf("same-origin redirect: %v", err)
	}

	// The token endpoint follows no redirect, not even within its origin.
	auth, _ := xapi.NewAuth(srv.URL, "app", "client-secret")
	store := xapi.NewStore(t.TempDir(), srv.URL)
	store.Save(&xapi.Token{AccessToken: "a", RefreshToken: "secret-refresh", Expiry: time.Now().Add(-time.Hour)})
	c2, _ := xapi.NewClient(auth.TokenSource(store), xapi.Options{BaseURL: srv.URL, Sleep: noSleep})
	if _, _, err := c2.Me(t.Context()); !errors.As(err, &re) || !re.Token {
		t.Errorf("redirected refresh: %v", err)
	}
	if err := auth.Revoke(t.Context(), "secret-refresh", "refresh_token"); !errors.As(err, &re) || !re.Token {
		t.Errorf("redirected revoke: %v", err)
	}
	for _, r := range other.requests() {
		t.Errorf("the other server got a request: %s", r)
	}
	if tok, _ := store.Load(); tok == nil || tok.RefreshToken != "secret-refresh" {
		t.Errorf("the login changed: %v", tok)
	}
}

func TestRefreshErrorsSayWhatToDo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		status     int
		body       string
		wantLogin  bool // the error asks for a new login
		wantInMsg  []string
		wantNotMsg string
	}{
		{name: "spent refresh token", status: 400, body: `{"error":"invalid_request","error_description":"Value passed for the token was invalid."}`,
			wantLogin: true, wantInMsg: []string{"Value passed for the token was invalid.", "login`"}},
		{name: "invalid grant", status: 400, body: `{"error":"invalid_grant","error_description":"Token was revoked"}`,
			wantLogin: true, wantInMsg: []string{"Token was revoked", "login`"}},
		{name: "bad client id", status: 401, body: `{"error":"invalid_client","error_description":"Missing valid authorization header"}`,
			wantInMsg: []string{"Missing valid authorization header", "client_id", "developer console"}, wantNotMsg: "expired"},
		{name: "unauthorized client", status: 400, body: `{"error":"unauthorized_client","error_description":"Missing valid authorization header"}`,
			wantInMsg: []string{"client id"}, wantNotMsg: "expired"},
		{name: "service trouble", status: 503, body: `{"error":"temporarily_unavailable","error_description":"Over capacity"}`,
			wantInMsg: []string{"Over capacity", "saved login is kept", "try again"}, wantNotMsg: "expired"},
		{name: "server error without body", status: 500, body: ``,
			wantInMsg: []string{"status 500", "try again"}, wantNotMsg: "expired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/2/oauth2/token" {
					w.WriteHeader(http.StatusUnauthorized)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			t.Cleanup(srv.Close)
			auth, _ := xapi.NewAuth(srv.URL, "app", "")
			store := xapi.NewStore(t.TempDir(), srv.URL)
			store.Save(&xapi.Token{AccessToken: "a", RefreshToken: "r", Expiry: time.Now().Add(-time.Hour)})
			c, _ := xapi.NewClient(auth.TokenSource(store), xapi.Options{BaseURL: srv.URL, Sleep: noSleep})
			_, _, err := c.Me(t.Context())
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, xapi.ErrLoginRequired) != tt.wantLogin {
				t.Errorf("asks for a login = %v, want %v: %v", !tt.wantLogin, tt.wantLogin, err)
			}
			msg := message(err)
			for _, w := range tt.wantInMsg {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			if tt.wantNotMsg != "" && strings.Contains(msg, tt.wantNotMsg) {
				t.Errorf("message %q says %q", msg, tt.wantNotMsg)
			}
			if tok, _ := store.Load(); tok == nil || tok.RefreshToken != "r" {
				t.Errorf("the saved login changed: %v", tok)
			}
		})
	}
}

// message is what the program shows for err: the Message of the xapi
// error inside it.
func message(err error) string {
	if m, ok := errors.AsType[interface {
		error
		Message() string
	}](err); ok {
		return m.Message()
	}
	return err.Error()
}

func TestUserAgentEverywhere(t *testing.T) {
	t.Parallel()
	srv := xapitest.NewServer(xapitest.Options{})
	t.Cleanup(srv.Close)
	var mu sync.Mutex
	agents := map[string]string{}
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents[r.URL.Path] = r.Header.Get("User-Agent")
		mu.Unlock()
		srv.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	auth, _ := xapi.NewAuth(front.URL, xapitest.DemoClientID, "")
	auth.UserAgent = "xpost/v9.8.7"
	store := xapi.NewStore(t.TempDir(), front.URL)
	p := srv.IssueToken(xapitest.DemoClientID, srv.DemoUser().ID, xapi.Scopes)
	store.Save(&xapi.Token{AccessToken: p.AccessToken, RefreshToken: p.RefreshToken, Expiry: time.Now().Add(-time.Hour)})
	c, _ := xapi.NewClient(auth.TokenSource(store), xapi.Options{BaseURL: front.URL, UserAgent: "xpost/v9.8.7", Sleep: noSleep})
	if _, _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := auth.Logout(t.Context(), store); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/2/oauth2/token", "/2/users/me", "/2/oauth2/revoke"} {
		if got := agents[path]; got != "xpost/v9.8.7" {
			t.Errorf("%s: User-Agent %q", path, got)
		}
	}
}

// hang is a server whose handlers block until the test ends: how never
// sends headers, stall sends part of an answer and stops.
func hang(t *testing.T, stall bool) (url string, hits *atomic.Int32) {
	release := make(chan struct{})
	hits = new(atomic.Int32)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if stall {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"data":{"id":"1",`)
			w.(http.Flusher).Flush()
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	return srv.URL, hits
}

func TestNetworkWaitsAreBounded(t *testing.T) {
	t.Parallel()
	short := xapi.Timeouts{Header: 50 * time.Millisecond, Idle: 50 * time.Millisecond, Token: 50 * time.Millisecond}
	tok := xapi.StaticToken{T: &xapi.Token{AccessToken: "a"}}
	t.Run("no answer", func(t *testing.T) {
		t.Parallel()
		base, hits := hang(t, false)
		// The client sleeps before each retry: counting the sleeps counts
		// the attempts as the client made them. The server's count can
		// fall short on a busy machine, where a second request may time
		// out before its handler runs.
		var sleeps atomic.Int32
		sleep := func(ctx context.Context, _ time.Duration) error { sleeps.Add(1); return ctx.Err() }
		c, _ := xapi.NewClient(tok, xapi.Options{BaseURL: base, Timeouts: short, Sleep: sleep})
		_, resp, err := c.Me(t.Context())
		var te *xapi.TimeoutError
		if !errors.As(err, &te) || te.Wait != "an answer" || !strings.Contains(message(err), "GET /2/users/me timed out waiting for an answer") {
			t.Fatalf("err = %v (%s)", err, message(err))
		}
		var ne *xapi.NetworkError
		if !errors.As(err, &ne) {
			t.Error("a timeout is not a network error: a post's outcome would not be checked")
		}
		// Retried once, not four times: two waits in all.
		if n := sleeps.Load(); n != 1 {
			t.Errorf("%d retries, want 1", n)
		}
		if n := hits.Load(); n < 1 || n > 2 {
			t.Errorf("the server saw %d requests, want 1 or 2", n)
		}
		_ = resp
	})
	t.Run("stalled answer", func(t *testing.T) {
		t.Parallel()
		base, _ := hang(t, true)
		// Only the body's bound is short, so a slow machine cannot make
		// the wait for the headers run out first.
		stall := xapi.Timeouts{Header: time.Minute, Idle: 50 * time.Millisecond}
		c, _ := xapi.NewClient(tok, xapi.Options{BaseURL: base, Timeouts: stall, Sleep: noSleep, MaxRetries: -1})
		_, _, err := c.Me(t.Context())
		var te *xapi.TimeoutError
		if !errors.As(err, &te) || te.Wait != "more of the answer" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("token endpoint", func(t *testing.T) {
		t.Parallel()
		base, _ := hang(t, false)
		auth, _ := xapi.NewAuth(base, "app", "")
		auth.Timeouts = short
		store := xapi.NewStore(t.TempDir(), base)
		store.Save(&xapi.Token{AccessToken: "a", RefreshToken: "r", Expiry: time.Now().Add(-time.Hour)})
		c, _ := xapi.NewClient(auth.TokenSource(store), xapi.Options{BaseURL: base, Timeouts: short, Sleep: noSleep})
		_, _, err := c.Me(t.Context())
		var te *xapi.TimeoutError
		if !errors.As(err, &te) || !strings.Contains(te.Op, "oauth2/token") {
			t.Fatalf("err = %v", err)
		}
		// The lock is free again and the login is as it was.
		unlock, err := store.Lock(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		unlock()
		if got, _ := store.Load(); got == nil || got.RefreshToken != "r" {
			t.Errorf("login after a timed-out refresh: %v", got)
		}
		if tmps, _ := filepath.Glob(filepath.Join(filepath.Dir(store.Path()), ".*.tmp")); len(tmps) != 0 {
			t.Errorf("temporary files left: %v", tmps)
		}
	})
	t.Run("login", func(t *testing.T) {
		t.Parallel()
		auth, _ := xapi.NewAuth("http://127.0.0.1:1", "app", "")
		flow, err := auth.StartLogin(xapi.LoginOptions{Port: -1, Timeout: 20 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		_, err = flow.Wait(t.Context())
		if !errors.Is(err, xapi.ErrLoginTimeout) || !strings.Contains(err.Error(), "run `xpost --api-base http://127.0.0.1:1 login` again") {
			t.Errorf("err = %v", err)
		}
	})
}

// TestDefaultWaitsEnd checks, on a fake clock, that the default bounds end
// the waits that involve no network: the browser's answer to a login, and
// another process's hold on the login lock.
func TestDefaultWaitsEnd(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		auth, _ := xapi.NewAuth("", "app", "")
		flow, err := auth.StartLogin(xapi.LoginOptions{NoListen: true})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err = flow.Wait(t.Context())
		if !errors.Is(err, xapi.ErrLoginTimeout) || !strings.Contains(err.Error(), "within 10m0s: run `xpost login` again") {
			t.Errorf("login wait: %v", err)
		}
		if waited := time.Since(start); waited != xapi.DefaultLoginTimeout {
			t.Errorf("login waited %v", waited)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		holder, waiter := xapi.NewStore(dir, ""), xapi.NewStore(dir, "")
		unlock, err := holder.Lock(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		defer unlock()
		start := time.Now()
		_, err = waiter.Lock(t.Context())
		if err == nil || !strings.Contains(err.Error(), "another xpost has held the login lock") {
			t.Errorf("lock wait: %v", err)
		}
		if waited := time.Since(start); waited < 2*time.Minute || waited > 2*time.Minute+time.Second {
			t.Errorf("lock waited %v, want about 2m", waited)
		}
	})
}
