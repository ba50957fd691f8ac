package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// fake starts a fake X for one test.
func fake(t *testing.T, opts xapitest.Options) *xapitest.Server {
	t.Helper()
	srv := xapitest.NewServer(opts)
	t.Cleanup(srv.Close)
	return srv
}

// apiRunner is a runner pointed at srv with the demo user logged in (a
// token issued directly, skipping the browser) and without real back-off
// sleeps.
func apiRunner(t *testing.T, srv *xapitest.Server) *runner {
	t.Helper()
	r := newRunner(t)
	r.env["XPOST_API_BASE"] = srv.URL
	r.env["XPOST_CLIENT_ID"] = xapitest.DemoClientID
	r.configure = func(a *app) {
		a.clientOptions = func(o *xapi.Options) {
			o.Sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
		}
	}
	pair := srv.IssueToken(xapitest.DemoClientID, srv.DemoUser().ID, xapi.Scopes)
	tok := &xapi.Token{AccessToken: pair.AccessToken, RefreshToken: pair.RefreshToken, TokenType: "bearer",
		Expiry: time.Now().Add(time.Duration(pair.ExpiresIn) * time.Second), Scopes: xapi.Scopes,
		UserID: srv.DemoUser().ID, Username: srv.DemoUser().Username}
	// What a login saves: the account as X gave it, just now.
	u := srv.DemoUser()
	tok.SetUser(&xapi.User{ID: u.ID, Username: u.Username, Name: u.Name, SubscriptionType: u.SubscriptionType}, time.Now())
	if err := xapi.NewStore(r.env["XPOST_CONFIG_DIR"], r.env["XPOST_API_BASE"]).Save(tok); err != nil {
		t.Fatal(err)
	}
	return r
}

// savedStore is the store of the login a command of r uses at base, as
// the program resolves it (moving a login of the older layout into an
// account first).
func savedStore(t *testing.T, r *runner, base string) *xapi.Store {
	t.Helper()
	acc := xapi.NewAccounts(r.env["XPOST_CONFIG_DIR"])
	name, err := acc.Resolve(t.Context(), r.env["XPOST_ACCOUNT"], base)
	if err != nil {
		t.Fatal(err)
	}
	if name == "" {
		name = "default"
	}
	return acc.Store(name, base)
}

// redDotPNG is a 4×4 PNG, transparent but for one red pixel at (1, 1).
// It is written out byte for byte rather than encoded by the test: its
// size is in expected output (dry runs, --json goldens), and image/png
// compresses differently from one Go release to the next.
var redDotPNG = []byte{
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x04, 0x08, 0x06, 0x00, 0x00, 0x00, 0xa9, 0xf1, 0x9e,
	0x7e, 0x00, 0x00, 0x00, 0x51, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x00, 0x44, 0x00, 0xbb, 0xff,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0xff, 0x00, 0x00, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x59, 0xfb, 0x02, 0x05, 0x63, 0x03, 0x05, 0x11, 0x00, 0x00,
	0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
}

// writePNG writes redDotPNG to path.
func writePNG(t *testing.T, path string) string {
	t.Helper()
	if err := os.WriteFile(path, redDotPNG, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRedDotPNG(t *testing.T) {
	t.Parallel()
	img, err := png.Decode(bytes.NewReader(redDotPNG))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 4 || b.Dy() != 4 {
		t.Fatalf("bounds %v", b)
	}
	for y := range 4 {
		for x := range 4 {
			want := color.RGBA{}
			if x == 1 && y == 1 {
				want = color.RGBA{R: 255, A: 255}
			}
			if got := color.RGBAModel.Convert(img.At(x, y)); got != want {
				t.Errorf("pixel (%d, %d) = %v, want %v", x, y, got, want)
			}
		}
	}
}

// wantRun checks an exit status and that stderr holds every want.
func wantRun(t *testing.T, got result, code int, stderrHas ...string) {
	t.Helper()
	if got.code != code {
		t.Errorf("exit status %d, want %d\nstdout: %s\nstderr: %s", got.code, code, got.stdout, got.stderr)
	}
	for _, w := range stderrHas {
		if !strings.Contains(got.stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, got.stderr)
		}
	}
}

func TestWhoami(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		premium bool
		args    []string
		want    string
	}{
		{name: "text", args: []string{"whoami"}, want: "posts up to 280 characters"},
		{name: "json", args: []string{"whoami", "--json"}, want: `"limit":280,`},
		{name: "premium json", premium: true, args: []string{"whoami", "--json"}, want: `"subscription_type":"Premium","limit":25000,`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fake(t, xapitest.Options{Premium: tt.premium})
			got := apiRunner(t, srv).run("", tt.args...)
			wantRun(t, got, 0)
			if !strings.Contains(got.stdout, tt.want) || !strings.Contains(got.stdout, srv.DemoUser().Username) {
				t.Errorf("stdout = %q, want the user and %q", got.stdout, tt.want)
			}
		})
	}
}

