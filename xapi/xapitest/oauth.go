package xapitest

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"html/template"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// codeTTL is how long an authorization code can be exchanged (X: about 30 s).
const codeTTL = 30 * time.Second

// knownScopes are the OAuth 2.0 scopes X defines (NOTES §3).
var knownScopes = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"tweet.read": true, "tweet.write": true, "tweet.moderate.write": true,
		"users.read": true, "users.email": true, "follows.read": true, "follows.write": true,
		"offline.access": true, "space.read": true, "mute.read": true, "mute.write": true,
		"like.read": true, "like.write": true, "list.read": true, "list.write": true,
		"block.read": true, "block.write": true, "bookmark.read": true, "bookmark.write": true,
		"dm.read": true, "dm.write": true, "media.write": true, "timeline.read": true,
	}
})

type authCode struct {
	clientID, redirectURI string
	challenge, method     string
	scopes                []string
	userID                string
	expires               time.Time
	used                  bool
}

type accessToken struct {
	clientID, userID string
	scopes           map[string]bool
	expires          time.Time
	revoked          bool
}

type refreshToken struct {
	clientID, userID string
	scopes           []string
	dead             bool // used (rotated) or revoked
}

// mintToken makes a token in X's style: base64url of
// "<random>:<epoch ms>:1:1:<kind>:1", kind being at, rt or ac.
func (s *Server) mintToken(kind string) string {
	raw := rand.Text() + rand.Text()[:17] + ":" + strconv.FormatInt(s.now().UnixMilli(), 10) + ":1:1:" + kind + ":1"
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// authenticate finds the user behind the request's bearer token.
func (s *Server) authenticate(r *http.Request) (*call, error) {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return nil, errors.New("missing bearer token")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	at := s.access[tok]
	if at == nil || at.revoked || !s.now().Before(at.expires) {
		return nil, errors.New("invalid or expired token")
	}
	u := s.userLocked(at.userID)
	if u == nil {
		return nil, errors.New("token of an unknown user")
	}
	cu := *u
	return &call{user: &cu, token: at}, nil
}

// IssueToken mints a token pair for userID as if clientID had completed the
// authorization-code flow with scopes, so tests can skip the browser. The
// refresh token is empty unless scopes include offline.access.
func (s *Server) IssueToken(clientID, userID string, scopes []string) TokenPair {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issueLocked(clientID, userID, scopes)
}

func (s *Server) issueLocked(clientID, userID string, scopes []string) TokenPair {
	set := map[string]bool{}
	for _, sc := range scopes {
		set[sc] = true
	}
	at := s.mintToken("at")
	s.access[at] = &accessToken{clientID: clientID, userID: userID, scopes: set, expires: s.now().Add(s.opts.TokenTTL)}
	p := TokenPair{AccessToken: at, ExpiresIn: int(s.opts.TokenTTL / time.Second)}
	if set["offline.access"] {
		p.RefreshToken = s.mintToken("rt")
		s.refresh[p.RefreshToken] = &refreshToken{clientID: clientID, userID: userID, scopes: slices.Clone(scopes)}
	}
	return p
}

// ExpireAccessTokens makes every access token issued so far answer 401, as
// if its lifetime had passed; refresh tokens keep working.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	past := s.now().Add(-time.Second)
	for _, at := range s.access {
		at.expires = past
	}
}

// authRequest is a validated authorize request.
type authRequest struct {
	client              *Client
	redirect            *url.URL
	state               string
	challenge, method   string
	scopes              []string
	clientID, scopeText string
	rawRedirect         string
}

// authorizeError is a failed authorize request: either it can be reported
// to the client's redirect (code set) or only on a page (page set).
type authorizeError struct {
	code, description string
	page              string
}

func (s *Server) validateAuthorize(q url.Values) (*authRequest, *authorizeError) {
	s.mu.Lock()
	client := s.clients[q.Get("client_id")]
	s.mu.Unlock()
	if client == nil {
		return nil, &authorizeError{page: "Something went wrong: this app (client_id) is not registered."}
	}
	rawRedirect := q.Get("redirect_uri")
	redirect, err := url.Parse(rawRedirect)
	if rawRedirect == "" || err != nil || !redirectAllowed(client, rawRedirect, redirect) {
		return nil, &authorizeError{page: "Something went wrong: the redirect_uri is not a registered callback URL of this app."}
	}
	ar := &authRequest{client: client, redirect: redirect, rawRedirect: rawRedirect, clientID: client.ID,
		state: q.Get("state"), challenge: q.Get("code_challenge"), method: q.Get("code_challenge_method")}
	fail := func(code, desc string) (*authRequest, *authorizeError) {
		return ar, &authorizeError{code: code, description: desc}
	}
	if q.Get("response_type") != "code" {
		return fail("unsupported_response_type", "response_type must be code")
	}
	ar.scopeText = q.Get("scope")
	ar.scopes = strings.Fields(ar.scopeText)
	if len(ar.scopes) == 0 {
		return fail("invalid_scope", "scope is required")
	}
	for _, sc := range ar.scopes {
		if !knownScopes()[sc] {
			return fail("invalid_scope", "unknown scope "+sc)
		}
	}
	if ar.state == "" || len(ar.state) > 500 {
		return fail("invalid_request", "state is required and at most 500 characters")
	}
	if ar.method == "" {
		ar.method = "plain"
	}
	if ar.method != "S256" && ar.method != "plain" {
		return fail("invalid_request", "code_challenge_method must be S256 or plain")
	}
	if len(ar.challenge) < 43 && ar.method == "S256" || ar.challenge == "" {
		return fail("invalid_request", "code_challenge is required")
	}
	return ar, nil
}

