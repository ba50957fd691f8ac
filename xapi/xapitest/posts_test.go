package xapitest

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestCreateGetDeletePost(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{})
	id := createPost(t, s, tok, map[string]any{"text": "hello world"})

	r := do(t, s, http.MethodGet, "/2/tweets/"+id+"?tweet.fields=author_id,created_at", tok, nil, "")
	if r.status != http.StatusOK {
		t.Fatalf("GET = %d %s", r.status, r.body)
	}
	data := r.json(t)["data"].(map[string]any)
	if data["text"] != "hello world" || data["author_id"] != "1" || data["created_at"] != "2026-08-01T12:00:00.000Z" {
		t.Errorf("GET data = %v", data)
	}

	r = do(t, s, http.MethodDelete, "/2/tweets/"+id, tok, nil, "")
	if r.status != http.StatusOK || !strings.Contains(string(r.body), `"deleted":true`) {
		t.Fatalf("DELETE = %d %s", r.status, r.body)
	}
	if got := len(s.State().Posts); got != 0 {
		t.Errorf("posts after delete = %d, want 0", got)
	}
	r = do(t, s, http.MethodGet, "/2/tweets/"+id, tok, nil, "")
	if r.status != http.StatusOK || !strings.Contains(string(r.body), "resource-not-found") {
		t.Errorf("GET deleted = %d %s", r.status, r.body)
	}
}

