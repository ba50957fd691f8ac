package xapitest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// allScopes are the scopes xpost asks for.
var allScopes = []string{"tweet.read", "tweet.write", "users.read", "media.write", "offline.access"}

// epoch is the fake clock's start in tests.
var epoch = time.Date(2026, 8, 1, 12, 0, 0, 0, time.UTC)

// newTestServer starts a server on a fake clock and returns it with a token
// of the demo user carrying all of xpost's scopes.
func newTestServer(t *testing.T, opts Options) (*Server, *FakeClock, string) {
	t.Helper()
	clock := NewFakeClock(epoch)
	if opts.Clock == nil {
		opts.Clock = clock
	}
	s := NewServer(opts)
	t.Cleanup(s.Close)
	tok := s.IssueToken(DemoClientID, s.DemoUser().ID, allScopes)
	return s, clock, tok.AccessToken
}

// reply is a decoded answer.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("answer is not a JSON object: %v: %s", err, r.body)
	}
	return m
}

// do sends one request. body may be a string (sent as is with contentType)
// or any other value (sent as JSON).
func do(t *testing.T, s *Server, method, path, token string, body any, contentType string) reply {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = strings.NewReader(string(b))
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = strings.NewReader(string(j))
		if contentType == "" {
			contentType = "application/json"
		}
	}
	req, err := http.NewRequestWithContext(t.Context(), method, s.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return send(t, req)
}

func send(t *testing.T, req *http.Request) reply {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: b}
}

// postForm sends a form to the token or revoke endpoint, with Basic auth
// when secret is set.
func postForm(t *testing.T, s *Server, path string, form url.Values, basicID, basicSecret string) reply {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, s.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicID != "" {
		req.SetBasicAuth(basicID, basicSecret)
	}
	return send(t, req)
}

// createPost posts text and returns the new id, failing the test on any
// other answer than 201.
func createPost(t *testing.T, s *Server, token string, body any) string {
	t.Helper()
	r := do(t, s, http.MethodPost, "/2/tweets", token, body, "")
	if r.status != http.StatusCreated {
		t.Fatalf("POST /2/tweets = %d %s", r.status, r.body)
	}
	return r.json(t)["data"].(map[string]any)["id"].(string)
}

// errorMessage returns errors[0].message of an invalid-request problem, or
// the detail of any other problem.
func errorMessage(t *testing.T, r reply) string {
	t.Helper()
	m := r.json(t)
	if errs, ok := m["errors"].([]any); ok && len(errs) > 0 {
		if msg, ok := errs[0].(map[string]any)["message"].(string); ok {
			return msg
		}
	}
	d, _ := m["detail"].(string)
	return d
}

func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
