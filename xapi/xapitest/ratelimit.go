package xapitest

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// rateWindow is X's rate-limit window: 15 minutes per user and endpoint.
const rateWindow = 15 * time.Minute

// dailyWindow is the window of the 24-hour caps on POST /2/tweets.
const dailyWindow = 24 * time.Hour

// appDailyPostLimit is X's per-app 24-hour cap on POST /2/tweets (NOTES
// §4.3); it is announced only when a per-user daily cap is configured, as
// X does on the tiers that have one.
const appDailyPostLimit = 10000

// window counts requests in one fixed window that starts at the first
// request and resets at start+length, as X's x-rate-limit-reset suggests.
type window struct {
	reset time.Time
	used  int
}

func (w *window) roll(now time.Time, length time.Duration) {
	if w.reset.IsZero() || !now.Before(w.reset) {
		w.reset = now.Add(length)
		w.used = 0
	}
}

type limitKey struct{ user, bucket string }

// rateLimiter keeps the 15-minute windows per user and endpoint and the
// 24-hour post caps. It has its own lock so rate accounting never waits for
// a slow handler.
type rateLimiter struct {
	mu      sync.Mutex
	windows map[limitKey]*window
	daily   map[string]*window // per user
	app     window             // per app (the fake serves one app's worth)
}

func newRateLimiter() *rateLimiter {
	return &rateLimiter{windows: map[limitKey]*window{}, daily: map[string]*window{}}
}

// take counts one request against user's window for the endpoint and sets
// the x-rate-limit-* headers. It reports false, with remaining 0, when the
// window is exhausted.
func (l *rateLimiter) take(h http.Header, user string, e endpoint, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.windowLocked(user, e.name)
	w.roll(now, rateWindow)
	ok := w.used < e.limit
	if ok {
		w.used++
	}
	setRateHeaders(h, "x-rate-limit", e.limit, e.limit-w.used, w.reset)
	return ok
}

// peek sets the x-rate-limit-* headers without counting, for answers given
// before the request reached the limiter (401, 403, injected failures).
func (l *rateLimiter) peek(h http.Header, user string, e endpoint, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := window{}
	if user != "" {
		w = *l.windowLocked(user, e.name)
	}
	w.roll(now, rateWindow)
	setRateHeaders(h, "x-rate-limit", e.limit, e.limit-w.used, w.reset)
}

func (l *rateLimiter) windowLocked(user, bucket string) *window {
	k := limitKey{user, bucket}
	w := l.windows[k]
	if w == nil {
		w = &window{}
		l.windows[k] = w
	}
	return w
}

// dailyCheck reports whether user may create another post under a daily
// cap of limit, and sets the x-user-limit-24hour-* and
// x-app-limit-24hour-* headers.
func (l *rateLimiter) dailyCheck(h http.Header, user string, limit int, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.dailyLocked(user)
	w.roll(now, dailyWindow)
	l.app.roll(now, dailyWindow)
	setRateHeaders(h, "x-user-limit-24hour", limit, limit-w.used, w.reset)
	setRateHeaders(h, "x-app-limit-24hour", appDailyPostLimit, appDailyPostLimit-l.app.used, l.app.reset)
	return w.used < limit && l.app.used < appDailyPostLimit
}

// dailyUse counts one created post against the daily caps and refreshes
// the headers.
func (l *rateLimiter) dailyUse(h http.Header, user string, limit int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.dailyLocked(user)
	w.used++
	l.app.used++
	setRateHeaders(h, "x-user-limit-24hour", limit, limit-w.used, w.reset)
	setRateHeaders(h, "x-app-limit-24hour", appDailyPostLimit, appDailyPostLimit-l.app.used, l.app.reset)
}

func (l *rateLimiter) dailyLocked(user string) *window {
	w := l.daily[user]
	if w == nil {
		w = &window{}
		l.daily[user] = w
	}
	return w
}

func setRateHeaders(h http.Header, prefix string, limit, remaining int, reset time.Time) {
	if remaining < 0 {
		remaining = 0
	}
	h.Set(prefix+"-limit", strconv.Itoa(limit))
	h.Set(prefix+"-remaining", strconv.Itoa(remaining))
	h.Set(prefix+"-reset", strconv.FormatInt(reset.Unix(), 10))
}
