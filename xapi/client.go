package xapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xpostdev/xpost/xapi/billing"
)

// DefaultBaseURL is the base of the real X API (and of its token endpoint).
const DefaultBaseURL = "https://api.x.com/"

// maxErrorBody bounds how much of an error answer is read: error bodies are
// small, and a misbehaving server must not make the client buffer megabytes.
const maxErrorBody = 64 << 10

// maxSuccessBody bounds a successful JSON answer (a page of 100 long posts is
// well under this).
const maxSuccessBody = 32 << 20

// Options configures a [Client]. The zero value talks to the real X.
type Options struct {
	// BaseURL is the API base, for example "https://api.x.com/" or the URL
	// of a fake server. Plain http is accepted only for loopback hosts.
	BaseURL string

	// HTTPClient sends the requests; nil means one with the bounds of
	// Timeouts. It must not add authorization itself: the Client does that
	// so it can refresh and retry once after a 401. The Client uses a copy
	// whose redirects stay within the API's origin and whose bodies are
	// watched for stalls.
	HTTPClient *http.Client

	// UserAgent is sent with every request: "xpost/VERSION", which the
	// program knows; empty means "xpost".
	UserAgent string

	// Timeouts bound the network waits; zero fields take the defaults.
	Timeouts Timeouts

	// Sleep waits between retries and while media is processed. Tests
	// inject a fast one; nil means a real, context-aware sleep.
	Sleep func(ctx context.Context, d time.Duration) error

	// Now is the clock used to judge token expiry and rate-limit resets;
	// nil means time.Now.
	Now func() time.Time

	// MaxRetries is how many times a safe request (GET, DELETE, or a POST
	// known to be harmless to repeat) is retried after a network error or a
	// 5xx. Zero means 4; negative means none.
	MaxRetries int

	// MaxRateLimitWait is how long PublishThread may wait for a rate limit
	// to reset before giving up (its journal makes giving up safe). Zero
	// means 15 minutes; negative means never wait.
	MaxRateLimitWait time.Duration

	// Account is the logged-in account as saved with the login, when it
	// was: [Client.CurrentUser] answers with it instead of asking X.
	Account *User

	// OnAccount, when set, receives the account each time X is asked who
	// the user is ([Client.Me]), so that the caller can save it with the
	// login.
	OnAccount func(*User)

	// Meter, when set, is told of every billable request the publish
	// path makes that X accepted, and asked before a priced publish
	// starts whether the spending caps allow it.
	Meter Meter
}

// Meter is where a Client records what it spent and learns whether it may
// spend more (a [billing.Ledger]).
type Meter interface {
	// Record notes a billable request X accepted, with the resources a
	// read read.
	Record(k billing.Kind, resources ...string) error
	// Afford returns an error when spending cost more would pass a cap.
	Afford(cost billing.Cost) error
}

// Client talks to the X API v2 on behalf of one logged-in user. It is safe
// for concurrent use.
type Client struct {
	// BaseURL is where API requests go; it always ends in a slash.
	BaseURL *url.URL

	// UserAgent is sent with every request.
	UserAgent string

	httpClient   *http.Client
	tokens       TokenSource
	sleep        func(ctx context.Context, d time.Duration) error
	now          func() time.Time
	maxRetries   int
	maxRateWait  time.Duration
	retryBase    time.Duration
	retryCap     time.Duration
	chunkSize    int64
	oneShotLimit int64

	// targets are the posts ReplyTarget read.
	targets   replyTargets
	meMu      sync.Mutex
	me        *User
	onAccount func(*User)
	meter     Meter
}