// redirectAllowed matches a redirect exactly against the client's
// registered callbacks, or, for a client without any, applies the loopback
// rule http://127.0.0.1:PORT/callback.
func redirectAllowed(c *Client, raw string, u *url.URL) bool {
	if len(c.Redirects) > 0 {
		return slices.Contains(c.Redirects, raw)
	}
	if u.Scheme != "http" || u.Hostname() != "127.0.0.1" || u.Path != "/callback" ||
		u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return false
	}
	port, err := strconv.Atoi(u.Port())
	return err == nil && port > 0 && port < 65536
}

// redirectWith sends the browser back to the client's callback with params
// added to its query.
func redirectWith(w http.ResponseWriter, r *http.Request, base *url.URL, params url.Values) {
	u := *base
	q := u.Query()
	for k, v := range params {
		q[k] = v
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	s.count()
	ar, aerr := s.validateAuthorize(r.URL.Query())
	if s.answerAuthorizeError(w, r, ar, aerr) {
		return
	}
	s.mu.Lock()
	auto := s.opts.AutoApprove
	users := make([]User, len(s.users))
	for i, u := range s.users {
		users[i] = *u
	}
	s.mu.Unlock()
	if auto {
		s.approve(w, r, ar, users[0].ID)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = consentPage().Execute(w, map[string]any{
		"Client": ar.clientID, "Scopes": ar.scopes, "Users": users,
		"Hidden": map[string]string{
			"response_type": "code", "client_id": ar.clientID, "redirect_uri": ar.rawRedirect,
			"scope": ar.scopeText, "state": ar.state, "code_challenge": ar.challenge,
			"code_challenge_method": ar.method,
		},
	})
}

// handleAuthorizeDecision receives the consent page's form.
func (s *Server) handleAuthorizeDecision(w http.ResponseWriter, r *http.Request) {
	s.count()
	if err := r.ParseForm(); err != nil {
		authorizePage(w, http.StatusBadRequest, "Something went wrong: the form could not be read.")
		return
	}
	ar, aerr := s.validateAuthorize(r.PostForm)
	if s.answerAuthorizeError(w, r, ar, aerr) {
		return
	}
	if r.PostForm.Get("decision") != "approve" {
		redirectWith(w, r, ar.redirect, url.Values{"error": {"access_denied"}, "state": {ar.state}})
		return
	}
	userID := r.PostForm.Get("user_id")
	s.mu.Lock()
	known := s.userLocked(userID) != nil
	if userID == "" {
		userID, known = s.users[0].ID, true
	}
	s.mu.Unlock()
	if !known {
		redirectWith(w, r, ar.redirect, url.Values{"error": {"invalid_request"}, "error_description": {"unknown account"}, "state": {ar.state}})
		return
	}
	s.approve(w, r, ar, userID)
}

func (s *Server) answerAuthorizeError(w http.ResponseWriter, r *http.Request, ar *authRequest, aerr *authorizeError) bool {
	switch {
	case aerr == nil:
		return false
	case aerr.page != "":
		authorizePage(w, http.StatusBadRequest, aerr.page)
	default:
		p := url.Values{"error": {aerr.code}, "error_description": {aerr.description}}
		if ar.state != "" {
			p.Set("state", ar.state)
		}
		redirectWith(w, r, ar.redirect, p)
	}
	return true
}

func (s *Server) approve(w http.ResponseWriter, r *http.Request, ar *authRequest, userID string) {
	s.mu.Lock()
	code := s.mintToken("ac")
	s.codes[code] = &authCode{
		clientID: ar.clientID, redirectURI: ar.rawRedirect, challenge: ar.challenge, method: ar.method,
		scopes: ar.scopes, userID: userID, expires: s.now().Add(codeTTL),
	}
	s.mu.Unlock()
	redirectWith(w, r, ar.redirect, url.Values{"state": {ar.state}, "code": {code}})
}

func authorizePage(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = errorPage().Execute(w, msg)
}

var consentPage = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("consent").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorize {{.Client}} - fake X</title></head>
<body>
<h1>{{.Client}} wants to access your X account</h1>
<form method="post" action="/i/oauth2/authorize">
{{range $k, $v := .Hidden}}<input type="hidden" name="{{$k}}" value="{{$v}}">
{{end}}<p><label>Account <select name="user_id">{{range .Users}}<option value="{{.ID}}">@{{.Username}} ({{.Name}})</option>{{end}}</select></label></p>
<p>It will be able to:</p>
<ul>{{range .Scopes}}<li>{{.}}</li>{{end}}</ul>
<button type="submit" name="decision" value="approve">Authorize app</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form>
</body></html>
`))
})

var errorPage = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("error").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Error - fake X</title></head>
<body><h1>{{.}}</h1></body></html>
`))
})

