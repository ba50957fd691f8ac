package xapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestPostDecodesBothVocabularies(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 8, 1, 10, 30, 0, 0, time.UTC)
	want := Post{ID: "2", Text: "full text", AuthorID: "1", CreatedAt: created, EditHistoryIDs: []string{"2"},
		ReferencedPosts: []ReferencedPost{{Type: "replied_to", ID: "1"}}, MediaKeys: []string{"3_9"},
		Metrics: &PostMetrics{Reposts: 5, Replies: 2, Likes: 42, Quotes: 1}, Long: true}
	tests := []struct {
		name string
		json string
	}{
		{name: "classic", json: `{"id":"2","text":"full…","author_id":"1","created_at":"2026-08-01T10:30:00.000Z","edit_history_tweet_ids":["2"],
			"referenced_tweets":[{"type":"replied_to","id":"1"}],"attachments":{"media_keys":["3_9"]},"note_tweet":{"text":"full text"},
			"public_metrics":{"retweet_count":5,"reply_count":2,"like_count":42,"quote_count":1}}`},
		{name: "2.167", json: `{"id":"2","text":"full…","author_id":"1","created_at":"2026-08-01T10:30:00Z","edit_history_post_ids":["2"],
			"referenced_posts":[{"type":"replied_to","id":"1"}],"attachments":{"media_keys":["3_9"]},"note_post":{"text":"full text"},
			"public_metrics":{"repost_count":5,"reply_count":2,"like_count":42,"quote_count":1}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var p Post
			if err := json.Unmarshal([]byte(tt.json), &p); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, p); diff != "" {
				t.Errorf("decoded post (-want +got):\n%s", diff)
			}
			if p.InReplyTo() != "1" || p.Quoted() != "" {
				t.Errorf("links: reply %q quote %q", p.InReplyTo(), p.Quoted())
			}
		})
	}
	var p Post
	if err := json.Unmarshal([]byte(`{"id":"1","created_at":"yesterday"}`), &p); err == nil {
		t.Error("bad created_at accepted")
	}
}

func TestMatchesRequest(t *testing.T) {
	t.Parallel()
	reply := &Reply{InReplyToTweetID: "10"}
	tests := []struct {
		name string
		post Post
		// raw, when set, is the post as X sends it, decoded into post.
		raw string
		req CreatePostRequest
		// otherMedia: the request's media were uploaded again since.
		otherMedia bool
		want       bool
	}{
		{name: "same text", post: Post{Text: "hello"}, req: CreatePostRequest{Text: "hello"}, want: true},
		{name: "html entities", raw: `{"id":"1","text":"a &amp; b &lt;3"}`, req: CreatePostRequest{Text: "a & b <3"}, want: true},
		{name: "typed entity", raw: `{"id":"1","text":"a &amp;amp; b"}`, req: CreatePostRequest{Text: "a &amp; b"}, want: true},
		{name: "typed entity vs character", raw: `{"id":"1","text":"a &amp;amp; b"}`, req: CreatePostRequest{Text: "a & b"}},
		{name: "shortened link", post: Post{Text: "see https://t.co/abc123"}, req: CreatePostRequest{Text: "see https://example.com/a/long/path"}, want: true},
		{name: "trailing space", post: Post{Text: "hi"}, req: CreatePostRequest{Text: "hi \n"}, want: true},
		{name: "nfc", post: Post{Text: "caf\u00e9"}, req: CreatePostRequest{Text: "cafe\u0301"}, want: true},
		{name: "other text", post: Post{Text: "hello"}, req: CreatePostRequest{Text: "hello!"}},
		{name: "same reply", post: Post{Text: "x", ReferencedPosts: []ReferencedPost{{Type: "replied_to", ID: "10"}}}, req: CreatePostRequest{Text: "x", Reply: reply}, want: true},
		{name: "other reply", post: Post{Text: "x", ReferencedPosts: []ReferencedPost{{Type: "replied_to", ID: "11"}}}, req: CreatePostRequest{Text: "x", Reply: reply}},
		{name: "reply vs top-level", post: Post{Text: "x"}, req: CreatePostRequest{Text: "x", Reply: reply}},
		{name: "media only", post: Post{MediaKeys: []string{"3_77"}}, req: CreatePostRequest{Media: &PostMedia{MediaIDs: []string{"77"}}}, want: true},
		{name: "other media", post: Post{MediaKeys: []string{"3_78"}}, req: CreatePostRequest{Media: &PostMedia{MediaIDs: []string{"77"}}}},
		{name: "media link appended", post: Post{Text: "a photo https://t.co/AbCdEf1234", MediaKeys: []string{"3_77"}},
			req: CreatePostRequest{Text: "a photo", Media: &PostMedia{MediaIDs: []string{"77"}}}, want: true},
		{name: "media link after a link of the text", post: Post{Text: "see https://t.co/aaa https://t.co/bbb", MediaKeys: []string{"3_77"}},
			req: CreatePostRequest{Text: "see https://example.com", Media: &PostMedia{MediaIDs: []string{"77"}}}, want: true},
		{name: "media-only post holds only the link", post: Post{Text: "https://t.co/AbCdEf1234", MediaKeys: []string{"3_77"}},
			req: CreatePostRequest{Media: &PostMedia{MediaIDs: []string{"77"}}}, want: true},
		{name: "escaped text with media", raw: `{"id":"1","text":"a &amp; b https://t.co/Zz9","attachments":{"media_keys":["3_77"]}}`,
			req: CreatePostRequest{Text: "a & b", Media: &PostMedia{MediaIDs: []string{"77"}}}, want: true},
		{name: "a text link is not a media link", post: Post{Text: "see"}, req: CreatePostRequest{Text: "see https://example.com"}},
		{name: "media uploaded again", post: Post{MediaKeys: []string{"3_78"}}, req: CreatePostRequest{Media: &PostMedia{MediaIDs: []string{"77"}}}, otherMedia: true, want: true},
		{name: "media uploaded again, other count", post: Post{MediaKeys: []string{"3_78", "3_79"}}, req: CreatePostRequest{Media: &PostMedia{MediaIDs: []string{"77"}}}, otherMedia: true},
		{name: "text post vs media post", post: Post{Text: "x https://t.co/Zz9", MediaKeys: []string{"3_77"}}, req: CreatePostRequest{Text: "x"}},
		{name: "quote kept", post: Post{Text: "x", ReferencedPosts: []ReferencedPost{{Type: "quoted", ID: "5"}}}, req: CreatePostRequest{Text: "x", QuoteTweetID: "5"}, want: true},
		{name: "quote missing", post: Post{Text: "x"}, req: CreatePostRequest{Text: "x", QuoteTweetID: "5"}},
		{name: "poll missing", post: Post{Text: "x"}, req: CreatePostRequest{Text: "x", Poll: &Poll{Options: []string{"a", "b"}, DurationMinutes: 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.raw != "" {
				if err := json.Unmarshal([]byte(tt.raw), &tt.post); err != nil {
					t.Fatal(err)
				}
			}
			if got := matchesRequest(&tt.post, &tt.req, tt.otherMedia); got != tt.want {
				t.Errorf("matchesRequest = %v, want %v", got, tt.want)
			}
		})
	}
}

func FuzzPostUnmarshal(f *testing.F) {
	f.Add(`{"id":"1","text":"a","note_tweet":{"text":"b"},"public_metrics":{"repost_count":1}}`)
	f.Add(`{"id":"1","created_at":"2026-08-01T10:30:00Z","referenced_tweets":[{"type":"quoted","id":"3"}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		var p Post
		if err := json.Unmarshal([]byte(s), &p); err != nil {
			return
		}
		if p.Long && p.Text == "" {
			t.Fatal("a long post without text")
		}
		_ = p.InReplyTo()
	})
}

func TestTokenStringRedacts(t *testing.T) {
	t.Parallel()
	tok := &Token{AccessToken: "ACCESS-SECRET", RefreshToken: "REFRESH-SECRET", Username: "me", Expiry: time.Now()}
	for _, s := range []string{fmt.Sprint(tok), fmt.Sprintf("%v %+v %#v %s", tok, tok, tok, tok)} {
		if strings.Contains(s, "SECRET") || !strings.Contains(s, "@me") {
			t.Errorf("formatted token = %q", s)
		}
	}
}

func TestStoreSaveLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir() + "/sub"
	s := NewStore(dir, "")
	if _, err := s.Load(); err == nil || !strings.Contains(err.Error(), "xpost login") {
		t.Errorf("Load of nothing = %v", err)
	}
	want := &Token{AccessToken: "a", RefreshToken: "r", Expiry: time.Unix(1755800000, 0).UTC(), Scopes: Scopes, UserID: "1", Username: "u"}
	for range 3 {
		if err := s.Save(want); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	want.APIBase = DefaultBaseURL // a saved login names the base it belongs to
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
		if e.Name() == "token.json" {
			if fi, _ := e.Info(); fi.Mode().Perm() != 0o600 {
				t.Errorf("mode = %v", fi.Mode())
			}
		}
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("dir mode = %v", fi.Mode())
	}
	os.WriteFile(s.Path(), []byte("{garbage"), 0o600)
	if _, err := s.Load(); err == nil || !strings.Contains(err.Error(), "unreadable") {
		t.Errorf("Load of garbage = %v", err)
	}
	if err := s.Delete(); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(); err != nil {
		t.Errorf("second Delete = %v", err)
	}
}

