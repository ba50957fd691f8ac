package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// postOne posts text with r and returns the new id.
func postOne(t *testing.T, r *runner, args ...string) string {
	t.Helper()
	got := r.run("", append([]string{"post"}, args...)...)
	wantRun(t, got, 0)
	return strings.TrimSpace(got.stdout)
}

func TestEditCommand(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{Premium: true})
	r := apiRunner(t, srv)
	id := postOne(t, r, "teh first & last")
	before := srv.Requests()
	got := r.run("", "edit", id, "the first & last")
	wantRun(t, got, 0)
	// Reading the post, who the user is (for the length limit), the edit.
	if n := srv.Requests() - before; n > 3 {
		t.Errorf("the edit made %d requests, want at most 3", n)
	}
	newID := strings.TrimSpace(got.stdout)
	if want := "edited: https://x.com/i/status/" + newID; !strings.Contains(got.stderr, want) {
		t.Errorf("stderr %q lacks %q", got.stderr, want)
	}
	st := srv.State()
	if len(st.Posts) != 2 || st.Posts[1].ID != newID || st.Posts[1].Text != "the first & last" ||
		strings.Join(st.Posts[1].EditHistory, ",") != id+","+newID || st.Counters.PostsEdited != 1 {
		t.Fatalf("after the edit: stdout %q, posts %+v", got.stdout, st.Posts)
	}

	// --file and --json; the window and the count come from X.
	file := filepath.Join(t.TempDir(), "text.txt")
	if err := os.WriteFile(file, []byte("the first and last\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got = r.run("", "edit", "--json", "--file", file, "https://x.com/xpostdemo/status/"+newID)
	wantRun(t, got, 0)
	var out editJSON
	if err := json.Unmarshal([]byte(got.stdout), &out); err != nil {
		t.Fatalf("--json printed %q: %v", got.stdout, err)
	}
	if out.PreviousID != newID || out.ID == "" || out.EditsRemaining == nil || *out.EditsRemaining != 3 || out.EditableUntil.IsZero() {
		t.Errorf("--json = %+v", out)
	}
	if p := srv.State().Posts[2]; p.ID != out.ID || p.Text != "the first and last" {
		t.Errorf("latest version = %+v", p)
	}

	// Standard input.
	got = r.run("the first, and the last\n", "edit", out.ID, "-")
	wantRun(t, got, 0)
	if p := srv.State().Posts[3]; p.Text != "the first, and the last" {
		t.Errorf("text from standard input = %q", p.Text)
	}
}

// TestEditRefusedLocally: a post X would not let the user edit is refused
// before any edit is sent, with what to do instead.
func TestEditRefusedLocally(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		premium bool
		// setup returns the id to edit.
		setup func(t *testing.T, srv *xapitest.Server, clock *xapitest.FakeClock, r *runner) string
		say   []string
		// code is the exit status; 0 means exitRefused.
		code int
	}{
		{"past the window", true, func(t *testing.T, _ *xapitest.Server, clock *xapitest.FakeClock, r *runner) string {
			id := postOne(t, r, "old news")
			clock.Advance(61 * time.Minute)
			return id
		}, []string{"within an hour", "xpost delete", "post the corrected text again"}, 0},
		{"not premium", false, func(t *testing.T, _ *xapitest.Server, _ *xapitest.FakeClock, r *runner) string {
			return postOne(t, r, "plain account")
		}, []string{"Premium", "xpost delete"}, 0},
		{"someone else's", true, func(t *testing.T, srv *xapitest.Server, _ *xapitest.FakeClock, _ *runner) string {
			alice := srv.AddUser(xapitest.User{Username: "alice", SubscriptionType: "Premium"})
			return postAs(t, srv, alice, "alice's")
		}, []string{"not yours"}, 0},
		{"media not attached again", true, func(t *testing.T, _ *xapitest.Server, _ *xapitest.FakeClock, r *runner) string {
			img := writePNG(t, filepath.Join(t.TempDir(), "dot.png"))
			return postOne(t, r, "--media", img+"=a dot", "a dot")
		}, []string{"1 media attachment", "--media"}, exitFailure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := xapitest.NewFakeClock(time.Now())
			srv := fake(t, xapitest.Options{Premium: tt.premium, Clock: clock})
			r := apiRunner(t, srv)
			r.configure = func(a *app) {
				a.clientOptions = func(o *xapi.Options) {
					o.Sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
					o.Now = clock.Now
				}
			}
			id := tt.setup(t, srv, clock, r)
			got := r.run("", "edit", id, "corrected")
			code := tt.code
			if code == 0 {
				code = exitRefused
			}
			wantRun(t, got, code, tt.say...)
			if st := srv.State(); st.Counters.PostsEdited != 0 || st.Counters.EditsRefused != 0 {
				t.Errorf("an edit reached X: %+v", st.Counters)
			}
		})
	}
}

