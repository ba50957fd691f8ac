package xapitest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"
)

func TestCreditsDepleted(t *testing.T) {
	t.Parallel()
	// Two plain posts' worth: $0.030.
	s, _, tok := newTestServer(t, Options{MeterCredits: true, Credits: 2 * Prices[ChargePost]})
	createPost(t, s, tok, map[string]any{"text": "one"})
	// A refused request costs nothing, and media upload is not billed.
	if r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"text": ""}, ""); r.status != http.StatusBadRequest {
		t.Fatalf("empty post = %d %s", r.status, r.body)
	}
	uploadImage(t, s, tok, pngHead)
	if got := *s.State().Credits; got != Prices[ChargePost] {
		t.Errorf("credits after one post = %d, want %d", got, Prices[ChargePost])
	}
	createPost(t, s, tok, map[string]any{"text": "two"})
	for _, req := range []struct{ method, path string }{{"POST", "/2/tweets"}, {"GET", "/2/users/me"}, {"GET", "/2/users/1/tweets"}} {
		var body any
		if req.method == "POST" {
			body = map[string]any{"text": "three"}
		}
		r := do(t, s, req.method, req.path, tok, body, "")
		want := `{"account_id":` + developerAccountID + `,"title":"CreditsDepleted","detail":"Your enrolled account [` + developerAccountID +
			`] does not have any credits to fulfill this request.","type":"https://api.twitter.com/2/problems/credits"}`
		if r.status != http.StatusPaymentRequired || string(r.body) != want {
			t.Errorf("%s %s with no credits = %d %s", req.method, req.path, r.status, r.body)
		}
	}
	uploadImage(t, s, tok, pngHead) // still free
	st := s.State()
	if len(st.Posts) != 2 || st.Counters.CreditsRefused != 3 || *st.Credits != 0 || st.Balance != "$0.000" {
		t.Errorf("state = %d posts, %d refused, %d credits (%s)", len(st.Posts), st.Counters.CreditsRefused, *st.Credits, st.Balance)
	}
	s.SetCredits(-1)
	createPost(t, s, tok, map[string]any{"text": "three"})
	if s.State().Credits != nil {
		t.Error("state shows credits while not metered")
	}
}