func TestNotLoggedIn(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	for _, args := range [][]string{{"whoami"}, {"post", "hi"}, {"recent"}, {"delete", "--yes", "1"}} {
		r := newRunner(t)
		r.env["XPOST_API_BASE"] = srv.URL
		got := r.run("", args...)
		// A fake X is another API base: it needs its own login, and the
		// message names the command that gives one.
		wantRun(t, got, exitLogin, "not logged in at "+srv.URL, "run `xpost --api-base "+srv.URL+" login`")
	}
}

func TestPost(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	img := writePNG(t, filepath.Join(dir, "dot.png"))
	big := filepath.Join(dir, "big.png")
	// A PNG header followed by 6 MB: detected as an image, over the cap.
	if err := os.WriteFile(big, append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 6_000_000)...), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		stdin    string
		args     []string
		wantCode int
		wantErr  string
		check    func(t *testing.T, st xapitest.State)
	}{
		{name: "text", args: []string{"Hello from the test"}, check: func(t *testing.T, st xapitest.State) {
			if st.Posts[len(st.Posts)-1].Text != "Hello from the test" {
				t.Errorf("posted %q", st.Posts[len(st.Posts)-1].Text)
			}
		}},
		{name: "stdin", stdin: "From stdin\n", args: []string{"-"}, check: func(t *testing.T, st xapitest.State) {
			if got := st.Posts[len(st.Posts)-1].Text; got != "From stdin" {
				t.Errorf("posted %q, want the text without its newline", got)
			}
		}},
		{name: "media with alt", args: []string{"--media", img + "=A red dot", "Look"}, check: func(t *testing.T, st xapitest.State) {
			p := st.Posts[len(st.Posts)-1]
			if len(p.MediaIDs) != 1 || len(st.Media) != 1 || st.Media[0].AltText != "A red dot" || st.Media[0].MediaType != "image/png" {
				t.Errorf("post %+v, media %+v", p, st.Media)
			}
		}},
		{name: "poll and settings", args: []string{"--poll", "Tabs| Spaces ", "--poll-duration", "3d", "--reply-settings", "following", "--paid-partnership", "Settle it"}, check: func(t *testing.T, st xapitest.State) {
			p := st.Posts[len(st.Posts)-1]
			want := &xapitest.StatePoll{Options: []string{"Tabs", "Spaces"}, DurationMinutes: 3 * 24 * 60}
			if diff := cmp.Diff(want, p.Poll); diff != "" || p.ReplySettings != "following" || !p.PaidPartnership {
				t.Errorf("post %+v (poll diff %s)", p, diff)
			}
		}},
		{name: "too long", args: []string{strings.Repeat("x", 281)}, wantCode: exitRefused, wantErr: "1 over the limit of 280"},
		{name: "media too large", args: []string{"--media", big, "Big"}, wantCode: 1, wantErr: "images can be at most 5 MB"},
		{name: "missing media", args: []string{"--media", filepath.Join(dir, "nope.png"), "x"}, wantCode: 1, wantErr: "nope.png"},
		{name: "one-option poll", args: []string{"--poll", "Only", "Q"}, wantCode: exitRefused, wantErr: "needs at least 2"},
		{name: "nothing", args: nil, wantCode: 2, wantErr: "nothing to post"},
		{name: "two texts", args: []string{"a", "b"}, wantCode: 2, wantErr: "quote it"},
		{name: "bad reply settings", args: []string{"--reply-settings", "everybody", "x"}, wantCode: 2, wantErr: "--reply-settings must be"},
		{name: "duration without poll", args: []string{"--poll-duration", "1h", "x"}, wantCode: 2, wantErr: "--poll-duration needs --poll"},
		{name: "bad duration", args: []string{"--poll", "a|b", "--poll-duration", "soon", "x"}, wantCode: 2, wantErr: "not a poll length"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fake(t, xapitest.Options{})
			got := apiRunner(t, srv).run(tt.stdin, append([]string{"post"}, tt.args...)...)
			wantRun(t, got, tt.wantCode, tt.wantErr)
			st := srv.State()
			if tt.wantCode != 0 {
				if len(st.Posts) != 0 {
					t.Errorf("a failed post created %d posts", len(st.Posts))
				}
				return
			}
			if len(st.Posts) != 1 || got.stdout != st.Posts[0].ID+"\n" {
				t.Fatalf("stdout %q, posts %+v", got.stdout, st.Posts)
			}
			tt.check(t, st)
		})
	}
}

