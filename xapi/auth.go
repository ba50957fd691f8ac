package xapi

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// Scopes are the permissions xpost asks for: read and write posts, read
// the user, upload media, and a refresh token (offline.access).
var Scopes = []string{"tweet.read", "tweet.write", "users.read", "media.write", "offline.access"}

// DefaultRedirectPort is the loopback port of the login callback; the X
// app must list http://127.0.0.1:8765/callback as a callback URL.
const DefaultRedirectPort = 8765

// CallbackPath is the path of the loopback login callback.
const CallbackPath = "/callback"

// Endpoints are the OAuth 2.0 addresses for one API base.
type Endpoints struct {
	// API is the API base (ends in a slash).
	API *url.URL
	// AuthorizeURL is the page the browser opens.
	AuthorizeURL string
	// TokenURL exchanges codes and refresh tokens.
	TokenURL string
	// RevokeURL revokes tokens at logout.
	RevokeURL string
}

// EndpointsFor derives the endpoints from an API base: for the real X
// (https://api.x.com) the browser goes to https://x.com/i/oauth2/authorize;
// for any other base (a fake server) to BASE/i/oauth2/authorize. The token
// and revoke URLs are BASE/2/oauth2/token and BASE/2/oauth2/revoke.
func EndpointsFor(base string) (Endpoints, error) {
	if base == "" {
		base = DefaultBaseURL
	}
	u, err := ParseBaseURL(base)
	if err != nil {
		return Endpoints{}, err
	}
	ref := func(p string) string { r, _ := u.Parse(p); return r.String() }
	e := Endpoints{
		API:          u,
		AuthorizeURL: ref("i/oauth2/authorize"),
		TokenURL:     ref("2/oauth2/token"),
		RevokeURL:    ref("2/oauth2/revoke"),
	}
	if h := strings.ToLower(u.Hostname()); (h == "api.x.com" || h == "api.twitter.com") && u.Path == "/" {
		e.AuthorizeURL = "https://x.com/i/oauth2/authorize"
	}
	return e, nil
}

// Auth is the X app a user logs in to: its client id, optional client
// secret (confidential clients) and endpoints.
type Auth struct {
	ClientID string
	// ClientSecret is empty for a public (native) app.
	ClientSecret string
	Endpoints    Endpoints
	// HTTPClient sends token and revoke requests; nil means one with the
	// bounds of Timeouts. A copy of it is used that follows no redirect
	// (these requests carry secrets) and bounds each exchange by
	// Timeouts.Token.
	HTTPClient *http.Client
	// UserAgent is sent with every request: "xpost/VERSION"; empty means
	// "xpost".
	UserAgent string
	// Timeouts bound the network waits; zero fields take the defaults.
	Timeouts Timeouts
	// Now is the clock for token expiry; nil means time.Now.
	Now func() time.Time
}

// NewAuth returns the Auth of an app at an API base ("" for the real X).
func NewAuth(base, clientID, clientSecret string) (*Auth, error) {
	if clientID == "" {
		return nil, errors.New("no X client id: pass --client-id or set XPOST_CLIENT_ID (create an app in the X developer console)")
	}
	e, err := EndpointsFor(base)
	if err != nil {
		return nil, err
	}
	return &Auth{ClientID: clientID, ClientSecret: clientSecret, Endpoints: e}, nil
}

func (a *Auth) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

func (a *Auth) httpClient() *http.Client {
	ua := a.UserAgent
	if ua == "" {
		ua = defaultUserAgent
	}
	return tokenHTTPClient(a.HTTPClient, a.Timeouts.withDefaults(), ua)
}

