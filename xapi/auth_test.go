package xapi_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

func TestEndpointsFor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, base                    string
		authorize, token, revoke, api string
		wantErr                       bool
	}{
		{name: "real X", base: "", authorize: "https://x.com/i/oauth2/authorize", token: "https://api.x.com/2/oauth2/token",
			revoke: "https://api.x.com/2/oauth2/revoke", api: "https://api.x.com/"},
		{name: "real X explicit", base: "https://api.x.com", authorize: "https://x.com/i/oauth2/authorize", token: "https://api.x.com/2/oauth2/token",
			revoke: "https://api.x.com/2/oauth2/revoke", api: "https://api.x.com/"},
		{name: "fake", base: "http://127.0.0.1:4000", authorize: "http://127.0.0.1:4000/i/oauth2/authorize",
			token: "http://127.0.0.1:4000/2/oauth2/token", revoke: "http://127.0.0.1:4000/2/oauth2/revoke", api: "http://127.0.0.1:4000/"},
		{name: "proxy with path", base: "https://proxy.example/x/", authorize: "https://proxy.example/x/i/oauth2/authorize",
			token: "https://proxy.example/x/2/oauth2/token", revoke: "https://proxy.example/x/2/oauth2/revoke", api: "https://proxy.example/x/"},
		{name: "remote http refused", base: "http://api.example", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := xapi.EndpointsFor(tt.base)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("EndpointsFor(%q) accepted", tt.base)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if e.AuthorizeURL != tt.authorize || e.TokenURL != tt.token || e.RevokeURL != tt.revoke || e.API.String() != tt.api {
				t.Errorf("EndpointsFor(%q) = %+v", tt.base, e)
			}
		})
	}
}

// browse acts as the user's browser: it opens the authorize URL and
// follows redirects (to the loopback callback, when there is one).
func browse(t *testing.T, authURL string, follow bool) *http.Response {
	t.Helper()
	c := &http.Client{}
	if !follow {
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	resp, err := c.Get(authURL)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestLoginEndToEnd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		secret string // confidential client when set
	}{
		{name: "public client"},
		{name: "confidential client", secret: "s3cr3t-client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := xapitest.NewServer(xapitest.Options{AutoApprove: true})
			t.Cleanup(srv.Close)
			clientID := xapitest.DemoClientID
			if tt.secret != "" {
				clientID = "confidential-app"
				srv.RegisterClient(xapitest.Client{ID: clientID, Secret: tt.secret})
			}
			auth, err := xapi.NewAuth(srv.URL, clientID, tt.secret)
			if err != nil {
				t.Fatal(err)
			}
			store := xapi.NewStore(t.TempDir(), srv.URL)
			tok, err := auth.Login(t.Context(), store, xapi.LoginOptions{Port: -1}, xapi.Options{Sleep: noSleep}, func(f *xapi.LoginFlow) {
				u, _ := url.Parse(f.AuthURL())
				q := u.Query()
				if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("state") == "" ||
					q.Get("scope") != strings.Join(xapi.Scopes, " ") || !strings.HasPrefix(q.Get("redirect_uri"), "http://127.0.0.1:") {
					t.Errorf("authorize URL = %s", f.AuthURL())
				}
				go func() {
					// The browser follows the redirect to the loopback callback.
					if resp, err := http.Get(f.AuthURL()); err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
					}
				}()
			})
			if err != nil {
				t.Fatal(err)
			}
			saved, err := store.Load()
			if err != nil {
				t.Fatal(err)
			}
			if saved.AccessToken != tok.AccessToken || saved.RefreshToken == "" || saved.UserID != srv.DemoUser().ID ||
				saved.Username != srv.DemoUser().Username || saved.Expiry.Before(time.Now()) {
				t.Errorf("saved = %+v", saved)
			}
			fi, err := os.Stat(store.Path())
			if err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("token file mode = %v, %v", fi.Mode(), err)
			}
			// The saved login works, refresh included.
			srv.ExpireAccessTokens()
			c, _ := xapi.NewClient(auth.TokenSource(store), xapi.Options{BaseURL: srv.URL, Sleep: noSleep})
			if _, _, err := c.Me(t.Context()); err != nil {
				t.Fatalf("Me after refresh: %v", err)
			}
		})
	}
}

