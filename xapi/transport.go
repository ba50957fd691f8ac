package xapi

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Timeouts bound every network wait of a [Client] or an [Auth]. A zero
// field takes its default. None of them bounds a whole transfer: a 512 MB
// upload takes as long as it takes, as long as it keeps moving.
type Timeouts struct {
	// Connect bounds opening a TCP connection (default 15s).
	Connect time.Duration
	// TLS bounds the TLS handshake (default 15s).
	TLS time.Duration
	// Header bounds the wait for an answer once the request is sent
	// (default 30s).
	Header time.Duration
	// Idle bounds a request or answer body that stops moving (default
	// 30s).
	Idle time.Duration
	// Token bounds a whole exchange with the token or revoke endpoint,
	// whose bodies are small (default 30s).
	Token time.Duration
}

// The defaults of [Timeouts].
const (
	DefaultConnectTimeout = 15 * time.Second
	DefaultTLSTimeout     = 15 * time.Second
	DefaultHeaderTimeout  = 30 * time.Second
	DefaultIdleTimeout    = 30 * time.Second
	DefaultTokenTimeout   = 30 * time.Second
)

// withDefaults fills the zero fields.
func (t Timeouts) withDefaults() Timeouts {
	set := func(d *time.Duration, def time.Duration) {
		if *d <= 0 {
			*d = def
		}
	}
	set(&t.Connect, DefaultConnectTimeout)
	set(&t.TLS, DefaultTLSTimeout)
	set(&t.Header, DefaultHeaderTimeout)
	set(&t.Idle, DefaultIdleTimeout)
	set(&t.Token, DefaultTokenTimeout)
	return t
}

// defaultUserAgent is sent when the program did not name its version.
const defaultUserAgent = "xpost"

// newTransport is the transport of every client xpost builds: bounded
// connect, TLS and header waits, proxies from the environment. The
// header wait is the stall guard's to report (it says what was awaited);
// the transport's own bound is a backstop behind it.
func newTransport(t Timeouts) *http.Transport {
	d := &net.Dialer{Timeout: t.Connect, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          16,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   t.TLS,
		ResponseHeaderTimeout: 2 * t.Header,
		ExpectContinueTimeout: time.Second,
	}
}

// apiHTTPClient returns the client the API requests go through: base (or
// a new one) with its transport wrapped in the stall watchdog, and
// redirects limited to the origin they started from. base itself is not
// changed.
func apiHTTPClient(base *http.Client, t Timeouts) *http.Client {
	c := &http.Client{}
	if base != nil {
		*c = *base
	}
	if c.Transport == nil {
		c.Transport = newTransport(t)
	}
	c.Transport = &stallGuard{base: c.Transport, header: t.Header, idle: t.Idle}
	c.CheckRedirect = sameOriginRedirect
	return c
}

// tokenHTTPClient returns the client of the token and revoke endpoints:
// no redirect at all (the requests carry a refresh token, a code or a
// client secret in their body or headers), the whole exchange bounded,
// and the User-Agent set.
func tokenHTTPClient(base *http.Client, t Timeouts, userAgent string) *http.Client {
	c := &http.Client{}
	if base != nil {
		*c = *base
	}
	if c.Transport == nil {
		c.Transport = newTransport(t)
	}
	c.Transport = &stallGuard{base: c.Transport, header: t.Header, idle: t.Idle, userAgent: userAgent}
	c.CheckRedirect = refuseRedirect
	if c.Timeout <= 0 || c.Timeout > t.Token {
		c.Timeout = t.Token
	}
	return c
}

// RedirectError is a redirect xpost refused to follow: one that leaves
// the origin (scheme, host and port) the request was sent to, or any
// redirect of the token and revoke endpoints. Credentials never follow
// such a redirect.
type RedirectError struct {
	// From and To are the origins (scheme://host[:port]), never full URLs.
	From, To string
	// Token is true for a redirect of the token or revoke endpoint.
	Token bool
}

// Error names the two origins.
func (e *RedirectError) Error() string {
	if e.Token {
		return "x oauth: the login endpoint at " + e.From + " redirected to " + e.To + "; xpost follows no redirect there"
	}
	return "x api: " + e.From + " redirected to another origin, " + e.To + "; xpost does not follow it"
}

// Message says what happened and what to check.
func (e *RedirectError) Message() string {
	if e.Token {
		return "X's login endpoint at " + e.From + " sent xpost to " + e.To + "; xpost never sends login secrets through a redirect: check --api-base (or api_base in config.json)"
	}
	return e.From + " sent xpost to another server, " + e.To + "; xpost never carries a login to another server: check --api-base (or api_base in config.json)"
}

// origin is scheme://host[:port] of u, in lower case, without the
// default port.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	return scheme + "://" + host
}

// sameOriginRedirect follows a redirect only within the origin of the
// first request, so that an Authorization header never reaches another
// server, and at most five times.
func sameOriginRedirect(req *http.Request, via []*http.Request) error {
	from, to := origin(via[0].URL), origin(req.URL)
	if from != to {
		return &RedirectError{From: from, To: to}
	}
	if len(via) >= 5 {
		return errors.New("stopped after 5 redirects")
	}
	return nil
}

