package xapitest

import (
	"bytes"
	"net/http"
	"time"
)

// Faults are the failures a Server injects. They can be changed while the
// server runs.
type Faults struct {
	// FailRate is the fraction of API requests answered 500 or 503
	// without acting.
	FailRate float64
	// FailAfterRate is the fraction of successful mutating requests that
	// act and then drop the connection without answering, as a network
	// failure after the server committed would.
	FailAfterRate float64
	// Latency is added to every answer.
	Latency time.Duration
	// FailProcessing makes the processing of video and GIF uploads
	// finalized from now on end in the failed state instead of succeeded.
	FailProcessing bool
	// Odd429 answers API requests with a 429 whose headers do not explain
	// it: Odd429Remaining (x-rate-limit-remaining still positive) or
	// Odd429PastReset (x-rate-limit-reset already past). "" means none.
	Odd429 string
	// Odd429Count is how many odd 429s to answer, counted since the server
	// started; zero means every request.
	Odd429Count int
}

// SetFaults replaces the injected faults.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
}

// rollFailure decides whether this request fails before acting, and with
// which status (500 or 503, evenly).
func (s *Server) rollFailure() (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faults.FailRate <= 0 || s.rng.Float64() >= s.faults.FailRate {
		return 0, false
	}
	s.counters.FaultsInjected++
	if s.rng.IntN(2) == 0 {
		return http.StatusInternalServerError, true
	}
	return http.StatusServiceUnavailable, true
}

// rollDrop decides whether a mutating request that has acted loses its
// answer.
func (s *Server) rollDrop() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faults.FailAfterRate <= 0 || s.rng.Float64() >= s.faults.FailAfterRate {
		return false
	}
	s.counters.FaultsInjected++
	return true
}

// dropConnection closes the client's connection without a response. When
// the connection cannot be hijacked (HTTP/2), it aborts the handler, which
// also resets the stream without an answer.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// bufferedResponse holds a handler's answer until the server has decided
// whether to deliver it or drop the connection, and whether it spent a
// credit. Answers are small JSON documents; uploaded bytes never pass
// through here.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newBufferedResponse() *bufferedResponse {
	return &bufferedResponse{header: http.Header{}, status: http.StatusOK}
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(status int) { b.status = status }

func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }

func (b *bufferedResponse) flushTo(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range b.header {
		h[k] = v
	}
	w.WriteHeader(b.status)
	_, _ = w.Write(b.body.Bytes())
}
