package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/ui"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// adapter returns the services adapter for a runner's configuration.
func adapter(t *testing.T, r *runner) *services {
	t.Helper()
	a := newApp(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}, func(k string) string { return r.env[k] })
	if r.configure != nil {
		r.configure(a)
	}
	t.Cleanup(a.closeLog)
	cfg, err := a.config()
	if err != nil {
		t.Fatal(err)
	}
	return newServices(a, cfg, demoBrowser)
}

// userMsg is what the composer would show for err.
func userMsg(err error) string {
	if um, ok := errors.AsType[interface {
		error
		UserMessage() string
	}](err); ok {
		return um.UserMessage()
	}
	return err.Error()
}

func TestServicesAccount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		sub       string
		wantLimit int
	}{
		{name: "standard", sub: "None", wantLimit: 280},
		{name: "basic", sub: "Basic", wantLimit: 280},
		{name: "premium", sub: "Premium", wantLimit: 25000},
		{name: "premium plus", sub: "PremiumPlus", wantLimit: 25000},
	}
	srv := fake(t, xapitest.Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u := srv.AddUser(xapitest.User{Name: "User " + tt.sub, Username: "user" + strings.ToLower(tt.sub), SubscriptionType: tt.sub})
			r := newRunner(t)
			r.env["XPOST_API_BASE"] = srv.URL
			r.env["XPOST_CLIENT_ID"] = xapitest.DemoClientID
			pair := srv.IssueToken(xapitest.DemoClientID, u.ID, xapi.Scopes)
			if err := xapi.NewStore(r.env["XPOST_CONFIG_DIR"], r.env["XPOST_API_BASE"]).Save(&xapi.Token{AccessToken: pair.AccessToken, RefreshToken: pair.RefreshToken, Expiry: time.Now().Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
			got, err := adapter(t, r).Account(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			// A login without a handle moved into the account "default".
			want := ui.Account{ID: u.ID, Username: u.Username, Name: u.Name, Limit: tt.wantLimit, Login: "default"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Account (-want +got):\n%s", diff)
			}
		})
	}
}

func TestServicesNotLoggedIn(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	r := newRunner(t)
	r.env["XPOST_API_BASE"] = srv.URL
	svc := adapter(t, r)
	_, err := svc.Account(t.Context())
	if !errors.Is(err, ui.ErrNotLoggedIn) {
		t.Fatalf("Account error %v does not match ui.ErrNotLoggedIn", err)
	}
	if !strings.Contains(userMsg(err), "xpost --api-base "+srv.URL+" login") {
		t.Errorf("user message %q", userMsg(err))
	}
	if _, err := svc.Recent(t.Context(), ""); !errors.Is(err, ui.ErrNotLoggedIn) {
		t.Errorf("Recent error %v", err)
	}
}

func TestServicesLoginReady(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		clientID string
		// want are in the message shown before any login, "" when ready.
		want []string
	}{
		{name: "no client id", want: []string{"no X client id", "developer console", "http://127.0.0.1:8765/callback",
			"`xpost login --client-id ID`", "XPOST_CLIENT_ID", "config.json", "Logging in to X"}},
		{name: "client id set", clientID: xapitest.DemoClientID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRunner(t)
			if tt.clientID != "" {
				r.env["XPOST_CLIENT_ID"] = tt.clientID
			}
			svc := adapter(t, r)
			err := svc.LoginReady()
			if (err == nil) != (tt.want == nil) {
				t.Fatalf("LoginReady = %v", err)
			}
			if err == nil {
				return
			}
			msg := userMsg(err)
			for _, w := range append(tt.want, filepath.Join(r.env["XPOST_CONFIG_DIR"], configFileName)) {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			// Login says the same, without trying.
			if _, lerr := svc.Login(t.Context(), func(string) { t.Error("a login started") }); userMsg(lerr) != msg {
				t.Errorf("Login error %q, want %q", userMsg(lerr), msg)
			}
		})
	}
}

