package xapitest

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestRateLimitWindow(t *testing.T) {
	t.Parallel()
	s, clock, tok := newTestServer(t, Options{})
	reset := strconv.FormatInt(epoch.Add(15*time.Minute).Unix(), 10)
	for i := 1; i <= 75; i++ {
		r := do(t, s, http.MethodGet, "/2/users/me", tok, nil, "")
		if r.status != http.StatusOK || r.header.Get("x-rate-limit-limit") != "75" ||
			r.header.Get("x-rate-limit-remaining") != strconv.Itoa(75-i) || r.header.Get("x-rate-limit-reset") != reset {
			t.Fatalf("request %d: %d %v", i, r.status, r.header)
		}
	}
	r := do(t, s, http.MethodGet, "/2/users/me", tok, nil, "")
	if r.status != http.StatusTooManyRequests || r.header.Get("x-rate-limit-remaining") != "0" ||
		string(r.body) != `{"detail":"Too Many Requests","title":"Too Many Requests","type":"about:blank","status":429}` {
		t.Fatalf("76th request = %d %v %s", r.status, r.header, r.body)
	}
	// Other endpoints and other users have their own windows.
	if r := do(t, s, http.MethodGet, "/2/users/1/tweets", tok, nil, ""); r.status != http.StatusOK || r.header.Get("x-rate-limit-limit") != "900" {
		t.Errorf("timeline = %d %v", r.status, r.header)
	}
	other := s.IssueToken(DemoClientID, s.AddUser(User{}).ID, allScopes).AccessToken
	if r := do(t, s, http.MethodGet, "/2/users/me", other, nil, ""); r.status != http.StatusOK {
		t.Errorf("other user = %d", r.status)
	}
	clock.Advance(15 * time.Minute)
	r = do(t, s, http.MethodGet, "/2/users/me", tok, nil, "")
	if r.status != http.StatusOK || r.header.Get("x-rate-limit-remaining") != "74" {
		t.Errorf("after reset = %d %v", r.status, r.header)
	}
}

func TestRateLimitHeadersEverywhere(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{})
	tests := []struct {
		name, method, path string
		body               any
		limit              string
	}{
		{"post", "POST", "/2/tweets", map[string]any{"text": "x"}, "100"},
		{"post error", "POST", "/2/tweets", map[string]any{}, "100"},
		{"delete", "DELETE", "/2/tweets/1", nil, "50"},
		{"lookup", "GET", "/2/tweets/1", nil, "900"},
		{"one-shot", "POST", "/2/media/upload", map[string]any{}, "500"},
		{"status", "GET", "/2/media/upload?media_id=1", nil, "1000"},
		{"init", "POST", "/2/media/upload/initialize", map[string]any{}, "1875"},
		{"metadata", "POST", "/2/media/metadata", map[string]any{}, "500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := do(t, s, tt.method, tt.path, tok, tt.body, "")
			if r.header.Get("x-rate-limit-limit") != tt.limit || r.header.Get("x-rate-limit-remaining") == "" || r.header.Get("x-rate-limit-reset") == "" {
				t.Errorf("%d headers %v, want limit %s", r.status, r.header, tt.limit)
			}
		})
	}
}

func TestDailyPostCap(t *testing.T) {
	t.Parallel()
	s, clock, tok := newTestServer(t, Options{DailyPostCap: 2, TokenTTL: 48 * time.Hour})
	for i, want := range []string{"1", "0"} {
		r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"text": "post " + strconv.Itoa(i)}, "")
		if r.status != http.StatusCreated || r.header.Get("x-user-limit-24hour-limit") != "2" ||
			r.header.Get("x-user-limit-24hour-remaining") != want || r.header.Get("x-app-limit-24hour-limit") != "10000" {
			t.Fatalf("post %d = %d %v", i, r.status, r.header)
		}
	}
	r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"text": "third"}, "")
	if r.status != http.StatusTooManyRequests || r.header.Get("x-user-limit-24hour-remaining") != "0" ||
		r.header.Get("x-user-limit-24hour-reset") != strconv.FormatInt(epoch.Add(24*time.Hour).Unix(), 10) {
		t.Fatalf("third = %d %v", r.status, r.header)
	}
	clock.Advance(24 * time.Hour)
	if r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"text": "next day"}, ""); r.status != http.StatusCreated {
		t.Errorf("next day = %d %s", r.status, r.body)
	}
	s2, _, tok2 := newTestServer(t, Options{})
	if r := do(t, s2, http.MethodPost, "/2/tweets", tok2, map[string]any{"text": "x"}, ""); r.header.Get("x-user-limit-24hour-limit") != "" {
		t.Errorf("daily headers without a cap: %v", r.header)
	}
}