func TestCreatePostValidation(t *testing.T) {
	t.Parallel()
	poll := func(opts []string, d int) map[string]any {
		return map[string]any{"options": opts, "duration_minutes": d}
	}
	tests := []struct {
		name    string
		body    any
		ctype   string
		premium bool
		status  int
		msg     string // substring of the message or detail
	}{
		{name: "plain", body: map[string]any{"text": "hi"}, status: 201},
		{name: "280 chars", body: map[string]any{"text": strings.Repeat("a", 280)}, status: 201},
		{name: "281 chars", body: map[string]any{"text": strings.Repeat("a", 281)}, status: 400, msg: msgTooLong},
		{name: "premium 25000", premium: true, body: map[string]any{"text": strings.Repeat("a ", 12500)}, status: 201},
		{name: "premium 25001", premium: true, body: map[string]any{"text": strings.Repeat("a", 25001)}, status: 400, msg: msgTooLong},
		{name: "form body", body: "text=hi", ctype: "application/x-www-form-urlencoded", status: 400, msg: msgJSONContentType},
		{name: "no content type", body: `{"text":"hi"}`, status: 400, msg: msgJSONContentType},
		{name: "bad json", body: `{"text":`, ctype: "application/json", status: 400, msg: "not valid JSON"},
		{name: "no text", body: map[string]any{}, status: 400, msg: "text"},
		{name: "empty text", body: map[string]any{"text": ""}, status: 400, msg: "text"},
		{name: "poll ok", body: map[string]any{"text": "q?", "poll": poll([]string{"A", "B"}, 1440)}, status: 201},
		{name: "poll one option", body: map[string]any{"text": "q?", "poll": poll([]string{"A"}, 1440)}, status: 400, msg: "poll.options"},
		{name: "poll five options", body: map[string]any{"text": "q?", "poll": poll([]string{"A", "B", "C", "D", "E"}, 1440)}, status: 400, msg: "poll.options"},
		{name: "poll empty option", body: map[string]any{"text": "q?", "poll": poll([]string{"A", ""}, 1440)}, status: 400, msg: "poll.options"},
		{name: "poll 25 chars", body: map[string]any{"text": "q?", "poll": poll([]string{strings.Repeat("é", 25), "B"}, 60)}, status: 201},
		{name: "poll 26 chars", body: map[string]any{"text": "q?", "poll": poll([]string{strings.Repeat("x", 26), "B"}, 60)}, status: 400, msg: "poll.options"},
		{name: "poll decomposed counts after NFC", body: map[string]any{"text": "q?", "poll": poll([]string{strings.Repeat("e\u0301", 25), "B"}, 60)}, status: 201},
		{name: "poll 4 minutes", body: map[string]any{"text": "q?", "poll": poll([]string{"A", "B"}, 4)}, status: 400, msg: "duration_minutes"},
		{name: "poll 10081 minutes", body: map[string]any{"text": "q?", "poll": poll([]string{"A", "B"}, 10081)}, status: 400, msg: "duration_minutes"},
		{name: "poll 10080 minutes", body: map[string]any{"text": "q?", "poll": poll([]string{"A", "B"}, 10080)}, status: 201},
		{name: "poll no duration", body: map[string]any{"text": "q?", "poll": map[string]any{"options": []string{"A", "B"}}}, status: 400, msg: "duration_minutes"},
		{name: "poll and media", body: map[string]any{"text": "q?", "poll": poll([]string{"A", "B"}, 60), "media": map[string]any{"media_ids": []string{"1"}}}, status: 400, msg: "mutually exclusive"},
		{name: "poll and quote", body: map[string]any{"text": "q?", "poll": poll([]string{"A", "B"}, 60), "quote_tweet_id": "1"}, status: 400, msg: "mutually exclusive"},
		{name: "media and quote", body: map[string]any{"text": "q?", "media": map[string]any{"media_ids": []string{"1"}}, "quote_tweet_id": "1"}, status: 400, msg: "mutually exclusive"},
		{name: "card and poll", body: map[string]any{"text": "q?", "card_uri": "card://1", "poll": poll([]string{"A", "B"}, 60)}, status: 400, msg: "mutually exclusive"},
		{name: "no media ids", body: map[string]any{"media": map[string]any{"media_ids": []string{}}}, status: 400, msg: "media_ids"},
		{name: "five media ids", body: map[string]any{"media": map[string]any{"media_ids": []string{"1", "2", "3", "4", "5"}}}, status: 400, msg: "media_ids"},
		{name: "non-digit media id", body: map[string]any{"media": map[string]any{"media_ids": []string{"abc"}}}, status: 400, msg: "media_ids"},
		{name: "unknown media id", body: map[string]any{"media": map[string]any{"media_ids": []string{"123"}}}, status: 400, msg: msgMediaInvalid},
		{name: "reply settings ok", body: map[string]any{"text": "x", "reply_settings": "mentionedUsers"}, status: 201},
		{name: "reply settings everyone", body: map[string]any{"text": "x", "reply_settings": "everyone"}, status: 400, msg: "reply_settings"},
		{name: "reply to unknown", body: map[string]any{"text": "x", "reply": map[string]any{"in_reply_to_tweet_id": "42"}}, status: 403, msg: msgReplyMissing},
		{name: "reply without id", body: map[string]any{"text": "x", "reply": map[string]any{}}, status: 400, msg: "in_reply_to_tweet_id"},
		{name: "quote unknown", body: map[string]any{"text": "x", "quote_tweet_id": "42"}, status: 403, msg: msgQuoteMissing},
		{name: "unknown field", body: map[string]any{"text": "x", "colour": "red"}, status: 400, msg: "$.colour: is not defined"},
		{name: "every defined field", body: map[string]any{"text": "all", "reply_settings": "following", "for_super_followers_only": false,
			"nullcast": false, "made_with_ai": true, "share_with_followers": false, "geo": map[string]any{"place_id": "x"},
			"direct_message_deep_link": "https://x.com/messages/compose"}, status: 201},
		{name: "paid partnership", body: map[string]any{"text": "ad", "paid_partnership": true}, status: 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _, tok := newTestServer(t, Options{Premium: tt.premium})
			r := do(t, s, http.MethodPost, "/2/tweets", tok, tt.body, tt.ctype)
			if r.status != tt.status {
				t.Fatalf("status = %d %s, want %d", r.status, r.body, tt.status)
			}
			if tt.status == 201 {
				data := r.json(t)["data"].(map[string]any)
				if hist, _ := data["edit_history_tweet_ids"].([]any); len(hist) != 1 || hist[0] != data["id"] {
					t.Errorf("201 data = %v", data)
				}
				return
			}
			if got := errorMessage(t, r); !strings.Contains(got, tt.msg) {
				t.Errorf("message = %q, want it to contain %q", got, tt.msg)
			}
			if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("content type = %q", ct)
			}
			if len(s.State().Posts) != 0 {
				t.Error("a rejected request created a post")
			}
		})
	}
}

func TestDuplicateContent(t *testing.T) {
	t.Parallel()
	s, clock, tok := newTestServer(t, Options{TokenTTL: 48 * time.Hour})
	other := s.AddUser(User{Username: "other"})
	otherTok := s.IssueToken(DemoClientID, other.ID, allScopes).AccessToken
	id := createPost(t, s, tok, map[string]any{"text": "same words"})
	r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"text": "same words"}, "")
	if r.status != http.StatusForbidden || string(r.body) !=
		`{"detail":"You are not allowed to create a Tweet with duplicate content.","title":"Forbidden","type":"about:blank","status":403}` {
		t.Fatalf("duplicate = %d %s", r.status, r.body)
	}
	createPost(t, s, otherTok, map[string]any{"text": "same words"}) // another author may
	do(t, s, http.MethodDelete, "/2/tweets/"+id, tok, nil, "")
	createPost(t, s, tok, map[string]any{"text": "same words"}) // deleted posts do not count
	clock.Advance(25 * time.Hour)
	createPost(t, s, tok, map[string]any{"text": "same words"}) // nor do old ones
}