// NewClient returns a client that authorizes its requests with tokens (nil
// for unauthenticated use, where every API call answers 401).
func NewClient(tokens TokenSource, opts Options) (*Client, error) {
	base := opts.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	u, err := ParseBaseURL(base)
	if err != nil {
		return nil, err
	}
	c := &Client{
		BaseURL:      u,
		UserAgent:    opts.UserAgent,
		httpClient:   apiHTTPClient(opts.HTTPClient, opts.Timeouts.withDefaults()),
		tokens:       tokens,
		sleep:        opts.Sleep,
		now:          opts.Now,
		maxRetries:   opts.MaxRetries,
		maxRateWait:  opts.MaxRateLimitWait,
		retryBase:    500 * time.Millisecond,
		retryCap:     8 * time.Second,
		chunkSize:    DefaultChunkSize,
		oneShotLimit: MaxImageBytes,
	}
	if c.UserAgent == "" {
		c.UserAgent = defaultUserAgent
	}
	if b, ok := tokens.(interface{ APIBase() string }); ok && b.APIBase() != normalizeBase(u.String()) {
		// A login is bound to the API base that issued it: never send it
		// anywhere else.
		return nil, &LoginRequiredError{
			Reason:  "the saved login belongs to " + b.APIBase() + ", not to " + normalizeBase(u.String()),
			Command: loginCommand(normalizeBase(u.String())),
		}
	}
	if c.sleep == nil {
		c.sleep = sleepCtx
	}
	if c.now == nil {
		c.now = time.Now
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = 4
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.maxRateWait == 0 {
		c.maxRateWait = 15 * time.Minute
	}
	if opts.Account != nil && opts.Account.ID != "" {
		me := *opts.Account
		c.me = &me
	}
	c.onAccount = opts.OnAccount
	c.meter = opts.Meter
	return c, nil
}

// ParseBaseURL checks an API base URL: https anywhere, plain http only for
// loopback hosts (a fake server on this machine), never credentials in it.
// The result ends in a slash.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("api base %q is not an absolute URL: use e.g. https://api.x.com", raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("api base %s uses plain http: use https (plain http is only allowed for 127.0.0.1, ::1 or localhost)", u.Redacted())
		}
	default:
		return nil, fmt.Errorf("api base %q must be an http or https URL", u.Redacted())
	}
	if u.User != nil {
		return nil, errors.New("api base must not contain a user name or password")
	}
	u.RawQuery, u.Fragment = "", ""
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

func isLoopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// NewRequest builds an API request. path is relative to BaseURL (for
// example "2/tweets"); body, when not nil, is sent as JSON. The body is kept
// in memory so the request can be replayed after a refresh or a retry.
func (c *Client) NewRequest(ctx context.Context, method, path string, body any) (*http.Request, error) {
	u, err := c.BaseURL.Parse(strings.TrimPrefix(path, "/"))
	if err != nil {
		return nil, fmt.Errorf("bad request path %q: %w", path, err)
	}
	var r io.Reader
	if body != nil {
		buf, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("encode request: %w", err)
		}
		r = bytes.NewReader(buf)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), r)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	return req, nil
}

// Response wraps the HTTP answer with what X says about rate limits.
type Response struct {
	*http.Response

	// Rate is the per-window limit of the endpoint (x-rate-limit-*).
	Rate Rate
	// UserDaily and AppDaily are the 24-hour caps X adds on some endpoints
	// (x-user-limit-24hour-*, x-app-limit-24hour-*); zero when absent.
	UserDaily Rate
	AppDaily  Rate

	// Attempts is how many times the request was sent (retries included).
	Attempts int

	// NextToken is the pagination token of the next page, if any.
	NextToken string
}

// Rate is one rate limit as X reports it.
type Rate struct {
	Limit     int
	Remaining int
	Reset     time.Time
}

// Known reports whether the server sent this limit at all.
func (r Rate) Known() bool { return r.Limit > 0 || !r.Reset.IsZero() }

func newResponse(r *http.Response) *Response {
	resp := &Response{Response: r}
	resp.Rate = parseRate(r.Header, "x-rate-limit-")
	resp.UserDaily = parseRate(r.Header, "x-user-limit-24hour-")
	resp.AppDaily = parseRate(r.Header, "x-app-limit-24hour-")
	return resp
}

func parseRate(h http.Header, prefix string) Rate {
	var r Rate
	r.Limit, _ = strconv.Atoi(h.Get(prefix + "limit"))
	r.Remaining, _ = strconv.Atoi(h.Get(prefix + "remaining"))
	if s, err := strconv.ParseInt(h.Get(prefix+"reset"), 10, 64); err == nil && s > 0 {
		r.Reset = time.Unix(s, 0)
	}
	return r
}

// Do sends an API request, decodes a JSON answer into v (if not nil) and
// turns error answers into typed errors. GET and DELETE are retried after
// network errors and 5xx answers with capped, jittered backoff, but a
// timeout only once, so that a server that never answers holds a command
// for about two timeouts; any request whose body can be replayed is
// refreshed and retried once after a 401.
func (c *Client) Do(ctx context.Context, req *http.Request, v any) (*Response, error) {
	safe := req.Method == http.MethodGet || req.Method == http.MethodDelete || req.Method == http.MethodHead
	return c.do(ctx, req, v, safe)
}

