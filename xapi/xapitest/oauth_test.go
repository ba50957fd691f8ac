package xapitest

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

const (
	testVerifier = "dBjftJeZ4CVP-mJ0cycxE9QdrR1WwQvKRXRsR5I2a1Y0abc"
	testRedirect = "http://127.0.0.1:8765/callback"
	testScope    = "tweet.read tweet.write users.read media.write offline.access"
)

func authorizeQuery(mod func(url.Values)) url.Values {
	q := url.Values{
		"response_type": {"code"}, "client_id": {DemoClientID}, "redirect_uri": {testRedirect},
		"scope": {testScope}, "state": {"st4te"}, "code_challenge": {s256(testVerifier)},
		"code_challenge_method": {"S256"},
	}
	if mod != nil {
		mod(q)
	}
	return q
}

// authorize runs the authorize step with auto-approve and returns the
// redirect's query.
func authorize(t *testing.T, s *Server, q url.Values) url.Values {
	t.Helper()
	r := do(t, s, http.MethodGet, "/i/oauth2/authorize?"+q.Encode(), "", nil, "")
	if r.status != http.StatusFound {
		t.Fatalf("authorize = %d %s", r.status, r.body)
	}
	loc, err := url.Parse(r.header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return loc.Query()
}

func exchange(t *testing.T, s *Server, code, verifier string) reply {
	t.Helper()
	return postForm(t, s, "/2/oauth2/token", url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {testRedirect},
		"code_verifier": {verifier}, "client_id": {DemoClientID},
	}, "", "")
}

func TestAuthorizationCodeFlow(t *testing.T) {
	t.Parallel()
	s, _, _ := newTestServer(t, Options{AutoApprove: true, TokenTTL: time.Hour})
	back := authorize(t, s, authorizeQuery(nil))
	if back.Get("state") != "st4te" || back.Get("code") == "" {
		t.Fatalf("redirect query = %v", back)
	}
	r := exchange(t, s, back.Get("code"), testVerifier)
	if r.status != http.StatusOK {
		t.Fatalf("token = %d %s", r.status, r.body)
	}
	m := r.json(t)
	if m["token_type"] != "bearer" || m["expires_in"] != float64(3600) || m["scope"] != testScope ||
		m["access_token"] == "" || m["refresh_token"] == "" {
		t.Fatalf("token answer = %v", m)
	}
	me := do(t, s, http.MethodGet, "/2/users/me", m["access_token"].(string), nil, "")
	if me.status != http.StatusOK || !strings.Contains(string(me.body), `"username":"xpostdemo"`) {
		t.Fatalf("users/me = %d %s", me.status, me.body)
	}
	// The code is single-use.
	if r := exchange(t, s, back.Get("code"), testVerifier); r.status != http.StatusBadRequest ||
		!strings.Contains(string(r.body), descBadCode) {
		t.Errorf("second exchange = %d %s", r.status, r.body)
	}
}

func TestTokenMintedInXStyle(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{})
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	parts := strings.Split(string(raw), ":")
	if err != nil || len(parts) != 6 || parts[1] != "1785585600000" || parts[4] != "at" {
		t.Errorf("access token decodes to %q (%v), want <random>:<epoch ms>:1:1:at:1", raw, err)
	}
	p := s.IssueToken(DemoClientID, "1", []string{"tweet.read"})
	if p.RefreshToken != "" {
		t.Error("refresh token issued without offline.access")
	}
	if p.ExpiresIn != 7200 {
		t.Errorf("default ExpiresIn = %d, want 7200", p.ExpiresIn)
	}
}

func TestCodeExchangeFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		wait     time.Duration
		verifier string
		redirect string
	}{
		{name: "wrong verifier", verifier: strings.Repeat("x", 43)},
		{name: "short verifier", verifier: "abc"},
		{name: "expired after 30s", wait: 31 * time.Second},
		{name: "other redirect", redirect: "http://127.0.0.1:9999/callback"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, clock, _ := newTestServer(t, Options{AutoApprove: true})
			code := authorize(t, s, authorizeQuery(nil)).Get("code")
			clock.Advance(tt.wait)
			verifier := testVerifier
			if tt.verifier != "" {
				verifier = tt.verifier
			}
			redirect := testRedirect
			if tt.redirect != "" {
				redirect = tt.redirect
			}
			r := postForm(t, s, "/2/oauth2/token", url.Values{
				"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect},
				"code_verifier": {verifier}, "client_id": {DemoClientID},
			}, "", "")
			if r.status != http.StatusBadRequest || r.json(t)["error"] != "invalid_request" {
				t.Errorf("exchange = %d %s", r.status, r.body)
			}
		})
	}
}

func TestCodeValidJustBefore30s(t *testing.T) {
	t.Parallel()
	s, clock, _ := newTestServer(t, Options{AutoApprove: true})
	code := authorize(t, s, authorizeQuery(nil)).Get("code")
	clock.Advance(29 * time.Second)
	if r := exchange(t, s, code, testVerifier); r.status != http.StatusOK {
		t.Errorf("exchange at 29s = %d %s", r.status, r.body)
	}
}