func TestPostReplyAndQuote(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{DemoPosts: true})
	r := apiRunner(t, srv)
	// X takes quote posts from enterprise apps only (2026).
	writeConfig(t, r, `{"plan":"enterprise"}`)
	target := srv.State().Posts[0].ID
	tests := []struct {
		name string
		args []string
		want func(p xapitest.StatePost) bool
	}{
		{name: "reply by id", args: []string{"--reply-to", target, "A reply"}, want: func(p xapitest.StatePost) bool { return p.InReplyToID == target }},
		{name: "reply by link", args: []string{"--reply-to", "https://x.com/someone/status/" + target + "?s=20", "Another reply"}, want: func(p xapitest.StatePost) bool { return p.InReplyToID == target }},
		{name: "quote", args: []string{"--quote", target, "A quote"}, want: func(p xapitest.StatePost) bool { return p.QuoteTweetID == target }},
	}
	for _, tt := range tests {
		// Sequential: they share the server and find their post by id.
		got := r.run("", append([]string{"post"}, tt.args...)...)
		wantRun(t, got, 0)
		id := strings.TrimSpace(got.stdout)
		found := false
		for _, p := range srv.State().Posts {
			if p.ID == id {
				found = true
				if !tt.want(p) {
					t.Errorf("%s: post %+v", tt.name, p)
				}
			}
		}
		if !found {
			t.Errorf("%s: post %q not found", tt.name, id)
		}
	}
}

func TestPostDryRun(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	img := writePNG(t, filepath.Join(t.TempDir(), "dot.png"))
	got := apiRunner(t, srv).run("", "post", "--dry-run", "--reply-to", "42", "--media", img+"=dot", "Hello")
	wantRun(t, got, 0)
	for _, w := range []string{"replying to post 42 (not read: ", "upload 1 for post 1: " + img + " (image/png", `with alt text "dot"`, `POST /2/tweets (post 1 of 1): {"text":"Hello","reply":{"in_reply_to_tweet_id":"42"},"media":{"media_ids":["<media id of upload 1>"]}}`} {
		if !strings.Contains(got.stdout, w) {
			t.Errorf("dry run output lacks %q:\n%s", w, got.stdout)
		}
	}
	// The one request is the read of the post replied to.
	if st := srv.State(); len(st.Posts) != 0 || len(st.Media) != 0 || st.Counters.Requests != 1 || srv.RequestsTo("GET /2/tweets/:id") != 1 {
		t.Errorf("dry run sent something: %+v", st.Counters)
	}
}

