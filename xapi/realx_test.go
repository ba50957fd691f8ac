package xapi_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// countingClient is a client of e whose sleeps are counted (and return at
// once) and whose clock is the fake's.
func countingClient(t *testing.T, e *env, clock *xapitest.FakeClock) (*xapi.Client, *atomic.Int32) {
	t.Helper()
	var sleeps atomic.Int32
	opts := xapi.Options{BaseURL: e.srv.URL, Sleep: func(ctx context.Context, _ time.Duration) error {
		sleeps.Add(1)
		return ctx.Err()
	}}
	if clock != nil {
		opts.Now = clock.Now
	}
	c, err := xapi.NewClient(e.auth.TokenSource(e.store), opts)
	if err != nil {
		t.Fatal(err)
	}
	return c, &sleeps
}

// TestOutOfCredits: X's 402 is recognised whatever the request, says what
// to do, and is never retried.
func TestOutOfCredits(t *testing.T) {
	t.Parallel()
	for _, body := range []string{xapitest.CreditsProblemCredits, xapitest.CreditsProblemDepleted} {
		t.Run(body, func(t *testing.T) {
			t.Parallel()
			testOutOfCredits(t, xapitest.Options{MeterCredits: true, Credits: 0, CreditsProblem: body})
		})
	}
}

func testOutOfCredits(t *testing.T, opts xapitest.Options) {
	e := newEnv(t, opts)
	c, sleeps := countingClient(t, e, nil)
	ctx := t.Context()
	_, resp, err := c.Me(ctx)
	if !errors.Is(err, xapi.ErrOutOfCredits) {
		t.Fatalf("Me = %v, want ErrOutOfCredits", err)
	}
	if resp == nil || resp.Attempts != 1 {
		t.Errorf("a 402 was retried: %+v", resp)
	}
	var apiErr *xapi.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %T", err)
	}
	if msg := apiErr.Message(); !strings.Contains(msg, "out of API credits") || !strings.Contains(msg, xapi.ConsoleURL) {
		t.Errorf("Message = %q, want it to say the account is out of API credits and where to add them", msg)
	}
	if _, _, err := c.CreatePost(ctx, &xapi.CreatePostRequest{Text: "hello"}); !errors.Is(err, xapi.ErrOutOfCredits) {
		t.Errorf("CreatePost = %v, want ErrOutOfCredits", err)
	}
	st := e.srv.State()
	if st.Counters.CreditsRefused != 2 || len(st.Posts) != 0 || sleeps.Load() != 0 {
		t.Errorf("refused %d requests, %d posts, %d sleeps: want 2, 0, 0", st.Counters.CreditsRefused, len(st.Posts), sleeps.Load())
	}
}

// TestUsageCapNotWaited: a used-up monthly or daily cap is reported at
// once, with no reset time, and nothing sleeps.
func TestUsageCapNotWaited(t *testing.T) {
	t.Parallel()
	for _, period := range []string{xapitest.PeriodMonthly, xapitest.PeriodDaily} {
		t.Run(period, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, xapitest.Options{UsageCap: 1, UsageCapPeriod: period})
			c, sleeps := countingClient(t, e, nil)
			th := &xapi.Thread{Posts: []xapi.ThreadPost{{Text: "one"}, {Text: "two"}}}
			j := &xapi.MemoryJournal{}
			_, err := c.PublishThread(t.Context(), th, j, xapi.PublishOptions{})
			var rl *xapi.RateLimitError
			if !errors.As(err, &rl) {
				t.Fatalf("err = %v, want *RateLimitError", err)
			}
			if !rl.UsageCapped() || rl.Period != period || !rl.RetryAt().IsZero() || rl.Rate.Remaining <= 0 {
				t.Errorf("usage capped %v, period %q, retry at %v, remaining %d", rl.UsageCapped(), rl.Period, rl.RetryAt(), rl.Rate.Remaining)
			}
			want := strings.ToLower(period) + " usage cap"
			if msg := rl.Message(); !strings.Contains(msg, want) || !strings.Contains(msg, "does not help") {
				t.Errorf("Message = %q, want it to name the %s and say waiting does not help", msg, want)
			}
			if id, ok := j.Posted(0); !ok || id == "" {
				t.Error("the first part is not recorded: the thread cannot be resumed")
			}
			st := e.srv.State()
			if sleeps.Load() != 0 || st.Counters.UsageCapped != 1 || len(st.Posts) != 1 {
				t.Errorf("%d sleeps, %d capped answers, %d posts: want 0, 1, 1", sleeps.Load(), st.Counters.UsageCapped, len(st.Posts))
			}
		})
	}
}

// TestOdd429 reads X's 429s whose headers contradict them: one while the
// window has requests left is not waited for without a Retry-After; one
// whose reset is past asks for a short wait, never for none.
func TestOdd429(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind      string
		wantLimit string
		wantWait  time.Duration // 0: RetryAt zero
	}{
		{kind: xapitest.Odd429Remaining, wantLimit: "unannounced limit"},
		{kind: xapitest.Odd429PastReset, wantLimit: "15-minute window", wantWait: time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			t.Parallel()
			clock := xapitest.NewFakeClock(time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC))
			e := newEnv(t, xapitest.Options{Clock: clock, Odd429: tt.kind, Odd429Count: 1})
			c, _ := countingClient(t, e, clock)
			_, resp, err := c.Me(t.Context())
			var rl *xapi.RateLimitError
			if !errors.As(err, &rl) {
				t.Fatalf("err = %v, want *RateLimitError", err)
			}
			if resp.Attempts != 1 || rl.Limit != tt.wantLimit {
				t.Errorf("attempts %d, limit %q: want 1, %q", resp.Attempts, rl.Limit, tt.wantLimit)
			}
			switch {
			case tt.wantWait == 0 && !rl.RetryAt().IsZero():
				t.Errorf("RetryAt = %v, want none", rl.RetryAt())
			case tt.wantWait != 0 && !rl.RetryAt().Equal(clock.Now().Add(tt.wantWait)):
				t.Errorf("RetryAt = %v, want %v", rl.RetryAt(), clock.Now().Add(tt.wantWait))
			}
			if !strings.Contains(rl.Message(), "try again") {
				t.Errorf("Message = %q", rl.Message())
			}
			if _, _, err := c.Me(t.Context()); err != nil { // the fault is spent
				t.Errorf("Me after the odd 429 = %v", err)
			}
		})
	}
}