func TestStoreLockExcludes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := NewStore(dir, ""), NewStore(dir, "")
	unlock, err := a.Lock(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := b.Lock(ctx); err == nil {
		t.Fatal("a second store took a held lock")
	}
	unlock()
	unlock2, err := b.Lock(t.Context())
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	unlock2()
}

func TestMaybeSent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{name: "unknown outcome", err: fmt.Errorf("publish post 2 of 3: %w", &UnknownOutcomeError{Err: errors.New("EOF"), CheckErr: errors.New("EOF")}), want: true},
		{name: "network", err: &NetworkError{Op: "POST /2/tweets", Err: errors.New("connection reset")}, want: true},
		{name: "unreadable 2xx", err: &UnreadableAnswerError{Op: "POST /2/tweets", StatusCode: 201, Err: errors.New("unexpected EOF")}, want: true},
		{name: "interrupted", err: fmt.Errorf("publish: %w", context.Canceled), want: true},
		{name: "server error", err: &APIError{StatusCode: 503}, want: true},
		{name: "refused by X", err: &APIError{StatusCode: 403, Detail: "duplicate content"}, want: false},
		{name: "rate limited", err: &RateLimitError{Limit: "15-minute window"}, want: false},
		{name: "local", err: errors.New("media too large"), want: false},
		{name: "none", err: nil, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := MaybeSent(tt.err); got != tt.want {
				t.Errorf("MaybeSent(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