// TestPostRateLimitWait uses up X's 15-minute window on posts, then posts
// on a clock that moves only when xpost sleeps: xpost post announces the
// wait with its end and posts once the window resets; with a --max-wait
// shorter than the wait it stops at once and says when to try again.
func TestPostRateLimitWait(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		code     int
		stderr   []string
		wantPost bool
	}{
		{name: "waits", args: []string{"post", "after the wait"}, stderr: []string{"rate limited by X: waiting", ", until "}, wantPost: true},
		{name: "max wait too short", args: []string{"post", "--max-wait", "1m", "not now"}, code: exitRetry, stderr: []string{"15-minute window is used up: try again after"}},
		{name: "never wait", args: []string{"post", "--max-wait", "0", "not now"}, code: exitRetry, stderr: []string{"try again after"}},
		{name: "thread stops resumable", args: []string{"thread", "--max-wait", "10m", "THREAD"}, code: exitRetry,
			stderr: []string{"15-minute window is used up: try again after", "xpost thread --resume"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := xapitest.NewFakeClock(time.Now())
			srv := fake(t, xapitest.Options{Clock: clock})
			r := apiRunner(t, srv)
			var slept time.Duration
			r.configure = func(a *app) {
				a.clientOptions = func(o *xapi.Options) {
					o.Now = clock.Now
					o.Sleep = func(ctx context.Context, d time.Duration) error {
						slept += d
						clock.Advance(d)
						return ctx.Err()
					}
				}
			}
			pair := srv.IssueToken(xapitest.DemoClientID, srv.DemoUser().ID, xapi.Scopes)
			c, err := xapi.NewClient(xapi.StaticToken{T: &xapi.Token{AccessToken: pair.AccessToken}}, xapi.Options{BaseURL: srv.URL})
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; ; i++ {
				_, _, err := c.CreatePost(t.Context(), &xapi.CreatePostRequest{Text: fmt.Sprintf("filler %d", i)})
				if _, ok := errors.AsType[*xapi.RateLimitError](err); ok {
					break
				}
				if err != nil || i > 200 {
					t.Fatalf("filling the window: %v after %d posts", err, i)
				}
			}
			before := len(srv.State().Posts)
			if i := slices.Index(tt.args, "THREAD"); i >= 0 {
				file := filepath.Join(t.TempDir(), "t.md")
				if err := os.WriteFile(file, []byte("one\n---\ntwo\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				tt.args[i] = file
			}
			got := r.run("", tt.args...)
			wantRun(t, got, tt.code, tt.stderr...)
			if posted := len(srv.State().Posts) > before; posted != tt.wantPost {
				t.Errorf("posted %v, want %v", posted, tt.wantPost)
			}
			if !tt.wantPost && slept > 0 {
				t.Errorf("slept %v although the wait was not allowed", slept)
			}
		})
	}
}

// TestPostAnswerLost posts text with a picture (X appends the picture's
// t.co link to the text it keeps, and escapes the &) and media alone,
// while the answer to each create is lost after X acted: xpost finds its
// post, prints its id and exits 0, and X holds it once.
func TestPostAnswerLost(t *testing.T) {
	t.Parallel()
	img := writePNG(t, filepath.Join(t.TempDir(), "dot.png"))
	tests := []struct {
		name string
		args []string
	}{
		{name: "text and media", args: []string{"post", "--media", img + "=a dot", "a photo & more"}},
		{name: "media only", args: []string{"post", "--media", img + "=a dot"}},
		{name: "text", args: []string{"post", "fish & chips"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fake(t, xapitest.Options{})
			r := apiRunner(t, srv)
			r.configure = func(a *app) {
				a.clientOptions = func(o *xapi.Options) {
					o.Sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
					o.HTTPClient = &http.Client{Transport: dropCreateAnswers{}}
				}
			}
			got := r.run("", tt.args...)
			wantRun(t, got, 0)
			st := srv.State()
			if len(st.Posts) != 1 || strings.TrimSpace(got.stdout) != st.Posts[0].ID {
				t.Errorf("stdout %q, posts %+v", got.stdout, st.Posts)
			}
		})
	}
}

// dropCreateAnswers lets every POST /2/tweets reach X and loses its
// answer, as a connection cut after X acted would.
type dropCreateAnswers struct{}

func (dropCreateAnswers) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/2/tweets") {
		resp.Body.Close()
		return nil, errors.New("connection reset by peer")
	}
	return resp, err
}

// TestThreadAltTexts attaches one file to four parts: two with their own
// alt texts, one without, and one repeating the first's. Each distinct
// description is one upload; every part is published with its own, and
// the dry run shows exactly that.
func TestThreadAltTexts(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	dir := t.TempDir()
	writePNG(t, filepath.Join(dir, "dot.png"))
	file := filepath.Join(dir, "alts.md")
	body := "One\n![A red dot](dot.png)\n---\nTwo\n![The same dot, seen again](dot.png)\n---\nThree\n![](dot.png)\n---\nFour\n![A red dot](dot.png)\n"
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	r := apiRunner(t, srv)
	img := filepath.Join(dir, "dot.png")
	got := r.run("", "thread", "--dry-run", file)
	wantRun(t, got, 0)
	for _, w := range []string{
		"upload 1 for posts 1, 4: " + img + ` (image/png, 138 bytes) with alt text "A red dot"`,
		"upload 2 for post 2: " + img + ` (image/png, 138 bytes) with alt text "The same dot, seen again"`,
		"upload 3 for post 3: " + img + " (image/png, 138 bytes) without alt text",
		`(post 1 of 4): {"text":"One","media":{"media_ids":["<media id of upload 1>"]}}`,
		`(post 2 of 4): {"text":"Two","reply":{"in_reply_to_tweet_id":"<id of post 1>"},"media":{"media_ids":["<media id of upload 2>"]}}`,
		`(post 3 of 4): {"text":"Three","reply":{"in_reply_to_tweet_id":"<id of post 2>"},"media":{"media_ids":["<media id of upload 3>"]}}`,
		`(post 4 of 4): {"text":"Four","reply":{"in_reply_to_tweet_id":"<id of post 3>"},"media":{"media_ids":["<media id of upload 1>"]}}`,
	} {
		if !strings.Contains(got.stdout, w) {
			t.Errorf("dry run lacks %s:\n%s", w, got.stdout)
		}
	}
	wantRun(t, r.run("", "thread", file), 0)
	st := srv.State()
	alt := map[string]string{}
	for _, m := range st.Media {
		alt[m.ID] = m.AltText
	}
	if len(st.Media) != 3 || len(st.Posts) != 4 {
		t.Fatalf("%d uploads and %d posts, want 3 and 4: %+v", len(st.Media), len(st.Posts), st.Media)
	}
	want := []string{"A red dot", "The same dot, seen again", "", "A red dot"}
	for i, p := range st.Posts {
		if len(p.MediaIDs) != 1 || alt[p.MediaIDs[0]] != want[i] {
			t.Errorf("part %d carries %v described %q, want %q", i+1, p.MediaIDs, alt[p.MediaIDs[0]], want[i])
		}
	}
}