func TestLoginPasteURL(t *testing.T) {
	t.Parallel()
	srv := xapitest.NewServer(xapitest.Options{AutoApprove: true})
	t.Cleanup(srv.Close)
	auth, _ := xapi.NewAuth(srv.URL, xapitest.DemoClientID, "")
	flow, err := auth.StartLogin(xapi.LoginOptions{Port: 8765, NoListen: true})
	if err != nil {
		t.Fatal(err)
	}
	if flow.RedirectURL() != "http://127.0.0.1:8765/callback" {
		t.Errorf("RedirectURL = %s", flow.RedirectURL())
	}
	resp := browse(t, flow.AuthURL(), false)
	landed := resp.Header.Get("Location")
	if !strings.HasPrefix(landed, "http://127.0.0.1:8765/callback?") {
		t.Fatalf("browser landed on %q (status %d)", landed, resp.StatusCode)
	}
	u, _ := url.Parse(landed)
	wrongState := strings.Replace(landed, "state="+url.QueryEscape(u.Query().Get("state")), "state=forged", 1)
	tests := []struct {
		name, pasted, want string
	}{
		{name: "garbage", pasted: "hello", want: "copy the whole URL"},
		{name: "wrong state", pasted: wrongState, want: "state mismatch"},
		{name: "denied", pasted: "http://127.0.0.1:8765/callback?error=access_denied&state=" + url.QueryEscape(u.Query().Get("state")), want: "access_denied"},
	}
	for _, tt := range tests {
		if err := flow.Submit(tt.pasted); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Submit = %v, want %q", tt.name, err, tt.want)
		}
	}
	// The real answer, pasted with surrounding blanks.
	if err := flow.Submit("  " + landed + "\n"); err != nil {
		t.Fatal(err)
	}
	tok, err := flow.Wait(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	c, _ := xapi.NewClient(xapi.StaticToken{T: tok}, xapi.Options{BaseURL: srv.URL})
	if me, _, err := c.Me(t.Context()); err != nil || me.ID != srv.DemoUser().ID {
		t.Fatalf("Me = %v, %v", me, err)
	}
}

func TestLoginCallbackError(t *testing.T) {
	t.Parallel()
	srv := xapitest.NewServer(xapitest.Options{})
	t.Cleanup(srv.Close)
	auth, _ := xapi.NewAuth(srv.URL, xapitest.DemoClientID, "")
	flow, err := auth.StartLogin(xapi.LoginOptions{Port: -1})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(flow.AuthURL())
	state := u.Query().Get("state")
	cb := flow.RedirectURL()
	// A stray request with another state is ignored; a denial ends the wait.
	if r := browse(t, cb+"?code=abc&state=other", true); r.StatusCode != http.StatusBadRequest {
		t.Errorf("stray callback answered %d", r.StatusCode)
	}
	browse(t, cb+"?error=access_denied&state="+url.QueryEscape(state), true)
	_, err = flow.Wait(t.Context())
	var oe *xapi.OAuthError
	if !errors.As(err, &oe) || oe.Code != "access_denied" || !strings.Contains(oe.Message(), "approve") {
		t.Fatalf("Wait = %v", err)
	}
	// Waiting is bounded by the context.
	flow2, _ := auth.StartLogin(xapi.LoginOptions{Port: -1})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	if _, err := flow2.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait without answer = %v", err)
	}
}