func TestPlainChallenge(t *testing.T) {
	t.Parallel()
	s, _, _ := newTestServer(t, Options{AutoApprove: true})
	code := authorize(t, s, authorizeQuery(func(q url.Values) {
		q.Set("code_challenge", testVerifier)
		q.Set("code_challenge_method", "plain")
	})).Get("code")
	if r := exchange(t, s, code, testVerifier); r.status != http.StatusOK {
		t.Errorf("plain exchange = %d %s", r.status, r.body)
	}
}

func TestAuthorizeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		mod       func(url.Values)
		wantError string // redirect error; "" means a 400 page
	}{
		{name: "unknown client", mod: func(q url.Values) { q.Set("client_id", "nope") }},
		{name: "https redirect", mod: func(q url.Values) { q.Set("redirect_uri", "https://127.0.0.1:8765/callback") }},
		{name: "other host", mod: func(q url.Values) { q.Set("redirect_uri", "http://example.com:8765/callback") }},
		{name: "other path", mod: func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:8765/cb") }},
		{name: "no port", mod: func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1/callback") }},
		{name: "response type", mod: func(q url.Values) { q.Set("response_type", "token") }, wantError: "unsupported_response_type"},
		{name: "unknown scope", mod: func(q url.Values) { q.Set("scope", "tweet.read everything") }, wantError: "invalid_scope"},
		{name: "no scope", mod: func(q url.Values) { q.Del("scope") }, wantError: "invalid_scope"},
		{name: "no state", mod: func(q url.Values) { q.Del("state") }, wantError: "invalid_request"},
		{name: "no challenge", mod: func(q url.Values) { q.Del("code_challenge") }, wantError: "invalid_request"},
		{name: "bad method", mod: func(q url.Values) { q.Set("code_challenge_method", "S512") }, wantError: "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _, _ := newTestServer(t, Options{AutoApprove: true})
			r := do(t, s, http.MethodGet, "/i/oauth2/authorize?"+authorizeQuery(tt.mod).Encode(), "", nil, "")
			if tt.wantError == "" {
				if r.status != http.StatusBadRequest || !strings.Contains(r.header.Get("Content-Type"), "text/html") {
					t.Errorf("authorize = %d %s, want a 400 page", r.status, r.body)
				}
				return
			}
			if r.status != http.StatusFound {
				t.Fatalf("authorize = %d %s, want a redirect", r.status, r.body)
			}
			loc, _ := url.Parse(r.header.Get("Location"))
			if got := loc.Query().Get("error"); got != tt.wantError || loc.Query().Get("code") != "" {
				t.Errorf("redirect %s: error = %q, want %q", loc, got, tt.wantError)
			}
		})
	}
}

func TestConsentPage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		decision  string
		wantError string
	}{
		{name: "approve", decision: "approve"},
		{name: "deny", decision: "deny", wantError: "access_denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _, _ := newTestServer(t, Options{})
			second := s.AddUser(User{Username: "second"})
			q := authorizeQuery(nil)
			page := do(t, s, http.MethodGet, "/i/oauth2/authorize?"+q.Encode(), "", nil, "")
			if page.status != http.StatusOK || !strings.Contains(string(page.body), `value="approve"`) ||
				!strings.Contains(string(page.body), `value="deny"`) || !strings.Contains(string(page.body), "@second") {
				t.Fatalf("consent page = %d %s", page.status, page.body)
			}
			form := url.Values{}
			for k, v := range q {
				form[k] = v
			}
			form.Set("decision", tt.decision)
			form.Set("user_id", second.ID)
			r := do(t, s, http.MethodPost, "/i/oauth2/authorize", "", form.Encode(), "application/x-www-form-urlencoded")
			if r.status != http.StatusFound {
				t.Fatalf("decision = %d %s", r.status, r.body)
			}
			loc, _ := url.Parse(r.header.Get("Location"))
			if loc.Query().Get("state") != "st4te" || loc.Query().Get("error") != tt.wantError {
				t.Fatalf("redirect = %s", loc)
			}
			if tt.wantError != "" {
				return
			}
			tok := exchange(t, s, loc.Query().Get("code"), testVerifier).json(t)["access_token"].(string)
			me := do(t, s, http.MethodGet, "/2/users/me", tok, nil, "")
			if !strings.Contains(string(me.body), `"username":"second"`) {
				t.Errorf("token is not the chosen account's: %s", me.body)
			}
		})
	}
}