func TestRecent(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{DemoPosts: true})
	r := apiRunner(t, srv)
	st := srv.State()
	if len(st.Posts) < 3 {
		t.Fatalf("the fake seeded %d demo posts, want at least 3", len(st.Posts))
	}
	got := r.run("", "recent", "--json", "--limit", "2")
	wantRun(t, got, 0)
	lines := strings.Split(strings.TrimSpace(got.stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2:\n%s", len(lines), got.stdout)
	}
	var first recentJSON
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	newest := st.Posts[len(st.Posts)-1]
	if first.ID != newest.ID || first.Text != newest.Text {
		t.Errorf("first line %+v, want the newest post %+v", first, newest)
	}
	got = r.run("", "recent")
	wantRun(t, got, 0)
	if n := strings.Count(got.stdout, "\n"); n != min(len(st.Posts), defaultRecentLimit) {
		t.Errorf("recent listed %d lines for %d posts:\n%s", n, len(st.Posts), got.stdout)
	}
	wantRun(t, r.run("", "recent", "--limit", "0"), 2, "--limit must be 1 to 3200")
}

func TestDelete(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		terminal bool
		stdin    string
		yes      bool
		noInput  bool
		wantCode int
		wantErr  string
		deleted  bool
		// reads is how many times the post is read (for the question);
		// shown is whether its text and date are in the question.
		reads int
		shown bool
		json  bool
	}{
		{name: "yes", yes: true, deleted: true},
		{name: "yes json", yes: true, json: true, deleted: true},
		{name: "terminal json", terminal: true, json: true, stdin: "y\n", deleted: true, reads: 1, shown: true},
		{name: "not a terminal", wantCode: exitUsage, wantErr: "deleting 1 post needs an answer and standard input is not a terminal: pass --yes"},
		{name: "no input on a terminal", terminal: true, noInput: true, stdin: "y\n", wantCode: exitUsage, wantErr: "--no-input forbids asking: pass --yes"},
		{name: "no input and yes", terminal: true, noInput: true, yes: true, deleted: true},
		{name: "terminal answers y", terminal: true, stdin: "y\n", deleted: true, reads: 1, shown: true},
		{name: "terminal answers no", terminal: true, stdin: "n\n", wantCode: 1, wantErr: "Nothing deleted", reads: 1, shown: true},
		{name: "terminal just enter", terminal: true, stdin: "\n", wantCode: 1, wantErr: "[y/N]", reads: 1, shown: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fake(t, xapitest.Options{DemoPosts: true})
			r := apiRunner(t, srv)
			prev := r.configure
			r.configure = func(a *app) {
				prev(a)
				a.isTerminal = func(any) bool { return tt.terminal }
			}
			victim := srv.State().Posts[0].ID
			args := []string{"delete", victim}
			if tt.json {
				args = append(args, "--json")
			}
			if tt.yes {
				args = append(args, "--yes")
			}
			if tt.noInput {
				args = append([]string{"--no-input"}, args...)
			}
			victimPost := srv.State().Posts[0]
			got := r.run(tt.stdin, args...)
			wantRun(t, got, tt.wantCode, tt.wantErr)
			if tt.json && got.stdout != `{"deleted":["`+victim+`"]}`+"\n" {
				t.Errorf("--json printed %q: it must not change with the question", got.stdout)
			}
			if n := srv.RequestsTo("GET /2/tweets/:id"); n != tt.reads {
				t.Errorf("the post was read %d times, want %d", n, tt.reads)
			}
			created, err := time.Parse(time.RFC3339, victimPost.CreatedAt)
			if err != nil {
				t.Fatal(err)
			}
			line := victimPost.ID + "  " + created.Local().Format("2006-01-02 15:04") + "  " + oneLine(victimPost.Text, 100)
			if shown := strings.Contains(got.stderr, "About to delete:\n  "+line+"\n"); shown != tt.shown {
				t.Errorf("question shows %q: %v, want %v\nstderr:\n%s", line, shown, tt.shown, got.stderr)
			}
			gone := true
			for _, p := range srv.State().Posts {
				if p.ID == victim {
					gone = false
				}
			}
			if gone != tt.deleted {
				t.Errorf("post deleted = %v, want %v", gone, tt.deleted)
			}
		})
	}
	t.Run("not an id", func(t *testing.T) {
		t.Parallel()
		wantRun(t, newRunner(t).run("", "delete", "--yes", "abc"), 2, "not a post id")
	})
	t.Run("no id", func(t *testing.T) {
		t.Parallel()
		wantRun(t, newRunner(t).run("", "delete"), 2, "at least one post ID")
	})
}