// config is the oauth2 configuration. The client authentication style is
// explicit, never auto-detected: X answers auto-detection's first guess
// with unauthorized_client. A confidential client uses HTTP Basic, a public
// one sends client_id in the body.
func (a *Auth) config(redirectURL string) *oauth2.Config {
	style := oauth2.AuthStyleInParams
	if a.ClientSecret != "" {
		style = oauth2.AuthStyleInHeader
	}
	return &oauth2.Config{
		ClientID:     a.ClientID,
		ClientSecret: a.ClientSecret,
		Endpoint: oauth2.Endpoint{
			AuthURL:   a.Endpoints.AuthorizeURL,
			TokenURL:  a.Endpoints.TokenURL,
			AuthStyle: style,
		},
		RedirectURL: redirectURL,
		Scopes:      Scopes,
	}
}

func (a *Auth) oauthCtx(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, a.httpClient())
}

// fromOAuth2 converts a token answer.
func (a *Auth) fromOAuth2(t *oauth2.Token) *Token {
	out := &Token{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, TokenType: t.TokenType, Expiry: t.Expiry}
	if t.ExpiresIn > 0 {
		out.Expiry = a.now().Add(time.Duration(t.ExpiresIn) * time.Second)
	}
	if s, ok := t.Extra("scope").(string); ok && s != "" {
		out.Scopes = strings.Fields(s)
	}
	return out
}

// maxTokenBody bounds a token endpoint answer (a few hundred bytes).
const maxTokenBody = 64 << 10

// tokenResponse is the token endpoint's answer (RFC 6749 section 5.1).
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	Scope        string `json:"scope"`
}

// token converts the answer, received at now.
func (r *tokenResponse) token(now time.Time) *Token {
	t := &Token{AccessToken: r.AccessToken, RefreshToken: r.RefreshToken, TokenType: r.TokenType}
	if r.ExpiresIn > 0 {
		t.Expiry = now.Add(time.Duration(r.ExpiresIn) * time.Second)
	}
	t.Scopes = strings.Fields(r.Scope)
	return t
}

// refresh trades a refresh token for a new pair. The answer's bytes are
// copied to sink as they arrive, before they are decoded: X has spent the
// old refresh token by then, and a process killed now still leaves the
// new pair on disk. A write error of sink does not stop the reading. A
// refresh token X no longer accepts yields a [*LoginRequiredError] that
// carries X's reason.
func (a *Auth) refresh(ctx context.Context, refreshToken string, sink io.Writer) (*Token, error) {
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}}
	if a.ClientSecret == "" {
		form.Set("client_id", a.ClientID)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.Endpoints.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if a.ClientSecret != "" {
		req.SetBasicAuth(url.QueryEscape(a.ClientID), url.QueryEscape(a.ClientSecret))
	}
	const op = "POST /2/oauth2/token"
	step("sending")
	resp, err := a.httpClient().Do(req)
	if err != nil {
		return nil, tokenNetErr(ctx, op, err, a.Timeouts.withDefaults().Token)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		oe := oauthErrorBody(resp.StatusCode, body)
		oe.Refresh = true
		if oe.spentToken() {
			return nil, &LoginRequiredError{Reason: "X no longer accepts the saved login" + oe.said() +
				"; it was used by another copy of xpost, revoked, or has expired", Err: oe}
		}
		return nil, fmt.Errorf("renew the login: %w", oe)
	}
	var r io.Reader = io.LimitReader(resp.Body, maxTokenBody)
	if sink != nil {
		r = io.TeeReader(r, &stubbornWriter{w: sink})
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, tokenNetErr(ctx, op, err, a.Timeouts.withDefaults().Token)
	}
	var tr tokenResponse
	if err := json.Unmarshal(body, &tr); err != nil || tr.AccessToken == "" {
		return nil, &LoginRequiredError{Reason: "X's token endpoint answered without a usable token", Err: err}
	}
	return tr.token(a.now()), nil
}

// stubbornWriter keeps accepting bytes after its writer failed, so that a
// full disk cannot stop the reading of X's answer: the new pair is then
// at least in memory.
type stubbornWriter struct {
	w   io.Writer
	err error
}