// TestPrices: each kind of request costs its line of X's 2026 price list,
// reads per resource and once per UTC day, and /_fake/state adds it up.
func TestPrices(t *testing.T) {
	t.Parallel()
	s, clock, tok := newTestServer(t, Options{MeterCredits: true, Credits: 10 * Dollar, TokenTTL: 72 * time.Hour})
	other := s.AddUser(User{Username: "alice"})
	otherTok := s.IssueToken(DemoClientID, other.ID, allScopes).AccessToken
	mention := createPost(t, s, otherTok, map[string]any{"text": "hey @xpostdemo, thoughts?"})
	spent := func() int { return 10*Dollar - *s.State().Credits }
	tests := []struct {
		name string
		do   func()
		want int
	}{
		{"a post", func() { createPost(t, s, tok, map[string]any{"text": "plain"}) }, 15},
		{"a post with a link", func() { createPost(t, s, tok, map[string]any{"text": "see https://example.com"}) }, 200},
		{"a post with a bare domain", func() { createPost(t, s, tok, map[string]any{"text": "see example.com"}) }, 200},
		{"a summoned reply", func() {
			createPost(t, s, tok, map[string]any{"text": "glad you asked", "reply": map[string]any{"in_reply_to_tweet_id": mention}})
		}, 10},
		{"the user, read", func() { do(t, s, http.MethodGet, "/2/users/me", tok, nil, "") }, 10},
		{"the user, read again the same day", func() { do(t, s, http.MethodGet, "/2/users/me", tok, nil, "") }, 0},
		{"own timeline: four posts", func() { do(t, s, http.MethodGet, "/2/users/1/tweets", tok, nil, "") }, 4},
		{"another's timeline: one post", func() { do(t, s, http.MethodGet, "/2/users/"+other.ID+"/tweets", tok, nil, "") }, 5},
		{"a post read again the same day (on alice's timeline before)", func() { do(t, s, http.MethodGet, "/2/tweets/"+mention, tok, nil, "") }, 0},
		{"a missing post", func() { do(t, s, http.MethodGet, "/2/tweets/999", tok, nil, "") }, 0},
		{"alt text", func() {
			img := uploadImage(t, s, tok, pngHead)
			do(t, s, http.MethodPost, "/2/media/metadata", tok, map[string]any{"id": img, "metadata": map[string]any{"alt_text": map[string]any{"text": "a dot"}}}, "")
		}, 5},
		{"a delete", func() {
			do(t, s, http.MethodDelete, "/2/tweets/"+createPost(t, s, tok, map[string]any{"text": "oops"}), tok, nil, "")
		}, 15 + 5},
		{"the next UTC day, the user again", func() {
			clock.Advance(24 * time.Hour)
			do(t, s, http.MethodGet, "/2/users/me", tok, nil, "")
		}, 10},
	}
	for _, tt := range tests {
		before := spent()
		tt.do()
		if got := spent() - before; got != tt.want {
			t.Errorf("%s cost %d credits, want %d", tt.name, got, tt.want)
		}
	}
	st := s.State()
	byKind := map[string]StateCharge{}
	total := 0
	for _, c := range st.Charges {
		byKind[c.Kind] = c
		total += c.Credits
	}
	if total != spent() || st.Balance != FormatUSD(*st.Credits) {
		t.Errorf("charges add up to %d, spent %d; balance %s", total, spent(), st.Balance)
	}
	if c := byKind[ChargePostURL]; c.Requests != 2 || c.USD != "$0.400" || c.Price != "$0.200" {
		t.Errorf("post_url charge = %+v", c)
	}
	if c := byKind[ChargeOwnedRead]; c.Requests != 1 || c.Resources != 4 || c.Credits != 4 {
		t.Errorf("owned_read charge = %+v", c)
	}
	// Not enough for a post with a link: refused without posting.
	s.SetCredits(199)
	r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"text": "https://example.org"}, "")
	if r.status != http.StatusPaymentRequired || len(s.State().Posts) != len(st.Posts) {
		t.Errorf("a $0.20 post on $0.199 = %d %s", r.status, r.body)
	}
	createPost(t, s, tok, map[string]any{"text": "no link, fits"})
}

func TestParseUSD(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int
		bad  bool
	}{
		{in: "0.50", want: 500}, {in: "$2", want: 2000}, {in: "1.015", want: 1015}, {in: ".2", want: 200},
		{in: "0", want: 0}, {in: "3.", want: 3000},
		{in: "0.0001", bad: true}, {in: "-1", bad: true}, {in: "abc", bad: true}, {in: "", bad: true}, {in: "$", bad: true},
		{in: "1e3", bad: true}, {in: "99999999", bad: true},
	}
	for _, tt := range tests {
		got, err := ParseUSD(tt.in)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("ParseUSD(%q) = %d, %v", tt.in, got, err)
		}
	}
	if FormatUSD(15) != "$0.015" || FormatUSD(1200) != "$1.200" || FormatUSD(0) != "$0.000" {
		t.Error("FormatUSD")
	}
}

func TestCreditsProblemDepleted(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{MeterCredits: true, CreditsProblem: CreditsProblemDepleted})
	r := do(t, s, http.MethodGet, "/2/users/me", tok, nil, "")
	if r.status != http.StatusPaymentRequired ||
		string(r.body) != `{"detail":"credits depleted","status":402,"title":"Payment Required","type":"https://api.x.com/2/problems/credits-depleted"}` {
		t.Errorf("= %d %s", r.status, r.body)
	}
}

