package xapi_test

import (
	"bytes"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// TestPublishThreadUnderFaults publishes a 12-part thread through a server
// that fails 20% of requests and drops the connection after acting on 10%
// of the mutating ones. Resuming with the same journal must end with
// exactly 12 posts, chained, no duplicates.
func TestPublishThreadUnderFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		seed int64
	}{
		{name: "seed 1", seed: 1},
		{name: "seed 2", seed: 2},
		{name: "seed 3", seed: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, xapitest.Options{Seed: tt.seed})
			dir := t.TempDir()
			img := writeFile(t, dir, "a.png", pngHead, 4000)
			th := &xapi.Thread{}
			for i := range 12 {
				p := xapi.ThreadPost{Text: fmt.Sprintf("part %d of a thread published through faults", i+1)}
				if i%4 == 0 {
					p.Media = []xapi.Attachment{{Path: img, Alt: "picture"}}
				}
				th.Posts = append(th.Posts, p)
			}
			// Learn the account before faults start, as the CLI does at start-up.
			if _, err := e.c.CurrentUser(t.Context()); err != nil {
				t.Fatal(err)
			}
			e.srv.SetFaults(xapitest.Faults{FailRate: 0.2, FailAfterRate: 0.1})
			j := &xapi.MemoryJournal{}
			var ids []string
			var err error
			runs := 0
			var mu sync.Mutex
			kinds := map[xapi.EventKind]int{}
			count := func(ev xapi.Event) {
				mu.Lock()
				kinds[ev.Kind]++
				mu.Unlock()
			}
			for runs < 6 {
				runs++
				ids, err = e.c.PublishThread(t.Context(), th, j, xapi.PublishOptions{Resume: runs > 1, OnEvent: count})
				if err == nil {
					break
				}
				t.Logf("run %d stopped: %v", runs, err)
			}
			if err != nil {
				t.Fatalf("not published after %d runs: %v", runs, err)
			}
			e.srv.SetFaults(xapitest.Faults{})
			st := e.srv.State()
			if len(st.Posts) != 12 {
				for _, p := range st.Posts {
					t.Logf("%s -> %s %q", p.ID, p.InReplyToID, p.Text)
				}
				t.Fatalf("%d posts on the server, want 12", len(st.Posts))
			}
			prev := ""
			for i, p := range st.Posts {
				if p.ID != ids[i] || p.InReplyToID != prev || p.Text != th.Posts[i].Text {
					t.Errorf("post %d = %+v, want id %s replying to %q", i, p, ids[i], prev)
				}
				prev = p.ID
			}
			t.Logf("published in %d run(s); %d faults injected, %d requests; %d retries, %d outcome checks",
				runs, st.Counters.FaultsInjected, st.Counters.Requests, kinds[xapi.EventRetrying], kinds[xapi.EventChecking])
			if st.Counters.FaultsInjected == 0 {
				t.Error("no fault was injected: the test proves nothing")
			}
		})
	}
}