// refuseRedirect follows no redirect.
func refuseRedirect(req *http.Request, via []*http.Request) error {
	return &RedirectError{From: origin(via[0].URL), To: origin(req.URL), Token: true}
}

// stallGuard bounds the waits the transport does not: a request body the
// server stops taking, an answer that does not come, and an answer body
// that stops coming. One timer per request is reset by every bit of
// progress; when it fires, the request is cancelled and the error says
// what was awaited. It also sets a default User-Agent.
type stallGuard struct {
	base         http.RoundTripper
	header, idle time.Duration
	userAgent    string
}

// RoundTrip sends req under the watchdog.
func (g *stallGuard) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancel(req.Context())
	w := &watchdog{cancel: cancel, header: g.header, idle: g.idle, op: req.Method + " " + req.URL.Path}
	out := req.Clone(ctx)
	if g.userAgent != "" && out.Header.Get("User-Agent") == "" {
		out.Header.Set("User-Agent", g.userAgent)
	}
	if req.Body != nil && req.Body != http.NoBody {
		out.Body = &guardedBody{rc: req.Body, w: w, request: true}
		w.start(phaseSending)
	} else {
		w.start(phaseWaiting)
	}
	resp, err := g.base.RoundTrip(out)
	if err != nil {
		w.stop()
		cancel()
		if te := w.timedOut(); te != nil {
			return nil, te
		}
		return nil, err
	}
	w.enter(phaseReceiving)
	resp.Body = &guardedBody{rc: resp.Body, w: w}
	return resp, nil
}

// The phases of a request, for the watchdog's timer and message.
const (
	phaseSending = iota + 1
	phaseWaiting
	phaseReceiving
)

// watchdog cancels a request that makes no progress for too long.
type watchdog struct {
	cancel       context.CancelFunc
	header, idle time.Duration
	op           string

	mu    sync.Mutex
	timer *time.Timer
	phase int
	fired *TimeoutError
	done  bool
}

func (w *watchdog) limit(phase int) time.Duration {
	if phase == phaseWaiting {
		return w.header
	}
	return w.idle
}

func (w *watchdog) start(phase int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.phase = phase
	w.timer = time.AfterFunc(w.limit(phase), w.fire)
}

// enter moves to a later phase and restarts the timer for it.
func (w *watchdog) enter(phase int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done || w.fired != nil || phase < w.phase {
		return
	}
	w.phase = phase
	w.timer.Reset(w.limit(phase))
}

// progress restarts the timer of the current phase.
func (w *watchdog) progress() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done || w.fired != nil {
		return
	}
	w.timer.Reset(w.limit(w.phase))
}

func (w *watchdog) fire() {
	w.mu.Lock()
	if w.done || w.fired != nil {
		w.mu.Unlock()
		return
	}
	te := &TimeoutError{Op: w.op, After: w.limit(w.phase)}
	switch w.phase {
	case phaseSending:
		te.Wait = "the server to take more of the request"
	case phaseWaiting:
		te.Wait = "an answer"
	default:
		te.Wait = "more of the answer"
	}
	w.fired = te
	w.mu.Unlock()
	w.cancel()
}

func (w *watchdog) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
	if w.timer != nil {
		w.timer.Stop()
	}
}

// timedOut is the timeout, if the watchdog fired.
func (w *watchdog) timedOut() *TimeoutError {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.fired
}

// guardedBody reports progress on a request or answer body to its
// watchdog, and turns the cancellation the watchdog caused into its
// [*TimeoutError].
type guardedBody struct {
	rc      io.ReadCloser
	w       *watchdog
	request bool
}

func (b *guardedBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 {
		b.w.progress()
	}
	if err != nil && err != io.EOF {
		if te := b.w.timedOut(); te != nil {
			return n, te
		}
	}
	if err == io.EOF && b.request {
		b.w.enter(phaseWaiting)
	}
	return n, err
}

func (b *guardedBody) Close() error {
	err := b.rc.Close()
	if b.request {
		b.w.enter(phaseWaiting)
		return err
	}
	b.w.stop()
	b.w.cancel()
	return err
}

// isTimeout reports whether err is a network wait that ran past its
// bound. The caller tells its own context's end apart.
func isTimeout(err error) bool {
	if _, ok := errors.AsType[*TimeoutError](err); ok {
		return true
	}
	ne, ok := errors.AsType[net.Error](err)
	return ok && ne.Timeout()
}

// timeoutWait names what a transport-level timeout was waiting for.
func timeoutWait(err error) string {
	s := err.Error()
	switch {
	case strings.Contains(s, "TLS handshake"):
		return "the TLS handshake"
	case strings.Contains(s, "awaiting response headers") || strings.Contains(s, "awaiting headers"):
		return "an answer"
	}
	if oe, ok := errors.AsType[*net.OpError](err); ok && oe.Op == "dial" {
		return "a connection"
	}
	return "the network"
}