func TestTokenRefresh(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	r := apiRunner(t, srv)
	store := savedStore(t, r, r.env["XPOST_API_BASE"])
	before, err := store.Load()
	if err != nil {
		t.Fatal(err)
	}
	srv.ExpireAccessTokens()
	wantRun(t, r.run("", "whoami", "--refresh"), 0)
	after, err := store.Load()
	if err != nil {
		t.Fatal(err)
	}
	if after.RefreshToken == before.RefreshToken || after.AccessToken == before.AccessToken {
		t.Error("the rotated token pair was not saved")
	}
	if after.User() == nil || after.User().Name != srv.DemoUser().Name {
		t.Errorf("the renewed login lost the saved account: %+v", after.Account)
	}

	// A refresh token X no longer accepts: the user must log in again.
	after.RefreshToken = "rt-revoked"
	if err := store.Save(after); err != nil {
		t.Fatal(err)
	}
	srv.ExpireAccessTokens()
	got := r.run("", "whoami", "--refresh")
	wantRun(t, got, exitLogin, "X said: Value passed for the token was invalid.", "run `xpost --api-base "+srv.URL+" login`")
}

func TestRateLimitMessage(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{DailyPostCap: 1})
	r := apiRunner(t, srv)
	wantRun(t, r.run("", "post", "first"), 0)
	got := r.run("", "post", "second")
	wantRun(t, got, exitRetry, "24-hour cap is used up: try again after")
	if strings.Contains(got.stderr, "429") {
		t.Errorf("the message shows a raw status code: %s", got.stderr)
	}
}

func TestLogout(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	r := apiRunner(t, srv)
	got := r.run("", "logout")
	wantRun(t, got, 0)
	if _, err := os.Stat(savedStore(t, r, srv.URL).Path()); !os.IsNotExist(err) {
		t.Errorf("the token file still exists after logout: %v", err)
	}
	wantRun(t, r.run("", "whoami"), exitLogin, "run `xpost --api-base "+srv.URL+" login`")
	got = r.run("", "logout")
	wantRun(t, got, 0)
	if !strings.Contains(got.stdout, "Not logged in") {
		t.Errorf("second logout said %q", got.stdout)
	}
}

// The thread tests' file: three parts, media, a poll, a link.
const threadFile = `First part, with a picture.

![A red dot](dot.png)

---

Second part: a poll.
- [ ] Yes
- [ ] No
poll: 90m

---
Third part links https://example.com/page
`

func TestThread(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{DemoPosts: true})
	target := srv.State().Posts[0].ID
	seeded := len(srv.State().Posts)
	dir := t.TempDir()
	writePNG(t, filepath.Join(dir, "dot.png"))
	file := filepath.Join(dir, "thread.md")
	if err := os.WriteFile(file, []byte(threadFile), 0o644); err != nil {
		t.Fatal(err)
	}
	r := apiRunner(t, srv)

	got := r.run("", "thread", "--dry-run", file)
	wantRun(t, got, 0)
	if n := strings.Count(got.stdout, "POST /2/tweets"); n != 3 || !strings.Contains(got.stdout, `"reply":{"in_reply_to_tweet_id":"<id of post 1>"}`) {
		t.Errorf("dry run:\n%s", got.stdout)
	}
	if len(srv.State().Posts) != seeded {
		t.Fatal("dry run posted")
	}

	got = r.run("", "thread", "--reply-to", target, file)
	wantRun(t, got, 0)
	ids := strings.Fields(got.stdout)
	st := srv.State()
	st.Posts = st.Posts[seeded:]
	if len(ids) != 3 || len(st.Posts) != 3 {
		t.Fatalf("ids %v, posts %+v", ids, st.Posts)
	}
	prev := target
	for i, p := range st.Posts {
		if p.ID != ids[i] || p.InReplyToID != prev {
			t.Errorf("post %d = %+v, want id %s replying to %s", i+1, p, ids[i], prev)
		}
		prev = p.ID
	}
	if st.Posts[0].Text != "First part, with a picture." || len(st.Posts[0].MediaIDs) != 1 || st.Media[0].AltText != "A red dot" {
		t.Errorf("first part %+v, media %+v", st.Posts[0], st.Media)
	}
	if p := st.Posts[1].Poll; p == nil || p.DurationMinutes != 90 || len(p.Options) != 2 {
		t.Errorf("second part's poll %+v", p)
	}

	// Published: a second run is refused, with or without --resume.
	wantRun(t, r.run("", "thread", file), 1, "already published", ".journal.json")
	wantRun(t, r.run("", "thread", "--resume", file), 1, "already published")
	if len(srv.State().Posts) != seeded+3 {
		t.Error("a published thread was posted again")
	}
}

