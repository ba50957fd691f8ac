package xapi

import (
	"cmp"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// noSleep is the injected sleep of tests: it records nothing and returns
// at once (unless ctx is done).
func noSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

func newTestClient(t *testing.T, h http.Handler, tokens TokenSource) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := NewClient(tokens, Options{BaseURL: srv.URL, Sleep: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParseBaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
		wantErr        string
	}{
		{name: "real", in: "https://api.x.com", want: "https://api.x.com/"},
		{name: "loopback http", in: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080/"},
		{name: "localhost http", in: "http://localhost:9/x", want: "http://localhost:9/x/"},
		{name: "ipv6 loopback", in: "http://[::1]:80", want: "http://[::1]:80/"},
		{name: "remote http", in: "http://example.com", wantErr: "plain http"},
		{name: "ftp", in: "ftp://example.com", wantErr: "http or https"},
		{name: "relative", in: "api.x.com", wantErr: "not an absolute URL"},
		{name: "credentials", in: "https://u:p@example.com", wantErr: "user name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u, err := ParseBaseURL(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseBaseURL(%q) error = %v, want %q", tt.in, err, tt.wantErr)
				}
				if strings.Contains(err.Error(), ":p@") {
					t.Errorf("error leaks the password: %v", err)
				}
				return
			}
			if err != nil || u.String() != tt.want {
				t.Fatalf("ParseBaseURL(%q) = %v, %v; want %s", tt.in, u, err, tt.want)
			}
		})
	}
}

func TestDoRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		method     string
		failures   int // answers of 503 before success
		wantCalls  int
		wantErr    bool
		wantStatus int
	}{
		{name: "GET recovers", method: http.MethodGet, failures: 2, wantCalls: 3},
		{name: "DELETE recovers", method: http.MethodDelete, failures: 1, wantCalls: 2},
		{name: "GET gives up", method: http.MethodGet, failures: 100, wantCalls: 5, wantErr: true, wantStatus: 503},
		{name: "POST not retried", method: http.MethodPost, failures: 1, wantCalls: 1, wantErr: true, wantStatus: 503},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if int(calls.Add(1)) <= tt.failures {
					w.Header().Set("Content-Type", "application/problem+json")
					w.WriteHeader(http.StatusServiceUnavailable)
					io.WriteString(w, `{"title":"Service Unavailable","type":"about:blank","status":503,"detail":"Service Unavailable"}`)
					return
				}
				io.WriteString(w, `{"data":{"ok":true}}`)
			})
			c := newTestClient(t, h, nil)
			var retries atomic.Int32
			ctx := withEvents(t.Context(), func(e Event) {
				if e.Kind == EventRetrying {
					retries.Add(1)
				}
			}, -1, -1, "")
			req, err := c.NewRequest(ctx, tt.method, "2/thing", nil)
			if err != nil {
				t.Fatal(err)
			}
			var out struct{ Data struct{ OK bool } }
			resp, err := c.Do(ctx, req, &out)
			if got := int(calls.Load()); got != tt.wantCalls {
				t.Errorf("calls = %d, want %d", got, tt.wantCalls)
			}
			if tt.wantErr {
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.wantStatus {
					t.Fatalf("err = %v, want APIError %d", err, tt.wantStatus)
				}
				if !strings.Contains(apiErr.Message(), "try again") {
					t.Errorf("Message() = %q, want advice", apiErr.Message())
				}
				return
			}
			if err != nil || !out.Data.OK {
				t.Fatalf("Do = %v, data %+v", err, out)
			}
			if resp.Attempts != tt.wantCalls || int(retries.Load()) != tt.wantCalls-1 {
				t.Errorf("attempts %d, retry events %d; want %d, %d", resp.Attempts, retries.Load(), tt.wantCalls, tt.wantCalls-1)
			}
		})
	}
}

func TestDoNetworkErrorRetriedForGet(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			// Drop the connection without an answer.
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		io.WriteString(w, `{"data":{"id":"1","name":"n","username":"u"}}`)
	})
	c := newTestClient(t, h, nil)
	me, resp, err := c.Me(t.Context())
	if err != nil || me.Username != "u" || resp.Attempts != 2 {
		t.Fatalf("Me = %+v, %v (attempts %v)", me, err, resp)
	}
}

func TestDoContextCancelStopsRetry(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) })
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(t.Context())
	calls := 0
	c, err := NewClient(nil, Options{BaseURL: srv.URL, Sleep: func(ctx context.Context, d time.Duration) error {
		calls++
		cancel()
		return sleepCtx(ctx, d)
	}})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.Me(ctx)
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Fatalf("err = %v after %d sleeps, want context.Canceled after 1", err, calls)
	}
}