func (s *stubbornWriter) Write(p []byte) (int, error) {
	if s.err == nil {
		_, s.err = s.w.Write(p)
	}
	return len(p), nil
}

// tokenNetErr turns a failed exchange with the token endpoint into ours:
// a refused redirect as it is, a timeout that says so, anything else a
// [*NetworkError].
func tokenNetErr(ctx context.Context, op string, err error, bound time.Duration) error {
	if re, ok := errors.AsType[*RedirectError](err); ok {
		return re
	}
	err = scrubURLError(err)
	if _, ok := errors.AsType[*TimeoutError](err); !ok && isTimeout(err) && ctx.Err() == nil {
		w := timeoutWait(err)
		if w == "the network" {
			w = "the token endpoint's answer"
		}
		err = &TimeoutError{Op: op, Wait: w, After: bound}
	}
	return &NetworkError{Op: op, Err: err}
}

// oauthErrorBody reads an OAuth error answer: RFC 6749's error and
// error_description, or a problem body's title and detail.
func oauthErrorBody(status int, body []byte) *OAuthError {
	e := &OAuthError{StatusCode: status}
	var b struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
		Title       string `json:"title"`
		Detail      string `json:"detail"`
	}
	if json.Unmarshal(body, &b) == nil {
		e.Code, e.Description = b.Error, b.Description
		if e.Description == "" {
			e.Description = strings.TrimSpace(b.Title + " " + b.Detail)
		}
	}
	return e
}

// oauthErr turns oauth2's errors into ours. oauth2.RetrieveError's own
// message embeds the raw body; ours keeps only the error code and
// description.
func oauthErr(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		if re.ErrorCode == "" {
			return oauthErrorBody(status, re.Body)
		}
		return &OAuthError{StatusCode: status, Code: re.ErrorCode, Description: re.ErrorDescription}
	}
	return tokenNetErr(context.Background(), "POST /2/oauth2/token", err, DefaultTokenTimeout)
}

