package xapitest

import (
	"maps"
	"net/http"
	"time"
)

// Scopes X requires per endpoint (spec 2.166 security requirements).
var (
	scopesRead  = []string{"tweet.read", "users.read"}
	scopesWrite = []string{"tweet.read", "tweet.write", "users.read"}
	scopesMedia = []string{"media.write"}
)

// endpoint describes one API route: its rate-limit bucket, the scopes it
// needs, whether it mutates (and so may act-then-drop), and its handler.
// Billable handlers charge pay-per-use credits themselves (billLocked),
// since the price depends on what the request turns out to be.
type endpoint struct {
	name     string // rate-limit bucket, e.g. "POST /2/tweets"
	limit    int    // requests per user per 15-minute window
	scopes   []string
	mutating bool
	handle   func(w http.ResponseWriter, r *http.Request, c *call)
}

// call is what the pipeline hands a handler: the authenticated user and
// token.
type call struct {
	user  *User
	token *accessToken
}

func (s *Server) routes() http.Handler {
	return s.gzip(s.mux())
}

func (s *Server) mux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /i/oauth2/authorize", s.handleAuthorize)
	mux.HandleFunc("POST /i/oauth2/authorize", s.handleAuthorizeDecision)
	mux.Handle("POST /2/oauth2/token", s.plain("POST /2/oauth2/token", s.handleToken))
	mux.Handle("POST /2/oauth2/revoke", s.plain("POST /2/oauth2/revoke", s.handleRevoke))
	mux.HandleFunc("GET /_fake/state", s.handleState)

	api := func(pattern string, e endpoint) { mux.Handle(pattern, s.api(e)) }
	api("GET /2/users/me", endpoint{name: "GET /2/users/me", limit: 75, scopes: scopesRead, handle: s.handleUsersMe})
	api("GET /2/users/{id}/tweets", endpoint{name: "GET /2/users/:id/tweets", limit: 900, scopes: scopesRead, handle: s.handleUserTweets})
	api("GET /2/tweets/{id}", endpoint{name: "GET /2/tweets/:id", limit: 900, scopes: scopesRead, handle: s.handleGetTweet})
	api("POST /2/tweets", endpoint{name: "POST /2/tweets", limit: 100, scopes: scopesWrite, mutating: true, handle: s.handleCreateTweet})
	api("DELETE /2/tweets/{id}", endpoint{name: "DELETE /2/tweets/:id", limit: 50, scopes: scopesWrite, mutating: true, handle: s.handleDeleteTweet})
	api("POST /2/media/upload", endpoint{name: "POST /2/media/upload", limit: 500, scopes: scopesMedia, mutating: true, handle: s.handleOneShotUpload})
	api("GET /2/media/upload", endpoint{name: "GET /2/media/upload", limit: 1000, scopes: scopesMedia, handle: s.handleMediaStatus})
	api("POST /2/media/upload/initialize", endpoint{name: "POST /2/media/upload/initialize", limit: 1875, scopes: scopesMedia, mutating: true, handle: s.handleMediaInit})
	api("POST /2/media/upload/{id}/append", endpoint{name: "POST /2/media/upload/:id/append", limit: 1875, scopes: scopesMedia, mutating: true, handle: s.handleMediaAppend})
	api("POST /2/media/upload/{id}/finalize", endpoint{name: "POST /2/media/upload/:id/finalize", limit: 1875, scopes: scopesMedia, mutating: true, handle: s.handleMediaFinalize})
	api("POST /2/media/metadata", endpoint{name: "POST /2/media/metadata", limit: 500, scopes: scopesMedia, mutating: true, handle: s.handleMediaMetadata})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.count()
		genericProblem(w, http.StatusNotFound, "Sorry, that page does not exist.")
	})
	return mux
}

func (s *Server) count() { s.countAt("") }

// countAt counts a request, and when endpoint is named, a request to it
// (see [Server.RequestsTo]).
func (s *Server) countAt(endpoint string) {
	s.mu.Lock()
	s.counters.Requests++
	if endpoint != "" {
		if s.byEndpoint == nil {
			s.byEndpoint = map[string]int{}
		}
		s.byEndpoint[endpoint]++
	}
	s.mu.Unlock()
}

// RequestsTo returns how many requests the server has received at one
// endpoint, named as its rate-limit bucket: "POST /2/tweets",
// "GET /2/users/me", "GET /2/users/:id/tweets", "POST /2/oauth2/token"...
func (s *Server) RequestsTo(endpoint string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byEndpoint[endpoint]
}

// RequestsByEndpoint returns how many requests each endpoint received.
func (s *Server) RequestsByEndpoint() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.byEndpoint)
}

// plain wraps the OAuth endpoints: counted and delayed like the API, but
// without bearer auth, rate limits or injected failures (a login should not
// flake; the API calls after it are where faults are exercised).
func (s *Server) plain(name string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.countAt(name)
		if !s.delay(r) {
			panic(http.ErrAbortHandler)
		}
		h(w, r)
	})
}

// api wraps an endpoint in X's pipeline: latency, injected failure, bearer
// auth (401), scopes (403), the rate limit (429, headers on every answer),
// then the handler, whose answer may be dropped after it acted.
func (s *Server) api(e endpoint) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.countAt(e.name)
		if !s.delay(r) {
			panic(http.ErrAbortHandler)
		}
		c, authErr := s.authenticate(r)
		userKey := ""
		if c != nil {
			userKey = c.user.ID
		}
		if status, ok := s.rollFailure(); ok {
			s.limits.peek(w.Header(), userKey, e, s.now())
			genericProblem(w, status, http.StatusText(status))
			return
		}
		if authErr != nil {
			s.limits.peek(w.Header(), "", e, s.now())
			genericProblem(w, http.StatusUnauthorized, "Unauthorized")
			return
		}
		if !hasScopes(c.token.scopes, e.scopes) {
			s.limits.peek(w.Header(), userKey, e, s.now())
			genericProblem(w, http.StatusForbidden, "Forbidden")
			return
		}
		if !s.limits.take(w.Header(), userKey, e, s.now()) {
			genericProblem(w, http.StatusTooManyRequests, "Too Many Requests")
			return
		}
		if kind, ok := s.rollOdd429(); ok {
			writeOdd429(w, kind, s.now())
			return
		}
		buf := newBufferedResponse()
		e.handle(buf, r, c)
		if e.mutating && buf.status < 300 && s.rollDrop() {
			dropConnection(w)
			return
		}
		buf.flushTo(w)
	})
}

// delay sleeps for the configured latency. It reports false when the
// client went away or the server is closing; the caller then aborts, which
// drops the connection rather than sending an empty answer.
func (s *Server) delay(r *http.Request) bool {
	s.mu.Lock()
	d := s.faults.Latency
	s.mu.Unlock()
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	case <-s.done:
		return false
	}
}

func hasScopes(have map[string]bool, need []string) bool {
	for _, n := range need {
		if !have[n] {
			return false
		}
	}
	return true
}