func TestServicesLogin(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{AutoApprove: true})
	r := newRunner(t)
	r.env["XPOST_API_BASE"] = srv.URL
	r.env["XPOST_CLIENT_ID"] = xapitest.DemoClientID
	svc := adapter(t, r)
	svc.cfg.RedirectPort = freePort(t)
	if _, err := svc.Account(t.Context()); !errors.Is(err, ui.ErrNotLoggedIn) {
		t.Fatalf("before login: %v", err)
	}
	var shown string
	acc, err := svc.Login(t.Context(), func(u string) { shown = u })
	if err != nil {
		t.Fatal(err)
	}
	if acc.Username != srv.DemoUser().Username || acc.Limit != 280 {
		t.Errorf("Login = %+v", acc)
	}
	if !strings.HasPrefix(shown, srv.URL+"/i/oauth2/authorize?") {
		t.Errorf("the UI was shown %q", shown)
	}
	if acc, err := svc.Account(t.Context()); err != nil || acc.Several {
		t.Errorf("after login: %+v, %v (one account: Several is false)", acc, err)
	}
}

func TestServicesRecentAndDelete(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{DemoPosts: true})
	// More posts than one page holds, so that paging is exercised.
	r := apiRunner(t, srv)
	for i := range recentPageSize + 3 {
		wantRun(t, r.run("", "post", "post number "+strings.Repeat("x", i)), 0)
	}
	svc := adapter(t, r)
	var all []ui.Post
	next := ""
	for pages := 0; pages < 10; pages++ {
		page, err := svc.Recent(t.Context(), next)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page.Posts...)
		if next = page.Next; next == "" {
			break
		}
	}
	st := srv.State()
	if len(all) != len(st.Posts) {
		t.Fatalf("Recent returned %d posts over its pages, the fake holds %d", len(all), len(st.Posts))
	}
	if page, err := svc.Recent(t.Context(), ""); err != nil {
		t.Fatal(err)
	} else if r := page.Rate; r.Of != ui.RateReads || r.Limit <= 0 || r.Remaining >= r.Limit || !r.Reset.After(time.Now()) {
		t.Errorf("page rate %+v, want the reads left in the fake's window", r)
	}
	for i, p := range all {
		want := st.Posts[len(st.Posts)-1-i]
		if p.ID != want.ID || p.Text != want.Text || p.CreatedAt.IsZero() {
			t.Errorf("post %d = %+v, want %+v", i, p, want)
		}
	}
	if err := svc.Delete(t.Context(), all[0].ID); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.State().Posts); n != len(st.Posts)-1 {
		t.Errorf("%d posts after delete, want %d", n, len(st.Posts)-1)
	}
	err := svc.Delete(t.Context(), "999999999")
	if err == nil || strings.Contains(userMsg(err), "404") && !strings.Contains(userMsg(err), "could not find") {
		t.Errorf("deleting a missing post: %v", err)
	}
}

func TestServicesInspectMedia(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	img := writePNG(t, filepath.Join(dir, "dot.png"))
	txt := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(txt, []byte("just text"), 0o644); err != nil {
		t.Fatal(err)
	}
	svc := &services{}
	m, err := svc.InspectMedia(img)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(img)
	if want := (draft.Media{Path: img, Kind: draft.KindImage, MIME: "image/png", Size: fi.Size()}); m != want {
		t.Errorf("InspectMedia = %+v, want %+v", m, want)
	}
	if _, err := svc.InspectMedia(txt); err == nil || !strings.Contains(userMsg(err), "not a supported media file") {
		t.Errorf("InspectMedia(text file) error = %v", err)
	}
}

// eventLog collects publish events; uploads report from several
// goroutines.
type eventLog struct {
	mu     sync.Mutex
	events []ui.PublishEvent
}

func (l *eventLog) add(e ui.PublishEvent) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
}

func (l *eventLog) posted() []int {
	l.mu.Lock()
	defer l.mu.Unlock()
	var idx []int
	for _, e := range l.events {
		if e.Kind == ui.EventPosted {
			idx = append(idx, e.Index)
		}
	}
	return idx
}

func TestServicesPublish(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	r := apiRunner(t, srv)
	svc := adapter(t, r)
	img := writePNG(t, filepath.Join(t.TempDir(), "dot.png"))
	m, err := svc.InspectMedia(img)
	if err != nil {
		t.Fatal(err)
	}
	m.Alt = "a dot"
	d := draft.New()
	d.Numbering = true
	d.ReplySettings = draft.ReplyFollowing
	d.Posts = []draft.Post{
		{Text: "First, with a dot", Media: []draft.Media{m}},
		{Text: "Second, a poll", Poll: &draft.Poll{Options: []string{"Yes", "No"}, Duration: 2 * time.Hour}},
		{Text: "Third"},
	}
	var log eventLog
	j := &xapi.MemoryJournal{} // the composer's journal has the same methods
	if err := svc.Publish(t.Context(), *d, j, log.add); err != nil {
		t.Fatal(err)
	}
	st := srv.State()
	if len(st.Posts) != 3 {
		t.Fatalf("%d posts, want 3", len(st.Posts))
	}
	wantTexts := []string{"First, with a dot 1/3", "Second, a poll 2/3", "Third 3/3"}
	for i, p := range st.Posts {
		if p.Text != wantTexts[i] || p.ReplySettings != "following" {
			t.Errorf("post %d = %+v", i+1, p)
		}
		if i > 0 && p.InReplyToID != st.Posts[i-1].ID {
			t.Errorf("post %d does not reply to post %d", i+1, i)
		}
	}
	if p := st.Posts[1].Poll; p == nil || p.DurationMinutes != 120 {
		t.Errorf("poll %+v", p)
	}
	if diff := cmp.Diff([]int{0, 1, 2}, log.posted()); diff != "" {
		t.Errorf("posted events (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{st.Posts[0].ID, st.Posts[1].ID, st.Posts[2].ID}, j.PostIDs()); diff != "" {
		t.Errorf("journal (-want +got):\n%s", diff)
	}
	uploaded := false
	for _, e := range log.events {
		if e.Kind == ui.EventUploaded && e.Path == img && e.ID != "" {
			uploaded = true
		}
	}
	if !uploaded {
		t.Errorf("no upload event for %s: %+v", img, log.events)
	}

	// Publishing again with the same journal sends nothing.
	if err := svc.Publish(t.Context(), *d, j, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.State().Posts); n != 3 {
		t.Errorf("%d posts after publishing again, want 3", n)
	}
}

func TestServicesPublishRate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cap  int // the fake's 24-hour cap on posting; 0 has none
		// wantLimit is the limit the events report: the tighter one.
		wantLimit int
	}{
		{name: "the 15-minute window", wantLimit: 0},
		{name: "a 24-hour cap tighter than the window", cap: 5, wantLimit: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fake(t, xapitest.Options{DailyPostCap: tt.cap})
			svc := adapter(t, apiRunner(t, srv))
			d := draft.New()
			d.Posts = []draft.Post{{Text: "one"}, {Text: "two"}, {Text: "three"}}
			var log eventLog
			if err := svc.Publish(t.Context(), *d, &xapi.MemoryJournal{}, log.add); err != nil {
				t.Fatal(err)
			}
			var left []int
			for _, e := range log.events {
				if e.Kind != ui.EventPosted {
					continue
				}
				r := e.Rate
				if r.Of != ui.RatePosts || r.Limit <= 0 || !r.Reset.After(time.Now()) || (tt.wantLimit > 0 && r.Limit != tt.wantLimit) {
					t.Errorf("post %d: rate %+v, want posts with limit %d", e.Index, r, tt.wantLimit)
				}
				left = append(left, r.Limit-r.Remaining)
			}
			if diff := cmp.Diff([]int{1, 2, 3}, left); diff != "" {
				t.Errorf("posts used by the events (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRateOf(t *testing.T) {
	t.Parallel()
	reset := time.Unix(1_900_000_000, 0)
	tests := []struct {
		name string
		resp *xapi.Response
		want ui.Rate
	}{
		{name: "no answer"},
		{name: "no headers", resp: &xapi.Response{}},
		{name: "the window only", resp: &xapi.Response{Rate: xapi.Rate{Limit: 100, Remaining: 97, Reset: reset}},
			want: ui.Rate{Of: "posts", Limit: 100, Remaining: 97, Reset: reset}},
		{name: "the user's daily cap is tighter",
			resp: &xapi.Response{Rate: xapi.Rate{Limit: 100, Remaining: 97, Reset: reset}, UserDaily: xapi.Rate{Limit: 17, Remaining: 2, Reset: reset.Add(time.Hour)}},
			want: ui.Rate{Of: "posts", Limit: 17, Remaining: 2, Reset: reset.Add(time.Hour)}},
		{name: "the window is tighter than the caps",
			resp: &xapi.Response{Rate: xapi.Rate{Limit: 100, Remaining: 1, Reset: reset}, UserDaily: xapi.Rate{Limit: 17, Remaining: 9}, AppDaily: xapi.Rate{Limit: 10000, Remaining: 5000}},
			want: ui.Rate{Of: "posts", Limit: 100, Remaining: 1, Reset: reset}},
		{name: "the app's daily cap is spent",
			resp: &xapi.Response{Rate: xapi.Rate{Limit: 100, Remaining: 50, Reset: reset}, AppDaily: xapi.Rate{Limit: 10000, Remaining: 0, Reset: reset}},
			want: ui.Rate{Of: "posts", Limit: 10000, Remaining: 0, Reset: reset}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, rateOf(ui.RatePosts, tt.resp)); diff != "" {
				t.Errorf("rateOf (-want +got):\n%s", diff)
			}
		})
	}
}

func TestServicesPublishErrors(t *testing.T) {
	t.Parallel()
	t.Run("invalid draft", func(t *testing.T) {
		t.Parallel()
		srv := fake(t, xapitest.Options{})
		svc := adapter(t, apiRunner(t, srv))
		d := draft.New()
		d.Posts = []draft.Post{{Text: "fine"}, {Text: strings.Repeat("x", 300)}}
		err := svc.Publish(t.Context(), *d, &xapi.MemoryJournal{}, nil)
		if err == nil || !strings.Contains(userMsg(err), "post 2: the text is 300 characters long") {
			t.Errorf("error = %v", err)
		}
		if n := len(srv.State().Posts); n != 0 {
			t.Errorf("an invalid draft created %d posts", n)
		}
	})
	t.Run("rate limited", func(t *testing.T) {
		t.Parallel()
		srv := fake(t, xapitest.Options{DailyPostCap: 1})
		svc := adapter(t, apiRunner(t, srv))
		d := draft.New()
		d.Posts = []draft.Post{{Text: "one"}, {Text: "two"}}
		err := svc.Publish(t.Context(), *d, &xapi.MemoryJournal{}, nil)
		ra, ok := errors.AsType[interface {
			error
			RetryAt() time.Time
		}](err)
		if !ok || ra.RetryAt().Before(time.Now()) {
			t.Fatalf("error %v carries no retry time", err)
		}
		if !strings.Contains(userMsg(err), "try again after") {
			t.Errorf("user message %q", userMsg(err))
		}
	})
}

// TestComposerAgainstFake runs the real composer (as `xpost --demo` does)
// against the fake X and waits for it to show the demo account.
func TestComposerAgainstFake(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{DemoPosts: true})
	svc := adapter(t, apiRunner(t, srv))
	tm := teatest.NewTestModel(t, ui.New(svc, ui.Options{Demo: true, Context: t.Context()}), teatest.WithInitialTermSize(100, 30))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("@"+srv.DemoUser().Username))
	}, teatest.WithDuration(10*time.Second))
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
}

func TestComposerNeedsTerminal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{name: "composer", args: nil, wantCode: 1, wantErr: "the composer needs a terminal"},
		{name: "demo", args: []string{"--demo"}, wantCode: 1, wantErr: "the composer needs a terminal"},
		{name: "demo with api base", args: []string{"--demo", "--api-base", "http://127.0.0.1:1"}, wantCode: 2, wantErr: "drop --api-base"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantRun(t, newRunner(t).run("", tt.args...), tt.wantCode, tt.wantErr)
		})
	}
}

// syncBuffer is a standard output the test reads while the composer
// writes it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestDemo runs `xpost --demo` in-process on a pretend terminal: the
// composer comes up logged in as the fake's demo user, without a login and
// without any network beyond the loopback fake, and quits on ctrl+c,
// leaving no config directory behind.
func TestDemo(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe()
	out := &syncBuffer{}
	var errb bytes.Buffer
	logFile := filepath.Join(t.TempDir(), "demo.log")
	a := newApp(pr, out, &errb, func(string) string { return "" })
	a.isTerminal = func(any) bool { return true }
	a.teaOptions = []tea.ProgramOption{tea.WithWindowSize(100, 30)}
	a.openBrowser = func(u string) error {
		t.Errorf("the demo opened a browser at %s", u)
		return nil
	}
	done := make(chan int, 1)
	go func() { done <- a.run(t.Context(), []string{"--demo", "--log", logFile}) }()
	deadline := time.After(15 * time.Second)
	for !strings.Contains(out.String(), "@xpostdemo") {
		select {
		case code := <-done:
			t.Fatalf("the demo ended early with %d: %s", code, errb.String())
		case <-deadline:
			t.Fatalf("the demo never showed the demo account:\n%s", out.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	dir := a.cfg.Dirs.State
	if _, err := os.Stat(a.store(a.cfg).Path()); err != nil {
		t.Errorf("the demo's token: %v", err)
	}
	// The queue screen shows the demo's sample queued thread.
	io.WriteString(pw, "\x1bq") // alt+q
	for !strings.Contains(out.String(), "Queued with xpost post --at") {
		select {
		case code := <-done:
			t.Fatalf("the demo ended early with %d: %s", code, errb.String())
		case <-deadline:
			t.Fatalf("the queue screen never showed the sample item:\n%s", out.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	io.WriteString(pw, "\x03") // ctrl+c: save and quit
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit status %d: %s", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the demo did not quit on ctrl+c")
	}
	pw.Close()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the demo's config dir %s is still there: %v", dir, err)
	}
	b, _ := os.ReadFile(logFile)
	if !strings.Contains(string(b), "demo started") {
		t.Errorf("log:\n%s", b)
	}
}

func TestAttachmentsOf(t *testing.T) {
	t.Parallel()
	ends := time.Date(2026, 3, 1, 13, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		post      xapi.Post
		wantMedia []ui.PostMedia
		wantPoll  *ui.PostPoll
	}{
		{name: "none", post: xapi.Post{ID: "1"}},
		{name: "media", post: xapi.Post{Media: []xapi.MediaInfo{{Key: "3_1", Type: "photo", AltText: "a cat"}, {Key: "3_2", Type: "photo"}}},
			wantMedia: []ui.PostMedia{{Kind: ui.MediaPhoto, Alt: "a cat"}, {Kind: ui.MediaPhoto}}},
		{name: "video", post: xapi.Post{Media: []xapi.MediaInfo{{Key: "13_1", Type: "video"}}},
			wantMedia: []ui.PostMedia{{Kind: ui.MediaVideo}}},
		{name: "closed poll", post: xapi.Post{Poll: &xapi.PollInfo{ID: "7", Options: []xapi.PollChoice{{Position: 1, Label: "Tabs", Votes: 3}, {Position: 2, Label: "Spaces", Votes: 2}}, Ends: ends, Closed: true}},
			wantPoll: &ui.PostPoll{Options: []ui.PollOption{{Label: "Tabs", Votes: 3}, {Label: "Spaces", Votes: 2}}, Ends: ends, Closed: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			media, poll := attachmentsOf(tt.post)
			if diff := cmp.Diff(tt.wantMedia, media); diff != "" {
				t.Errorf("media (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantPoll, poll); diff != "" {
				t.Errorf("poll (-want +got):\n%s", diff)
			}
		})
	}
}

// TestServicesRecentAttachments checks that the recent list carries a
// post's poll from the fake X through the adapter.
func TestServicesRecentAttachments(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	r := apiRunner(t, srv)
	svc := adapter(t, r)
	c, err := svc.getClient()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.CreatePost(t.Context(), &xapi.CreatePostRequest{Text: "tabs or spaces?", ReplySettings: "following",
		Poll: &xapi.Poll{Options: []string{"Tabs", "Spaces"}, DurationMinutes: 90}}); err != nil {
		t.Fatal(err)
	}
	page, err := svc.Recent(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Posts) != 1 || page.Posts[0].Poll == nil {
		t.Fatalf("Recent = %+v, want the post with its poll", page.Posts)
	}
	p := page.Posts[0].Poll
	want := []ui.PollOption{{Label: "Tabs"}, {Label: "Spaces"}}
	if diff := cmp.Diff(want, p.Options); diff != "" || p.Closed || time.Until(p.Ends) < 80*time.Minute || time.Until(p.Ends) > 91*time.Minute {
		t.Errorf("poll = %+v, want open until about 90 minutes from now; options (-want +got):\n%s", p, diff)
	}
	// What delete & edit puts back: the poll's length and who may reply.
	if p.Duration != 90*time.Minute || page.Posts[0].ReplySettings != draft.ReplyFollowing {
		t.Errorf("poll duration %v, reply settings %q; want 1h30m and following", p.Duration, page.Posts[0].ReplySettings)
	}
}

func TestReplySettingsOf(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"everyone": draft.ReplyEveryone, "following": draft.ReplyFollowing,
		"mentionedUsers": draft.ReplyMentionedUsers, "other": ui.ReplyUnknown, "": ui.ReplyUnknown} {
		if got := replySettingsOf(in); got != want {
			t.Errorf("replySettingsOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestServicesPlanPublish asks the adapter what publishing a draft sends:
// the same file with two descriptions is two uploads, each post request
// names its own, and nothing reaches X.
func TestServicesPlanPublish(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	svc := adapter(t, apiRunner(t, srv))
	img := writePNG(t, filepath.Join(t.TempDir(), "dot.png"))
	m, err := svc.InspectMedia(img)
	if err != nil {
		t.Fatal(err)
	}
	a, b := m, m
	a.Alt, b.Alt = "a red dot", "the dot again"
	d := draft.New()
	d.Posts = []draft.Post{{Text: "One", Media: []draft.Media{a}}, {Text: "Two", Media: []draft.Media{b}}}
	plan, err := svc.PlanPublish(*d, &xapi.MemoryJournal{}, 280)
	if err != nil {
		t.Fatal(err)
	}
	want := ui.PublishPlan{Requests: []string{
		"upload 1 for post 1: " + img + ` (image/png, 138 bytes) with alt text "a red dot"`,
		"upload 2 for post 2: " + img + ` (image/png, 138 bytes) with alt text "the dot again"`,
		`POST /2/tweets (post 1 of 2): {"text":"One","media":{"media_ids":["<media id of upload 1>"]}}`,
		`POST /2/tweets (post 2 of 2): {"text":"Two","reply":{"in_reply_to_tweet_id":"<id of post 1>"},"media":{"media_ids":["<media id of upload 2>"]}}`,
	}, Costs: []string{"post 1: $0.015 (post)", "post 2: $0.015 (post)", "alt text: $0.01 (2 × media metadata)", "total: $0.04 on pay-per-use"},
		As: "@xpostdemo (account xpostdemo)"}
	if diff := cmp.Diff(want, plan); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	if st := srv.State(); st.Counters.Requests != 0 {
		t.Errorf("planning sent %d requests", st.Counters.Requests)
	}
}

// TestServicesRecentNumbersAndEdit: Recent carries what the fake X tells
// the author (private counts, the edit controls, the post replied to with
// its author), and a draft with Edit is published as an edit of the post.
func TestServicesRecentNumbersAndEdit(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{Premium: true})
	r := apiRunner(t, srv)
	parent := postOne(t, r, "What should the compiler be called?")
	reply := postOne(t, r, "--reply-to", parent, "A-0, for now")
	svc := adapter(t, r)
	page, err := svc.Recent(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	var got *ui.Post
	for i := range page.Posts {
		if page.Posts[i].ID == reply {
			got = &page.Posts[i]
		}
	}
	if got == nil {
		t.Fatalf("reply %s not among %+v", reply, page.Posts)
	}
	if want := (&ui.RefPost{Kind: "replied_to", ID: parent, Author: "xpostdemo", Text: "What should the compiler be called?"}); !cmp.Equal(got.Refers, want) {
		t.Errorf("Refers = %+v, want %+v", got.Refers, want)
	}
	if got.Private == nil {
		t.Error("no private counts for a young own post")
	}
	if !got.Editable(time.Now()) || got.EditsLeft != 5 {
		t.Errorf("edit controls: eligible %v until %v left %d", got.EditEligible, got.EditableUntil, got.EditsLeft)
	}

	d := draft.New()
	d.Posts[0].Text = "A-0, for now (the name may change)"
	d.Edit = &draft.Edit{ID: reply, Until: got.EditableUntil, EditsLeft: got.EditsLeft}
	plan, err := svc.PlanPublish(*d, &xapi.MemoryJournal{}, 280)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Join(plan.Requests, "\n"); !strings.Contains(lines, reply) {
		t.Errorf("the plan does not name the post it edits:\n%s", lines)
	}
	if err := svc.Publish(t.Context(), *d, &xapi.MemoryJournal{}, nil); err != nil {
		t.Fatal(err)
	}
	st := srv.State()
	last := st.Posts[len(st.Posts)-1]
	if last.Text != d.Posts[0].Text || strings.Join(last.EditHistory, ",") != reply+","+last.ID || st.Counters.PostsEdited != 1 {
		t.Errorf("after the edit: %+v (edited %d)", last, st.Counters.PostsEdited)
	}
}

// TestServicesSpentToday: the composer's status line reads what the
// publish path recorded in the ledger today, nothing before any spending
// and nothing on a plan not billed per request.
func TestServicesSpentToday(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{Plan: xapitest.PlanPayPerUse, MeterCredits: true, Credits: 10 * xapitest.Dollar})
	r := apiRunner(t, srv)
	svc := adapter(t, r)
	if got, err := svc.SpentToday(); err != nil || got != "" {
		t.Fatalf("before any post: %q, %v", got, err)
	}
	d := draft.New()
	d.Posts = []draft.Post{{Text: "hello"}, {Text: "more at https://example.com"}}
	if err := svc.Publish(t.Context(), *d, &xapi.MemoryJournal{}, func(ui.PublishEvent) {}); err != nil {
		t.Fatal(err)
	}
	if got, err := svc.SpentToday(); err != nil || got != "$0.215" {
		t.Errorf("after a post and a post with a link: %q, %v; want $0.215", got, err)
	}
	writeConfig(t, r, `{"plan":"enterprise"}`)
	if got, err := adapter(t, r).SpentToday(); err != nil || got != "" {
		t.Errorf("on enterprise: %q, %v; want nothing", got, err)
	}
}