func TestUsageCap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		period string
		want   string // the period in the body
		reset  time.Duration
	}{
		{name: "monthly by default", want: "Monthly", reset: 30 * 24 * time.Hour},
		{name: "daily", period: PeriodDaily, want: "Daily", reset: 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, clock, tok := newTestServer(t, Options{UsageCap: 2, UsageCapPeriod: tt.period, TokenTTL: 60 * 24 * time.Hour})
			createPost(t, s, tok, map[string]any{"text": "one"})
			createPost(t, s, tok, map[string]any{"text": "two"})
			r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"text": "three"}, "")
			want := `{"account_id":"` + developerAccountID + `","product_name":"standard-basic","title":"UsageCapExceeded","period":"` + tt.want +
				`","scope":"Product","detail":"Usage cap exceeded: ` + tt.want + ` product cap","type":"https://api.twitter.com/2/problems/usage-capped"}`
			if r.status != http.StatusTooManyRequests || string(r.body) != want {
				t.Fatalf("third post = %d %s", r.status, r.body)
			}
			if n, _ := strconv.Atoi(r.header.Get("x-rate-limit-remaining")); n <= 0 {
				t.Errorf("x-rate-limit-remaining = %q, want the window's requests left", r.header.Get("x-rate-limit-remaining"))
			}
			if got := s.State(); len(got.Posts) != 2 || got.Counters.UsageCapped != 1 {
				t.Errorf("state = %d posts, %d capped", len(got.Posts), got.Counters.UsageCapped)
			}
			// Reads are not capped; the cap lifts when its period ends.
			if r := do(t, s, http.MethodGet, "/2/users/me", tok, nil, ""); r.status != http.StatusOK {
				t.Errorf("users/me = %d", r.status)
			}
			clock.Advance(tt.reset - time.Second)
			if r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"text": "four"}, ""); r.status != http.StatusTooManyRequests {
				t.Errorf("just before the period ends = %d %s", r.status, r.body)
			}
			clock.Advance(time.Second)
			createPost(t, s, tok, map[string]any{"text": "five"})
		})
	}
}

func TestOdd429(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		kind  string
		check func(t *testing.T, h http.Header, now time.Time)
	}{
		{name: "requests left", kind: Odd429Remaining, check: func(t *testing.T, h http.Header, now time.Time) {
			if n, _ := strconv.Atoi(h.Get("x-rate-limit-remaining")); n <= 0 {
				t.Errorf("x-rate-limit-remaining = %q, want positive", h.Get("x-rate-limit-remaining"))
			}
			if reset, _ := strconv.ParseInt(h.Get("x-rate-limit-reset"), 10, 64); reset <= now.Unix() {
				t.Errorf("x-rate-limit-reset = %d, want in the future", reset)
			}
		}},
		{name: "reset past", kind: Odd429PastReset, check: func(t *testing.T, h http.Header, now time.Time) {
			if h.Get("x-rate-limit-remaining") != "0" {
				t.Errorf("x-rate-limit-remaining = %q, want 0", h.Get("x-rate-limit-remaining"))
			}
			if reset, _ := strconv.ParseInt(h.Get("x-rate-limit-reset"), 10, 64); reset >= now.Unix() {
				t.Errorf("x-rate-limit-reset = %d, want before %d", reset, now.Unix())
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, clock, tok := newTestServer(t, Options{Odd429: tt.kind, Odd429Count: 2})
			for range 2 {
				r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"text": "hi"}, "")
				if r.status != http.StatusTooManyRequests || string(r.body) != `{"detail":"Too Many Requests","title":"Too Many Requests","type":"about:blank","status":429}` {
					t.Fatalf("= %d %s", r.status, r.body)
				}
				tt.check(t, r.header, clock.Now())
			}
			if len(s.State().Posts) != 0 {
				t.Error("a 429 created a post")
			}
			createPost(t, s, tok, map[string]any{"text": "hi"}) // the count is spent
			s.SetFaults(Faults{Odd429: tt.kind})                // every request from now on
			for range 3 {
				if r := do(t, s, http.MethodGet, "/2/users/me", tok, nil, ""); r.status != http.StatusTooManyRequests {
					t.Errorf("users/me = %d", r.status)
				}
			}
		})
	}
}