// Revoke asks X to invalidate a token (access or refresh).
func (a *Auth) Revoke(ctx context.Context, token, hint string) error {
	form := url.Values{"token": {token}}
	if hint != "" {
		form.Set("token_type_hint", hint)
	}
	if a.ClientSecret == "" {
		form.Set("client_id", a.ClientID)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.Endpoints.RevokeURL, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if a.ClientSecret != "" {
		req.SetBasicAuth(url.QueryEscape(a.ClientID), url.QueryEscape(a.ClientSecret))
	}
	resp, err := a.httpClient().Do(req)
	if err != nil {
		return tokenNetErr(ctx, "POST /2/oauth2/revoke", err, a.Timeouts.withDefaults().Token)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	if resp.StatusCode/100 == 2 {
		return nil
	}
	return oauthErrorBody(resp.StatusCode, body)
}

// Logout revokes the saved token at X (refresh token first: revoking it
// ends the whole login) and then deletes it. The token is deleted even if
// X cannot be reached; the returned error then says the revocation failed.
func (a *Auth) Logout(ctx context.Context, store *Store) error {
	unlock, err := store.Lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	t, err := store.Load()
	if errors.Is(err, ErrLoginRequired) {
		return nil
	}
	var revokeErr error
	if err == nil {
		if t.RefreshToken != "" {
			revokeErr = a.Revoke(ctx, t.RefreshToken, "refresh_token")
		}
		if e := a.Revoke(ctx, t.AccessToken, "access_token"); revokeErr == nil {
			revokeErr = e
		}
	}
	if err := store.Delete(); err != nil {
		return err
	}
	if revokeErr != nil {
		return fmt.Errorf("the saved login was deleted, but X could not be told to revoke it (revoke the app under Settings > Security > Connected apps on x.com): %w", revokeErr)
	}
	return nil
}

// LoginOptions configures [Auth.StartLogin].
type LoginOptions struct {
	// Port is the loopback callback port; 0 means DefaultRedirectPort. A
	// negative port picks a free one (tests).
	Port int
	// NoListen skips the loopback server: the user must paste the URL the
	// browser ended on (see [LoginFlow.Submit]).
	NoListen bool
	// Timeout bounds the wait for the browser's answer; zero means
	// [DefaultLoginTimeout].
	Timeout time.Duration
}

// DefaultLoginTimeout is how long a login waits for the browser: time to
// sign in to X and approve, not to leave a command hanging all day.
const DefaultLoginTimeout = 10 * time.Minute

// LoginFlow is one OAuth 2.0 authorization-code login with PKCE (S256).
// Show AuthURL to the user (or open it), then call Wait. The code comes
// back either to the loopback server on 127.0.0.1 or through Submit, with
// the URL the browser ended on pasted by the user (for SSH sessions, where
// the browser cannot reach this machine).
type LoginFlow struct {
	auth     *Auth
	cfg      *oauth2.Config
	verifier string
	state    string
	authURL  string

	ln  net.Listener
	srv *http.Server

	once    sync.Once
	result  chan codeResult
	timeout time.Duration
}

type codeResult struct {
	code string
	err  error
}

// StartLogin prepares a login: a fresh PKCE verifier and state, and (unless
// opts.NoListen) the callback server on 127.0.0.1 only.
func (a *Auth) StartLogin(opts LoginOptions) (*LoginFlow, error) {
	port := opts.Port
	switch {
	case port == 0:
		port = DefaultRedirectPort
	case port < 0:
		port = 0
	}
	f := &LoginFlow{auth: a, verifier: oauth2.GenerateVerifier(), state: randomState(), result: make(chan codeResult, 1), timeout: opts.Timeout}
	if f.timeout <= 0 {
		f.timeout = DefaultLoginTimeout
	}
	if !opts.NoListen {
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err != nil {
			return nil, fmt.Errorf("listen on 127.0.0.1:%d for the login callback (use --port to pick another registered port, or --no-browser): %w", port, err)
		}
		f.ln = ln
		port = ln.Addr().(*net.TCPAddr).Port
		mux := http.NewServeMux()
		mux.HandleFunc(CallbackPath, f.serveCallback)
		f.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go func() { _ = f.srv.Serve(ln) }()
	}
	redirect := "http://127.0.0.1:" + strconv.Itoa(port) + CallbackPath
	f.cfg = a.config(redirect)
	f.authURL = f.cfg.AuthCodeURL(f.state, oauth2.S256ChallengeOption(f.verifier))
	return f, nil
}

func randomState() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// AuthURL is the address to open in a browser.
func (f *LoginFlow) AuthURL() string { return f.authURL }

// RedirectURL is the callback address registered with the authorization.
func (f *LoginFlow) RedirectURL() string { return f.cfg.RedirectURL }

// Close stops the callback server. It lets an answer in flight finish
// first, so the browser that delivered the code gets its "logged in" page
// rather than a dropped connection.
func (f *LoginFlow) Close() error {
	if f.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := f.srv.Shutdown(ctx); err != nil {
		return f.srv.Close()
	}
	return nil
}

// serveCallback receives the browser's redirect.
func (f *LoginFlow) serveCallback(w http.ResponseWriter, r *http.Request) {
	code, err := f.parse(r.URL.Query())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, "<!doctype html><title>xpost</title><p>xpost login failed: %s</p>", html.EscapeString(err.Error()))
		// A request with the wrong state is not ours: keep waiting.
		if !errors.Is(err, errStateMismatch) {
			f.deliver(codeResult{err: err})
		}
		return
	}
	fmt.Fprint(w, "<!doctype html><title>xpost</title><p>xpost is logged in. You can close this tab and go back to the terminal.</p>")
	f.deliver(codeResult{code: code})
}

var errStateMismatch = errors.New("the login answer does not belong to this login (state mismatch): start `xpost login` again and use the newest link")