func TestReplyAndQuoteLinks(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{})
	root := createPost(t, s, tok, map[string]any{"text": "1/2"})
	reply := createPost(t, s, tok, map[string]any{"text": "2/2", "reply": map[string]any{"in_reply_to_tweet_id": root}})
	quote := createPost(t, s, tok, map[string]any{"text": "look", "quote_tweet_id": root})
	st := s.State()
	if st.Posts[1].InReplyToID != root || st.Posts[2].QuoteTweetID != root {
		t.Fatalf("state links = %+v", st.Posts)
	}
	r := do(t, s, http.MethodGet, "/2/tweets/"+reply+"?tweet.fields=referenced_tweets,conversation_id,in_reply_to_user_id&expansions=referenced_tweets.id", tok, nil, "")
	body := string(r.body)
	for _, want := range []string{`"referenced_tweets":[{"type":"replied_to","id":"` + root + `"}]`,
		`"conversation_id":"` + root + `"`, `"in_reply_to_user_id":"1"`, `"includes":{"tweets":[{"id":"` + root + `"`} {
		if !strings.Contains(body, want) {
			t.Errorf("GET reply lacks %s: %s", want, body)
		}
	}
	r = do(t, s, http.MethodGet, "/2/tweets/"+quote+"?post.fields=referenced_posts", tok, nil, "")
	if !strings.Contains(string(r.body), `{"type":"quoted","id":"`+root+`"}`) {
		t.Errorf("GET quote with post.fields = %s", r.body)
	}
}

func TestDeletePost(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{})
	other := s.AddUser(User{Username: "other"})
	otherTok := s.IssueToken(DemoClientID, other.ID, allScopes).AccessToken
	id := createPost(t, s, tok, map[string]any{"text": "mine"})
	tests := []struct {
		name   string
		token  string
		id     string
		status int
	}{
		{name: "not the author", token: otherTok, id: id, status: 403},
		{name: "bad id", token: tok, id: "abc", status: 400},
		{name: "unknown", token: tok, id: "12345", status: 404},
		{name: "author", token: tok, id: id, status: 200},
		{name: "already deleted", token: tok, id: id, status: 404},
	}
	for _, tt := range tests { // in order: the deletes build on each other
		r := do(t, s, http.MethodDelete, "/2/tweets/"+tt.id, tt.token, nil, "")
		if r.status != tt.status {
			t.Errorf("%s: DELETE = %d %s, want %d", tt.name, r.status, r.body, tt.status)
		}
	}
}

func TestScopes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		scopes []string
		method string
		path   string
		body   any
		status int
	}{
		{name: "read without tweet.write may not post", scopes: []string{"tweet.read", "users.read"}, method: "POST", path: "/2/tweets", body: map[string]any{"text": "x"}, status: 403},
		{name: "read scopes may read", scopes: []string{"tweet.read", "users.read"}, method: "GET", path: "/2/users/me", status: 200},
		{name: "users/me needs tweet.read", scopes: []string{"users.read"}, method: "GET", path: "/2/users/me", status: 403},
		{name: "media needs media.write", scopes: []string{"tweet.read", "tweet.write", "users.read"}, method: "POST", path: "/2/media/upload/initialize", body: map[string]any{"media_type": "video/mp4", "total_bytes": 10}, status: 403},
		{name: "media.write alone may upload", scopes: []string{"media.write"}, method: "POST", path: "/2/media/upload/initialize", body: map[string]any{"media_type": "video/mp4", "total_bytes": 10}, status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _, _ := newTestServer(t, Options{})
			tok := s.IssueToken(DemoClientID, "1", tt.scopes).AccessToken
			r := do(t, s, tt.method, tt.path, tok, tt.body, "")
			if r.status != tt.status {
				t.Fatalf("status = %d %s, want %d", r.status, r.body, tt.status)
			}
			if tt.status == 403 && string(r.body) != `{"detail":"Forbidden","title":"Forbidden","type":"about:blank","status":403}` {
				t.Errorf("403 body = %s", r.body)
			}
		})
	}
}

func TestUnauthenticated(t *testing.T) {
	t.Parallel()
	s, _, _ := newTestServer(t, Options{})
	for _, h := range []string{"", "Bearer", "Bearer nope", "Basic abc"} {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL+"/2/users/me", nil)
		if h != "" {
			req.Header.Set("Authorization", h)
		}
		r := send(t, req)
		if r.status != http.StatusUnauthorized || r.header.Get("x-rate-limit-limit") == "" {
			t.Errorf("Authorization %q: %d %v", h, r.status, r.header)
		}
	}
}

func TestInvalidCharacters(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{})
	r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"text": "bad \uFFFE char"}, "")
	if r.status != http.StatusBadRequest || errorMessage(t, r) != msgInvalidText {
		t.Errorf("= %d %s", r.status, r.body)
	}
}
