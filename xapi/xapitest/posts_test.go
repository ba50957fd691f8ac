package xapitest

import (
	"net/http"
	"strings"
	"testing"
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
