package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/xapi/xapitest"
)

// requestsOf runs one command against srv and returns the requests it
// made, by endpoint.
func requestsOf(t *testing.T, srv *xapitest.Server, r *runner, stdin string, args ...string) map[string]int {
	t.Helper()
	before := srv.RequestsByEndpoint()
	wantRun(t, r.run(stdin, args...), 0)
	got := map[string]int{}
	for k, n := range srv.RequestsByEndpoint() {
		if d := n - before[k]; d > 0 {
			got[k] = d
		}
	}
	return got
}

// TestCommandRequests counts the requests each command makes with a
// login that holds the account: a command that posts makes exactly the
// requests the post needs, and recent reads the timeline without asking
// who the user is.
func TestCommandRequests(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	r := apiRunner(t, srv)
	thread := filepath.Join(t.TempDir(), "thread.txt")
	if err := os.WriteFile(thread, []byte("one\n---\ntwo\n---\nthree\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want map[string]int
	}{
		{"post", []string{"post", "hello"}, map[string]int{"POST /2/tweets": 1}},
		{"post --dry-run", []string{"post", "--dry-run", "hello again"}, map[string]int{}},
		{"thread", []string{"thread", thread}, map[string]int{"POST /2/tweets": 3}},
		{"recent", []string{"recent", "--limit", "3"}, map[string]int{"GET /2/users/:id/tweets": 2}},
		{"whoami", []string{"whoami"}, map[string]int{}},
		{"whoami --refresh", []string{"whoami", "--refresh"}, map[string]int{"GET /2/users/me": 1}},
	}
	for _, tt := range tests {
		// Not parallel: the counts are of one server.
		got := requestsOf(t, srv, r, "", tt.args...)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: requests (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestAccountSavedAndRefreshed: a login of an older version (no account
// saved) asks X once and keeps the answer; an account older than a day is
// read again in the background, the command posting with the saved one.
func TestAccountSavedAndRefreshed(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{Premium: true})
	r := apiRunner(t, srv)
	store := savedStore(t, r, r.env["XPOST_API_BASE"])
	tok, err := store.Load()
	if err != nil {
		t.Fatal(err)
	}
	tok.Account = nil // as an older xpost saved it
	if err := store.Save(tok); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("long post ", 40) // 400: over 280, a Premium account may
	got := requestsOf(t, srv, r, "", "post", long)
	if diff := cmp.Diff(map[string]int{"GET /2/users/me": 1, "POST /2/tweets": 1}, got); diff != "" {
		t.Errorf("first post with an older login (-want +got):\n%s", diff)
	}
	tok, err = store.Load()
	if err != nil || tok.User() == nil || tok.User().SubscriptionType != "Premium" {
		t.Fatalf("the account was not saved with the login: %+v, %v", tok, err)
	}
	got = requestsOf(t, srv, r, "", "post", long+"again")
	if diff := cmp.Diff(map[string]int{"POST /2/tweets": 1}, got); diff != "" {
		t.Errorf("second post (-want +got):\n%s", diff)
	}

	// A day and more later: the post goes out with the saved account, and
	// the account is read again before the program ends.
	old := time.Now().Add(-25 * time.Hour)
	tok.Account.ReadAt = old
	tok.Account.Name = "an old name"
	if err := store.Save(tok); err != nil {
		t.Fatal(err)
	}
	got = requestsOf(t, srv, r, "", "post", "a day later")
	if diff := cmp.Diff(map[string]int{"GET /2/users/me": 1, "POST /2/tweets": 1}, got); diff != "" {
		t.Errorf("post with a stale account (-want +got):\n%s", diff)
	}
	tok, err = store.Load()
	if err != nil || tok.Account == nil || !tok.Account.ReadAt.After(old) || tok.Account.Name != srv.DemoUser().Name {
		t.Fatalf("the stale account was not refreshed: %+v, %v", tok.Account, err)
	}
	// The token itself is untouched by the refresh.
	if tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("the refresh lost the token: %v", tok)
	}
}

// writeConfig writes config.json of r's config directory.
func writeConfig(t *testing.T, r *runner, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(r.env["XPOST_CONFIG_DIR"], configFileName), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}