// do is the one request path. retryable says whether repeating the request
// after an ambiguous failure is harmless.
func (c *Client) do(ctx context.Context, req *http.Request, v any, retryable bool) (*Response, error) {
	req = req.WithContext(ctx)
	req.Header.Set("User-Agent", c.UserAgent)
	// Close whatever body was not sent (an early return), so that a
	// streaming body's producer goroutine ends.
	defer func() {
		if req.Body != nil {
			req.Body.Close()
		}
	}()
	refreshed := false
	timeouts := 0
	var tok *Token
	for sends, retries := 0, 0; ; sends++ {
		if sends > 0 && req.Body != nil && req.Body != http.NoBody {
			if req.GetBody == nil {
				return nil, errors.New("request body cannot be replayed")
			}
			b, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(ctx)
			req.Body = b
		}
		if c.tokens != nil {
			var err error
			if tok == nil {
				tok, err = c.tokens.Token(ctx)
				if err != nil {
					return nil, err
				}
			}
			req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		}
		resp, err := c.send(req, v)
		if resp != nil {
			resp.Attempts = retries + 1
		}
		if err == nil {
			return resp, nil
		}
		// A rejected access token: refresh once and replay once.
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusUnauthorized &&
			c.tokens != nil && !refreshed && (req.Body == nil || req.Body == http.NoBody || req.GetBody != nil) {
			refreshed = true
			tok, err = c.tokens.Refresh(ctx, tok)
			if err != nil {
				return resp, err
			}
			continue
		}
		if !retryable || retries >= c.maxRetries || !isTransient(err) || ctx.Err() != nil {
			return resp, err
		}
		if isTimeout(err) {
			// A server that let one wait run out will likely let the next
			// run out too: one more try, not four.
			if timeouts++; timeouts > 1 {
				return resp, err
			}
		}
		retries++
		d := c.backoff(retries)
		emit(ctx, Event{Kind: EventRetrying, Err: err, Wait: d, Attempt: retries})
		if err := c.sleep(ctx, d); err != nil {
			return resp, err
		}
	}
}

// send performs one HTTP exchange.
func (c *Client) send(req *http.Request, v any) (*Response, error) {
	r, err := c.httpClient.Do(req)
	if re, ok := errors.AsType[*RedirectError](err); ok {
		// Refused, not lost: the server did not act on a redirect.
		return nil, re
	}
	if err != nil {
		return nil, &NetworkError{Op: req.Method + " " + req.URL.Path, Err: scrubURLError(err)}
	}
	defer r.Body.Close()
	resp := newResponse(r)
	if r.StatusCode >= 200 && r.StatusCode < 300 {
		if v == nil || r.StatusCode == http.StatusNoContent {
			_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxSuccessBody))
			return resp, nil
		}
		// The server acted, but an answer cut short or not JSON (a
		// proxy's page) does not say what it did: the outcome is unknown,
		// as after a dropped connection, never a failure.
		body, err := io.ReadAll(io.LimitReader(r.Body, maxSuccessBody))
		if err != nil {
			return resp, &UnreadableAnswerError{Op: req.Method + " " + req.URL.Path, StatusCode: r.StatusCode, Err: err}
		}
		if len(bytes.TrimSpace(body)) == 0 {
			return resp, nil
		}
		if err := json.Unmarshal(body, v); err != nil {
			return resp, &UnreadableAnswerError{Op: req.Method + " " + req.URL.Path, StatusCode: r.StatusCode,
				Err: fmt.Errorf("decode answer: %w", err)}
		}
		return resp, nil
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxErrorBody))
	return resp, errorFromResponse(resp, body, c.now())
}

// UnreadableAnswerError is a 2xx answer whose body could not be read or
// decoded: X acted, but what it did is unknown. For a request that
// creates something the outcome is unknown, as after a dropped
// connection.
type UnreadableAnswerError struct {
	Op         string // method and path, e.g. "POST /2/tweets"
	StatusCode int
	Err        error
}

// Error names the request and why its answer could not be read.
func (e *UnreadableAnswerError) Error() string {
	return "x api: " + e.Op + ": " + strconv.Itoa(e.StatusCode) + " answer unreadable: " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *UnreadableAnswerError) Unwrap() error { return e.Err }

// Message is a sentence for the user.
func (e *UnreadableAnswerError) Message() string {
	return "X's answer arrived unreadable (" + e.Err.Error() + "), perhaps through a proxy: try again in a moment"
}

// isTransient reports whether err may go away by itself: network trouble,
// an unreadable answer, or a 5xx answer.
func isTransient(err error) bool {
	var ne *NetworkError
	if errors.As(err, &ne) {
		return true
	}
	if _, ok := errors.AsType[*UnreadableAnswerError](err); ok {
		return true
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode >= 500
	}
	return false
}

// backoff is capped exponential backoff with full jitter.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.retryBase << min(attempt-1, 20)
	if d <= 0 || d > c.retryCap {
		d = c.retryCap
	}
	return d/2 + rand.N(d/2+1)
}

// sleepCtx waits for d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// scrubURLError drops the query string from a *url.Error's URL, so that no
// request parameter can ever reach an error message.
func scrubURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			u.RawQuery, u.User, u.Fragment = "", nil, ""
			return &url.Error{Op: ue.Op, URL: u.String(), Err: ue.Err}
		}
		return &url.Error{Op: ue.Op, URL: "(url)", Err: ue.Err}
	}
	return err
}
