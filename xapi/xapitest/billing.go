package xapitest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// developerAccountID is the fake's pay-per-use developer account, named in
// the credit and usage-cap problems as X names the enrolled account.
const developerAccountID = "1700000000000000001"

// Problem types of X's billing answers (NOTES §4.1).
const (
	problemCredits         = "https://api.twitter.com/2/problems/credits"
	problemCreditsDepleted = "https://api.x.com/2/problems/credits-depleted"
	problemUsageCapped     = "https://api.twitter.com/2/problems/usage-capped"
)

// The two 402 bodies seen from X in 2026, named by the last segment of
// their problem type (Options.CreditsProblem).
const (
	// CreditsProblemCredits is {"account_id":…,"title":"CreditsDepleted",
	// "detail":"Your enrolled account […] does not have any credits…",
	// "type":".../problems/credits"}, the default.
	CreditsProblemCredits = "credits"
	// CreditsProblemDepleted is {"detail":"credits depleted","status":402,
	// "title":"Payment Required","type":"https://api.x.com/2/problems/credits-depleted"}.
	CreditsProblemDepleted = "credits-depleted"
)

// Usage-cap periods, as the usage-capped problem's period field spells
// them.
const (
	PeriodMonthly = "Monthly"
	PeriodDaily   = "Daily"
)

// creditsProblem is X's 402 answer when the pay-per-use balance is empty,
// as captured in 2026: the account id is a JSON number and there is no
// status field.
type creditsProblem struct {
	AccountID json.Number `json:"account_id"`
	Title     string      `json:"title"`
	Detail    string      `json:"detail"`
	Type      string      `json:"type"`
}

// usageCappedProblem is X's 429 answer when the developer account's
// product cap for the period is used up (captured 2026-02; the account id
// is a string there).
type usageCappedProblem struct {
	AccountID   string `json:"account_id"`
	ProductName string `json:"product_name"`
	Title       string `json:"title"`
	Period      string `json:"period"`
	Scope       string `json:"scope"`
	Detail      string `json:"detail"`
	Type        string `json:"type"`
}

// SetCredits sets the developer account's pay-per-use balance, in
// credits of $0.001 (see [Dollar]): each successful billable request
// spends its price ([Prices]), and a request the balance cannot pay for is
// answered 402 without acting. A negative n turns metering off (every
// request is free).
func (s *Server) SetCredits(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.credits = n
}

// writeCreditsDepleted answers 402 as X does when the balance is empty,
// in the shape Options.CreditsProblem names.
func (s *Server) writeCreditsDepleted(w http.ResponseWriter) {
	if s.opts.CreditsProblem == CreditsProblemDepleted {
		writeBody(w, "application/problem+json", http.StatusPaymentRequired, struct {
			Detail string `json:"detail"`
			Status int    `json:"status"`
			Title  string `json:"title"`
			Type   string `json:"type"`
		}{"credits depleted", http.StatusPaymentRequired, "Payment Required", problemCreditsDepleted})
		return
	}
	writeBody(w, "application/problem+json", http.StatusPaymentRequired, creditsProblem{
		AccountID: json.Number(developerAccountID),
		Title:     "CreditsDepleted",
		Detail:    "Your enrolled account [" + developerAccountID + "] does not have any credits to fulfill this request.",
		Type:      problemCredits,
	})
}

// usageCapLength is how long a usage-cap period lasts on the server's
// clock.
func usageCapLength(period string) time.Duration {
	if period == PeriodDaily {
		return 24 * time.Hour
	}
	return 30 * 24 * time.Hour
}

// usageCapCheckLocked reports whether the developer account may create
// another post under Options.UsageCap, counting it when it may. The cap
// counts created posts per period of the server's clock.
func (s *Server) usageCapCheckLocked(now time.Time) bool {
	if s.opts.UsageCap <= 0 {
		return true
	}
	s.usage.roll(now, usageCapLength(s.opts.UsageCapPeriod))
	return s.usage.used < s.opts.UsageCap
}

// writeUsageCapped answers 429 as X does when the product cap of the
// period is used up. The 15-minute window's headers stay as they are: X
// sends this while x-rate-limit-remaining is still positive.
func (s *Server) writeUsageCapped(w http.ResponseWriter) {
	period := s.opts.UsageCapPeriod
	s.counters.UsageCapped++
	writeBody(w, "application/problem+json", http.StatusTooManyRequests, usageCappedProblem{
		AccountID:   developerAccountID,
		ProductName: "standard-basic",
		Title:       "UsageCapExceeded",
		Period:      period,
		Scope:       "Product",
		Detail:      "Usage cap exceeded: " + period + " product cap",
		Type:        problemUsageCapped,
	})
}

// Odd 429s (Faults.Odd429): answers X gives that do not fit the 15-minute
// window.
const (
	// Odd429Remaining is a 429 while x-rate-limit-remaining is still
	// positive and no 24-hour header explains it.
	Odd429Remaining = "remaining"
	// Odd429PastReset is a 429 whose x-rate-limit-reset is already in the
	// past (a minute ago).
	Odd429PastReset = "past-reset"
)

// rollOdd429 decides whether this request gets an odd 429, counting it
// against Faults.Odd429Count.
func (s *Server) rollOdd429() (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	kind := s.faults.Odd429
	if kind == "" {
		return "", false
	}
	if s.faults.Odd429Count > 0 {
		if s.odd429Sent >= s.faults.Odd429Count {
			return "", false
		}
	}
	s.odd429Sent++
	s.counters.FaultsInjected++
	return kind, true
}

// writeOdd429 answers the generic 429 with headers that contradict it.
func writeOdd429(w http.ResponseWriter, kind string, now time.Time) {
	h := w.Header()
	switch kind {
	case Odd429PastReset:
		h.Set("x-rate-limit-remaining", "0")
		h.Set("x-rate-limit-reset", strconv.FormatInt(now.Add(-time.Minute).Unix(), 10))
	default:
		if n, _ := strconv.Atoi(h.Get("x-rate-limit-remaining")); n <= 0 {
			h.Set("x-rate-limit-remaining", "1")
		}
	}
	genericProblem(w, http.StatusTooManyRequests, "Too Many Requests")
}