func TestRefreshRotation(t *testing.T) {
	t.Parallel()
	s, _, _ := newTestServer(t, Options{})
	p := s.IssueToken(DemoClientID, "1", allScopes)
	refresh := func(rt string) reply {
		return postForm(t, s, "/2/oauth2/token", url.Values{
			"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {DemoClientID},
		}, "", "")
	}
	r := refresh(p.RefreshToken)
	if r.status != http.StatusOK {
		t.Fatalf("refresh = %d %s", r.status, r.body)
	}
	m := r.json(t)
	newRT := m["refresh_token"].(string)
	if newRT == "" || newRT == p.RefreshToken || m["access_token"] == p.AccessToken {
		t.Fatalf("refresh did not rotate: %v", m)
	}
	again := refresh(p.RefreshToken)
	if again.status != http.StatusBadRequest || string(again.body) !=
		`{"error":"invalid_request","error_description":"Value passed for the token was invalid."}` {
		t.Errorf("reuse = %d %s", again.status, again.body)
	}
	if r := refresh(newRT); r.status != http.StatusOK {
		t.Errorf("refresh with the rotated token = %d %s", r.status, r.body)
	}
	if got := s.State().Counters.TokenRefreshes; got != 2 {
		t.Errorf("token_refreshes = %d, want 2", got)
	}
}

func TestClientAuthentication(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		bodyClientID string
		basicID      string
		basicSecret  string
		wantStatus   int
	}{
		{name: "confidential with basic", basicID: "conf", basicSecret: "s3cret", wantStatus: 200},
		{name: "confidential in body", bodyClientID: "conf", wantStatus: 401},
		{name: "confidential wrong secret", basicID: "conf", basicSecret: "nope", wantStatus: 401},
		{name: "public in body", bodyClientID: "pub", wantStatus: 200},
		{name: "unknown client", bodyClientID: "ghost", wantStatus: 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _, _ := newTestServer(t, Options{})
			s.RegisterClient(Client{ID: "conf", Secret: "s3cret", Redirects: []string{"https://app.example/cb"}})
			s.RegisterClient(Client{ID: "pub"})
			client := tt.bodyClientID
			if client == "" || client == "ghost" {
				client = tt.basicID
			}
			if client == "" {
				client = "pub"
			}
			p := s.IssueToken(client, "1", allScopes)
			form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {p.RefreshToken}}
			if tt.bodyClientID != "" {
				form.Set("client_id", tt.bodyClientID)
			}
			r := postForm(t, s, "/2/oauth2/token", form, tt.basicID, tt.basicSecret)
			if r.status != tt.wantStatus {
				t.Fatalf("token = %d %s, want %d", r.status, r.body, tt.wantStatus)
			}
			if tt.wantStatus == 401 && string(r.body) != `{"error":"unauthorized_client","error_description":"Missing valid authorization header"}` {
				t.Errorf("401 body = %s", r.body)
			}
		})
	}
}

func TestTokenEndpointNeedsForm(t *testing.T) {
	t.Parallel()
	s, _, _ := newTestServer(t, Options{})
	r := do(t, s, http.MethodPost, "/2/oauth2/token", "", map[string]string{"grant_type": "refresh_token"}, "")
	if r.status != http.StatusBadRequest || r.json(t)["error"] != "invalid_request" {
		t.Errorf("JSON token request = %d %s", r.status, r.body)
	}
}

func TestRevoke(t *testing.T) {
	t.Parallel()
	s, _, _ := newTestServer(t, Options{})
	p := s.IssueToken(DemoClientID, "1", allScopes)
	for _, tok := range []string{p.AccessToken, p.RefreshToken, "unknown"} {
		r := postForm(t, s, "/2/oauth2/revoke", url.Values{"token": {tok}, "client_id": {DemoClientID}}, "", "")
		if r.status != http.StatusOK || string(r.body) != `{"revoked":true}` {
			t.Fatalf("revoke = %d %s", r.status, r.body)
		}
	}
	if r := do(t, s, http.MethodGet, "/2/users/me", p.AccessToken, nil, ""); r.status != http.StatusUnauthorized {
		t.Errorf("revoked access token: users/me = %d", r.status)
	}
	r := postForm(t, s, "/2/oauth2/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {p.RefreshToken}, "client_id": {DemoClientID}}, "", "")
	if r.status != http.StatusBadRequest {
		t.Errorf("revoked refresh token = %d %s", r.status, r.body)
	}
}

func TestAccessTokenExpiry(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		expire func(*Server, *FakeClock)
	}{
		{name: "ttl passes", expire: func(_ *Server, c *FakeClock) { c.Advance(2 * time.Hour) }},
		{name: "ExpireAccessTokens", expire: func(s *Server, _ *FakeClock) { s.ExpireAccessTokens() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, clock, tok := newTestServer(t, Options{})
			if r := do(t, s, http.MethodGet, "/2/users/me", tok, nil, ""); r.status != http.StatusOK {
				t.Fatalf("fresh token = %d", r.status)
			}
			tt.expire(s, clock)
			r := do(t, s, http.MethodGet, "/2/users/me", tok, nil, "")
			if r.status != http.StatusUnauthorized || string(r.body) != `{"detail":"Unauthorized","title":"Unauthorized","type":"about:blank","status":401}` {
				t.Errorf("expired token = %d %s", r.status, r.body)
			}
		})
	}
}