func TestLoginPortInUse(t *testing.T) {
	t.Parallel()
	auth, _ := xapi.NewAuth("http://127.0.0.1:1", xapitest.DemoClientID, "")
	f1, err := auth.StartLogin(xapi.LoginOptions{Port: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer f1.Close()
	u, _ := url.Parse(f1.RedirectURL())
	var port int
	fmt.Sscanf(u.Port(), "%d", &port)
	if _, err := auth.StartLogin(xapi.LoginOptions{Port: port}); err == nil || !strings.Contains(err.Error(), "--port") {
		t.Errorf("second listener on port %d: %v", port, err)
	}
}

// refreshAll makes n token sources on separate stores over one directory
// refresh at once (all access tokens are expired), and checks that every
// one succeeds.
func refreshAll(t *testing.T, e *env, dir string, n int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			c := e.client(t, xapi.NewStore(dir, e.srv.URL))
			_, _, err := c.Me(t.Context())
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent refresh: %v", err)
		}
	}
}

func TestConcurrentRefreshGoroutines(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	dir := filepath.Dir(e.store.Path())
	for round := range 3 {
		e.srv.ExpireAccessTokens()
		refreshAll(t, e, dir, 8)
		if got := e.srv.State().Counters.TokenRefreshes; got != round+1 {
			t.Errorf("round %d: %d refreshes, want %d (one per expiry)", round, got, round+1)
		}
	}
}

// TestHelperProcess is not a test: it is the child process of
// TestConcurrentRefreshProcesses, which runs the test binary again.
func TestHelperProcess(t *testing.T) {
	if os.Getenv("XAPI_TEST_HELPER") != "refresh" {
		t.Skip("helper process only")
	}
	auth, err := xapi.NewAuth(os.Getenv("XAPI_TEST_BASE"), xapitest.DemoClientID, "")
	if err != nil {
		t.Fatal(err)
	}
	store := xapi.NewStore(os.Getenv("XAPI_TEST_DIR"), os.Getenv("XAPI_TEST_BASE"))
	c, err := xapi.NewClient(auth.TokenSource(store), xapi.Options{BaseURL: os.Getenv("XAPI_TEST_BASE")})
	if err != nil {
		t.Fatal(err)
	}
	// Wait for the start signal so that the processes race.
	for time.Now().UnixMilli() < atoi64(os.Getenv("XAPI_TEST_START")) {
		time.Sleep(time.Millisecond)
	}
	if _, _, err := c.Me(context.Background()); err != nil {
		t.Fatalf("child refresh: %v", err)
	}
}

func atoi64(s string) int64 {
	var n int64
	fmt.Sscanf(s, "%d", &n)
	return n
}

func TestConcurrentRefreshProcesses(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts processes")
	}
	e := newEnv(t, xapitest.Options{})
	dir := filepath.Dir(e.store.Path())
	e.srv.ExpireAccessTokens()
	start := time.Now().Add(300 * time.Millisecond).UnixMilli()
	var cmds []*exec.Cmd
	var outs []*strings.Builder
	for range 3 {
		cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), "XAPI_TEST_HELPER=refresh", "XAPI_TEST_BASE="+e.srv.URL, "XAPI_TEST_DIR="+dir,
			fmt.Sprintf("XAPI_TEST_START=%d", start))
		out := &strings.Builder{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, cmd), append(outs, out)
	}
	// This process races them too.
	for time.Now().UnixMilli() < start {
		time.Sleep(time.Millisecond)
	}
	if _, _, err := e.c.Me(t.Context()); err != nil {
		t.Errorf("parent refresh: %v", err)
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("child %d: %v\n%s", i, err, outs[i])
		}
	}
	if got := e.srv.State().Counters.TokenRefreshes; got != 1 {
		t.Errorf("%d refreshes, want exactly 1 (the others reuse the saved token)", got)
	}
	// The refresh token left behind still works.
	e.srv.ExpireAccessTokens()
	if _, _, err := e.client(t, xapi.NewStore(dir, e.srv.URL)).Me(t.Context()); err != nil {
		t.Errorf("refresh after the race: %v", err)
	}
}
