package xapitest

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"
)

// edit sends an edit of id with text and returns the answer.
func edit(t *testing.T, s *Server, tok, id, text string) reply {
	t.Helper()
	return do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"text": text, "edit_options": map[string]any{"previous_post_id": id}}, "")
}

// lookup reads a post with edit_controls and returns its data.
func lookup(t *testing.T, s *Server, tok, id string) tweetJSON {
	t.Helper()
	r := do(t, s, http.MethodGet, "/2/tweets/"+id+"?tweet.fields=edit_controls", tok, nil, "")
	var out struct {
		Data tweetJSON `json:"data"`
	}
	if err := json.Unmarshal(r.body, &out); err != nil || r.status != http.StatusOK {
		t.Fatalf("GET /2/tweets/%s = %d %s", id, r.status, r.body)
	}
	return out.Data
}

// TestEdit: a Premium author's edit gets a new id, every version carries
// the whole history, edit_controls count down, the timeline shows the
// latest version only, and deleting one version deletes them all.
func TestEdit(t *testing.T) {
	t.Parallel()
	s, clock, tok := newTestServer(t, Options{Premium: true})
	orig := createPost(t, s, tok, map[string]any{"text": "teh first"})
	d := lookup(t, s, tok, orig)
	until := formatTime(epoch.Add(time.Hour))
	if d.EditControls == nil || *d.EditControls != (editControls{EditsRemaining: 5, IsEditEligible: true, EditableUntil: until}) {
		t.Fatalf("edit_controls of a new post = %+v", d.EditControls)
	}
	clock.Advance(10 * time.Minute)
	r := edit(t, s, tok, orig, "the first")
	if r.status != http.StatusCreated {
		t.Fatalf("edit = %d %s", r.status, r.body)
	}
	data := r.json(t)["data"].(map[string]any)
	v2 := data["id"].(string)
	if v2 == orig || data["text"] != "the first" {
		t.Fatalf("edit answer = %v", data)
	}
	hist := []string{orig, v2}
	for _, id := range hist {
		d := lookup(t, s, tok, id)
		if !slices.Equal(d.EditHistory, hist) || d.EditControls.EditsRemaining != 4 || d.EditControls.EditableUntil != until {
			t.Errorf("version %s: history %v, controls %+v", id, d.EditHistory, d.EditControls)
		}
	}
	if got := lookup(t, s, tok, orig).Text; got != "teh first" {
		t.Errorf("the original version reads %q, want its own text", got)
	}
	var page struct {
		Data []tweetJSON `json:"data"`
	}
	json.Unmarshal(do(t, s, http.MethodGet, "/2/users/1/tweets", tok, nil, "").body, &page)
	if len(page.Data) != 1 || page.Data[0].ID != v2 {
		t.Errorf("timeline = %+v, want the latest version only", page.Data)
	}
	// The history expansion brings every version.
	var withHist struct {
		Includes includesJSON `json:"includes"`
	}
	json.Unmarshal(do(t, s, http.MethodGet, "/2/tweets/"+v2+"?expansions=edit_history_tweet_ids", tok, nil, "").body, &withHist)
	if len(withHist.Includes.Tweets) != 2 || withHist.Includes.Tweets[0].Text != "teh first" {
		t.Errorf("includes of the history = %+v", withHist.Includes.Tweets)
	}
	st := s.State()
	if st.Counters.PostsEdited != 1 || len(st.Posts) != 2 || st.Posts[0].Latest || !st.Posts[1].Latest {
		t.Errorf("state = %+v", st)
	}
	if r := do(t, s, http.MethodDelete, "/2/tweets/"+orig, tok, nil, ""); r.status != http.StatusOK {
		t.Fatalf("delete = %d %s", r.status, r.body)
	}
	if n := len(s.State().Posts); n != 0 {
		t.Errorf("%d versions left after deleting the original", n)
	}
}