// postAs creates a post by u on srv directly, as another X client would.
func postAs(t *testing.T, srv *xapitest.Server, u xapitest.User, text string) string {
	t.Helper()
	pair := srv.IssueToken(xapitest.DemoClientID, u.ID, []string{"tweet.read", "tweet.write", "users.read"})
	body, _ := json.Marshal(map[string]string{"text": text})
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/2/tweets", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+pair.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Data.ID == "" {
		t.Fatalf("post as %s: %d %v", u.Username, resp.StatusCode, err)
	}
	return out.Data.ID
}

func TestEditDryRun(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{Premium: true})
	r := apiRunner(t, srv)
	before := srv.Requests()
	got := r.run("", "edit", "--dry-run", "123", "fixed & done")
	wantRun(t, got, 0)
	if want := `POST /2/tweets (post 1 of 1): {"text":"fixed & done","edit_options":{"previous_post_id":"123"}}`; !strings.Contains(got.stdout, want) {
		t.Errorf("dry run printed %q, want %q", got.stdout, want)
	}
	got = r.run("", "edit", "--dry-run", "--json", "123", "fixed")
	wantRun(t, got, 0)
	if want := `{"dry_run":true,"request":{"text":"fixed","edit_options":{"previous_post_id":"123"}}}`; strings.TrimSpace(got.stdout) != want {
		t.Errorf("dry run --json printed %q, want %q", got.stdout, want)
	}
	if n := srv.Requests() - before; n != 0 {
		t.Errorf("the dry runs made %d requests", n)
	}
}

func TestEditUsage(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{Premium: true})
	r := apiRunner(t, srv)
	file := filepath.Join(t.TempDir(), "t.txt")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, args := range [][]string{
		{"edit"},
		{"edit", "abc", "text"},
		{"edit", "123"},
		{"edit", "123", "text", "more"},
		{"edit", "--file", file, "123", "text"},
	} {
		if got := r.run("", args...); got.code != 2 {
			t.Errorf("%q: exit %d, want 2 (stderr %s)", args, got.code, got.stderr)
		}
	}
	if n := srv.Requests(); n != 0 {
		t.Errorf("usage errors made %d requests", n)
	}
}

// TestEditRefusedByX: when the post looked editable here but X refuses
// (clocks that differ at the window's end), X's refusal is explained the
// same way, and nothing is posted.
func TestEditRefusedByX(t *testing.T) {
	t.Parallel()
	clock := xapitest.NewFakeClock(time.Now())
	srv := fake(t, xapitest.Options{Premium: true, Clock: clock})
	r := apiRunner(t, srv)
	id := postOne(t, r, "old news")
	clock.Advance(61 * time.Minute) // X's clock only
	got := r.run("", "edit", id, "corrected")
	wantRun(t, got, exitRefused, "can no longer be edited", "within an hour", "xpost delete "+id)
	if st := srv.State(); st.Counters.EditsRefused != 1 || len(st.Posts) != 1 {
		t.Errorf("counters %+v, %d posts", st.Counters, len(st.Posts))
	}
}

// TestPostPrintsLink: stdout stays the id alone (scripts read it); the
// link a person clicks goes to stderr.
func TestPostPrintsLink(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	r := apiRunner(t, srv)
	got := r.run("", "post", "link me")
	wantRun(t, got, 0)
	id := srv.State().Posts[0].ID
	if got.stdout != id+"\n" {
		t.Errorf("stdout %q, want the id alone", got.stdout)
	}
	if want := "posted: https://x.com/i/status/" + id + "\n"; !strings.Contains(got.stderr, want) {
		t.Errorf("stderr %q lacks %q", got.stderr, want)
	}
}
