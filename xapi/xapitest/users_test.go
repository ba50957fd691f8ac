package xapitest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestUsersMe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		premium bool
		query   string
		want    []string
		status  int
	}{
		{name: "default fields", query: "", want: []string{`{"data":{"id":"1","name":"xpost demo","username":"xpostdemo"}}`}, status: 200},
		{name: "subscription none", query: "?user.fields=subscription_type,public_metrics",
			want: []string{`"subscription_type":"None"`, `"public_metrics":{"followers_count":42,"following_count":7,"tweet_count":0,"listed_count":0,"like_count":0}`}, status: 200},
		{name: "premium", premium: true, query: "?user.fields=subscription_type,verified", want: []string{`"subscription_type":"Premium"`, `"verified":true`}, status: 200},
		{name: "unknown field", query: "?user.fields=shoe_size", want: []string{"The `user.fields` query parameter value [shoe_size] is not one of"}, status: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _, tok := newTestServer(t, Options{Premium: tt.premium})
			r := do(t, s, http.MethodGet, "/2/users/me"+tt.query, tok, nil, "")
			if r.status != tt.status {
				t.Fatalf("status = %d %s", r.status, r.body)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(r.body), w) {
					t.Errorf("body %s lacks %s", r.body, w)
				}
			}
		})
	}
}

func TestUserTweetsPagination(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{})
	var ids []string
	for i := range 12 {
		ids = append(ids, createPost(t, s, tok, map[string]any{"text": fmt.Sprintf("post %d", i)}))
	}
	var got []string
	next := ""
	pages := 0
	for {
		q := "/2/users/1/tweets?max_results=5&tweet.fields=created_at,public_metrics"
		if next != "" {
			q += "&pagination_token=" + next
		}
		r := do(t, s, http.MethodGet, q, tok, nil, "")
		if r.status != http.StatusOK {
			t.Fatalf("page = %d %s", r.status, r.body)
		}
		pages++
		m := r.json(t)
		meta := m["meta"].(map[string]any)
		data := m["data"].([]any)
		if int(meta["result_count"].(float64)) != len(data) || meta["newest_id"] != data[0].(map[string]any)["id"] ||
			meta["oldest_id"] != data[len(data)-1].(map[string]any)["id"] {
			t.Fatalf("meta %v does not describe data", meta)
		}
		for _, d := range data {
			dm := d.(map[string]any)
			if dm["created_at"] == nil || dm["public_metrics"] == nil {
				t.Fatalf("fields missing: %v", dm)
			}
			got = append(got, dm["id"].(string))
		}
		n, ok := meta["next_token"].(string)
		if !ok {
			break
		}
		next = n
	}
	if pages != 3 || len(got) != 12 {
		t.Fatalf("pages = %d, posts = %d", pages, len(got))
	}
	for i := range got {
		if got[i] != ids[len(ids)-1-i] {
			t.Fatalf("order = %v, want newest first of %v", got, ids)
		}
	}
}

func TestUserTweetsParameters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		query  string
		status int
		want   string
	}{
		{name: "max 4", query: "?max_results=4", status: 400, want: "The `max_results` query parameter value [4] is not between 5 and 100"},
		{name: "max 101", query: "?max_results=101", status: 400, want: "[101] is not between 5 and 100"},
		{name: "max 100", query: "?max_results=100", status: 200, want: `"result_count":2`},
		{name: "bad token", query: "?pagination_token=zzz", status: 400, want: "pagination_token"},
		{name: "bad field", query: "?tweet.fields=nope", status: 400, want: "tweet.fields"},
		{name: "exclude replies", query: "?exclude=replies", status: 200, want: `"result_count":1`},
		{name: "bad exclude", query: "?exclude=likes", status: 400, want: "exclude"},
		{name: "bad start", query: "?start_time=yesterday", status: 400, want: "start_time"},
	}
	s, _, tok := newTestServer(t, Options{})
	root := createPost(t, s, tok, map[string]any{"text": "root"})
	createPost(t, s, tok, map[string]any{"text": "reply", "reply": map[string]any{"in_reply_to_tweet_id": root}})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := do(t, s, http.MethodGet, "/2/users/1/tweets"+tt.query, tok, nil, "")
			if r.status != tt.status || !strings.Contains(string(r.body), tt.want) {
				t.Errorf("= %d %s, want %d with %s", r.status, r.body, tt.status, tt.want)
			}
		})
	}
}

func TestUserTweetsEmptyAndUnknown(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{})
	if r := do(t, s, http.MethodGet, "/2/users/1/tweets", tok, nil, ""); string(r.body) != `{"meta":{"result_count":0}}` {
		t.Errorf("empty timeline = %s", r.body)
	}
	r := do(t, s, http.MethodGet, "/2/users/999/tweets", tok, nil, "")
	if r.status != 200 || !strings.Contains(string(r.body), `"resource_type":"user"`) || strings.Contains(string(r.body), `"data"`) {
		t.Errorf("unknown user = %d %s", r.status, r.body)
	}
}

func TestDemoPosts(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{DemoPosts: true})
	r := do(t, s, http.MethodGet, "/2/users/1/tweets?expansions=author_id", tok, nil, "")
	if !strings.Contains(string(r.body), `"result_count":3`) || !strings.Contains(string(r.body), `"includes":{"users":[{"id":"1"`) {
		t.Errorf("demo timeline = %s", r.body)
	}
}