func TestRateLimitError(t *testing.T) {
	t.Parallel()
	reset := time.Now().Add(10 * time.Minute).Truncate(time.Second)
	daily := time.Now().Add(5 * time.Hour).Truncate(time.Second)
	tests := []struct {
		name      string
		headers   map[string]string
		body      string
		wantLimit string
		wantReset time.Time
		wantMsg   string // in Message; "" means "try again"
	}{
		{name: "window", headers: map[string]string{"x-rate-limit-limit": "100", "x-rate-limit-remaining": "0", "x-rate-limit-reset": strconv.FormatInt(reset.Unix(), 10)},
			body: `{"title":"Too Many Requests","type":"about:blank","status":429,"detail":"Too Many Requests"}`, wantLimit: "15-minute window", wantReset: reset},
		{name: "user daily", headers: map[string]string{"x-rate-limit-limit": "100", "x-rate-limit-remaining": "50", "x-rate-limit-reset": strconv.FormatInt(reset.Unix(), 10),
			"x-user-limit-24hour-limit": "17", "x-user-limit-24hour-remaining": "0", "x-user-limit-24hour-reset": strconv.FormatInt(daily.Unix(), 10)},
			wantLimit: "user 24-hour cap", wantReset: daily},
		{name: "app daily", headers: map[string]string{"x-app-limit-24hour-limit": "17", "x-app-limit-24hour-remaining": "0", "x-app-limit-24hour-reset": strconv.FormatInt(daily.Unix(), 10)},
			wantLimit: "app 24-hour cap", wantReset: daily},
		{name: "usage cap", body: `{"account_id":"x","title":"UsageCapExceeded","period":"Monthly","scope":"Product","detail":"Usage cap exceeded: Monthly product cap","type":"https://api.twitter.com/2/problems/usage-capped"}`,
			wantLimit: "monthly usage cap", wantMsg: "waiting a few minutes does not help"},
		{name: "retry-after", headers: map[string]string{"Retry-After": "30"}, wantLimit: "15-minute window"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.headers {
					w.Header().Set(k, v)
				}
				w.WriteHeader(http.StatusTooManyRequests)
				io.WriteString(w, tt.body)
			})
			c := newTestClient(t, h, nil)
			_, resp, err := c.Me(t.Context())
			var rl *RateLimitError
			if !errors.As(err, &rl) {
				t.Fatalf("err = %v, want *RateLimitError", err)
			}
			if rl.Limit != tt.wantLimit {
				t.Errorf("Limit = %q, want %q", rl.Limit, tt.wantLimit)
			}
			if tt.name == "retry-after" {
				if d := time.Until(rl.RetryAt()); d < 20*time.Second || d > 40*time.Second {
					t.Errorf("RetryAt in %v, want ~30s", d)
				}
			} else if !rl.RetryAt().Equal(tt.wantReset) {
				t.Errorf("RetryAt = %v, want %v", rl.RetryAt(), tt.wantReset)
			}
			if want := cmp.Or(tt.wantMsg, "try again"); !strings.Contains(rl.Message(), want) {
				t.Errorf("Message = %q", rl.Message())
			}
			if resp == nil || resp.Attempts != 1 {
				t.Errorf("a 429 must not be retried by the pipeline: %+v", resp)
			}
		})
	}
}

func TestResponseRate(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ua := r.Header.Get("User-Agent"); ua != "xpost" {
			t.Errorf("User-Agent = %q", ua)
		}
		w.Header().Set("x-rate-limit-limit", "75")
		w.Header().Set("x-rate-limit-remaining", "74")
		w.Header().Set("x-rate-limit-reset", "1755800000")
		io.WriteString(w, `{"data":{"id":"1","name":"n","username":"u","subscription_type":"Premium"}}`)
	})
	c := newTestClient(t, h, nil)
	me, resp, err := c.Me(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if resp.Rate.Limit != 75 || resp.Rate.Remaining != 74 || resp.Rate.Reset.Unix() != 1755800000 || resp.UserDaily.Known() {
		t.Errorf("rate = %+v daily %+v", resp.Rate, resp.UserDaily)
	}
	if me.MaxPostLength() != PremiumLimit {
		t.Errorf("MaxPostLength = %d, want %d", me.MaxPostLength(), PremiumLimit)
	}
}