// TestEditRefused: every edit X does not allow is refused with its 403,
// and nothing is posted.
func TestEditRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts Options
		// setup returns the id to edit, using the server, its clock, the
		// demo user's token and a token of another user.
		setup  func(t *testing.T, s *Server, clock *FakeClock, tok, otherTok string) string
		detail string
	}{
		{"a post by a non-Premium author", Options{}, func(t *testing.T, s *Server, _ *FakeClock, tok, _ string) string {
			return createPost(t, s, tok, map[string]any{"text": "x"})
		}, msgEditNotPremium},
		{"someone else's post", Options{Premium: true}, func(t *testing.T, s *Server, _ *FakeClock, _, other string) string {
			return createPost(t, s, other, map[string]any{"text": "theirs"})
		}, msgEditNotOwner},
		{"a deleted post", Options{Premium: true}, func(t *testing.T, s *Server, _ *FakeClock, tok, _ string) string {
			id := createPost(t, s, tok, map[string]any{"text": "x"})
			do(t, s, http.MethodDelete, "/2/tweets/"+id, tok, nil, "")
			return id
		}, msgEditMissing},
		{"a post past the window", Options{Premium: true}, func(t *testing.T, s *Server, clock *FakeClock, tok, _ string) string {
			id := createPost(t, s, tok, map[string]any{"text": "x"})
			clock.Advance(time.Hour)
			return id
		}, msgEditWindow},
		{"a post past a 30-minute window", Options{Premium: true, EditWindow: 30 * time.Minute}, func(t *testing.T, s *Server, clock *FakeClock, tok, _ string) string {
			id := createPost(t, s, tok, map[string]any{"text": "x"})
			clock.Advance(30 * time.Minute)
			return id
		}, msgEditWindow},
		{"a post out of edits", Options{Premium: true}, func(t *testing.T, s *Server, _ *FakeClock, tok, _ string) string {
			id := createPost(t, s, tok, map[string]any{"text": "v0"})
			for i := 1; i <= 5; i++ {
				r := edit(t, s, tok, id, "v"+string(rune('0'+i)))
				if r.status != http.StatusCreated {
					t.Fatalf("edit %d = %d %s", i, r.status, r.body)
				}
				id = r.json(t)["data"].(map[string]any)["id"].(string)
			}
			return id
		}, msgEditNoneLeft},
		{"an earlier version", Options{Premium: true}, func(t *testing.T, s *Server, _ *FakeClock, tok, _ string) string {
			id := createPost(t, s, tok, map[string]any{"text": "v0"})
			edit(t, s, tok, id, "v1")
			return id
		}, msgEditNotLatest},
		{"a post with a poll", Options{Premium: true}, func(t *testing.T, s *Server, _ *FakeClock, tok, _ string) string {
			return createPost(t, s, tok, map[string]any{"text": "pick", "poll": map[string]any{"options": []string{"A", "B"}, "duration_minutes": 60}})
		}, msgEditIneligible},
		{"a reply to someone else", Options{Premium: true}, func(t *testing.T, s *Server, _ *FakeClock, tok, other string) string {
			theirs := createPost(t, s, other, map[string]any{"text": "theirs"})
			return createPost(t, s, tok, map[string]any{"text": "re", "reply": map[string]any{"in_reply_to_tweet_id": theirs}})
		}, msgEditIneligible},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, clock, tok := newTestServer(t, tt.opts)
			other := s.AddUser(User{Username: "alice", SubscriptionType: "Premium"})
			otherTok := s.IssueToken(DemoClientID, other.ID, allScopes).AccessToken
			id := tt.setup(t, s, clock, tok, otherTok)
			before := len(s.State().Posts)
			r := edit(t, s, tok, id, "fixed")
			if r.status != http.StatusForbidden || string(r.body) != `{"detail":"`+tt.detail+`","title":"Forbidden","type":"about:blank","status":403}` {
				t.Errorf("edit = %d %s, want 403 %q", r.status, r.body, tt.detail)
			}
			if st := s.State(); len(st.Posts) != before || st.Counters.EditsRefused != 1 {
				t.Errorf("%d posts (want %d), %d edits refused", len(st.Posts), before, st.Counters.EditsRefused)
			}
		})
	}
}

// TestEditKeepsLinks: an edit of a self-thread reply stays a reply, and
// cannot be moved under another post.
func TestEditKeepsLinks(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{Premium: true})
	first := createPost(t, s, tok, map[string]any{"text": "1/2"})
	second := createPost(t, s, tok, map[string]any{"text": "2/2 typo", "reply": map[string]any{"in_reply_to_tweet_id": first}})
	r := edit(t, s, tok, second, "2/2")
	if r.status != http.StatusCreated {
		t.Fatalf("edit of a self-reply = %d %s", r.status, r.body)
	}
	if p := s.State().Posts[2]; p.InReplyToID != first {
		t.Errorf("the edit replies to %q, want %q", p.InReplyToID, first)
	}
	other := createPost(t, s, tok, map[string]any{"text": "elsewhere"})
	r = do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"text": "moved", "reply": map[string]any{"in_reply_to_tweet_id": other},
		"edit_options": map[string]any{"previous_post_id": r.json(t)["data"].(map[string]any)["id"]}}, "")
	if r.status != http.StatusBadRequest {
		t.Errorf("an edit that changes the reply target = %d %s", r.status, r.body)
	}
	r = do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"text": "x", "edit_options": map[string]any{"previous_post_id": "abc"}}, "")
	if r.status != http.StatusBadRequest {
		t.Errorf("a bad previous_post_id = %d %s", r.status, r.body)
	}
}