// TestNoSecretsInOutput runs a login, refreshes, a publish with faults,
// a dead refresh token and a logout, collecting every error string, event
// and log line, and checks that no token, code, verifier or client secret
// appears in any of them.
func TestNoSecretsInOutput(t *testing.T) {
	t.Parallel()
	const clientSecret = "very-secret-client-secret-42"
	srv := xapitest.NewServer(xapitest.Options{AutoApprove: true, Seed: 7})
	t.Cleanup(srv.Close)
	srv.RegisterClient(xapitest.Client{ID: "secret-app", Secret: clientSecret})

	// Record every URL and form value that crosses the wire: each is a
	// candidate secret.
	var (
		mu      sync.Mutex
		secrets = map[string]bool{clientSecret: true}
		output  bytes.Buffer
	)
	note := func(s string) {
		if len(s) >= 8 {
			mu.Lock()
			secrets[s] = true
			mu.Unlock()
		}
	}
	logger := log.New(&output, "", 0)
	record := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		logger.Printf(format, args...)
	}
	transport := &sniffTransport{note: note}
	hc := &http.Client{Transport: transport}

	auth, err := xapi.NewAuth(srv.URL, "secret-app", clientSecret)
	if err != nil {
		t.Fatal(err)
	}
	auth.HTTPClient = hc
	store := xapi.NewStore(t.TempDir(), srv.URL)
	tok, err := auth.Login(t.Context(), store, xapi.LoginOptions{Port: -1}, xapi.Options{HTTPClient: hc, Sleep: noSleep}, func(f *xapi.LoginFlow) {
		u, _ := url.Parse(f.AuthURL())
		note(u.Query().Get("state"))
		note(u.Query().Get("code_challenge"))
		go func() {
			if resp, err := hc.Get(f.AuthURL()); err == nil {
				resp.Body.Close()
			}
		}()
	})
	if err != nil {
		t.Fatal(err)
	}
	note(tok.AccessToken)
	note(tok.RefreshToken)
	record("logged in: %v %+v %#v", tok, tok, tok)

	onEvent := func(ev xapi.Event) { record("event %v post %d: %v", ev.Kind, ev.Post, ev.Err) }
	c, _ := xapi.NewClient(auth.TokenSource(store), xapi.Options{BaseURL: srv.URL, HTTPClient: hc, Sleep: noSleep})
	srv.ExpireAccessTokens()
	srv.SetFaults(xapitest.Faults{FailRate: 0.3, FailAfterRate: 0.2})
	th := &xapi.Thread{Posts: []xapi.ThreadPost{{Text: "secret check one"}, {Text: "secret check two"}, {Text: "secret check three"}}}
	j := &xapi.MemoryJournal{}
	for range 5 {
		_, err := c.PublishThread(t.Context(), th, j, xapi.PublishOptions{OnEvent: onEvent, Resume: true})
		record("publish: %v", err)
		if err == nil {
			break
		}
	}
	srv.SetFaults(xapitest.Faults{})
	saved, _ := store.Load()
	note(saved.AccessToken)
	note(saved.RefreshToken)
	record("saved: %v", saved)

	// Errors that carry OAuth answers: a bad client secret, a dead
	// refresh token, an unreachable server.
	bad, _ := xapi.NewAuth(srv.URL, "secret-app", "wrong-secret-value")
	bad.HTTPClient = hc
	note("wrong-secret-value")
	srv.ExpireAccessTokens()
	_, _, err = mustClient(t, bad.TokenSource(store), srv.URL, hc).Me(t.Context())
	record("bad secret: %v", err)
	dead := *saved
	dead.RefreshToken = "dead-refresh-token-value"
	note(dead.RefreshToken)
	deadStore := xapi.NewStore(t.TempDir(), srv.URL)
	deadStore.Save(&dead)
	_, _, err = mustClient(t, auth.TokenSource(deadStore), srv.URL, hc).Me(t.Context())
	record("dead refresh: %v", err)
	gone, _ := xapi.NewAuth("http://127.0.0.1:1", "secret-app", clientSecret)
	goneStore := xapi.NewStore(t.TempDir(), "http://127.0.0.1:1")
	goneStore.Save(&dead)
	_, _, err = mustClient(t, gone.TokenSource(goneStore), "http://127.0.0.1:1", nil).Me(t.Context())
	record("unreachable: %v", err)
	if err := auth.Logout(t.Context(), store); err != nil {
		record("logout: %v", err)
	}

	out := output.String()
	t.Log(out)
	if !strings.Contains(out, "logged in") || !strings.Contains(out, "dead refresh") {
		t.Fatalf("the run produced no output to check:\n%s", out)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(secrets) < 6 {
		t.Fatalf("only %d secrets collected: the check would prove nothing", len(secrets))
	}
	for s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("output contains the secret %q", s)
		}
	}
	t.Logf("checked %d bytes of output against %d secrets", len(out), len(secrets))
}

func mustClient(t *testing.T, ts xapi.TokenSource, base string, hc *http.Client) *xapi.Client {
	t.Helper()
	c, err := xapi.NewClient(ts, xapi.Options{BaseURL: base, HTTPClient: hc, Sleep: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sniffTransport notes the secrets in every request and answer body it
// carries.
type sniffTransport struct {
	note func(string)
}

func (s *sniffTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if a := r.Header.Get("Authorization"); a != "" {
		s.note(strings.TrimPrefix(strings.TrimPrefix(a, "Bearer "), "Basic "))
	}
	if r.Body != nil && r.Header.Get("Content-Type") == "application/x-www-form-urlencoded" {
		var buf bytes.Buffer
		buf.ReadFrom(r.Body)
		r.Body.Close()
		if f, err := url.ParseQuery(buf.String()); err == nil {
			for _, k := range []string{"code", "code_verifier", "refresh_token", "token", "client_secret"} {
				s.note(f.Get(k))
			}
		}
		r.Body = nopCloser{bytes.NewReader(buf.Bytes())}
	}
	return http.DefaultTransport.RoundTrip(r)
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }
