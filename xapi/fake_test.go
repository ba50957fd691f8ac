package xapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

func noSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// env is a fake X with a logged-in demo user whose token lives in a store.
type env struct {
	srv   *xapitest.Server
	auth  *xapi.Auth
	store *xapi.Store
	c     *xapi.Client
}

func newEnv(t *testing.T, opts xapitest.Options) *env {
	t.Helper()
	srv := xapitest.NewServer(opts)
	t.Cleanup(srv.Close)
	e := &env{srv: srv, store: xapi.NewStore(t.TempDir(), srv.URL)}
	var err error
	e.auth, err = xapi.NewAuth(srv.URL, xapitest.DemoClientID, "")
	if err != nil {
		t.Fatal(err)
	}
	p := srv.IssueToken(xapitest.DemoClientID, srv.DemoUser().ID, xapi.Scopes)
	tok := &xapi.Token{AccessToken: p.AccessToken, RefreshToken: p.RefreshToken,
		Expiry: time.Now().Add(time.Duration(p.ExpiresIn) * time.Second), Scopes: xapi.Scopes,
		UserID: srv.DemoUser().ID, Username: srv.DemoUser().Username}
	if err := e.store.Save(tok); err != nil {
		t.Fatal(err)
	}
	e.c = e.client(t, e.store)
	return e
}

// client returns an API client that uses the token in store.
func (e *env) client(t *testing.T, store *xapi.Store) *xapi.Client {
	t.Helper()
	c, err := xapi.NewClient(e.auth.TokenSource(store), xapi.Options{BaseURL: e.srv.URL, Sleep: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestMeAgainstFake(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		premium   bool
		wantLimit int
	}{
		{name: "standard", wantLimit: xapi.StandardLimit},
		{name: "premium", premium: true, wantLimit: xapi.PremiumLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, xapitest.Options{Premium: tt.premium})
			me, resp, err := e.c.Me(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if me.ID != e.srv.DemoUser().ID || me.Username != e.srv.DemoUser().Username {
				t.Errorf("Me = %+v, want the demo user %+v", me, e.srv.DemoUser())
			}
			if me.MaxPostLength() != tt.wantLimit {
				t.Errorf("limit = %d (subscription %q), want %d", me.MaxPostLength(), me.SubscriptionType, tt.wantLimit)
			}
			if !resp.Rate.Known() {
				t.Errorf("no rate-limit headers parsed: %+v", resp.Rate)
			}
		})
	}
}

func TestPostsAgainstFake(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	ctx := t.Context()
	long := strings.Repeat("long ", 100)
	p, _, err := e.c.CreatePost(ctx, &xapi.CreatePostRequest{Text: "hello & <world>"})
	if err != nil {
		t.Fatal(err)
	}
	reply, _, err := e.c.CreatePost(ctx, &xapi.CreatePostRequest{Text: "a reply", Reply: &xapi.Reply{InReplyToTweetID: p.ID},
		ReplySettings: xapi.ReplyFollowing, PaidPartnership: true})
	if err != nil {
		t.Fatal(err)
	}
	poll, _, err := e.c.CreatePost(ctx, &xapi.CreatePostRequest{Text: "a poll", Poll: &xapi.Poll{Options: []string{"A", "B"}, DurationMinutes: 60}})
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := e.c.GetPost(ctx, reply.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != "a reply" || got.InReplyTo() != p.ID || got.CreatedAt.IsZero() {
		t.Errorf("GetPost = %+v", got)
	}
	posts, resp, err := e.c.ListUserPosts(ctx, e.srv.DemoUser().ID, &xapi.ListOptions{MaxResults: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 3 || posts[0].ID != poll.ID || posts[2].ID != p.ID {
		t.Errorf("ListUserPosts = %+v", posts)
	}
	if resp.NextToken != "" {
		t.Errorf("NextToken = %q on the only page", resp.NextToken)
	}
	if posts[2].Metrics == nil {
		t.Errorf("no public metrics on %+v", posts[2])
	}

	st := e.srv.State()
	if len(st.Posts) != 3 || st.Posts[1].InReplyToID != p.ID || st.Posts[1].ReplySettings != "following" || !st.Posts[1].PaidPartnership ||
		st.Posts[2].Poll == nil || st.Posts[2].Poll.DurationMinutes != 60 {
		t.Errorf("state = %+v", st.Posts)
	}

	// Errors: too long, duplicate, missing, bad id.
	_, _, err = e.c.CreatePost(ctx, &xapi.CreatePostRequest{Text: long})
	var apiErr *xapi.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
		t.Errorf("too long: err = %v", err)
	}
	_, _, err = e.c.CreatePost(ctx, &xapi.CreatePostRequest{Text: "a poll"})
	if !errors.As(err, &apiErr) || !apiErr.IsDuplicate() {
		t.Errorf("duplicate: err = %v", err)
	}
	if _, err := e.c.DeletePost(ctx, reply.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.c.GetPost(ctx, reply.ID); !errors.As(err, &apiErr) || !apiErr.IsNotFound() {
		t.Errorf("GetPost of a deleted post: err = %v", err)
	}
	if _, err := e.c.DeletePost(ctx, reply.ID); !errors.As(err, &apiErr) || !apiErr.IsNotFound() {
		t.Errorf("DeletePost twice: err = %v", err)
	}
	if _, err := e.c.DeletePost(ctx, "12/../3"); err == nil {
		t.Error("DeletePost accepted a non-numeric id")
	}
	if _, _, err := e.c.ListUserPosts(ctx, "1", &xapi.ListOptions{MaxResults: 101}); err == nil {
		t.Error("ListUserPosts accepted max_results 101")
	}
}

func TestListPagination(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	ctx := t.Context()
	for i := range 12 {
		if _, _, err := e.c.CreatePost(ctx, &xapi.CreatePostRequest{Text: fmt.Sprintf("post %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	opts := &xapi.ListOptions{MaxResults: 5}
	pages := 0
	for {
		posts, resp, err := e.c.RecentPosts(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, p := range posts {
			if seen[p.ID] {
				t.Errorf("post %s on two pages", p.ID)
			}
			seen[p.ID] = true
		}
		if resp.NextToken == "" {
			break
		}
		opts.PaginationToken = resp.NextToken
	}
	if len(seen) != 12 || pages != 3 {
		t.Errorf("saw %d posts on %d pages, want 12 on 3", len(seen), pages)
	}
}

func TestCreatePostQuote(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	p, _, err := e.c.CreatePost(t.Context(), &xapi.CreatePostRequest{Text: "original"})
	if err != nil {
		t.Fatal(err)
	}
	q, _, err := e.c.CreatePost(t.Context(), &xapi.CreatePostRequest{Text: "quoting", QuoteTweetID: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	st := e.srv.State()
	if st.Posts[1].ID != q.ID || st.Posts[1].QuoteTweetID != p.ID {
		t.Errorf("state = %+v", st.Posts)
	}
}

func TestUnauthenticatedAndScopes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	c, err := xapi.NewClient(xapi.StaticToken{T: &xapi.Token{AccessToken: "bogus"}}, xapi.Options{BaseURL: e.srv.URL, Sleep: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.Me(t.Context())
	if !errors.Is(err, xapi.ErrLoginRequired) {
		t.Errorf("bogus token: err = %v, want ErrLoginRequired", err)
	}
	// A token without tweet.write cannot post.
	p := e.srv.IssueToken(xapitest.DemoClientID, e.srv.DemoUser().ID, []string{"tweet.read", "users.read"})
	c, _ = xapi.NewClient(xapi.StaticToken{T: &xapi.Token{AccessToken: p.AccessToken}}, xapi.Options{BaseURL: e.srv.URL, Sleep: noSleep})
	_, _, err = c.CreatePost(t.Context(), &xapi.CreatePostRequest{Text: "nope"})
	var apiErr *xapi.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusForbidden || !strings.Contains(apiErr.Message(), "xpost login") {
		t.Errorf("missing scope: err = %v", err)
	}
	// No token saved at all.
	empty := xapi.NewStore(t.TempDir(), e.srv.URL)
	_, _, err = e.client(t, empty).Me(t.Context())
	if !errors.Is(err, xapi.ErrLoginRequired) {
		t.Errorf("empty store: err = %v", err)
	}
}

func TestRefreshAfterExpiry(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	before, _ := e.store.Load()
	e.srv.ExpireAccessTokens()
	if _, _, err := e.c.CreatePost(t.Context(), &xapi.CreatePostRequest{Text: "after expiry"}); err != nil {
		t.Fatal(err)
	}
	after, err := e.store.Load()
	if err != nil {
		t.Fatal(err)
	}
	if after.RefreshToken == before.RefreshToken || after.AccessToken == before.AccessToken {
		t.Error("the rotated pair was not saved")
	}
	if after.UserID != before.UserID || after.Username != before.Username {
		t.Errorf("refresh lost the user: %v", after)
	}
	st := e.srv.State()
	if st.Counters.TokenRefreshes != 1 || st.Counters.PostsCreated != 1 {
		t.Errorf("counters = %+v", st.Counters)
	}
}

func TestDeadRefreshToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	tok, _ := e.store.Load()
	tok.RefreshToken = "spent"
	if err := e.store.Save(tok); err != nil {
		t.Fatal(err)
	}
	e.srv.ExpireAccessTokens()
	_, _, err := e.c.Me(t.Context())
	if !errors.Is(err, xapi.ErrLoginRequired) {
		t.Fatalf("err = %v, want ErrLoginRequired", err)
	}
	var oe *xapi.OAuthError
	if !errors.As(err, &oe) || oe.Code != "invalid_request" {
		t.Errorf("cause = %v", err)
	}
	// X's reason and the command that logs in to this API base.
	if msg := err.Error(); !strings.Contains(msg, "Value passed for the token was invalid.") || !strings.Contains(msg, "run `"+e.store.LoginCommand()+"`") {
		t.Errorf("message %q does not give X's reason and say what to do", err)
	}
}

func TestLogout(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	tok, _ := e.store.Load()
	if err := e.auth.Logout(t.Context(), e.store); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(e.store.Path()); !os.IsNotExist(err) {
		t.Errorf("token file still there: %v", err)
	}
	// The old access token no longer works at X.
	c, _ := xapi.NewClient(xapi.StaticToken{T: tok}, xapi.Options{BaseURL: e.srv.URL, Sleep: noSleep})
	if _, _, err := c.Me(t.Context()); err == nil {
		t.Error("revoked token still accepted")
	}
	// Logging out again is fine.
	if err := e.auth.Logout(t.Context(), e.store); err != nil {
		t.Errorf("second logout: %v", err)
	}
}

// writeFile writes head and pads the file (sparsely) to size bytes.
func writeFile(t testing.TB, dir, name string, head []byte, size int64) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, head, 0o600); err != nil {
		t.Fatal(err)
	}
	if size > int64(len(head)) {
		if err := os.Truncate(p, size); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

var (
	pngHead = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")
	mp4Head = []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
	// animGIF is a 1x1 GIF with two frames.
	animGIF = []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00" +
		"!\xf9\x04\x00\x0a\x00\x00\x00" + ",\x00\x00\x00\x00\x01\x00\x01\x00\x00" + "\x02\x02D\x01\x00" +
		"!\xf9\x04\x00\x0a\x00\x00\x00" + ",\x00\x00\x00\x00\x01\x00\x01\x00\x00" + "\x02\x02D\x01\x00" + ";")
)

func TestUploadAgainstFake(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name     string
		path     string
		alt      string
		wantType string
		wantCat  string
	}{
		{name: "image one-shot", path: writeFile(t, dir, "a.png", pngHead, 300<<10), alt: "a dancing cat", wantType: "image/png", wantCat: "tweet_image"},
		{name: "animated gif chunked", path: writeFile(t, dir, "b.gif", animGIF, 0), wantType: "image/gif", wantCat: "tweet_gif"},
		{name: "video in three segments", path: writeFile(t, dir, "c.mp4", mp4Head, 9<<20), alt: "clip", wantType: "video/mp4", wantCat: "tweet_video"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, xapitest.Options{})
			f, err := xapi.DetectMedia(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			var last, total int64
			m, _, err := e.c.UploadMedia(t.Context(), f, xapi.UploadOptions{Alt: tt.alt, Progress: func(sent, tot int64) {
				if sent < last && sent%xapi.DefaultChunkSize != 0 {
					t.Errorf("progress went back from %d to %d", last, sent)
				}
				last, total = sent, tot
			}})
			if err != nil {
				t.Fatal(err)
			}
			if last != f.Size || total != f.Size {
				t.Errorf("progress ended at %d/%d, want %d", last, total, f.Size)
			}
			if m.ExpiresAt.Before(time.Now().Add(time.Hour)) {
				t.Errorf("ExpiresAt = %v", m.ExpiresAt)
			}
			st := e.srv.State()
			if len(st.Media) != 1 {
				t.Fatalf("media = %+v", st.Media)
			}
			sm := st.Media[0]
			if sm.ID != m.ID || sm.MediaType != tt.wantType || sm.Category != tt.wantCat || sm.Size != f.Size || sm.State != "succeeded" || sm.AltText != tt.alt {
				t.Errorf("state media = %+v, want id %s type %s cat %s size %d alt %q", sm, m.ID, tt.wantType, tt.wantCat, f.Size, tt.alt)
			}
			// The media can be posted.
			if _, _, err := e.c.CreatePost(t.Context(), &xapi.CreatePostRequest{Text: "with media", Media: &xapi.PostMedia{MediaIDs: []string{m.ID}}}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestPublishThread(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	dir := t.TempDir()
	img := writeFile(t, dir, "a.png", pngHead, 1000)
	img2 := writeFile(t, dir, "b.png", pngHead, 2000)
	gif := writeFile(t, dir, "c.gif", animGIF, 0)
	orig, _, err := e.c.CreatePost(t.Context(), &xapi.CreatePostRequest{Text: "the post a thread answers"})
	if err != nil {
		t.Fatal(err)
	}
	th := &xapi.Thread{ReplyTo: orig.ID, Posts: []xapi.ThreadPost{
		{Text: "one", Media: []xapi.Attachment{{Path: img, Alt: "first"}, {Path: img2}}},
		{Text: "two", Poll: &xapi.Poll{Options: []string{"yes", "no"}, DurationMinutes: 1440}},
		{Text: "three", Media: []xapi.Attachment{{Path: gif, Alt: "moving"}}, ReplySettings: xapi.ReplyFollowing},
	}}
	j := &xapi.MemoryJournal{}
	var (
		mu    sync.Mutex
		kinds = map[xapi.EventKind]int{}
		rated int // posted events whose answer carries the rate limit
	)
	ids, err := e.c.PublishThread(t.Context(), th, j, xapi.PublishOptions{OnEvent: func(ev xapi.Event) {
		mu.Lock()
		kinds[ev.Kind]++
		if ev.Kind == xapi.EventPosted && ev.Response != nil && ev.Response.Rate.Known() {
			rated++
		}
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 3 || kinds[xapi.EventPosted] != 3 || kinds[xapi.EventUploaded] != 3 || kinds[xapi.EventUploadProgress] == 0 {
		t.Errorf("ids %v, events %v", ids, kinds)
	}
	if rated != 3 {
		t.Errorf("%d of 3 posted events carry the answer's rate limit", rated)
	}
	st := e.srv.State()
	if len(st.Posts) != 4 {
		t.Fatalf("posts = %+v", st.Posts)
	}
	prev := orig.ID
	for i, p := range st.Posts[1:] {
		if p.ID != ids[i] || p.InReplyToID != prev {
			t.Errorf("post %d = %+v, want id %s replying to %s", i, p, ids[i], prev)
		}
		prev = p.ID
	}
	if len(st.Posts[1].MediaIDs) != 2 || st.Posts[2].Poll == nil || st.Posts[3].ReplySettings != "following" {
		t.Errorf("posts = %+v", st.Posts)
	}
	// Publishing again with the same journal sends nothing new.
	before := e.srv.State().Counters
	ids2, err := e.c.PublishThread(t.Context(), th, j, xapi.PublishOptions{})
	if err != nil || strings.Join(ids2, ",") != strings.Join(ids, ",") {
		t.Fatalf("republish = %v, %v", ids2, err)
	}
	if after := e.srv.State().Counters; after.PostsCreated != before.PostsCreated || after.MediaUploaded != before.MediaUploaded {
		t.Errorf("republish sent something: %+v -> %+v", before, after)
	}
}

func TestPublishThreadValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	dir := t.TempDir()
	img := writeFile(t, dir, "a.png", pngHead, 1000)
	vid := writeFile(t, dir, "v.mp4", mp4Head, 1000)
	big := writeFile(t, dir, "big.png", pngHead, 6<<20)
	txt := writeFile(t, dir, "notes.txt", []byte("hello"), 0)
	tests := []struct {
		name string
		th   xapi.Thread
		want string
	}{
		{name: "empty thread", th: xapi.Thread{}, want: "the draft has no posts"},
		{name: "empty post", th: xapi.Thread{Posts: []xapi.ThreadPost{{Text: "a"}, {}}}, want: "post 2: this post is empty"},
		{name: "too long", th: xapi.Thread{Posts: []xapi.ThreadPost{{Text: strings.Repeat("x", 281)}}}, want: "281 characters long, 1 over the limit of 280"},
		{name: "five images", th: xapi.Thread{Posts: []xapi.ThreadPost{{Text: "a", Media: []xapi.Attachment{{Path: img}, {Path: img}, {Path: img}, {Path: img}, {Path: img}}}}}, want: "this post has 5 images: a post can have up to 4 images"},
		{name: "video and image", th: xapi.Thread{Posts: []xapi.ThreadPost{{Text: "a", Media: []xapi.Attachment{{Path: vid}, {Path: img}}}}}, want: "this post has a video and 1 image"},
		{name: "media and poll", th: xapi.Thread{Posts: []xapi.ThreadPost{{Text: "a", Media: []xapi.Attachment{{Path: img}}, Poll: &xapi.Poll{Options: []string{"a", "b"}, DurationMinutes: 60}}}}, want: "both a poll and media"},
		{name: "one option", th: xapi.Thread{Posts: []xapi.ThreadPost{{Text: "a", Poll: &xapi.Poll{Options: []string{"a"}, DurationMinutes: 60}}}}, want: "it needs at least 2"},
		{name: "long option", th: xapi.Thread{Posts: []xapi.ThreadPost{{Text: "a", Poll: &xapi.Poll{Options: []string{"a", strings.Repeat("b", 26)}, DurationMinutes: 60}}}}, want: "option 2 is 26 characters, 1 over the limit of 25"},
		{name: "short poll", th: xapi.Thread{Posts: []xapi.ThreadPost{{Text: "a", Poll: &xapi.Poll{Options: []string{"a", "b"}, DurationMinutes: 4}}}}, want: "polls run from 5 minutes to 7 days"},
		{name: "big image", th: xapi.Thread{Posts: []xapi.ThreadPost{{Text: "a", Media: []xapi.Attachment{{Path: big}}}}}, want: "big.png is 6 MB; images can be at most 5 MB"},
		{name: "text file", th: xapi.Thread{Posts: []xapi.ThreadPost{{Text: "a", Media: []xapi.Attachment{{Path: txt}}}}}, want: "not a supported media file"},
		{name: "long alt", th: xapi.Thread{Posts: []xapi.ThreadPost{{Text: "a", Media: []xapi.Attachment{{Path: img, Alt: strings.Repeat("é", 1001)}}}}}, want: "the description of a.png is 1001 characters, 1 over the limit of 1000"},
		{name: "bad reply setting", th: xapi.Thread{Posts: []xapi.ThreadPost{{Text: "a", ReplySettings: "everyone"}}}, want: `"everyone" is not a reply setting`},
		{name: "bad reply id", th: xapi.Thread{ReplyTo: "x/1", Posts: []xapi.ThreadPost{{Text: "a"}}}, want: `"x/1" is not a post id`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := e.c.PublishThread(t.Context(), &tt.th, &xapi.MemoryJournal{}, xapi.PublishOptions{})
			var ve *xapi.ValidationError
			if !errors.As(err, &ve) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want a ValidationError containing %q", err, tt.want)
			}
		})
	}
	if n := len(e.srv.State().Posts); n != 0 {
		t.Errorf("%d posts were created by invalid threads", n)
	}
}

func TestDeleteAfterDroppedAnswer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	p, _, err := e.c.CreatePost(t.Context(), &xapi.CreatePostRequest{Text: "to be deleted"})
	if err != nil {
		t.Fatal(err)
	}
	// The server deletes, then drops the connection: the retry finds the
	// post gone, which counts as success.
	e.srv.SetFaults(xapitest.Faults{FailAfterRate: 1})
	resp, err := e.c.DeletePost(t.Context(), p.ID)
	e.srv.SetFaults(xapitest.Faults{})
	if err != nil {
		t.Fatalf("DeletePost = %v", err)
	}
	if resp.Attempts < 2 || len(e.srv.State().Posts) != 0 {
		t.Errorf("attempts %d, posts %+v", resp.Attempts, e.srv.State().Posts)
	}
}

func TestCreateAfterDroppedAnswer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	if _, err := e.c.CurrentUser(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.srv.SetFaults(xapitest.Faults{FailAfterRate: 1})
	p, _, err := e.c.CreatePost(t.Context(), &xapi.CreatePostRequest{Text: "posted once"})
	e.srv.SetFaults(xapitest.Faults{})
	if err != nil {
		t.Fatalf("CreatePost = %v", err)
	}
	st := e.srv.State()
	if len(st.Posts) != 1 || st.Posts[0].ID != p.ID {
		t.Errorf("posts = %+v, want exactly the one returned (%s)", st.Posts, p.ID)
	}
}

func TestUploadRefreshesAndReplays(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{})
	f, err := xapi.DetectMedia(writeFile(t, t.TempDir(), "v.mp4", mp4Head, 5<<20))
	if err != nil {
		t.Fatal(err)
	}
	e.srv.ExpireAccessTokens()
	m, _, err := e.c.UploadMedia(t.Context(), f, xapi.UploadOptions{Alt: "after refresh"})
	if err != nil {
		t.Fatal(err)
	}
	st := e.srv.State()
	if st.Counters.TokenRefreshes != 1 || len(st.Media) != 1 || st.Media[0].ID != m.ID || st.Media[0].Size != f.Size {
		t.Errorf("state = %+v", st)
	}
}

func TestPublishThreadDailyCap(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{DailyPostCap: 2})
	th := &xapi.Thread{Posts: []xapi.ThreadPost{{Text: "one"}, {Text: "two"}, {Text: "three"}}}
	j := &xapi.MemoryJournal{}
	_, err := e.c.PublishThread(t.Context(), th, j, xapi.PublishOptions{})
	var rl *xapi.RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("err = %v, want a RateLimitError", err)
	}
	if rl.Limit != "user 24-hour cap" || rl.RetryAt().Before(time.Now().Add(time.Hour)) {
		t.Errorf("limit %q until %v", rl.Limit, rl.RetryAt())
	}
	if ids := j.PostIDs(); len(ids) != 2 {
		t.Errorf("journal holds %v, want the 2 posts made before the cap", ids)
	}
}