// TestGzipAnswers: the fake compresses as X does, and the client asks for
// it and reads it through Go's transparent decoding (it must not set
// Accept-Encoding itself, which would turn that off).
func TestGzipAnswers(t *testing.T) {
	t.Parallel()
	for _, noGzip := range []bool{false, true} {
		e := newEnv(t, xapitest.Options{NoGzip: noGzip, DemoPosts: true})
		me, resp, err := e.c.Me(t.Context())
		if err != nil || me.Username != e.srv.DemoUser().Username {
			t.Fatalf("Me = %+v, %v", me, err)
		}
		if resp.Uncompressed == noGzip {
			t.Errorf("NoGzip %v: answer decompressed %v", noGzip, resp.Uncompressed)
		}
		posts, _, err := e.c.RecentPosts(t.Context(), nil)
		if err != nil || len(posts) != 3 {
			t.Errorf("NoGzip %v: RecentPosts = %d posts, %v", noGzip, len(posts), err)
		}
	}
}

// TestFinalizeAlreadySucceeded: when FINALIZE says processing is done,
// the client polls no STATUS and the media is usable at once.
func TestFinalizeAlreadySucceeded(t *testing.T) {
	t.Parallel()
	requests := map[bool]int{}
	for _, done := range []bool{false, true} {
		e := newEnv(t, xapitest.Options{FinalizeSucceeded: done})
		mf, err := xapi.DetectMedia(writeFile(t, t.TempDir(), "clip.mp4", mp4Head, 4096))
		if err != nil {
			t.Fatal(err)
		}
		m, _, err := e.c.UploadMedia(t.Context(), mf, xapi.UploadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.c.CreatePost(t.Context(), &xapi.CreatePostRequest{Media: &xapi.PostMedia{MediaIDs: []string{m.ID}}}); err != nil {
			t.Fatal(err)
		}
		requests[done] = e.srv.Requests()
	}
	// initialize, append, finalize, then create (with its users/me) and
	// the STATUS polls, if any.
	if requests[true] >= requests[false] {
		t.Errorf("requests with FINALIZE already succeeded = %d, pending = %d: the STATUS polls were not skipped", requests[true], requests[false])
	}
}

// TestRefusedRefresh: a refresh token X refuses as spent means a new
// login, with X's reason kept.
func TestRefusedRefresh(t *testing.T) {
	t.Parallel()
	e := newEnv(t, xapitest.Options{RefuseRefresh: true})
	e.srv.ExpireAccessTokens()
	_, _, err := e.c.Me(t.Context())
	if !errors.Is(err, xapi.ErrLoginRequired) {
		t.Fatalf("err = %v, want ErrLoginRequired", err)
	}
	var oe *xapi.OAuthError
	if !errors.As(err, &oe) || oe.Code != "invalid_request" || oe.Description != "Value passed for the token was invalid." {
		t.Errorf("cause = %#v", oe)
	}
}

// TestOdd429NeverSpins publishes while every create gets an odd 429: the
// publish gives up after a bounded number of tries, and every wait between
// them is at least a minute of the (fake) clock, never a spin.
func TestOdd429NeverSpins(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind      string
		maxSends  int
		wantSleep bool
	}{
		{kind: xapitest.Odd429Remaining, maxSends: 1},
		{kind: xapitest.Odd429PastReset, maxSends: 5, wantSleep: true},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			t.Parallel()
			clock := xapitest.NewFakeClock(time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC))
			e := newEnv(t, xapitest.Options{Clock: clock, TokenTTL: 30 * 24 * time.Hour})
			var sleeps []time.Duration
			c, err := xapi.NewClient(e.auth.TokenSource(e.store), xapi.Options{BaseURL: e.srv.URL, Now: clock.Now,
				Sleep: func(ctx context.Context, d time.Duration) error {
					sleeps = append(sleeps, d)
					clock.Advance(d)
					return ctx.Err()
				}})
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := c.Me(t.Context()); err != nil {
				t.Fatal(err)
			}
			e.srv.SetFaults(xapitest.Faults{Odd429: tt.kind})
			before := e.srv.Requests()
			_, err = c.PublishThread(t.Context(), &xapi.Thread{Posts: []xapi.ThreadPost{{Text: "one"}}}, &xapi.MemoryJournal{},
				xapi.PublishOptions{MaxWait: time.Hour})
			if _, ok := errors.AsType[*xapi.RateLimitError](err); !ok {
				t.Fatalf("err = %v, want the *RateLimitError", err)
			}
			sends := e.srv.Requests() - before
			if sends < 1 || sends > tt.maxSends {
				t.Errorf("%d requests, want 1 to %d", sends, tt.maxSends)
			}
			if (len(sleeps) > 0) != tt.wantSleep {
				t.Errorf("sleeps %v, want some: %v", sleeps, tt.wantSleep)
			}
			for _, d := range sleeps {
				if d < time.Minute {
					t.Errorf("slept %v between tries: a spin", d)
				}
			}
		})
	}
}