func TestErrorBodyIsBounded(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"detail":"`+strings.Repeat("x", 1<<20)+`"}`)
	})
	c := newTestClient(t, h, nil)
	_, _, err := c.Me(t.Context())
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v", err)
	}
	// The body was cut at 64 KiB, so it is not valid JSON: only the status
	// text remains.
	if len(err.Error()) > 1000 {
		t.Errorf("error message is %d bytes long", len(err.Error()))
	}
}

func TestAPIErrorMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		want   string
		dup    bool
	}{
		{name: "duplicate", status: 403, body: `{"detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","title":"Forbidden","status":403}`, want: "change the text", dup: true},
		{name: "too long", status: 400, body: `{"errors":[{"parameters":{},"message":"Your Tweet text is too long."}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request"}`, want: "Your Tweet text is too long"},
		{name: "unauthorized", status: 401, body: `{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}`, want: "xpost login"},
		{name: "credits", status: 402, body: `{"detail":"credits depleted","status":402,"title":"Payment Required","type":"https://api.x.com/2/problems/credits-depleted"}`, want: "credits"},
		{name: "client forbidden", status: 403, body: `{"title":"Client Forbidden","reason":"client-not-enrolled","detail":"attach to a project","type":"https://api.twitter.com/2/problems/client-forbidden"}`, want: "developer console"},
		{name: "not found", status: 404, body: `{"title":"Not Found Error","detail":"Could not find tweet","type":"https://api.twitter.com/2/problems/resource-not-found"}`, want: "deleted"},
		{name: "server", status: 502, body: `<html>bad gateway</html>`, want: "try again in a moment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			})
			c := newTestClient(t, h, nil)
			c.maxRetries = 0
			req, _ := c.NewRequest(t.Context(), http.MethodPost, "2/tweets", map[string]string{"text": "x"})
			_, err := c.do(t.Context(), req, nil, false)
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v", err)
			}
			if msg := apiErr.Message(); !strings.Contains(msg, tt.want) {
				t.Errorf("Message() = %q, want it to contain %q", msg, tt.want)
			}
			if apiErr.IsDuplicate() != tt.dup {
				t.Errorf("IsDuplicate = %v", apiErr.IsDuplicate())
			}
			if e := err.Error(); e[:1] != strings.ToLower(e[:1]) {
				t.Errorf("error %q should start lower-case", e)
			}
		})
	}
}

// rotatingTokens is a TokenSource whose Refresh hands out a new token.
type rotatingTokens struct {
	cur       atomic.Pointer[Token]
	refreshes atomic.Int32
}

func (r *rotatingTokens) Token(context.Context) (*Token, error) { return r.cur.Load(), nil }
func (r *rotatingTokens) Refresh(_ context.Context, rejected *Token) (*Token, error) {
	n := r.refreshes.Add(1)
	t := &Token{AccessToken: "fresh-" + strconv.Itoa(int(n))}
	r.cur.Store(t)
	return t, nil
}

func TestDoRefreshesOnceAfter401(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		accept        string // the access token the server accepts
		wantErr       bool
		wantRefreshes int32
	}{
		{name: "refresh fixes it", accept: "fresh-1", wantRefreshes: 1},
		{name: "refresh does not help", accept: "never", wantErr: true, wantRefreshes: 1},
		{name: "no refresh needed", accept: "stale", wantRefreshes: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var (
				mu     sync.Mutex
				bodies []string
			)
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				mu.Lock()
				bodies = append(bodies, string(b))
				mu.Unlock()
				if r.Header.Get("Authorization") != "Bearer "+tt.accept {
					w.WriteHeader(401)
					io.WriteString(w, `{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}`)
					return
				}
				w.WriteHeader(201)
				io.WriteString(w, `{"data":{"id":"5","text":"hi","edit_history_tweet_ids":["5"]}}`)
			})
			src := &rotatingTokens{}
			src.cur.Store(&Token{AccessToken: "stale"})
			c := newTestClient(t, h, src)
			p, _, err := c.createPostOnce(t.Context(), &CreatePostRequest{Text: "hi"})
			if src.refreshes.Load() != tt.wantRefreshes {
				t.Errorf("refreshes = %d, want %d", src.refreshes.Load(), tt.wantRefreshes)
			}
			if tt.wantErr {
				if err == nil {
					t.Fatal("want an error")
				}
				return
			}
			if err != nil || p.ID != "5" {
				t.Fatalf("create = %+v, %v", p, err)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, b := range bodies {
				if b != `{"text":"hi"}` {
					t.Errorf("replayed body = %q", b)
				}
			}
		})
	}
}
