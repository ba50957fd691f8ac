package xapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// TestKilledRefreshChild is not a test: it is the process
// TestRefreshSurvivesKill kills. It refreshes the login in
// XAPI_TEST_DIR and kills itself (SIGKILL) when the refresh reaches the
// step XAPI_KILL_STEP.
func TestKilledRefreshChild(t *testing.T) {
	if os.Getenv("XAPI_TEST_HELPER") != "kill-refresh" {
		t.Skip("helper process only")
	}
	want := os.Getenv("XAPI_KILL_STEP")
	xapi.SetStepHook(func(step string) {
		if step == want {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // the signal is on its way
		}
	})
	base := os.Getenv("XAPI_TEST_BASE")
	auth, err := xapi.NewAuth(base, xapitest.DemoClientID, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := renew(context.Background(), auth, xapi.NewStore(os.Getenv("XAPI_TEST_DIR"), base)); err != nil {
		t.Fatalf("refresh: %v", err)
	}
}

// renew loads the login in store, as a command starting up does, and
// renews it, as after X rejected its access token.
func renew(ctx context.Context, auth *xapi.Auth, store *xapi.Store) error {
	ts := auth.TokenSource(store)
	tok, err := ts.Token(ctx)
	if err != nil {
		return err
	}
	_, err = ts.Refresh(ctx, tok)
	return err
}

// killSteps are the points of a refresh where the test kills the
// process: every step of the refresh in order, and "in flight": after X
// has rotated the pair and before its answer reaches the process.
var killSteps = []string{"locked", "reserved", "sending", "in flight", "received", "filled", "synced", "renamed"}

// TestRefreshSurvivesKill kills a refreshing process at every step of a
// refresh, several rounds over, and after each kill checks that the login
// left on disk still works: a new process recovers it and refreshes it
// again. The only step allowed to lose it is "in flight", a kill while
// X's answer is on the wire, which no client can survive: X has spent the
// old refresh token and the new one never arrived.
func TestRefreshSurvivesKill(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts processes")
	}
	srv := xapitest.NewServer(xapitest.Options{})
	t.Cleanup(srv.Close)

	// The token endpoint goes through a proxy that, for the "in flight"
	// step, lets the fake rotate the pair and then kills the client before
	// answering.
	var (
		mu     sync.Mutex
		victim *os.Process
		reaped chan struct{}
	)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		p, gone := victim, reaped
		mu.Unlock()
		if p != nil && r.URL.Path == "/2/oauth2/token" {
			rec := httptest.NewRecorder()
			srv.Handler().ServeHTTP(rec, r)
			p.Kill()
			<-gone // answer nothing, to nobody
			return
		}
		srv.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	base := proxy.URL

	dir := t.TempDir()
	store := xapi.NewStore(dir, base)
	login := func() {
		p := srv.IssueToken(xapitest.DemoClientID, srv.DemoUser().ID, xapi.Scopes)
		tok := &xapi.Token{AccessToken: p.AccessToken, RefreshToken: p.RefreshToken,
			Expiry: time.Now().Add(time.Duration(p.ExpiresIn) * time.Second), Scopes: xapi.Scopes,
			UserID: srv.DemoUser().ID, Username: srv.DemoUser().Username}
		if err := store.Save(tok); err != nil {
			t.Fatal(err)
		}
	}
	login()
	auth, err := xapi.NewAuth(base, xapitest.DemoClientID, "")
	if err != nil {
		t.Fatal(err)
	}

	const rounds = 5
	kills, lost := 0, map[string]int{}
	for round := range rounds {
		for _, step := range killSteps {
			childStep := step
			if step == "in flight" {
				childStep = "" // the proxy kills it
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestKilledRefreshChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), "XAPI_TEST_HELPER=kill-refresh", "XAPI_TEST_BASE="+base,
				"XAPI_TEST_DIR="+dir, "XAPI_KILL_STEP="+childStep)
			var out strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			gone := make(chan struct{})
			if step == "in flight" {
				mu.Lock()
				victim, reaped = cmd.Process, gone
				mu.Unlock()
			}
			err := cmd.Wait()
			mu.Lock()
			victim = nil
			mu.Unlock()
			close(gone)
			if ee, ok := errors.AsType[*exec.ExitError](err); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("round %d, step %q: the child was not killed (%v):\n%s", round, step, err, out.String())
			}
			kills++

			// What a user's next command finds: it must work, renewing the
			// login again.
			if err := renew(t.Context(), auth, xapi.NewStore(dir, base)); err != nil {
				lost[step]++
				t.Logf("round %d: killed at %q: login lost: %v", round, step, err)
				login()
			}
			if tmps, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(tmps) > 0 {
				t.Errorf("round %d, step %q: temporary files left after recovery: %v", round, step, tmps)
			}
		}
	}
	total := 0
	for step, n := range lost {
		total += n
		if step != "in flight" {
			t.Errorf("killed at %q: login lost %d times of %d", step, n, rounds)
		}
	}
	t.Logf("logins lost over %d kills: %d (%s)", kills, total, fmt.Sprint(lost))
}
