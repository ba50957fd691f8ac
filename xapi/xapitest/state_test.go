package xapitest

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func contextWithTimeout(t *testing.T, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(t.Context(), d)
}

func TestStateEndpoint(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{})
	img := uploadImage(t, s, tok, pngHead)
	do(t, s, http.MethodPost, "/2/media/metadata", tok, map[string]any{"id": img, "metadata": map[string]any{"alt_text": map[string]any{"text": "alt"}}}, "")
	a := createPost(t, s, tok, map[string]any{"text": "one", "media": map[string]any{"media_ids": []string{img}}})
	b := createPost(t, s, tok, map[string]any{"text": "two", "reply": map[string]any{"in_reply_to_tweet_id": a}, "reply_settings": "following"})
	c := createPost(t, s, tok, map[string]any{"text": "three", "poll": map[string]any{"options": []string{"A", "B"}, "duration_minutes": 1440}, "paid_partnership": true})
	d := createPost(t, s, tok, map[string]any{"text": "gone"})
	do(t, s, http.MethodDelete, "/2/tweets/"+d, tok, nil, "")

	r := do(t, s, http.MethodGet, "/_fake/state", "", nil, "")
	if strings.Contains(string(r.body), tok) {
		t.Fatal("state leaks a token")
	}
	var got State
	if err := json.Unmarshal(r.body, &got); err != nil {
		t.Fatal(err)
	}
	at := "2026-08-01T12:00:00.000Z"
	want := State{
		Users: []StateUser{{ID: "1", Username: "xpostdemo", Name: "xpost demo", SubscriptionType: "None"}},
		Posts: []StatePost{
			{ID: a, AuthorID: "1", Text: "one", MediaLink: mediaLink(a), CreatedAt: at, MediaIDs: []string{img}, EditHistory: []string{a}, Latest: true},
			{ID: b, AuthorID: "1", Text: "two", CreatedAt: at, InReplyToID: a, ReplySettings: "following", EditHistory: []string{b}, Latest: true},
			{ID: c, AuthorID: "1", Text: "three", CreatedAt: at, Poll: &StatePoll{Options: []string{"A", "B"}, DurationMinutes: 1440}, PaidPartnership: true,
				EditHistory: []string{c}, Latest: true},
		},
		Media:    []StateMedia{{ID: img, OwnerID: "1", MediaType: "image/png", Category: "tweet_image", Size: 1000, State: "succeeded", AltText: "alt"}},
		Counters: Counters{Requests: got.Counters.Requests, PostsCreated: 4, MediaUploaded: 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("state (-want +got):\n%s", diff)
	}
	if got.Counters.Requests != 8 || s.Requests() != 8 {
		t.Errorf("requests = %d / %d, want 8", got.Counters.Requests, s.Requests())
	}
}

func TestUnknownRoute(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{})
	if r := do(t, s, http.MethodGet, "/2/nothing", tok, nil, ""); r.status != http.StatusNotFound || !strings.Contains(string(r.body), "about:blank") {
		t.Errorf("unknown route = %d %s", r.status, r.body)
	}
}