// tokenResponse is X's token answer, fields in the order X sends them.
type tokenResponse struct {
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	AccessToken  string `json:"access_token"`
	Scope        string `json:"scope"`
	RefreshToken string `json:"refresh_token,omitempty"`
}

const (
	descBadToken  = "Value passed for the token was invalid."
	descBadCode   = "Value passed for the authorization code was invalid."
	descNoAuthHdr = "Missing valid authorization header"
)

// oauthClient authenticates the client of a token or revoke request:
// confidential clients must use HTTP Basic, public ones send client_id in
// the form. It answers the error itself and returns nil on failure.
func (s *Server) oauthClient(w http.ResponseWriter, r *http.Request) *Client {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/x-www-form-urlencoded" {
		oauthError(w, http.StatusBadRequest, "invalid_request", "Content-Type must be application/x-www-form-urlencoded")
		return nil
	}
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "the form body could not be read")
		return nil
	}
	id, secret, basic := r.BasicAuth()
	if !basic {
		id = r.PostForm.Get("client_id")
	}
	s.mu.Lock()
	c := s.clients[id]
	s.mu.Unlock()
	switch {
	case c == nil:
		oauthError(w, http.StatusUnauthorized, "unauthorized_client", descNoAuthHdr)
		return nil
	case c.Secret != "" && !basic:
		oauthError(w, http.StatusUnauthorized, "unauthorized_client", descNoAuthHdr)
		return nil
	case basic && subtle.ConstantTimeCompare([]byte(secret), []byte(c.Secret)) != 1:
		oauthError(w, http.StatusUnauthorized, "unauthorized_client", descNoAuthHdr)
		return nil
	}
	return c
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	c := s.oauthClient(w, r)
	if c == nil {
		return
	}
	f := r.PostForm
	switch f.Get("grant_type") {
	case "authorization_code":
		s.exchangeCode(w, c, f)
	case "refresh_token":
		s.refreshGrant(w, c, f)
	case "":
		oauthError(w, http.StatusBadRequest, "invalid_request", "Missing required parameter [grant_type].")
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
	}
}

func (s *Server) exchangeCode(w http.ResponseWriter, c *Client, f url.Values) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ac := s.codes[f.Get("code")]
	if ac == nil || ac.used || !s.now().Before(ac.expires) || ac.clientID != c.ID ||
		ac.redirectURI != f.Get("redirect_uri") || !pkceMatches(ac.method, ac.challenge, f.Get("code_verifier")) {
		oauthError(w, http.StatusBadRequest, "invalid_request", descBadCode)
		return
	}
	ac.used = true
	p := s.issueLocked(c.ID, ac.userID, ac.scopes)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, tokenResponse{TokenType: "bearer", ExpiresIn: p.ExpiresIn,
		AccessToken: p.AccessToken, Scope: strings.Join(ac.scopes, " "), RefreshToken: p.RefreshToken})
}

// pkceMatches checks a code_verifier against the stored challenge (RFC
// 7636): S256 compares base64url(sha256(verifier)), plain compares as is.
func pkceMatches(method, challenge, verifier string) bool {
	if len(verifier) < 43 || len(verifier) > 128 {
		return false
	}
	want := verifier
	if method == "S256" {
		sum := sha256.Sum256([]byte(verifier))
		want = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	return subtle.ConstantTimeCompare([]byte(want), []byte(challenge)) == 1
}

func (s *Server) refreshGrant(w http.ResponseWriter, c *Client, f url.Values) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rt := s.refresh[f.Get("refresh_token")]
	if rt == nil || rt.dead || rt.clientID != c.ID || s.opts.RefuseRefresh {
		oauthError(w, http.StatusBadRequest, "invalid_request", descBadToken)
		return
	}
	rt.dead = true
	s.counters.TokenRefreshes++
	p := s.issueLocked(c.ID, rt.userID, rt.scopes)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, tokenResponse{TokenType: "bearer", ExpiresIn: p.ExpiresIn,
		AccessToken: p.AccessToken, Scope: strings.Join(rt.scopes, " "), RefreshToken: p.RefreshToken})
}

// handleRevoke revokes an access or refresh token of the calling client.
// As RFC 7009 asks, an unknown token is not an error.
func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	c := s.oauthClient(w, r)
	if c == nil {
		return
	}
	tok := r.PostForm.Get("token")
	if tok == "" {
		oauthError(w, http.StatusBadRequest, "invalid_request", "Missing required parameter [token].")
		return
	}
	s.mu.Lock()
	if at := s.access[tok]; at != nil && at.clientID == c.ID {
		at.revoked = true
	}
	if rt := s.refresh[tok]; rt != nil && rt.clientID == c.ID {
		rt.dead = true
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]bool{"revoked": true})
}