func TestThreadValidation(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	tests := []struct {
		name    string
		code    int
		file    string
		wantErr []string
	}{
		{name: "too long part", code: exitRefused, file: "ok\n---\n\n\n" + strings.Repeat("y", 300) + "\n---\nok too", wantErr: []string{"thread.md:5: post 2: the text is 300 characters long, 20 over the limit of 280"}},
		{name: "two problems", code: exitRefused, file: "\n---\n" + strings.Repeat("z", 290), wantErr: []string{"2 problems, nothing was sent", "thread.md:1: post 1:", "empty", "thread.md:3: post 2:"}},
		{name: "format error", code: exitFailure, file: "a\n---\n- [ ] only one\nb", wantErr: []string{"thread.md: post 2, line 3: poll has 1 option"}},
		{name: "missing media", code: exitFailure, file: "a\n\n![x](nope.png)", wantErr: []string{"thread.md:1: post 1:", "nope.png"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			file := filepath.Join(t.TempDir(), "thread.md")
			if err := os.WriteFile(file, []byte(tt.file), 0o644); err != nil {
				t.Fatal(err)
			}
			got := apiRunner(t, srv).run("", "thread", file)
			wantRun(t, got, tt.code, tt.wantErr...)
		})
	}
	if len(srv.State().Posts) != 0 {
		t.Error("an invalid thread was posted")
	}
}