// TestPrivateMetrics: non_public_metrics and organic_metrics are the
// author's, for posts younger than 30 days; otherwise they are left out
// with X's not-authorized-for-field partial error, and a timeline asked
// for them leaves older posts out of its pages.
func TestPrivateMetrics(t *testing.T) {
	t.Parallel()
	s, clock, tok := newTestServer(t, Options{TokenTTL: 100 * 24 * time.Hour})
	old := createPost(t, s, tok, map[string]any{"text": "old"})
	clock.Advance(31 * 24 * time.Hour)
	young := createPost(t, s, tok, map[string]any{"text": "young"})
	s.SetPostMetrics(young, PostMetrics{Likes: 3, Impressions: 120, URLLinkClicks: 4, UserProfileClicks: 5, Engagements: 9})
	alice := s.AddUser(User{Username: "alice"})
	aliceTok := s.IssueToken(DemoClientID, alice.ID, allScopes).AccessToken

	type answer struct {
		Data   tweetJSON `json:"data"`
		Errors []problem `json:"errors"`
	}
	get := func(tok, id string) answer {
		var a answer
		r := do(t, s, http.MethodGet, "/2/tweets/"+id+"?tweet.fields=non_public_metrics,organic_metrics", tok, nil, "")
		if err := json.Unmarshal(r.body, &a); err != nil || r.status != http.StatusOK {
			t.Fatalf("= %d %s", r.status, r.body)
		}
		return a
	}
	a := get(tok, young)
	if a.Data.NonPublic == nil || *a.Data.NonPublic != (nonPublicJSON{ImpressionCount: 120, URLLinkClicks: 4, UserProfileClicks: 5, Engagements: 9}) ||
		a.Data.Organic == nil || a.Data.Organic.LikeCount != 3 || len(a.Errors) != 0 {
		t.Errorf("own young post = %+v", a)
	}
	for name, a := range map[string]answer{"own old post": get(tok, old), "another's view": get(aliceTok, young)} {
		if a.Data.NonPublic != nil || a.Data.Organic != nil || a.Data.ID == "" || len(a.Errors) != 2 ||
			a.Errors[0].Type != problemFieldUnauthorized || a.Errors[0].Field != "non_public_metrics" || a.Errors[0].Section != "data" {
			t.Errorf("%s = %+v", name, a)
		}
	}
	var page struct {
		Data []tweetJSON    `json:"data"`
		Meta map[string]any `json:"meta"`
	}
	json.Unmarshal(do(t, s, http.MethodGet, "/2/users/1/tweets?tweet.fields=non_public_metrics&max_results=5", tok, nil, "").body, &page)
	if len(page.Data) != 1 || page.Data[0].ID != young || page.Meta["result_count"] != 1.0 {
		t.Errorf("timeline with private metrics = %+v %v", page.Data, page.Meta)
	}
	// A page of old posts only comes back empty, with a next_token. (The
	// newest ids, created at old times.)
	for i := range 5 {
		clock.Set(epoch.Add(time.Duration(i+1) * time.Minute))
		createPost(t, s, tok, map[string]any{"text": "older " + string(rune('a'+i))})
	}
	clock.Set(epoch.Add(40 * 24 * time.Hour))
	page.Data, page.Meta = nil, nil
	json.Unmarshal(do(t, s, http.MethodGet, "/2/users/1/tweets?tweet.fields=organic_metrics&max_results=5", tok, nil, "").body, &page)
	if len(page.Data) != 0 || page.Meta["result_count"] != 0.0 || page.Meta["next_token"] == nil {
		t.Errorf("a page of old posts = %+v %v", page.Data, page.Meta)
	}
}

// TestReferencedExpansions: referenced_tweets.id brings the referenced
// post (as it is now, after edits) and referenced_tweets.id.author_id its
// author, so a reply or quote can show what it answers.
func TestReferencedExpansions(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{})
	alice := s.AddUser(User{Username: "alice", Name: "Alice", SubscriptionType: "Premium"})
	aliceTok := s.IssueToken(DemoClientID, alice.ID, allScopes).AccessToken
	theirs := createPost(t, s, aliceTok, map[string]any{"text": "fish & chips?"})
	fixed := edit(t, s, aliceTok, theirs, "fish & chips!").json(t)["data"].(map[string]any)["id"].(string)
	reply := createPost(t, s, tok, map[string]any{"text": "yes", "reply": map[string]any{"in_reply_to_tweet_id": theirs}})
	var out struct {
		Data     tweetJSON    `json:"data"`
		Includes includesJSON `json:"includes"`
	}
	r := do(t, s, http.MethodGet, "/2/tweets/"+reply+"?expansions=referenced_tweets.id,referenced_tweets.id.author_id&tweet.fields=author_id", tok, nil, "")
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Data.ReferencedTweets) != 1 || out.Data.ReferencedTweets[0] != (refTweet{Type: "replied_to", ID: theirs}) {
		t.Errorf("referenced_tweets = %+v", out.Data.ReferencedTweets)
	}
	if len(out.Includes.Tweets) != 1 || out.Includes.Tweets[0].ID != fixed || out.Includes.Tweets[0].Text != "fish &amp; chips!" ||
		out.Includes.Tweets[0].AuthorID != alice.ID {
		t.Errorf("included posts = %+v", out.Includes.Tweets)
	}
	if len(out.Includes.Users) != 1 || out.Includes.Users[0].Username != "alice" || out.Includes.Users[0].Name != "Alice" {
		t.Errorf("included users = %+v", out.Includes.Users)
	}
}