// parse checks state and extracts the code from a callback query.
func (f *LoginFlow) parse(q url.Values) (string, error) {
	if q.Get("state") != f.state {
		return "", errStateMismatch
	}
	if e := q.Get("error"); e != "" {
		return "", &OAuthError{Code: e, Description: q.Get("error_description")}
	}
	code := q.Get("code")
	if code == "" {
		return "", errors.New("the login answer holds no code: run `xpost login` again")
	}
	return code, nil
}

func (f *LoginFlow) deliver(r codeResult) {
	f.once.Do(func() { f.result <- r })
}

// Submit completes the login with the URL the browser ended on, pasted by
// the user (the page may fail to load; its address still holds the code).
// An error means the text is not a usable answer to this login; the user
// may paste again.
func (f *LoginFlow) Submit(pasted string) error {
	s := strings.TrimSpace(pasted)
	u, err := url.Parse(s)
	if err != nil || (u.RawQuery == "" && !strings.Contains(s, "code=")) {
		return errors.New("that is not the address the browser ended on: copy the whole URL from the address bar (it contains code= and state=)")
	}
	q := u.Query()
	if u.RawQuery == "" {
		q, _ = url.ParseQuery(s)
	}
	code, err := f.parse(q)
	if err != nil {
		return err
	}
	f.deliver(codeResult{code: code})
	return nil
}

// ErrLoginTimeout is the browser not answering a login in time.
var ErrLoginTimeout = errors.New("no answer from the browser")

// Wait waits for the browser's answer (callback or Submit), at most the
// login's timeout, exchanges the code with the PKCE verifier, and returns
// the token. The caller fetches the user (Client.Me) and saves it;
// [Auth.Login] does all of that.
func (f *LoginFlow) Wait(ctx context.Context) (*Token, error) {
	defer f.Close()
	var r codeResult
	deadline := time.NewTimer(f.timeout)
	defer deadline.Stop()
	select {
	case <-ctx.Done():
		return nil, fmt.Errorf("login not completed: %w", ctx.Err())
	case <-deadline.C:
		return nil, fmt.Errorf("%w within %v: run `%s` again and approve in the browser (or add --no-browser and paste the address the browser ended on)",
			ErrLoginTimeout, f.timeout, loginCommand(normalizeBase(f.auth.Endpoints.API.String())))
	case r = <-f.result:
	}
	if r.err != nil {
		return nil, r.err
	}
	t, err := f.cfg.Exchange(f.auth.oauthCtx(ctx), r.code, oauth2.VerifierOption(f.verifier))
	if err != nil {
		return nil, fmt.Errorf("exchange the login code: %w", oauthErr(err))
	}
	tok := f.auth.fromOAuth2(t)
	if len(tok.Scopes) == 0 {
		tok.Scopes = Scopes
	}
	return tok, nil
}

// Login runs a whole login: it starts the flow, hands the authorization
// URL to show (which may open a browser, print it, and read a pasted URL
// into flow.Submit), waits, fetches who logged in with a client built from
// clientOpts, and saves the token to store.
func (a *Auth) Login(ctx context.Context, store *Store, opts LoginOptions, clientOpts Options, show func(flow *LoginFlow)) (*Token, error) {
	flow, err := a.StartLogin(opts)
	if err != nil {
		return nil, err
	}
	defer flow.Close()
	if show != nil {
		show(flow)
	}
	tok, err := flow.Wait(ctx)
	if err != nil {
		return nil, err
	}
	if clientOpts.BaseURL == "" {
		clientOpts.BaseURL = a.Endpoints.API.String()
	}
	c, err := NewClient(StaticToken{T: tok}, clientOpts)
	if err != nil {
		return nil, err
	}
	me, _, err := c.Me(ctx)
	if err != nil {
		return nil, fmt.Errorf("logged in, but could not read the account: %w", err)
	}
	tok.SetUser(me, c.now())
	if err := store.Save(tok); err != nil {
		return nil, err
	}
	return tok, nil
}
