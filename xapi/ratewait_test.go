package xapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"
)

// TestWaitRateLimit drives the rate-limit wait with the resets X may
// announce, on an injected clock whose sleeps advance it: every wait is
// bounded in tries and in total time, announced with its end, and a
// usage cap never waits.
func TestWaitRateLimit(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 8, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		// reset is the reset X announces at the n-th 429 (from 1), given
		// the time; zero means none (a usage cap).
		reset func(n int, now time.Time) time.Time
		// ok429s is how many 429s come before success (-1: always 429).
		ok429s    int
		maxWait   time.Duration
		clientMax time.Duration
		wantCalls int
		wantErr   bool
		wantSlept time.Duration
	}{
		{name: "waits for the reset", reset: func(_ int, now time.Time) time.Time { return now.Add(time.Minute) },
			ok429s: 1, wantCalls: 2, wantSlept: time.Minute + time.Second},
		{name: "reset in the past, forever", reset: func(_ int, now time.Time) time.Time { return now.Add(-time.Hour) },
			ok429s: -1, wantCalls: maxRateLimitTries, wantErr: true, wantSlept: (maxRateLimitTries - 1) * time.Second},
		{name: "reset moving ahead, forever", reset: func(_ int, now time.Time) time.Time { return now.Add(3 * time.Second) },
			ok429s: -1, wantCalls: maxRateLimitTries, wantErr: true, wantSlept: (maxRateLimitTries - 1) * 4 * time.Second},
		{name: "total bounded by max wait", reset: func(_ int, now time.Time) time.Time { return now.Add(10 * time.Minute) },
			ok429s: -1, maxWait: 15 * time.Minute, wantCalls: 2, wantErr: true, wantSlept: 10*time.Minute + time.Second},
		{name: "reset beyond max wait", reset: func(_ int, now time.Time) time.Time { return now.Add(2 * time.Hour) },
			ok429s: -1, wantCalls: 1, wantErr: true},
		{name: "client default bounds it", reset: func(_ int, now time.Time) time.Time { return now.Add(20 * time.Minute) },
			ok429s: -1, clientMax: 15 * time.Minute, wantCalls: 1, wantErr: true},
		{name: "never wait", reset: func(_ int, now time.Time) time.Time { return now.Add(time.Second) },
			ok429s: -1, maxWait: -1, wantCalls: 1, wantErr: true},
		{name: "usage cap", reset: func(int, time.Time) time.Time { return time.Time{} },
			ok429s: -1, wantCalls: 1, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			now := start
			var slept time.Duration
			c, err := NewClient(nil, Options{BaseURL: "https://api.x.com/", MaxRateLimitWait: tt.clientMax,
				Now: func() time.Time { return now },
				Sleep: func(ctx context.Context, d time.Duration) error {
					now = now.Add(d)
					slept += d
					return ctx.Err()
				}})
			if err != nil {
				t.Fatal(err)
			}
			var events []Event
			ctx := withEvents(t.Context(), func(e Event) { events = append(events, e) }, 0, -1, "")
			calls := 0
			err = c.waitRateLimit(ctx, tt.maxWait, func() error {
				calls++
				if tt.ok429s >= 0 && calls > tt.ok429s {
					return nil
				}
				return &RateLimitError{Limit: "15-minute window", Reset: tt.reset(calls, now)}
			})
			if calls != tt.wantCalls || (err != nil) != tt.wantErr || slept != tt.wantSlept {
				t.Errorf("calls %d, err %v, slept %v; want %d calls, error %v, slept %v", calls, err, slept, tt.wantCalls, tt.wantErr, tt.wantSlept)
			}
			if tt.wantErr {
				if _, ok := errors.AsType[*RateLimitError](err); !ok {
					t.Errorf("err = %v, want the *RateLimitError", err)
				}
			}
			for _, e := range events {
				if e.Kind != EventRateLimited || e.Until.IsZero() || e.Wait <= 0 {
					t.Errorf("event %+v: want a rate-limit wait with its end", e)
				}
			}
			if waits := len(events); waits != tt.wantCalls-1 {
				t.Errorf("%d waits announced, want %d", waits, tt.wantCalls-1)
			}
		})
	}
}

// TestRetryAfterHuge checks that a Retry-After too large for a duration
// gives a reset in the future, not one overflowed into the past.
func TestRetryAfterHuge(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "99999999999999999")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"title":"Too Many Requests","type":"about:blank","status":429,"detail":"Too Many Requests"}`)
	}), nil)
	_, _, err := c.Me(t.Context())
	rl, ok := errors.AsType[*RateLimitError](err)
	if !ok {
		t.Fatalf("err = %v, want *RateLimitError", err)
	}
	if d := time.Until(rl.RetryAt()); d < 300*24*time.Hour || d > 367*24*time.Hour {
		t.Errorf("RetryAt in %v, want about a year", d)
	}
}
