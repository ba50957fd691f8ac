package xapitest

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestFailRate(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{FailRate: 1, Seed: 7})
	seen := map[int]bool{}
	for i := range 20 {
		r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"text": "attempt " + string(rune('a'+i))}, "")
		if r.status != 500 && r.status != 503 {
			t.Fatalf("status = %d %s", r.status, r.body)
		}
		if !strings.Contains(r.header.Get("Content-Type"), "problem+json") || !strings.Contains(string(r.body), `"type":"about:blank"`) {
			t.Fatalf("fault body = %s", r.body)
		}
		seen[r.status] = true
	}
	if !seen[500] || !seen[503] {
		t.Errorf("statuses seen = %v, want both 500 and 503", seen)
	}
	st := s.State()
	if len(st.Posts) != 0 || st.Counters.FaultsInjected != 20 {
		t.Errorf("failed requests acted: %d posts, %d faults", len(st.Posts), st.Counters.FaultsInjected)
	}
	s.SetFaults(Faults{})
	createPost(t, s, tok, map[string]any{"text": "now it works"})
}

func TestFailRateIsSeeded(t *testing.T) {
	t.Parallel()
	run := func() []int {
		s, _, tok := newTestServer(t, Options{FailRate: 0.5, Seed: 42})
		var out []int
		for range 16 {
			out = append(out, do(t, s, http.MethodGet, "/2/users/me", tok, nil, "").status)
		}
		return out
	}
	a, b := run(), run()
	if !slices.Equal(a, b) {
		t.Errorf("same seed, different faults: %v vs %v", a, b)
	}
	ok := 0
	for _, st := range a {
		if st == 200 {
			ok++
		}
	}
	if ok == 0 || ok == len(a) {
		t.Errorf("fail rate 0.5 gave %d of %d successes", ok, len(a))
	}
}

func TestFailAfterRateActsThenDrops(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{FailAfterRate: 1})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, s.URL+"/2/tweets", strings.NewReader(`{"text":"did it go through?"}`))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got an answer %d, want a dropped connection", resp.StatusCode)
	}
	st := s.State()
	if len(st.Posts) != 1 || st.Posts[0].Text != "did it go through?" || st.Counters.FaultsInjected != 1 {
		t.Fatalf("state after drop = %+v", st)
	}
	// A retry finds the duplicate, as at X; GETs are never dropped.
	s.SetFaults(Faults{})
	if r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{"text": "did it go through?"}, ""); r.status != http.StatusForbidden {
		t.Errorf("retry = %d %s", r.status, r.body)
	}
	s.SetFaults(Faults{FailAfterRate: 1})
	if r := do(t, s, http.MethodGet, "/2/users/me", tok, nil, ""); r.status != http.StatusOK {
		t.Errorf("GET with fail-after = %d", r.status)
	}
	// Failed mutations are answered: nothing happened, so nothing to hide.
	if r := do(t, s, http.MethodPost, "/2/tweets", tok, map[string]any{}, ""); r.status != http.StatusBadRequest {
		t.Errorf("invalid POST with fail-after = %d", r.status)
	}
}

func TestLatency(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{Latency: time.Hour})
	ctx, cancel := contextWithTimeout(t, 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/2/users/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("answered %d despite an hour of latency", resp.StatusCode)
	}
	s.SetFaults(Faults{})
	if r := do(t, s, http.MethodGet, "/2/users/me", tok, nil, ""); r.status != http.StatusOK {
		t.Errorf("without latency = %d", r.status)
	}
}

func TestCloseDuringLatencyDropsTheRequest(t *testing.T) {
	t.Parallel()
	s, _, tok := newTestServer(t, Options{Latency: time.Hour})
	errc := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, s.URL+"/2/tweets", strings.NewReader(`{"text":"late"}`))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	for s.Requests() == 0 {
		time.Sleep(time.Millisecond)
	}
	s.Close()
	if err := <-errc; err == nil {
		t.Error("the request got an answer after Close; want a dropped connection")
	}
	if n := len(s.State().Posts); n != 0 {
		t.Errorf("posts = %d, want 0", n)
	}
}
