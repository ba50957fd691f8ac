package xapi_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// TestRecentPostsNumbers: the recent list carries every post, the private
// metrics of those younger than 30 days (X leaves older posts out of a
// page asked for them, so they are asked apart), the edit controls, and
// the text and author of the post a reply refers to, as typed.
func TestRecentPostsNumbers(t *testing.T) {
	t.Parallel()
	e, clock := clockEnv(t, xapitest.Options{})
	now := clock.Now()
	clock.Set(now.Add(-40 * 24 * time.Hour))
	old := post(t, e.c, &xapi.CreatePostRequest{Text: "an old post"})
	clock.Set(now.Add(-time.Hour))
	alice := e.srv.AddUser(xapitest.User{Username: "alice", Name: "Alice A"})
	theirs := post(t, userClient(t, e, alice), &xapi.CreatePostRequest{Text: "fish & chips <3?"})
	clock.Set(now)
	reply := post(t, e.c, &xapi.CreatePostRequest{Text: "yes", Reply: &xapi.Reply{InReplyToTweetID: theirs.ID}})
	e.srv.SetPostMetrics(reply.ID, xapitest.PostMetrics{Likes: 2, Replies: 1, Impressions: 50, URLLinkClicks: 3, UserProfileClicks: 4, Engagements: 7})
	e.srv.SetPostMetrics(old.ID, xapitest.PostMetrics{Impressions: 900, UserProfileClicks: 9})
	before := e.srv.Requests()

	posts, _, err := e.c.RecentPosts(t.Context(), &xapi.ListOptions{MaxResults: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 2 || posts[0].ID != reply.ID || posts[1].ID != old.ID {
		t.Fatalf("recent = %+v, want the reply and the old post", posts)
	}
	r := posts[0]
	if r.NonPublicMetrics == nil || *r.NonPublicMetrics != (xapi.NonPublicMetrics{Impressions: 50, URLLinkClicks: 3, ProfileClicks: 4, Engagements: 7}) {
		t.Errorf("non-public metrics of the new post = %+v", r.NonPublicMetrics)
	}
	if r.OrganicMetrics == nil || *r.OrganicMetrics != (xapi.OrganicMetrics{Impressions: 50, Likes: 2, Replies: 1, URLLinkClicks: 3, ProfileClicks: 4}) {
		t.Errorf("organic metrics of the new post = %+v", r.OrganicMetrics)
	}
	if posts[1].NonPublicMetrics != nil || posts[1].OrganicMetrics != nil || posts[1].Metrics == nil || posts[1].Metrics.Impressions != 900 {
		t.Errorf("the old post = %+v: public metrics only", posts[1])
	}
	if r.EditControls == nil || r.EditControls.EditEligible {
		t.Errorf("edit controls of a reply to another author = %+v, want present and not eligible", r.EditControls)
	}
	if len(r.ReferencedPosts) != 1 {
		t.Fatalf("references = %+v", r.ReferencedPosts)
	}
	ref := r.ReferencedPosts[0]
	if ref.Type != "replied_to" || ref.Post == nil || ref.Post.Text != "fish & chips <3?" || ref.Author == nil || ref.Author.Username != "alice" || ref.Author.Name != "Alice A" {
		t.Errorf("reference = %+v (post %+v, author %+v)", ref, ref.Post, ref.Author)
	}
	if n := e.srv.Requests() - before; n != 3 {
		t.Errorf("%d requests, want 3 (who am I, the page, the private metrics of its young posts)", n)
	}
}

// TestRecentPostsOnlyOld: a page of posts all older than 30 days costs no
// request for private metrics.
func TestRecentPostsOnlyOld(t *testing.T) {
	t.Parallel()
	e, clock := clockEnv(t, xapitest.Options{})
	now := clock.Now()
	clock.Set(now.Add(-31 * 24 * time.Hour))
	post(t, e.c, &xapi.CreatePostRequest{Text: "long ago"})
	clock.Set(now)
	if _, err := e.c.CurrentUser(t.Context()); err != nil {
		t.Fatal(err)
	}
	before := e.srv.Requests()
	posts, _, err := e.c.RecentPosts(t.Context(), nil)
	if err != nil || len(posts) != 1 {
		t.Fatalf("recent = %+v, %v", posts, err)
	}
	if n := e.srv.Requests() - before; n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// TestGetPostDetails: GetPost reads the quoted post and its author, the
// edit controls, and the private metrics of the user's own young post;
// another author's post comes back whole, without them.
func TestGetPostDetails(t *testing.T) {
	t.Parallel()
	e, _ := clockEnv(t, xapitest.Options{Premium: true})
	alice := e.srv.AddUser(xapitest.User{Username: "alice", Name: "Alice"})
	theirs := post(t, userClient(t, e, alice), &xapi.CreatePostRequest{Text: "a &lt; b"})
	mine := post(t, e.c, &xapi.CreatePostRequest{Text: "quoting", QuoteTweetID: theirs.ID})
	e.srv.SetPostMetrics(mine.ID, xapitest.PostMetrics{Impressions: 10, URLLinkClicks: 1})
	got, _, err := e.c.GetPost(t.Context(), mine.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Quoted() != theirs.ID || got.ReferencedPosts[0].Post == nil || got.ReferencedPosts[0].Post.Text != "a &lt; b" ||
		got.ReferencedPosts[0].Author == nil || got.ReferencedPosts[0].Author.ID != alice.ID {
		t.Errorf("quoted = %+v", got.ReferencedPosts)
	}
	if got.NonPublicMetrics == nil || got.NonPublicMetrics.URLLinkClicks != 1 || got.EditControls == nil || !got.EditControls.EditEligible {
		t.Errorf("own post: metrics %+v, controls %+v", got.NonPublicMetrics, got.EditControls)
	}
	other, _, err := e.c.GetPost(t.Context(), theirs.ID)
	if err != nil {
		t.Fatalf("another's post: %v", err)
	}
	if other.Text != "a &lt; b" || other.NonPublicMetrics != nil || other.OrganicMetrics != nil {
		t.Errorf("another's post = %+v", other)
	}
}

// TestPostDecodesBothVocabularies: the 2026 fields decode in the classic
// and the 2.167 spellings alike.
func TestPostDecodesBothVocabularies(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{
		`{"id":"2","text":"x","edit_history_tweet_ids":["1","2"],"edit_controls":{"editable_until":"2026-08-01T13:00:00.000Z","edits_remaining":4,"is_edit_eligible":true},
		  "organic_metrics":{"impression_count":5,"like_count":1,"reply_count":0,"retweet_count":2,"url_link_clicks":0,"user_profile_clicks":3},
		  "non_public_metrics":{"impression_count":5,"url_link_clicks":0,"user_profile_clicks":3,"engagements":6}}`,
		`{"id":"2","text":"x","edit_history_post_ids":["1","2"],"edit_controls":{"editable_until":"2026-08-01T13:00:00Z","edits_remaining":4,"is_edit_eligible":true},
		  "organic_metrics":{"impression_count":5,"like_count":1,"reply_count":0,"repost_count":2,"url_link_clicks":0,"user_profile_clicks":3},
		  "non_public_metrics":{"impression_count":5,"url_link_clicks":0,"user_profile_clicks":3,"engagements":6}}`,
	} {
		var p xapi.Post
		if err := json.Unmarshal([]byte(raw), &p); err != nil {
			t.Fatal(err)
		}
		until := time.Date(2026, 8, 1, 13, 0, 0, 0, time.UTC)
		if len(p.EditHistoryIDs) != 2 || p.EditControls == nil || !p.EditControls.EditableUntil.Equal(until) || p.EditControls.EditsRemaining != 4 ||
			p.OrganicMetrics == nil || p.OrganicMetrics.Reposts != 2 || p.OrganicMetrics.ProfileClicks != 3 ||
			p.NonPublicMetrics == nil || p.NonPublicMetrics.Engagements != 6 {
			t.Errorf("decoded %+v (controls %+v, organic %+v)", p, p.EditControls, p.OrganicMetrics)
		}
	}
	var p xapi.Post
	if err := json.Unmarshal([]byte(`{"id":"1","text":"x","edit_controls":{"editable_until":"soon"}}`), &p); err == nil {
		t.Error("a bad editable_until decoded")
	}
}

// TestRecentPostsMetricsUnavailable: when the private metrics cannot be
// read (here the last credit went on the listing), the posts still come.
func TestRecentPostsMetricsUnavailable(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{MeterCredits: true, Credits: xapitest.Dollar})
	post(t, e.c, &xapi.CreatePostRequest{Text: "fresh"})
	if _, err := e.c.CurrentUser(t.Context()); err != nil {
		t.Fatal(err)
	}
	// Exactly the listing: one own post, $0.001.
	e.srv.SetCredits(xapitest.Prices[xapitest.ChargeOwnedRead])
	posts, _, err := e.c.RecentPosts(t.Context(), nil)
	if err != nil || len(posts) != 1 || posts[0].NonPublicMetrics != nil {
		t.Fatalf("recent = %+v, %v", posts, err)
	}
	if st := e.srv.State(); st.Counters.CreditsRefused != 1 {
		t.Errorf("%d refused requests, want 1 (the metrics)", st.Counters.CreditsRefused)
	}
}