func TestThreadJournalRefusal(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	dir := t.TempDir()
	file := filepath.Join(dir, "t.md")
	if err := os.WriteFile(file, []byte("one\n---\ntwo\n---\nthree"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := apiRunner(t, srv)
	// An interrupted publish: the first part is posted and journaled.
	wantRun(t, r.run("", "post", "one"), 0)
	first := srv.State().Posts[0].ID
	journal := fmt.Sprintf(`{"version":1,"posts":{"0":{"id":%q,"text_sha256":%q}}}`, first, sha256Hex("one"))
	if err := os.WriteFile(file+".journal.json", []byte(journal), 0o600); err != nil {
		t.Fatal(err)
	}
	wantRun(t, r.run("", "thread", file), 1, "run with --resume to continue it, or delete the journal")
	got := r.run("", "thread", "--resume", file)
	wantRun(t, got, 0, "post 1 of 3 was already posted as "+first)
	st := srv.State()
	if len(st.Posts) != 3 || st.Posts[1].InReplyToID != first || st.Posts[2].InReplyToID != st.Posts[1].ID {
		t.Errorf("posts after resume: %+v", st.Posts)
	}

	// A posted part edited since: resuming would be wrong.
	if err := os.WriteFile(file+".journal.json", []byte(journal), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("one, edited\n---\ntwo\n---\nthree"), 0o644); err != nil {
		t.Fatal(err)
	}
	wantRun(t, r.run("", "thread", "--resume", file), 1, "post 1 was posted as "+first+", but its text has changed")
}

// TestThreadThroughFaults publishes a 12-part thread through a fake that
// fails a fifth of the requests and drops the connection after acting on a
// tenth of the posts, resuming until it is done: exactly 12 posts, chained,
// none twice.
func TestThreadThroughFaults(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{FailRate: 0.2, FailAfterRate: 0.1, Seed: 7})
	var parts []string
	for i := 1; i <= 12; i++ {
		parts = append(parts, fmt.Sprintf("Part %d of the fault-tolerant thread.", i))
	}
	file := filepath.Join(t.TempDir(), "long.md")
	if err := os.WriteFile(file, []byte(strings.Join(parts, "\n---\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := apiRunner(t, srv)
	got := r.run("", "thread", file)
	runs := 1
	for got.code != 0 && runs < 5 {
		if !strings.Contains(got.stderr, "xpost thread --resume") {
			t.Errorf("run %d failed without saying how to resume: %s", runs, got.stderr)
		}
		got = r.run("", "thread", "--resume", file)
		runs++
	}
	if got.code != 0 {
		t.Fatalf("still failing after %d runs: %s", runs, got.stderr)
	}
	t.Logf("published in %d runs; faults injected: %d", runs, srv.State().Counters.FaultsInjected)
	st := srv.State()
	if len(st.Posts) != 12 {
		t.Fatalf("the fake holds %d posts, want 12: %+v", len(st.Posts), st.Posts)
	}
	ids := strings.Fields(got.stdout)
	seen := map[string]bool{}
	prev := ""
	for i, p := range st.Posts {
		if p.Text != parts[i] {
			t.Errorf("post %d text %q, want %q", i+1, p.Text, parts[i])
		}
		if p.InReplyToID != prev {
			t.Errorf("post %d replies to %q, want %q", i+1, p.InReplyToID, prev)
		}
		if seen[p.Text] {
			t.Errorf("post %d is a duplicate", i+1)
		}
		seen[p.Text] = true
		if i < len(ids) && ids[i] != p.ID {
			t.Errorf("printed id %d = %s, want %s", i+1, ids[i], p.ID)
		}
		prev = p.ID
	}
	if st.Counters.FaultsInjected == 0 {
		t.Error("no fault was injected: the test proves nothing")
	}
}

// TestDefaultLimit checks that default_limit in config.json holds posts to
// a limit of the user's choosing: a Premium account that keeps to 280 gets
// a local refusal, with nothing sent, and a dry run counts against it too.
func TestDefaultLimit(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 300)
	tests := []struct {
		name   string
		limit  int
		args   []string
		code   int
		stderr string
		posted int
	}{
		{name: "premium follows the account", limit: 0, args: []string{"post", long}, code: 0, posted: 1},
		{name: "premium held to 280", limit: 280, args: []string{"post", long}, code: exitRefused, stderr: "300 characters long, 20 over the limit of 280"},
		{name: "the hint names the setting", limit: 280, args: []string{"post", long}, code: exitRefused, stderr: "(default_limit in config.json sets this limit)"},
		{name: "dry run held to 100", limit: 100, args: []string{"post", "--dry-run", strings.Repeat("b", 150)}, code: exitRefused, stderr: "over the limit of 100"},
		{name: "dry run raised for premium", limit: 25000, args: []string{"post", "--dry-run", long}, code: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fake(t, xapitest.Options{Premium: true})
			r := apiRunner(t, srv)
			if tt.limit > 0 {
				cfg := fmt.Sprintf(`{"default_limit":%d}`, tt.limit)
				if err := os.WriteFile(filepath.Join(r.env["XPOST_CONFIG_DIR"], configFileName), []byte(cfg), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			got := r.run("", tt.args...)
			wantRun(t, got, tt.code, tt.stderr)
			if n := len(srv.State().Posts); n != tt.posted {
				t.Errorf("%d posts on X, want %d", n, tt.posted)
			}
		})
	}
}

// TestRecentShowsTextAsTyped lists posts whose text X escapes and whose
// media link X appends: both forms of `recent` show the text as typed.
func TestRecentShowsTextAsTyped(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	r := apiRunner(t, srv)
	img := writePNG(t, filepath.Join(t.TempDir(), "dot.png"))
	wantRun(t, r.run("", "post", "fish & chips <3"), 0)
	wantRun(t, r.run("", "post", "--media", img, "a dot & more"), 0)
	link := srv.State().Posts[1].MediaLink
	if link == "" {
		t.Fatal("the fake appended no media link")
	}
	got := r.run("", "recent", "--json")
	wantRun(t, got, 0)
	var texts []string
	for _, line := range strings.Split(strings.TrimSpace(got.stdout), "\n") {
		var p recentJSON
		if err := json.Unmarshal([]byte(line), &p); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, p.Text)
	}
	if want := []string{"a dot & more", "fish & chips <3"}; !slices.Equal(texts, want) {
		t.Errorf("recent --json texts = %q, want %q", texts, want)
	}
	got = r.run("", "recent")
	wantRun(t, got, 0)
	if !strings.Contains(got.stdout, "fish & chips <3\n") || !strings.Contains(got.stdout, "a dot & more\n") ||
		strings.Contains(got.stdout, "&amp;") || strings.Contains(got.stdout, link) {
		t.Errorf("recent = %s", got.stdout)
	}
}

// sha256Hex is how a thread journal records a posted text.
func sha256Hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}