// rawGet sends a GET without Go's transparent decompression, with the
// given Accept-Encoding.
func rawGet(t *testing.T, s *Server, path, token, acceptEncoding string) reply {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	c := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	defer c.CloseIdleConnections()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: b}
}

func TestGzip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		opts   Options
		accept string
		gzip   bool
	}{
		{name: "asked", accept: "gzip", gzip: true},
		{name: "asked among others", accept: "br;q=1.0, gzip;q=0.8, deflate", gzip: true},
		{name: "refused", accept: "gzip;q=0", gzip: false},
		{name: "not asked", gzip: false},
		{name: "switched off", opts: Options{NoGzip: true}, accept: "gzip", gzip: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _, tok := newTestServer(t, tt.opts)
			for _, path := range []string{"/2/users/me", "/2/nowhere"} { // an answer and a problem
				r := rawGet(t, s, path, tok, tt.accept)
				body := r.body
				if got := r.header.Get("Content-Encoding") == "gzip"; got != tt.gzip {
					t.Fatalf("%s: Content-Encoding = %q, want gzip %v", path, r.header.Get("Content-Encoding"), tt.gzip)
				}
				if tt.gzip {
					zr, err := gzip.NewReader(bytes.NewReader(body))
					if err != nil {
						t.Fatal(err)
					}
					if body, err = io.ReadAll(zr); err != nil {
						t.Fatal(err)
					}
				}
				if !json.Valid(body) {
					t.Errorf("%s: body is not JSON: %q", path, body)
				}
			}
		})
	}
	// The token endpoint compresses too, and a redirect has no body to
	// compress.
	s, _, _ := newTestServer(t, Options{})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, s.URL+"/2/oauth2/token",
		bytes.NewReader([]byte(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}, "client_id": {DemoClientID}}.Encode())))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !resp.Uncompressed || string(b) != `{"error":"invalid_request","error_description":"Value passed for the token was invalid."}` {
		t.Errorf("token answer uncompressed=%v %s", resp.Uncompressed, b)
	}
}

func TestFinalizeSucceeded(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{FinalizeSucceeded: true})
	id, fin := uploadChunked(t, s, tok, "video/mp4", "tweet_video", fileOf(mp4Head, 3000), 3000)
	pi := fin.json(t)["data"].(map[string]any)["processing_info"].(map[string]any)
	if pi["state"] != "succeeded" || pi["progress_percent"] != float64(100) || pi["check_after_secs"] != nil {
		t.Errorf("finalize processing_info = %v", pi)
	}
	createPost(t, s, tok, map[string]any{"media": map[string]any{"media_ids": []string{id}}}) // usable at once
}

func TestRefuseRefresh(t *testing.T) {
	t.Parallel()
	s, _, _ := newTestServer(t, Options{RefuseRefresh: true})
	pair := s.IssueToken(DemoClientID, "1", allScopes)
	r := postForm(t, s, "/2/oauth2/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {pair.RefreshToken},
		"client_id": {DemoClientID}}, "", "")
	if r.status != http.StatusBadRequest ||
		string(r.body) != `{"error":"invalid_request","error_description":"Value passed for the token was invalid."}` {
		t.Errorf("refresh = %d %s", r.status, r.body)
	}
}

// FuzzParseUSD: whatever ParseUSD accepts is a whole number of credits
// that FormatUSD writes back to an amount ParseUSD reads the same.
func FuzzParseUSD(f *testing.F) {
	for _, s := range []string{"0.50", "$2", "1.015", ".2", "-1", "1e3", "$", "3."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseUSD(s)
		if err != nil {
			return
		}
		if n < 0 || n > 1_000_000*Dollar+999 {
			t.Fatalf("ParseUSD(%q) = %d", s, n)
		}
		back, err := ParseUSD(FormatUSD(n))
		if err != nil || back != n {
			t.Fatalf("ParseUSD(FormatUSD(%d)) = %d, %v", n, back, err)
		}
	})
}
